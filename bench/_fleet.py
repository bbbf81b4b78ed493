"""What ``devices_sim`` and ``alerts_reach`` share: N enrolled devices put into a
local Mosquitto, the simulator's fleet connected to it, and one fan-out measured
(receipt and ack times from the approval, and which process was on a CPU meanwhile).

Environment (both benches):
- ``DEVICES_SIM_PROCESSES``: simulator processes (default: the cores);
- ``DEVICES_SIM_LOOP``: ``auto`` (uvloop when installed), ``uvloop`` or ``asyncio``;
- ``DEVICES_SIM_ROUNDS``: how the devices check signatures in each round, one
  fan-out per round in the same run (default ``each,once``; see
  ``tincoso_device.sim.fleet.VERIFY``: ``each`` is every device checking, as real
  devices do; ``once`` checks each distinct payload once per simulator process, to
  separate the simulator's CPU from the system's latency; ``none``);
- ``DEVICES_SIM_PIN=1``: Mosquitto alone on CPU 0, Django and the simulator on CPU 1
  (what the broker needs with a core to itself; other people's processes still run
  anywhere);
- ``DEVICES_SIM_NICE=10``: the simulator's processes at that niceness, so that the
  broker and Django, which a real fleet does not share a CPU with, get the cores first
  (CFS otherwise gives Mosquitto one fair share among every runnable process).
"""

from __future__ import annotations

import base64
import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench._acks import ServerAcks
from bench._cpu import MACHINE, CpuSampler, cpu_seconds


def enrolled(n: int) -> tuple[Any, list[tuple[int, str]]]:
    """``n`` loudspeakers of one commune, each with its token (one transaction)."""
    from django.db import transaction

    from tincoso.broadcast.devices import credentials, services
    from tincoso.broadcast.devices.models import Device
    from tincoso.units.models import Unit

    with transaction.atomic():
        root = Unit.objects.add_root({"code": "p", "name": "Tỉnh", "kind": "province"})
        unit = Unit.objects.add_child(root, {"code": "x", "name": "Xã", "kind": "commune"})
        out = []
        for i in range(n):
            device = services.save_device(None, unit, services.DeviceData(
                name=f"Loa {i}", kind=Device.Kind.LOUDSPEAKER))
            out.append((device.pk, credentials.issue_token(device)))
    return Unit.objects.get(pk=unit.pk), out


def _preload(local: Any, devices: list[tuple[int, str]], units: list[int]) -> Any:
    """Each device's role, ACLs and client written into the broker's dynamic-security
    file while it is stopped, as ``Control.put_device`` would leave them (same roles,
    ACLs, client ids; the password as Mosquitto hashes it: PBKDF2-SHA512, 101
    rounds). Mosquitto 2.0 rewrites that whole file after every dynsec command, so
    putting 10,000 clients one by one takes hours (1,000 took 4.5 minutes here)."""
    import hashlib
    import json
    import secrets

    from tincoso.broadcast.devices import dynsec

    local.stop()
    path = local.directory / "dynamic-security.json"
    store = json.loads(path.read_text())
    unit_roles = [{"rolename": dynsec.unit_role(u)} for u in units]
    for pk, token in devices:
        role = dynsec.device_role(pk)
        store["roles"].append({"rolename": role, "acls": dynsec.device_acls(pk)})
        salt = secrets.token_bytes(12)
        digest = hashlib.pbkdf2_hmac("sha512", token.encode(), salt, 101, 64)
        store["clients"].append({
            "username": dynsec.device_username(pk), "clientid": dynsec.device_client_id(pk),
            "roles": [{"rolename": role}, *unit_roles],
            "password": base64.b64encode(digest).decode(),
            "salt": base64.b64encode(salt).decode(), "iterations": 101})
    path.write_text(json.dumps(store))
    return local.start(timeout=120)  # loading 10,000 clients takes a while on 2 busy cores


def more_files() -> None:
    """One socket per device here and in Mosquitto (its child): raise the soft limit."""
    import resource

    _soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))


def connect(tmp: Path, unit: Any,
            devices: list[tuple[int, str]]) -> tuple[Any, Any, ServerAcks]:
    """A local Mosquitto holding ``devices``, the simulator's fleet connected to it and
    the server's view of the acks (``fleet``, ``local``, ``acks``); the caller closes
    all three."""
    from django.db.models import F
    from tincoso_device.sim.fleet import Credential
    from tincoso_device.sim.processes import FleetProcesses, default_processes

    from tincoso.broadcast.devices import broker, dynsec, emergency, mqtt_publish, signing
    from tincoso.broadcast.devices.models import Device

    units = emergency.unit_ids_above(unit)
    local = broker.LocalBroker(tmp / "mqtt")
    settings = local.start()
    fleet: FleetProcesses | None = None
    try:
        # A failed set-up stops what it started: the broker and the simulator's
        # processes would outlive this one.
        broker.apply_to_environment(settings)
        with dynsec.Control(settings) as control:  # the units' roles, as enrolment makes them
            for unit_id in units:
                control.ensure_role(dynsec.unit_role(unit_id), dynsec.unit_acls(unit_id))
        settings = _preload(local, devices, units)
        pinned = os.environ.get("DEVICES_SIM_PIN") == "1"
        if pinned and local.process is not None:
            os.sched_setaffinity(local.process.pid, {0})
            os.sched_setaffinity(0, {1})  # Django; the simulator's processes inherit it
        # Django's publishing connection, made now as a running server holds it (a first
        # connection while 10,000 devices pour in can miss its CONNACK on 2 busy cores).
        mqtt_publish.publish_now(f"tcs/d/{devices[0][0]}/bench", b"", retain=False)
        Device.objects.update(broker_token_hash=F("token_hash"))
        keys = [base64.b64encode(signing.public_key_raw()).decode()]
        processes = int(os.environ.get("DEVICES_SIM_PROCESSES", default_processes()))
        fleet = FleetProcesses(settings.url, settings.ca_pem(), [
            Credential(pk, token, [f"tcs/d/{pk}/#", *(f"tcs/u/{u}/emergency" for u in units)])
            for pk, token in devices], keys, processes,
            loop=os.environ.get("DEVICES_SIM_LOOP", "auto"))
        took = fleet.start()
        nice = int(os.environ.get("DEVICES_SIM_NICE", "0"))
        for pid in fleet.pids:
            os.setpriority(os.PRIO_PROCESS, pid, nice)
        where = " (Mosquitto pinned to CPU 0, the rest to CPU 1)" if pinned else ""
        where += f", simulator at nice {nice}" if nice else ""
        print(f"{fleet.connected} simulated devices connected over TLS (persistent sessions, "
              f"2 subscriptions each) in {took:.1f} s, {len(fleet.failed)} failed; simulator: "
              f"{processes} processes on {fleet.loop_used}, {os.cpu_count()} cores shared with "
              f"Django and Mosquitto{where}")
        return fleet, local, ServerAcks(settings)
    except BaseException:
        if fleet is not None:
            fleet.close()
        local.stop()
        raise


def rounds() -> list[str]:
    return [r.strip() for r in os.environ.get("DEVICES_SIM_ROUNDS", "each,once").split(",")]


def watched(local: Any, fleet: Any) -> dict[str, int]:
    """The processes a fan-out's CPU is told for: broker, simulators, Django, and the
    whole machine (other people's work included)."""
    pids = {"mosquitto": local.process.pid if local.process else -1}
    pids |= {f"simulator {i + 1}": pid for i, pid in enumerate(fleet.pids)}
    return pids | {"django (bench)": os.getpid(), "whole machine": MACHINE}


def quiet(fleet: Any, local: Any, timeout: float = 60.0) -> None:
    """Wait until the broker and the simulator have done what they were doing (less
    than 5% of a core each over half a second)."""
    pids = [p for name, p in watched(local, fleet).items() if name[:3] in ("mos", "sim")]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        before = [cpu_seconds(p) for p in pids]
        time.sleep(0.5)
        if all(cpu_seconds(p) - b < 0.025 for p, b in zip(pids, before, strict=True)):
            return


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms"


def fan_out(fleet: Any, local: Any, acks: ServerAcks, n: int, verify: str,
            send: Callable[[], str], what: str) -> None:
    """Set how the devices check signatures, wait for quiet, then time ``send()``
    (which approves or starts, and returns the message id) and every device's receipt
    and ack of it from the moment before it; print the figures and the CPU each
    process used meanwhile."""
    from tincoso_device.sim.fleet import percentiles

    fleet.check_signatures(verify)
    quiet(fleet, local)
    with CpuSampler(watched(local, fleet)) as cpu:
        t0, unix0 = time.perf_counter(), time.time()
        msg_id = send()
        returned = time.perf_counter() - t0
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and (fleet.acked_count(msg_id) < n
                                               or len(acks.since(msg_id, unix0)) < n):
            time.sleep(0.25)
    got, by_device, refused, _beats = fleet.report()
    received = [t - t0 for t in got.get(msg_id, {}).values()]
    acked = [t - t0 for t in by_device.get(msg_id, {}).values()]
    r, a = percentiles(received), percentiles(acked)
    print(f"-- signatures checked: {verify}; {what} returned after {_ms(returned)}")
    print(f"   received by {len(received)}/{n}: first {_ms(min(received, default=0))}, p50 "
          f"{_ms(r['p50'])}, p99 {_ms(r['p99'])}, max {_ms(r['max'])}; refused (all "
          f"rounds) {refused}")
    print(f"   acked 'started' by {len(acked)}/{n}: p50 {_ms(a['p50'])}, p99 "
          f"{_ms(a['p99'])}, max {_ms(a['max'])} (when the device read the broker's "
          "PUBACK of its ack)")
    at_server = acks.since(msg_id, unix0)
    s = percentiles(at_server)
    print(f"   acks at the server (a subscriber of tcs/up/+/ack, as the uplink worker) "
          f"{len(at_server)}/{n}: p50 {_ms(s['p50'])}, p99 {_ms(s['p99'])}, max "
          f"{_ms(s['max'])} (issue 15's acknowledged start; target p99 < 2 s)")
    mine = got.get(msg_id, {})
    gaps = percentiles([t - mine[d] for d, t in by_device.get(msg_id, {}).items() if d in mine])
    print(f"   from a device's receipt to its ack's PUBACK: p50 {_ms(gaps['p50'])}, p99 "
          f"{_ms(gaps['p99'])}")
    print("   CPU from the approval to the last ack (2 cores = 200%):")
    print("\n".join(cpu.summary(t0, t0 + max([*received, *acked], default=0.0))))
