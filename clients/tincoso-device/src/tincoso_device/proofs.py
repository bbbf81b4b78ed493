"""Proofs of play kept on disk until the server (or the broker) acknowledges them (§7)."""

from __future__ import annotations

import json
import re
import threading
from pathlib import Path
from typing import Any

from tincoso_device.store import Store, atomic_write

BATCH = 500
_SAFE = re.compile(r"^[A-Za-z0-9._:-]{1,64}$")


class Proofs:
    def __init__(self, store: Store) -> None:
        self.folder = store.proofs
        self.rejected = store.root / "proofs-rejected"
        self._lock = threading.Lock()

    def add(self, proof: dict[str, Any]) -> None:
        if not _SAFE.match(proof["play_id"]):
            raise ValueError("play_id outside the protocol's alphabet")
        with self._lock:
            atomic_write(self.folder / f"{proof['play_id']}.json",
                         json.dumps(proof, ensure_ascii=False).encode())

    def pending(self, limit: int = BATCH) -> list[dict[str, Any]]:
        with self._lock:
            paths = sorted(self.folder.glob("*.json"), key=lambda p: p.stat().st_mtime)[:limit]
            return [json.loads(p.read_bytes()) for p in paths]

    def acknowledged(self, proofs: list[dict[str, Any]]) -> None:
        with self._lock:
            for proof in proofs:
                (self.folder / f"{proof['play_id']}.json").unlink(missing_ok=True)

    def refused(self, proofs: list[dict[str, Any]]) -> None:
        """A batch the server refused (400) is set aside, never resent as the same bytes."""
        self.rejected.mkdir(exist_ok=True)
        with self._lock:
            for proof in proofs:
                source = self.folder / f"{proof['play_id']}.json"
                if source.exists():
                    source.replace(self.rejected / source.name)

    def count(self) -> int:
        return sum(1 for _ in Path(self.folder).glob("*.json"))
