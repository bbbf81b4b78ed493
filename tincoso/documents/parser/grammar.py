"""parse_text: the document grammar put together."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .body import Heading, read_addressees, read_heading
from .casing import CaseIndex, head_lines, recase, restore_diacritics
from .cited_digits import mend_cited_digits
from .clean import Cleaned, clean_text
from .footer import Footer, parse_footer
from .header import Header, group_bodies, parse_header
from .issuer import expand_abbreviations, resolve_issuer
from .model import ParsedDocument
from .own_symbol import symbol_from_attachment, typed_codes
from .phrases import mend_phrases
from .recipients_ocr import mend_recipient
from .references import canonical, find_references
from .repair import (
    EVIDENCE_CHARS,
    GLUED_MIN,
    WordForms,
    mend_authority,
    mend_body_name,
    mend_by_context,
    mend_place_names,
    mend_signing_title,
    mend_symbol,
    mend_words,
    split_glued_words,
    word_counts,
)
from .span import cut_attached_document, cut_web_tail, start_at_header
from .surnames import mend_surname
from .vocab import ABBREV_TO_TYPE, BODY_HEADS, HEADER_PHRASES, PROVINCES, SIGNING_PHRASES, fold

_WS_RE = re.compile(r"\s+")
# A trích yếu opening "Về việc" read by OCR with the wrong vowel or marks under a
# bold face ("Và việc", "Vê việc", "Vẻviệc"): "V" + one vowel before "việc" can
# only be "Về" in that slot.  The word "Vì việc" is kept (a real opening).
_VE_VIEC_OCR_RE = re.compile(r"^V[aàáảãạăâeèéẻẽẹêếểễệ]\s*(?=việc\b)")
_VOCAB_LINES = [*PROVINCES, *HEADER_PHRASES]


@dataclass
class _Reading:
    """What the steps of :func:`parse_text` share: the cleaned text, its header, the
    record being filled and the word evidence of the document's own region."""

    c: Cleaned
    h: Header
    doc: ParsedDocument
    region: list[str]
    forms: WordForms
    _index: CaseIndex | None = None

    @property
    def conf(self) -> dict[str, float]:
        return self.doc.confidence

    def case_index(self) -> CaseIndex:
        """The casing evidence of the region, built on first use."""
        if self._index is None:
            self._index = CaseIndex(self.c.lines[self.c.start : self.c.end])
        return self._index


def parse_text(text: str) -> ParsedDocument:
    """Parse one Vietnamese official document given as text: header, issuer, date and
    place, then (the footer found and cut first) type and title, addressees, the
    signature block, and the documents it cites."""
    c = clean_text(text)
    h = start_at_header(c, parse_header(c))
    region = c.lines[c.start : c.end]
    # Known place and body names count as a few mentions of their spelling.
    r = _Reading(c, h, ParsedDocument(), region, WordForms([*region, *(_VOCAB_LINES * 3)]))
    _symbol_and_system(r)
    heading = read_heading(c, h.end if h.found else c.start, h.start if h.found else None)
    _issuer(r, heading)
    _date_and_place(r)
    # Footer first: the heading search must not run into it.
    ft = parse_footer(c, h.end if h.found else c.start)
    if ft.recipients_line is not None:
        cut_web_tail(c, ft.recipients_line)
        cut_attached_document(c, ft.recipients_end or ft.recipients_line)
    _type_and_title(r, heading)
    _addressees(r, ft)
    _signature(r, ft)
    _references(r)
    return r.doc


def _symbol_and_system(r: _Reading) -> None:
    """Number and symbol; the system from the party anchor or a party-form symbol."""
    doc, conf, h = r.doc, r.conf, r.h
    if h.symbol:
        doc.symbol, doc.number, doc.symbol_printed = h.symbol, h.number, h.symbol_printed
        doc.symbol = canonical(mend_symbol(h.symbol, r.region))
        conf["symbol"] = conf["number"] = conf["symbol_printed"] = 0.95
    elif h.number_line is not None:
        _symbol_from_attachment(r)
    if h.party_anchor or h.symbol_system == "party":
        doc.system = "party"
        conf["system"] = 0.95 if h.party_anchor else 0.7
    elif h.found:
        doc.system = "state"
        conf["system"] = 0.95 if h.quoc_hieu else 0.6


def _symbol_from_attachment(r: _Reading) -> None:
    """An unreadable number taken from the appendix that names its document."""
    number_line = r.c.lines[r.h.number_line or 0]
    codes = typed_codes(number_line)
    if not codes:
        return
    found = symbol_from_attachment(r.c.lines[r.h.end :], codes)
    if found is not None:
        r.doc.symbol, r.doc.number = found
        r.doc.symbol_printed = " ".join(number_line.split())
        r.conf["symbol"] = r.conf["number"] = 0.6


def _issuer(r: _Reading, heading: Heading | None) -> None:
    """Issuer and parent from the header's body lines (glued words split, diacritics
    restored, re-cased from the text's own evidence)."""
    known = [*r.region, *HEADER_PHRASES]
    body_lines = r.h.body_lines
    if any(len(w) >= GLUED_MIN for line in body_lines for w in fold(line).split()):
        counts = word_counts([*r.region, *HEADER_PHRASES, *BODY_HEADS])
        body_lines = [split_glued_words(line, counts) for line in body_lines]
    bodies = [restore_diacritics(b, known) for b in group_bodies(body_lines)]
    if bodies or (heading is not None and heading.upper and heading.title):
        # One pass over the text for the casing evidence of every phrase to re-case.
        words = " ".join([*bodies, heading.title if heading and heading.title else ""])
        r.case_index().ensure(words.lower().split())
    if bodies:
        issuer, parent, iconf = resolve_issuer(bodies, r.doc.system == "party", r.case_index())
        r.doc.issuer = _mend_body(issuer, r.forms)
        r.doc.parent_issuer = _mend_body(parent, r.forms) if parent else None
        r.conf["issuer"] = iconf
        r.conf["parent_issuer"] = iconf if parent else iconf * 0.9


def _date_and_place(r: _Reading) -> None:
    doc, conf, h = r.doc, r.conf, r.h
    if h.date:
        doc.date = h.date
        conf["date"] = h.date_conf
    if doc.date is None:
        stamped = _signing_stamp_date(r.c.lines)
        if stamped:
            # The header's day is blank or unreadable: an electronically signed
            # document is dated the day it was signed (NĐ 30/2020, Điều 8).
            doc.date = stamped
            conf["date"] = 0.5
    if h.place:
        doc.place = mend_place_names(
            mend_words(restore_diacritics(h.place, [*PROVINCES, *r.region]), r.forms)
        )
        conf["place"] = h.place_conf


def _type_and_title(r: _Reading, heading: Heading | None) -> None:
    """Type heading and trích yếu, or the công văn's "V/v" line, or the type code."""
    doc, conf, h, region = r.doc, r.conf, r.h, r.region
    if heading is not None:
        doc.doc_type = heading.doc_type
        conf["doc_type"] = heading.conf
        title = heading.title
        if title:
            title = restore_diacritics(title, region)
            if heading.upper:
                title = recase(title, r.case_index())
            title = mend_place_names(title)
            doc.title = title[:1].upper() + title[1:]
            conf["title"] = heading.title_conf
    if doc.doc_type is None and h.vv_title:
        doc.doc_type = "Công văn"
        conf["doc_type"] = 0.85
    if h.vv_title and (doc.title is None or doc.doc_type == "Công văn"):
        doc.title = mend_place_names(restore_diacritics(h.vv_title, region))
        conf["title"] = 0.9
    if doc.doc_type is None and h.type_code:
        guess = ABBREV_TO_TYPE.get(h.type_code)
        if guess:
            doc.doc_type = guess
            conf["doc_type"] = 0.5
    if doc.title:
        evidence = "\n".join(head_lines(region, EVIDENCE_CHARS))
        mended = mend_by_context(doc.title, evidence)
        if mended != doc.title:
            # A word mended may be the evidence its neighbour needed ("phỏng, chông").
            mended = mend_by_context(mended, evidence)
        doc.title = mend_phrases(mended)
    if doc.title and doc.title[:3].upper() == "V/V":
        doc.title = "V/v" + doc.title[3:]
    if doc.title:
        doc.title = _VE_VIEC_OCR_RE.sub("Về ", doc.title, count=1)


def _addressees(r: _Reading, ft: Footer) -> None:
    """ "Kính gửi:" (or the công điện's "... điện:") before the footer."""
    limit = ft.recipients_line if ft.recipients_line is not None else r.c.end
    addressees = read_addressees(r.c, limit)
    if addressees:
        r.doc.addressees = addressees
        r.conf["addressees"] = 0.8


def _signature(r: _Reading, ft: Footer) -> None:
    """Recipients, signer, title and authority from the footer; truncated without them."""
    doc, conf = r.doc, r.conf
    if ft.recipients is not None:
        doc.recipients = [mend_phrases(mend_recipient(item)) for item in ft.recipients]
        conf["recipients"] = ft.rec_conf
    if ft.signer_name:
        doc.signer_name = mend_surname(restore_diacritics(ft.signer_name, r.region))
        conf["signer_name"] = ft.sig_conf
    signing = [*SIGNING_PHRASES, *r.region]
    if ft.signer_title:
        title = _restore_signing(_WS_RE.sub(" ", ft.signer_title), signing)
        doc.signer_title = mend_signing_title(mend_phrases(title).upper())
        conf["signer_title"] = ft.sig_conf * 0.9
    if ft.authority:
        doc.signing_authority = " / ".join(
            mend_authority(_restore_signing(a, signing).upper()) for a in ft.authority
        )
        conf["signing_authority"] = ft.sig_conf
    doc.truncated = ft.recipients is None and ft.signer_name is None


def _references(r: _Reading) -> None:
    """Every other symbol cited in the document proper."""
    doc, h = r.doc, r.h
    body = mend_cited_digits("\n".join(r.c.lines[r.c.start : r.c.end]))
    doc.references = find_references(body, doc.symbol)
    if h.symbol and h.symbol != doc.symbol:
        # The number line as printed (OCR-damaged) is the document's own symbol too.
        doc.references = [x for x in doc.references if x != canonical(h.symbol)]
    r.conf["references"] = 0.9 if doc.symbol else (0.6 if h.found else 0.0)


# The e-signature box: "Ngày ký: 16-07-2025 11:15", "Giờ ký: 30/09/2025 17:58:22",
# "Thời gian ký: 2025-10-01T17:08:18+07:00" (folded text).
_STAMP_DATE_RE = re.compile(
    r"^(?:ngay|gio|thoi\s*gian)\s*ky\s*:?\s*"
    r"(?:(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})|(\d{4})-(\d{2})-(\d{2}))"
)


def _signing_stamp_date(lines: list[str]) -> str | None:
    for line in lines:
        line = line.strip()
        if line[:1] not in "NnGgTt" or ":" not in line[:20]:
            continue  # cheap test first: most lines are body text
        m = _STAMP_DATE_RE.match(fold(line))
        if m is None:
            continue
        if m.group(1):
            day, month, year = int(m.group(1)), int(m.group(2)), int(m.group(3))
        else:
            year, month, day = int(m.group(4)), int(m.group(5)), int(m.group(6))
        if 1 <= day <= 31 and 1 <= month <= 12 and 1945 <= year <= 2100:
            return f"{year:04d}-{month:02d}-{day:02d}"
    return None


def _mend_body(name: str, forms: WordForms) -> str:
    """A header body's name with OCR's misspellings mended and shorthand written out."""
    return expand_abbreviations(
        mend_phrases(mend_body_name(mend_place_names(mend_words(name, forms))))
    )


def _restore_signing(line: str, known: list[str]) -> str:
    """Restore diacritics in a signing line, commas kept apart from the words they end."""
    if not line.isascii():
        return line
    return restore_diacritics(line.replace(",", " ,"), known).replace(" ,", ",")
