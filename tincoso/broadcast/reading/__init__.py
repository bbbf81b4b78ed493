"""How written administrative Vietnamese is read aloud (issue 13 point 3).

``reading(text)`` turns written text into what a careful Northern announcer
says: lowercase words, with ", " where a pause belongs. ``VERSION`` changes
whenever the output for some input changes (the speech cache keys on it)."""

from __future__ import annotations

VERSION = "0"


def reading(text: str) -> str:
    raise NotImplementedError("the reading normaliser is being built (issue 13 point 3)")
