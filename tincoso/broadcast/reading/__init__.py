"""How written administrative Vietnamese is read aloud (issue 13, point 3).

``reading(text)`` turns written text into what a careful Northern announcer
says on the commune loudspeakers: lowercase words, NFC, single spaces, with ", "
where a pause belongs. The editor sees this text and may correct it before it is
synthesised. ``VERSION`` changes whenever the output for some input changes: the
speech cache keys on it.

The conventions, and why (details in each module's docstring):

* Numbers as words, the Northern way ("một trăm linh năm", "hai mươi tư"); ``.``
  groups thousands and ``,`` is the decimal sign ("hai phẩy năm phần trăm"); a
  count's leading zero is not read — ``numbers.py``.
* Dates as said: "ngày 05/6/2017" → "ngày năm tháng sáu năm hai nghìn không trăm
  mười bảy"; April is "tháng tư"; nothing is added before a date written without
  "ngày". A bare month/year ("5/2021") gets its "tháng". Times: "7h30" → "bảy
  giờ ba mươi phút", "14:00" → "mười bốn giờ".
* A dash between numbers or dates is "đến", also between amounts with their units
  or ages ("800.000đ - 1.000.000đ", "6 tháng - 5 tuổi"); a per-slash after money or before a
  period or head count is "một" ("đồng/người" → "đồng một người"), between two
  units "trên" ("km/h", "m/s", "mm/24h"); "24/7" is a ratio. A day/month-looking
  pair is a share or a count out of a total when its neighbours say so: "2/3 tổng
  số" → "hai phần ba tổng số", "đạt 10/12 chỉ tiêu" → "mười trên mười hai"; "ngày
  2/9" stays a date. "-2°C" is "âm hai độ xê"; "tỷ lệ 1:2000" "một trên hai nghìn".
* A group glued to a number names a numbered thing: "QL6", "QL.4D" "quốc lộ",
  "ĐT.279" "đường tỉnh", "BĐ2" "báo động hai" (flood alarm levels); "SN 1985" is
  "sinh năm", "SN 12" "số nhà".
* Roman numerals after khóa, quý, chương, mục, phần, giai đoạn, đại hội, thứ are
  numbers ("khóa XII" → "khóa mười hai"); after "thứ" a number is an ordinal
  ("thứ 4" → "thứ tư", "lần thứ I" → "lần thứ nhất", as Vietnamese says it).
* A lone letter is named ("loại B" → "loại bê"); a lone vowel letter is already a
  syllable and stays ("điểm a").
* Telephone numbers digit by digit, a pause at each separator: a listener must
  be able to dial what they heard, and "lăm", "tư", "mốt" are not digits. 113,
  114, 115 are read "một một ba" when alone, listed or called; a short number right
  after "gọi", "tổng đài", "đường dây nóng" is a service to dial ("tổng đài 1022").
* Abbreviations written out from a lexicon (``lexicon.py``), by context where
  one is ambiguous ("TT." is "thường trực" before a body, "thị trấn" before a
  place, "thông tư" in or before a symbol); unknown capital groups are spelled
  with Vietnamese letter names. The lexicon holds a few hundred administrative,
  party, state and sector abbreviations common to every province, scored on
  ``tests/heldout_general.jsonl``; "CP" is "cổ phần" after "Công ty".
* Document symbols read literally so a listener can write them down:
  "49/2024/NĐ-CP" → "bốn mươi chín trên hai nghìn không trăm hai mươi tư trên
  nghị định chính phủ".
* Pauses for ; : brackets, quotation marks and dashes with spaces around them.
"""

from __future__ import annotations

import re
import unicodedata

from .rules import read_text

VERSION = "3"

_INVISIBLE = re.compile(r"[\u200b-\u200f\u2060\ufeff*]")  # zero-width marks, Markdown stars


def reading(text: str) -> str:
    """The spoken form of ``text``; never raises on any string."""
    if not text:
        return ""
    prepared = unicodedata.normalize("NFC", str(text))
    prepared = _INVISIBLE.sub("", prepared).replace("./.", ".").replace("...", "…")
    prepared = re.sub(r"[\r\n]+", " ; ", prepared)
    return unicodedata.normalize("NFC", read_text(prepared))
