"""``tincoso-device-sim``: run many devices' MQTT protocol in one process.

    tincoso-device-sim --url mqtts://127.0.0.1:8883 --ca ca.pem --devices devices.jsonl \
        --public-key <base64> --seconds 300

``devices.jsonl`` holds one JSON object a line: ``{"device_id", "token",
"subscriptions"}`` (the enrolment answer's). Until ``--seconds`` pass, the devices
heartbeat every 60 s and acknowledge emergencies; then each emergency's receipt
spread and ack latencies are printed (from its first receipt, and from its
``issued_at``, whose resolution is one second).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import time
from pathlib import Path

from tincoso_device.keys import TrustedKeys
from tincoso_device.sim.fleet import Credential, Fleet, percentiles


def load(path: Path) -> list[Credential]:
    rows = [json.loads(line) for line in path.read_text().splitlines() if line.strip()]
    return [Credential(int(r["device_id"]), r["token"], list(r["subscriptions"])) for r in rows]


async def _main(fleet: Fleet, seconds: float) -> None:
    took = await fleet.connect_all()
    print(f"{len(fleet.clients)} devices connected in {took:.1f} s "
          f"({len(fleet.failed)} failed)", flush=True)
    beating = asyncio.create_task(fleet.heartbeat_forever())
    await asyncio.sleep(seconds)
    beating.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await beating
    for msg_id, times in fleet.received.items():
        first = min(times.values())
        spread = percentiles([t - first for t in times.values()])
        acks = fleet.acked.get(msg_id, {})
        ack = percentiles([acks[d] - first for d in acks])
        print(f"emergency {msg_id}: received by {len(times)}/{len(fleet.clients)}, "
              f"spread p50 {spread['p50'] * 1000:.0f} ms p99 {spread['p99'] * 1000:.0f} ms; "
              f"acked by {len(acks)}, p50 {ack['p50'] * 1000:.0f} ms "
              f"p99 {ack['p99'] * 1000:.0f} ms after the first receipt")
    print(f"heartbeats sent: {fleet.heartbeats}; refused messages: {fleet.refused}")
    await fleet.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="tincoso-device-sim")
    parser.add_argument("--url", required=True)
    parser.add_argument("--ca", type=Path)
    parser.add_argument("--devices", type=Path, required=True)
    parser.add_argument("--public-key", default="", help="base64 raw Ed25519 key to verify with")
    parser.add_argument("--seconds", type=float, default=300.0)
    args = parser.parse_args(argv)
    keys = TrustedKeys([args.public_key]) if args.public_key else None
    fleet = Fleet(args.url, args.ca.read_text() if args.ca else "", load(args.devices), keys)
    started = time.perf_counter()
    asyncio.run(_main(fleet, args.seconds))
    print(f"({time.perf_counter() - started:.0f} s)")
    return 0
