"""How written administrative Vietnamese is read aloud (issue 13 point 3).

``reading(text)`` turns written text into what a careful Northern announcer
says: lowercase words, with ", " where a pause belongs. ``VERSION`` changes
whenever the output for some input changes (the speech cache keys on it)."""

from __future__ import annotations

import re
import unicodedata

VERSION = "0"


_PAUSES = re.compile(r"\s*[;:()\"“”]\s*|\s+[-–—]\s+")


def reading(text: str) -> str:
    """First cut until the normaliser lands: lowercase, pauses for ; : ( ) quotes and dashes."""
    spoken = _PAUSES.sub(", ", unicodedata.normalize("NFC", text).lower())
    return re.sub(r"(,\s*)+", ", ", " ".join(spoken.split())).strip(" ,")
