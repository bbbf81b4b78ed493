"""``tincoso device-keys``: the signing keys of device manifests (docs/device-protocol.md
§2.1). ``status`` shows the key that signs and those announced, and how many enrolled
devices do not yet report the next key in their heartbeats; ``new FILE`` writes a
fresh private key (mode 0600) for the next rotation and prints its key id."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from tincoso.broadcast.devices import key_reach, key_ring, signing


class Command(BaseCommand):
    help = "Device signing keys: status, or a new key for a rotation."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["status", "new"])
        parser.add_argument("file", nargs="?", help="where `new` writes the private key")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "status":
            self.stdout.write(f"signing: {signing.key_id()}")
            for entry in key_ring.announced():
                until = f" until {entry['until']}" if "until" in entry else ""
                self.stdout.write(f"announced: {entry['key_id']}{until}")
            reach = key_reach.next_key_reach()
            if reach is not None:
                self.stdout.write(
                    f"next {reach.key_id}: known by {reach.knowing} of {reach.enrolled} "
                    f"enrolled devices; {reach.missing} not yet "
                    f"({reach.silent} never reported their keys)")
            return
        if not options["file"]:
            raise CommandError("new: give the file to write the key to")
        path = Path(options["file"])
        if path.exists():
            raise CommandError(f"{path} exists: a key is never overwritten")
        pem = key_ring.new_key_pem()
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as out:
            out.write(pem)
        raw = key_ring.raw_of(key_ring.public_from_pem(str(path), pem))
        self.stdout.write(f"new key {key_ring.key_id_of(raw)} in {path}")
