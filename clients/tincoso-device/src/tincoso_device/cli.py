"""``tincoso-device``: enrol once, then run (plays with mpv or ffplay).

    tincoso-device enrol 'https://tin.example.gov.vn/api/device/v1/enrol#code=ABCDE-FGHJK'
    tincoso-device enrol --server https://tin.example.gov.vn ABCDE-FGHJK
    tincoso-device run          (state in --dir, default /var/lib/tincoso-device)
"""

from __future__ import annotations

import argparse
import logging
import signal
import sys
from pathlib import Path

from tincoso_device.enrol import EnrolError, enrol
from tincoso_device.http import ServerError
from tincoso_device.store import Store


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="tincoso-device")
    parser.add_argument("--dir", type=Path, default=Path("/var/lib/tincoso-device"))
    commands = parser.add_subparsers(dest="command", required=True)
    e = commands.add_parser("enrol", help="trade a one-time code for the credential")
    e.add_argument("code", help="ABCDE-FGHJK, or the URL of the QR code (…#code=…)")
    e.add_argument("--server", default="")
    e.add_argument("--public-key", default="",
                   help="the province's key (base64, raw 32 bytes) installed by the installer")
    r = commands.add_parser("run", help="play the schedule and speak the protocol")
    r.add_argument("--player", default="", help="mpv or ffplay (default: whichever is found)")
    r.add_argument("--audio-output", default="",
                   help="mpv's --ao (e.g. alsa, pulse; null: play into nothing)")
    r.add_argument("--no-mqtt", action="store_true")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
    store = Store(args.dir)
    if args.command == "enrol":
        try:
            result = enrol(store, args.server, args.code, args.public_key)
        except (EnrolError, ServerError) as error:
            print(f"Không đăng ký được / enrolment failed: {error}", file=sys.stderr)
            return 1
        print(f"device {result['device_id']}, province key {result['key_id']}")
        return 0
    return _run(store, args.player, not args.no_mqtt, args.audio_output)


def _run(store: Store, program: str, use_mqtt: bool, audio_output: str = "") -> int:
    from tincoso_device.device import Device
    from tincoso_device.player import CommandPlayer

    device = Device(store, CommandPlayer(program, audio_output))
    link = None
    if use_mqtt:
        from tincoso_device.mqtt import MqttLink

        link = MqttLink.from_server(device)
        if link is not None:
            link.start()
    signal.signal(signal.SIGTERM, lambda *_: device.stop())
    try:
        device.run()
    except KeyboardInterrupt:
        device.stop()
    finally:
        if link is not None:
            link.stop()
    return 75 if device.restart_requested else 0  # EX_TEMPFAIL: restart me
