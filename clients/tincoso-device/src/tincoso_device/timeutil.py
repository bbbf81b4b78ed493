"""UTC times as the protocol writes them (``YYYY-MM-DDTHH:MM:SSZ``)."""

from __future__ import annotations

import datetime as dt


def parse(text: str) -> dt.datetime:
    moment = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    if moment.tzinfo is None:
        raise ValueError(f"time without offset: {text!r}")
    return moment.astimezone(dt.UTC)


def iso(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def iso_ms(moment: dt.datetime) -> str:
    """With milliseconds, for proofs and acknowledgements."""
    return moment.astimezone(dt.UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)
