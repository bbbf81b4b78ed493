"""Reading no more of a file or a response than an envelope may be."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings


def limit() -> int:
    return int(settings.DOCUMENT_EXCHANGE_MAX_BYTES)


def read_bounded(source: Path | Any) -> bytes:
    """At most the limit + 1 bytes: one byte over is enough for the reader to refuse it."""
    if isinstance(source, Path):
        with source.open("rb") as handle:
            return handle.read(limit() + 1)
    return bytes(source.read(limit() + 1))
