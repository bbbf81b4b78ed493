"""Text typed in the legacy Vietnamese fonts (.VnTime/TCVN3, VNI) turned into Unicode."""

from __future__ import annotations

import unicodedata

from tincoso.documents import legacy_encodings

LEGACY_DECODERS = (
    # Order breaks ties: cp1258 is the only one Windows still writes by itself.
    ("cp1258", lambda b: unicodedata.normalize("NFC", b.decode("cp1258"))),
    ("vni", legacy_encodings.decode_vni),
    ("tcvn3", legacy_encodings.decode_tcvn3),
)


def repair_legacy_fonts(text: str) -> tuple[str, str | None]:
    """Convert text typed in .VnTime (TCVN3) or VNI fonts inside a .docx or PDF.

    Word stores such text as the Windows-1252 characters the font redraws as
    Vietnamese, so "Tuyên giáo" arrives as "Tuyªn gi¸o" (TCVN3) or "Tuyeân giaùo"
    (VNI).  Only lines made entirely of Windows-1252 characters can be affected
    (real Unicode Vietnamese nearly always has ư, ơ, đ, ạ …); those lines are
    judged together, and converted only if a legacy decoding reads as Vietnamese
    clearly better than the text as it stands.  Returns the text and the
    encoding found ("tcvn3", "vni") or None.
    """
    lines = text.split("\n")
    candidates: list[int] = []
    raw: list[bytes] = []
    for index, line in enumerate(lines):
        if line.isascii():
            continue
        try:
            raw.append(line.encode("cp1252"))
        except UnicodeEncodeError:
            continue
        candidates.append(index)
    if not candidates:
        return text, None

    before = legacy_encodings.score_vietnamese("\n".join(lines[i] for i in candidates))
    joined = b"\n".join(raw)
    best: tuple[str, legacy_encodings.Score] | None = None
    for name, decode in LEGACY_DECODERS[1:]:  # cp1258 never reaches us this way
        score = legacy_encodings.score_vietnamese(decode(joined))
        if best is None or score.total > best[1].total:
            best = (name, score)
    assert best is not None
    name, after = best
    if after.total <= before.total or after.valid <= after.invalid:
        return text, None
    chosen = dict(LEGACY_DECODERS)[name]
    for index, line_bytes in zip(candidates, raw, strict=True):
        lines[index] = chosen(line_bytes)
    return "\n".join(lines), name
