"""Plain .txt files: the encoding found (BOM, UTF-16, UTF-8 or a legacy one), then cleaned."""

from __future__ import annotations

import codecs
import re

from tincoso.documents import legacy_encodings
from tincoso.documents.extraction.cleaning import clean_text
from tincoso.documents.extraction.errors import ExtractionError
from tincoso.documents.extraction.legacy_fonts import LEGACY_DECODERS
from tincoso.documents.extraction.result import Extracted

# Enough bytes to recognise an encoding with certainty; the whole file is then
# decoded once with the winner.
_SNIFF_SAMPLE = 256 * 1024


# Control characters no text editor writes (tab, line ends, form feed and the DOS
# end-of-file mark are excluded).
_BINARY_CONTROLS = re.compile("[\x00-\x08\x0e-\x19\x1b-\x1f\x7f-\x9f]")


def extract_txt(data: bytes) -> Extracted:
    text, encoding = _decode_text(data)
    # Binary junk renamed to .txt still "decodes" in the single-byte encodings;
    # a real text file has next to no control characters (a few stray ones are
    # cleaned away below; 2 % means a binary file).
    controls = len(_BINARY_CONTROLS.findall(text))
    if controls > max(16, len(text) // 50):
        raise ExtractionError("undecodable")
    text = clean_text(text)
    if not text:
        raise ExtractionError("empty")
    return Extracted(text=text, kind="txt", encoding=encoding)


def _decode_text(data: bytes) -> tuple[str, str]:
    """Decode a .txt file, guessing the encoding when there is no BOM."""
    for bom, codec, name in (
        (codecs.BOM_UTF8, "utf-8-sig", "utf-8"),
        (codecs.BOM_UTF16_LE, "utf-16", "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16", "utf-16"),
    ):
        if data.startswith(bom):
            try:
                return data.decode(codec), name
            except UnicodeDecodeError:
                raise ExtractionError("undecodable") from None

    utf16 = _guess_bomless_utf16(data)
    if utf16:
        try:
            return data.decode(utf16), "utf-16"
        except UnicodeDecodeError:
            pass

    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass

    return _decode_legacy(data)


def _guess_bomless_utf16(data: bytes) -> str | None:
    """ "utf-16-le"/"-be" if the bytes look like BOM-less UTF-16, else None.

    Vietnamese text is mostly ASCII letters and spaces, which in UTF-16 have a zero
    high byte; so one byte position of each pair is mostly zeros, the other never.
    """
    sample = data[:4096]
    if len(sample) < 4 or len(data) % 2:
        return None
    even = sample[0::2].count(0) / (len(sample) / 2)
    odd = sample[1::2].count(0) / (len(sample) / 2)
    if odd > 0.3 and even < 0.02:
        return "utf-16-le"
    if even > 0.3 and odd < 0.02:
        return "utf-16-be"
    return None


def _decode_legacy(data: bytes) -> tuple[str, str]:
    """Pick the pre-Unicode Vietnamese encoding that yields the most real words."""
    sample = data[:_SNIFF_SAMPLE]
    if len(data) > _SNIFF_SAMPLE:
        cut = max(sample.rfind(b" "), sample.rfind(b"\n"))
        sample = sample[:cut] if cut > 0 else sample
    best: tuple[int, str] | None = None
    best_score: legacy_encodings.Score | None = None
    for name, decode in LEGACY_DECODERS:
        try:
            score = legacy_encodings.score_vietnamese(decode(sample))
        except UnicodeDecodeError:
            continue  # cp1258 leaves a few bytes undefined
        if best is None or score.total > best[0]:
            best, best_score = (score.total, name), score
    assert best is not None and best_score is not None  # vni and tcvn3 never fail
    # If even the best candidate makes mostly non-words, this is neither
    # Vietnamese nor text; guessing further would hand the parser mojibake.
    if best_score.judged >= 5 and best_score.valid < best_score.invalid:
        raise ExtractionError("undecodable")
    name = best[1]
    decode = dict(LEGACY_DECODERS)[name]
    return decode(data), name
