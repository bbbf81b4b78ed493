"""MQTT uplink: what heartbeats cost the uplink worker, and the memory of the broker
and the worker.

A local Mosquitto (TLS, dynamic security) and ``tincoso uplink`` as its own process,
as ``tincoso serve`` runs them; DEVICES enrolled devices, each a paho client over
TLS, publish ROUNDS heartbeats (the §6 JSON) to ``tcs/up/<id>/heartbeat``. The
worker's CPU time (user + system, from /proc) is read before and after, less what
it spends idle over the same time (measured once it settled after its start), and
divided by the heartbeats it took, once at QoS 1 and once at QoS 0; 10,000
devices every 60 s is 167 heartbeats a second, so the share of one core is that
rate times the CPU per heartbeat. SQLite in a temporary directory, as ``make run``.

The 10,000-device connection load itself is the device simulator's (the reference
client, issue 14); this bench only measures the server side of the uplink.

    .venv/bin/python -m bench mqtt
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DEVICES = 100
ROUNDS = 10  # heartbeats per device and QoS (the worker's limit is 30 a minute)
# QoS 1 as a device may send them, then QoS 0 as the reference client and the
# simulator do (§9.7 allows both): QoS 1 costs the worker a PUBACK each.
QOS = (1, 0)
TARGET_DEVICES, PERIOD_S = 10_000, 60


def _cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def _devices(n: int) -> list[tuple[int, str]]:
    """``n`` loudspeakers of one commune with their tokens (as the simulator enrols)."""
    from bench._fleet import enrolled

    return enrolled(n)[1]


def _wait(check: Any, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            from tincoso.broadcast.devices import mqtt_metrics

            raise RuntimeError(f"the worker did not take every heartbeat in time: "
                               f"{mqtt_metrics.totals()}")
        time.sleep(0.1)


def _settle(pid: int, timeout: float = 90.0) -> float:
    """Wait until the worker is done starting (it reconciles the broker and
    republishes every device's desired state: seconds of CPU that must not fall in
    the idle or heartbeat measurements); the seconds since its start."""
    started = time.monotonic()
    quiet = 0
    while quiet < 2 and time.monotonic() - started < timeout:
        cpu = _cpu_seconds(pid)
        time.sleep(1)
        quiet = quiet + 1 if _cpu_seconds(pid) - cpu < 0.03 else 0
    return time.monotonic() - started


def _measure(links: list[Any], pid: int, idle_rate: float, qos: int) -> None:
    from tincoso.broadcast.devices import mqtt_metrics

    mqtt_metrics.flush()
    before = mqtt_metrics.totals()["heartbeat"]
    cpu0, t0 = _cpu_seconds(pid), time.monotonic()
    body = json.dumps({"volume": 70, "power": "on", "free_disk_mb": 12000,
                       "signal_dbm": -71, "firmware": "bench", "faults": [],
                       "manifest_version": 3, "playing": None})
    for _ in range(ROUNDS):  # rounds apart, so that no heartbeat replaces another
        for link in links:  # in the worker's 1-second batch: each one is written
            link.link.publish(f"tcs/up/{link.device_id}/heartbeat", body, qos=qos)
        time.sleep(1.5)
    total = DEVICES * ROUNDS
    _wait(lambda: mqtt_metrics.totals()["heartbeat"] - before >= total)
    time.sleep(2)  # the last batch is written
    wall = time.monotonic() - t0
    cpu = _cpu_seconds(pid) - cpu0 - idle_rate * wall
    per_1000 = cpu / total * 1000
    share = per_1000 / 1000 * TARGET_DEVICES / PERIOD_S
    print(f"QoS {qos}: {total} heartbeats from {DEVICES} TLS clients, {ROUNDS} rounds 1.5 s "
          f"apart, taken and written in {wall:.1f} s (SQLite, one commit per 1-second batch)")
    print(f"QoS {qos}: uplink worker CPU {per_1000:.2f} s per 1000 heartbeats; "
          f"{TARGET_DEVICES:,} devices every {PERIOD_S} s = "
          f"{TARGET_DEVICES / PERIOD_S:.0f} heartbeats/s -> {share * 100:.1f}% of one core "
          "(issue 14 asks < 10%)")


def worker(tmp: Path) -> None:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db.models import F

    from tincoso.broadcast.devices import broker, dynsec
    from tincoso.broadcast.devices.models import Device
    from tincoso.broadcast.devices.testing import DeviceLink

    call_command("migrate", verbosity=0)
    devices = _devices(DEVICES)  # no MQTT_URL yet: the clients are put below, at once
    local = broker.LocalBroker(tmp / "mqtt")
    settings = local.start()
    broker.apply_to_environment(settings)
    with dynsec.Control(settings) as control:  # what enrolment does, over one connection
        for pk, token in devices:
            control.put_device(pk, token, [])
    Device.objects.update(broker_token_hash=F("token_hash"))  # or the reconciler drops them
    uplink = subprocess.Popen([sys.executable, "-m", "tincoso.cli", "uplink"], cwd=ROOT)
    try:
        links = [DeviceLink(settings, pk, token).connect() for pk, token in devices]
        settled = _settle(uplink.pid)
        idle_from, idle_t = _cpu_seconds(uplink.pid), time.monotonic()
        time.sleep(4)
        idle_rate = (_cpu_seconds(uplink.pid) - idle_from) / (time.monotonic() - idle_t)
        print(f"worker settled (connected, reconciled, republished) {settled:.1f} s after "
              f"its start; idle {idle_rate * 100:.1f}% of a core, subtracted below")
        for qos in QOS:  # the same run, one after the other
            _measure(links, uplink.pid, idle_rate, qos)
        print(f"memory with {DEVICES} devices connected: mosquitto "
              f"{_rss_mb(local.process.pid if local.process else 0):.1f} MB RSS, "
              f"uplink worker {_rss_mb(uplink.pid):.1f} MB RSS")
        for link in links:
            link.close()
    finally:
        uplink.terminate()
        uplink.wait(10)
        local.stop()


def run() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "TINCOSO_VAR_DIR": tmp}
        for name in ("DATABASE_URL", "MQTT_URL", "MQTT_UPLINK_RATE"):
            env.pop(name, None)
        subprocess.run([sys.executable, "-m", "bench.mqtt", "--worker", tmp], cwd=ROOT,
                       env=env, check=False)


if __name__ == "__main__":
    if sys.argv[1:2] == ["--worker"]:
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tincoso.settings")
        worker(Path(sys.argv[2]))
    else:
        run()
