"""Where media live, and reading them through Django's storage API.

On one machine media are files under ``MEDIA_ROOT`` (and the private folder beside
it); in the scale-out profile they are objects in an S3-compatible bucket
(``S3_BUCKET``, settings). Nothing is ever served from the store directly: every
file goes through a view that checks who asks, then streams it from here.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from django.conf import settings
from django.core.files.storage import Storage
from django.db.models.fields.files import FieldFile

CHUNK = 64 * 1024


def private_root() -> Path:
    """The folder of private uploads (feedback photos) when media are on disk."""
    root = getattr(settings, "PRIVATE_MEDIA_ROOT", None)
    return Path(root or Path(settings.MEDIA_ROOT).parent / "private")


def on_s3() -> bool:
    return str(settings.STORAGES["default"]["BACKEND"]).startswith("storages.backends.s3")


def _s3_key(storage: Storage, name: str) -> str | None:
    """The object key of ``name`` when ``storage`` is django-storages' S3 backend."""
    bucket = getattr(storage, "bucket_name", None)
    normalize = getattr(storage, "_normalize_name", None)
    if not bucket or normalize is None:
        return None
    from storages.utils import clean_name

    return str(normalize(clean_name(name)))


def _file_chunks(handle: IO[bytes], first: int, length: int) -> Iterator[bytes]:
    try:
        handle.seek(first)
        while length > 0:
            block = handle.read(min(CHUNK, length))
            if not block:
                break
            length -= len(block)
            yield block
    finally:
        handle.close()


def _s3_chunks(storage: Any, key: str, first: int, length: int) -> Iterator[bytes]:
    """Only the bytes asked for (GET with Range), never the whole object first."""
    if length <= 0:
        return
    client = storage.connection.meta.client
    body = client.get_object(
        Bucket=storage.bucket_name, Key=key, Range=f"bytes={first}-{first + length - 1}"
    )["Body"]
    try:
        yield from body.iter_chunks(CHUNK)
    finally:
        body.close()


def chunks(stored: FieldFile, first: int, length: int) -> Iterator[bytes]:
    """``length`` bytes of a stored file from offset ``first``, in blocks."""
    key = _s3_key(stored.storage, stored.name or "")
    if key is not None:
        return _s3_chunks(stored.storage, key, first, length)
    return _file_chunks(stored.open("rb"), first, length)


def head(stored: FieldFile, length: int) -> bytes:
    """The first ``length`` bytes (fewer if the file is shorter), e.g. to tell its type:
    on S3 one ranged GET, not a download of the whole object."""
    try:
        return b"".join(chunks(stored, 0, length))
    except Exception as exc:  # an empty object: S3 answers 416 to any range
        if getattr(exc, "response", {}).get("Error", {}).get("Code") == "InvalidRange":
            return b""
        raise
