"""Media ahead of time, resumable, kept by SHA-256 once verified (§5)."""

from __future__ import annotations

import hashlib
import os
import time
from pathlib import Path
from typing import Any

from tincoso_device.http import Api
from tincoso_device.manifest import Refused
from tincoso_device.store import Store

CHUNK = 64 * 1024


def verified(store: Store, media: dict[str, Any]) -> Path | None:
    """The file of ``media`` if the device holds it verified, else None."""
    path = store.media_path(media["sha256"])
    return path if path.exists() else None


RETRY_PAUSE_S = 1.0


def fetch(api: Api, store: Store, media: dict[str, Any]) -> Path:
    """Download (resuming a partial file) and verify; a file that does not match is
    deleted and fetched once more (a link that dropped mid-file, a copy caught while
    the server was still writing it) before it is refused as ``media-hash-mismatch``."""
    final = store.media_path(media["sha256"])
    if final.exists():
        return final
    try:
        return _download(api, final, media)
    except Refused:
        time.sleep(RETRY_PAUSE_S)
        return _download(api, final, media)


def _download(api: Api, final: Path, media: dict[str, Any]) -> Path:
    sha, size = media["sha256"], int(media["size"])
    part = final.with_name(sha + ".part")
    for _attempt in range(2):
        offset = part.stat().st_size if part.exists() else 0
        if offset > size:
            part.unlink()
            offset = 0
        headers = {"Range": f"bytes={offset}-", "If-Range": f'"{sha}"'} if offset else {}
        answer = api.open_stream(media["url"], headers)
        with answer:
            if answer.status == 416:
                part.unlink(missing_ok=True)
                continue
            append = answer.status == 206 and offset > 0
            with part.open("ab" if append else "wb") as out:
                while chunk := answer.read(CHUNK):
                    out.write(chunk)
                    if out.tell() > size:
                        break
                out.flush()
                os.fsync(out.fileno())
        break
    return _check(part, final, sha, size)


def _check(part: Path, final: Path, sha: str, size: int) -> Path:
    digest = hashlib.sha256()
    length = 0
    if part.exists():
        with part.open("rb") as source:
            while chunk := source.read(CHUNK):
                digest.update(chunk)
                length += len(chunk)
    if length != size or digest.hexdigest() != sha:
        part.unlink(missing_ok=True)
        raise Refused("media-hash-mismatch", f"{final.name}: {length} bytes, not {size}")
    os.replace(part, final)
    return final


def prune(store: Store, keep: set[str]) -> None:
    """Delete files no manifest the device holds refers to."""
    for path in store.media.iterdir():
        if path.name.split(".")[0] not in keep:
            path.unlink(missing_ok=True)
