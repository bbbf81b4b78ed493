"""``tincoso-device-sim``: run many devices' MQTT protocol in a few processes.

    tincoso-device-sim --url mqtts://127.0.0.1:8883 --ca ca.pem --devices devices.jsonl \
        --public-key <base64> --seconds 300 [--processes N]

``devices.jsonl`` holds one JSON object a line: ``{"device_id", "token",
"subscriptions"}`` (the enrolment answer's). Until ``--seconds`` pass, the devices
heartbeat every 60 s and acknowledge emergencies; then each emergency's receipt
spread and ack latencies are printed (from its first receipt, and from its
``issued_at``, whose resolution is one second). The devices are dealt between
``--processes`` processes (the number of cores by default), each verifying its own
devices' signatures.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from tincoso_device.sim.fleet import Credential, percentiles
from tincoso_device.sim.processes import FleetProcesses, default_processes


def load(path: Path) -> list[Credential]:
    rows = [json.loads(line) for line in path.read_text().splitlines() if line.strip()]
    return [Credential(int(r["device_id"]), r["token"], list(r["subscriptions"])) for r in rows]


def _run(fleet: FleetProcesses, seconds: float) -> None:
    took = fleet.start()
    print(f"{fleet.connected} devices connected in {took:.1f} s by {fleet.processes} "
          f"processes ({len(fleet.failed)} failed)", flush=True)
    fleet.heartbeat()
    time.sleep(seconds)
    received, acked, refused, heartbeats = fleet.report()
    for msg_id, times in received.items():
        first = min(times.values())
        spread = percentiles([t - first for t in times.values()])
        acks = acked.get(msg_id, {})
        ack = percentiles([acks[d] - first for d in acks])
        print(f"emergency {msg_id}: received by {len(times)}/{fleet.connected}, "
              f"spread p50 {spread['p50'] * 1000:.0f} ms p99 {spread['p99'] * 1000:.0f} ms; "
              f"acked by {len(acks)}, p50 {ack['p50'] * 1000:.0f} ms "
              f"p99 {ack['p99'] * 1000:.0f} ms after the first receipt")
    print(f"heartbeats sent: {heartbeats}; refused messages: {refused}")
    fleet.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="tincoso-device-sim")
    parser.add_argument("--url", required=True)
    parser.add_argument("--ca", type=Path)
    parser.add_argument("--devices", type=Path, required=True)
    parser.add_argument("--public-key", default="", help="base64 raw Ed25519 key to verify with")
    parser.add_argument("--seconds", type=float, default=300.0)
    parser.add_argument("--processes", type=int, default=default_processes(),
                        help="processes to deal the devices between (default: the cores)")
    args = parser.parse_args(argv)
    if args.processes < 1:
        parser.error("--processes must be at least 1")
    keys = [args.public_key] if args.public_key else []
    fleet = FleetProcesses(args.url, args.ca.read_text() if args.ca else "",
                           load(args.devices), keys, args.processes)
    started = time.perf_counter()
    _run(fleet, args.seconds)
    print(f"({time.perf_counter() - started:.0f} s)")
    return 0
