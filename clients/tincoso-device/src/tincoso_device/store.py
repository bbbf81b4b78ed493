"""What the device keeps on disk, under one folder.

    state.json          server, device id, pinned key, MQTT settings
    token               the credential, mode 0600, never logged
    manifest.json       the bytes of the newest verified manifest
    manifest.meta.json  its signature, key id, ETag and version
    media/<sha256>      verified files, named by their hash
    proofs/<play_id>.json  proofs of play not yet acknowledged
    played.json         play ids already played (so a restart does not replay them)

Every write is atomic: a temporary file, fsync, rename.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any


def atomic_write(path: Path, data: bytes, mode: int = 0o644) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        os.fchmod(fd, mode)
        with os.fdopen(fd, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


class Store:
    def __init__(self, root: Path) -> None:
        self.root = Path(root)
        self.media = self.root / "media"
        self.proofs = self.root / "proofs"
        for folder in (self.root, self.media, self.proofs):
            folder.mkdir(parents=True, exist_ok=True)

    def read_json(self, name: str, default: Any = None) -> Any:
        path = self.root / name
        if not path.exists():
            return default
        return json.loads(path.read_bytes())

    def write_json(self, name: str, value: Any, mode: int = 0o644) -> None:
        atomic_write(self.root / name, json.dumps(value, ensure_ascii=False).encode(), mode)

    @property
    def state(self) -> dict[str, Any]:
        return dict(self.read_json("state.json", {}))

    def update_state(self, **values: Any) -> None:
        self.write_json("state.json", {**self.state, **values})

    def token(self) -> str:
        path = self.root / "token"
        return path.read_text().strip() if path.exists() else ""

    def save_token(self, token: str) -> None:
        atomic_write(self.root / "token", token.encode(), mode=0o600)

    def media_path(self, sha256: str) -> Path:
        if len(sha256) != 64 or any(c not in "0123456789abcdef" for c in sha256):
            raise ValueError("not a lowercase SHA-256")
        return self.media / sha256
