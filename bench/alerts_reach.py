"""An alert from its second approval to the loudspeakers' acknowledged start and to
the portal banner (issue 15: p99 < 2 s on 10,000 devices; banner < 1 s).

Everything real except the devices: a throwaway SQLite database, a real Mosquitto on
loopback (TLS, dynamic security) and N devices (``ALERTS_REACH_N``, 1,000 by default)
enrolled and connected by the device simulator in processes of their own (set-up,
rounds and options shared with ``bench.devices_sim`` in ``bench/_fleet.py``; each
device acks "started" on receipt). The alert is composed by an editor and its speech
rendered as the worker does while the second person reads it; the clock starts just
before ``services.approve()`` (two-person check, CAP build + XML-DSig + XSD, the
officers' notices, the emergency with its audio, publish after commit) and stops at
each device's receipt, at the server's receipt of its ack (a subscriber of
``tcs/up/+/ack``, as the uplink worker) and at the device's read of its PUBACK. One
round per way of checking signatures (``each`` device, or ``once`` per payload per
simulator process, to take the simulator's CPU out), then the alert is cancelled.

Banner: before the devices connect, 20 alerts are composed, approved and cancelled in
turn; the clock starts before ``approve()`` and stops when an anonymous GET of the
(cached) commune page carries the banner.

The approval does no work per device (per area unit: one emergency row, one bulletin,
one signed message, one publish; per officer: one notification row, e-mails after the
devices' publish). Measured 2026-11-30 on the 2 shared cores, simulator at nice 10,
10,000 devices, rounds side by side (``each`` device checks the signature / each
simulator process checks each payload ``once``):

    run                                   round  approve()  receipt p99  acks at server p99
    1 load 160-206%, ack from a task      each   0.61 s     5.82 s       6.64 s
                                          once   0.74 s     2.14 s       3.68 s
    2 load 156-164%, ack sent at once     each   0.47 s     2.63 s       2.63 s
                                          once   0.67 s     0.77 s       1.20 s
    3 newer machine (*), idle, nice 0     each   0.69 s     1.05 s       1.24 s
                                          once   0.48 s     0.47 s       0.90 s
    4 as 3                                each   0.65 s     1.05 s       1.33 s
                                          once   0.61 s     0.59 s       1.04 s
    5 as 3, an OCR job at nice 10         each   1.16 s     2.35 s       2.35 s
                                          once   1.11 s     1.12 s       1.72 s

(*) 2026-11-30 evening, a fresh machine of the same 2-core shape where one device's
envelope check costs 72 µs (``bench.devices_sim``'s runs G and H); in run 5 Mosquitto
got 24-38% of a core while the simulator, at the same priority, and the other job
shared the rest: ``approve()`` waits for the broker's pass over 10,000 subscribers.
Issue 15's acknowledged start p99 < 2 s with every simulated device checking its
signature: shown in runs 3 and 4 (1.24 s, 1.33 s), not in run 5.

In run 2 the machine was mostly ours: Mosquitto had 74-80% of a core and used 0.95 s
of CPU for the whole ``once`` fan-out; issue 15's acknowledged start p99 < 2 s is shown
there for the system (approval, Django, broker, acks at the server) with the
simulator's 10,000 Ed25519 checks taken out, and not with them (2.63 s: those checks
need ~3.8 core-seconds of the same 2 cores, which a real fleet spends on 10,000 CPUs
of its own). In run 1 the simulated device still acked from a task that ran after its
process had read the whole batch (~1 s late; ``bench.devices_sim``'s docstring). The
banner: 33-46 ms median, 230-236 ms worst of 20. 1,000 devices (run-1 code, nice 10):
approve() 0.18 s / 0.14 s, acks at the server p99 0.65 s / 0.30 s (each / once).
Before (same machine, load 10-12): 1,000 devices acks p99 1.15 s; 5,000 acks p99
7.61 s; 10,000 did not run (Mosquitto loading 10,000 clients missed the 10 s start
timeout; the bench now gives it 120 s).

    .venv/bin/python -m bench alerts_reach
    ALERTS_REACH_N=10000 DEVICES_SIM_NICE=10 .venv/bin/python -m bench alerts_reach
"""

from __future__ import annotations

import datetime as dt
import os
import statistics
import time
from pathlib import Path
from typing import Any

from bench._fleet import connect, enrolled, fan_out, more_files, rounds
from bench._worker import main, on_sqlite

DEFAULT_N = 1000
BANNER_RUNS = 20


def _people(unit: Any) -> tuple[Any, Any]:
    from django.contrib.auth import get_user_model

    from tincoso.units.models import Role
    from tincoso.units.services import grant_role

    users = get_user_model().objects
    editor, approver = users.create_user("editor"), users.create_user("approver")
    grant_role(None, editor, unit, Role.EDITOR)
    grant_role(None, approver, unit, Role.APPROVER)
    return editor, approver


def _composed(editor: Any, unit: Any, n: int) -> Any:
    from tincoso.alerts import services
    from tincoso.core import clock

    return services.compose(editor, unit, services.Draft(
        event="Lũ quét", headline=f"Diễn tập cảnh báo lũ quét số {n}",
        description="Mưa lớn có thể gây lũ quét trên suối Nà Khum đêm nay.",
        instruction="Di chuyển ngay lên chỗ cao.", area_units=[unit], category="Geo",
        status="Exercise", risk_level=3, expires=clock.now() + dt.timedelta(hours=1)))


def _banner(editor: Any, approver: Any, unit: Any) -> None:
    from django.test import Client

    from tincoso.alerts import services

    client, delays = Client(), []
    for n in range(BANNER_RUNS):
        alert = _composed(editor, unit, n)
        assert b"alert-banner" not in client.get(f"/don-vi/{unit.code}/").content
        started = time.perf_counter()
        services.approve(approver, alert)
        page = client.get(f"/don-vi/{unit.code}/").content
        delays.append(time.perf_counter() - started)
        assert b"alert-banner" in page, n
        services.cancel(approver, alert)
    print(f"second approval to the banner on a cached page: median "
          f"{statistics.median(delays) * 1000:.0f} ms, worst {max(delays) * 1000:.0f} ms "
          f"over {BANNER_RUNS} alerts (issue 15 asks < 1 s)")  # fmt: skip


def worker(count: str) -> None:
    more_files()
    n, tmp = int(count), Path(os.environ["TINCOSO_VAR_DIR"])
    from django.core.management import call_command

    from tincoso.alerts import services, speech

    call_command("migrate", verbosity=0)
    unit, devices = enrolled(n)
    editor, approver = _people(unit)
    _banner(editor, approver, unit)
    fleet, local, acks = connect(tmp, unit, devices)
    try:
        for number, verify in enumerate(rounds()):
            alert = _composed(editor, unit, 99 + number)
            t = time.perf_counter()
            speech.render(alert)  # the worker's job while the second person reads
            print(f"the alert's speech rendered in {time.perf_counter() - t:.1f} s (before "
                  "the approval, in the worker)")
            sent: list[Any] = []

            def send(alert: Any = alert, sent: list[Any] = sent) -> str:
                sent.append(services.approve(approver, alert))
                row = sent[0].emergencies.get().emergency
                assert row.bulletin_id is not None, "the emergency should carry the audio"
                return str(row.message_id)

            fan_out(fleet, local, acks, n, verify, send, "approve() (CAP signed and validated, "
                    "notices, emergency with audio, publish)")
            services.cancel(approver, sent[0])  # stops its emergency for the next round
    finally:
        acks.close()
        fleet.close()
        local.stop()


def run() -> None:
    on_sqlite("bench.alerts_reach", os.environ.get("ALERTS_REACH_N", str(DEFAULT_N)), MQTT_URL="")


if __name__ == "__main__":
    main(run, worker)
