"""A shared directory: ``outbox/`` for what we send, ``inbox/`` for what comes,
``processed/`` and ``failed/`` for what was read (failed ones beside a ``.error.txt``).

Writes are atomic (a hidden temporary file in the same directory, then a rename), so
the other side never reads half an envelope; names starting with "." are skipped.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

from tincoso.documents.exchange.transports.limits import read_bounded


class FileDrop:
    name = "filedrop"

    def __init__(self, root: str | Path) -> None:
        self.root = Path(root)
        self.outbox, self.inbox = self.root / "outbox", self.root / "inbox"
        self.processed, self.failed = self.root / "processed", self.root / "failed"

    def _ready(self) -> None:
        for folder in (self.outbox, self.inbox, self.processed, self.failed):
            folder.mkdir(parents=True, exist_ok=True)

    @staticmethod
    def _write(folder: Path, name: str, data: bytes) -> Path:
        handle, temporary = tempfile.mkstemp(dir=folder, prefix=".tmp-")
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(data)
                out.flush()
                os.fsync(out.fileno())
            target = folder / Path(name).name
            os.replace(temporary, target)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
        return target

    def send(self, file_name: str, data: bytes) -> None:
        self._ready()
        self._write(self.outbox, file_name, data)

    def fetch(self) -> Iterator[tuple[str, bytes]]:
        self._ready()
        for path in sorted(self.inbox.iterdir()):
            if path.name.startswith(".") or not path.is_file():
                continue
            yield path.name, read_bounded(path)

    def done(self, key: str) -> None:
        os.replace(self.inbox / key, self.processed / key)

    def refuse(self, key: str, error: dict[str, str]) -> None:
        os.replace(self.inbox / key, self.failed / key)
        self._write(self.failed, f"{key}.error.txt", f"{error['vi']}\n{error['en']}\n".encode())
