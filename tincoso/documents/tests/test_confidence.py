"""Which parsed fields the document page asks the officer to confirm."""

from __future__ import annotations

import datetime as dt

from tincoso.documents.confidence import doubt_handwritten, field_confidence
from tincoso.documents.extraction import Extracted
from tincoso.documents.parser import parse_text
from tincoso.documents.parser.model import ParsedDocument

TODAY = dt.date(2026, 11, 29)


def _parsed(**fields: object) -> ParsedDocument:
    values: dict[str, object] = {
        "doc_type": "Hướng dẫn",
        "number": "30",
        "symbol": "30-HD/BTG",
        "issuer": "Ban Tuyên giáo Đảng ủy Khối",
        "date": "2017-06-06",
        "title": "thực hiện Chỉ thị 07",
        "signer_name": "Phan Xuân Trường",
    }
    values.update(fields)
    confidence = {name: 0.95 for name in values}
    return ParsedDocument(**values, confidence=confidence)  # type: ignore[arg-type]


def test_a_well_read_sample_asks_nothing(sample_text: str) -> None:
    status = field_confidence(parse_text(sample_text), sample_text, today=TODAY)
    assert set(status.values()) == {"ok"}


def test_a_required_field_left_empty_is_missing_an_optional_one_is_not() -> None:
    status = field_confidence(_parsed(signer_name=None), today=TODAY)
    assert status["signer_name"] == "missing"
    assert status["parent_issuer"] == "ok"  # many bodies have no parent


def test_a_fallback_with_a_low_score_is_to_check() -> None:
    parsed = _parsed()
    parsed.confidence["issuer"] = 0.4
    assert field_confidence(parsed, today=TODAY)["issuer"] == "check"


def test_a_date_in_the_future_is_to_check_even_with_a_high_score() -> None:
    status = field_confidence(_parsed(date="2027-01-05"), today=TODAY)
    assert status["date"] == "check" and status["symbol"] == "ok"


def test_a_symbol_outside_the_grammar_or_not_matching_the_number_is_to_check() -> None:
    assert field_confidence(_parsed(symbol="HD BTG 30"), today=TODAY)["symbol"] == "check"
    assert field_confidence(_parsed(number="31"), today=TODAY)["symbol"] == "check"
    assert (
        field_confidence(_parsed(symbol="416/TTr-CAT(PC04)", number="416"), today=TODAY)["symbol"]
        == "ok"
    )


def test_ocr_text_passes_only_values_found_by_the_canonical_pattern() -> None:
    parsed = _parsed()
    parsed.confidence["title"] = 0.8
    scanned = Extracted(text="", kind="pdf", pages=1, ocr=True, ocr_pages=(1,))
    assert field_confidence(parsed, scanned, today=TODAY)["title"] == "check"
    assert field_confidence(parsed, Extracted(text="", kind="pdf"), today=TODAY)["title"] == "ok"


def test_fields_read_from_handwritten_blanks_are_to_check() -> None:
    # Found by the canonical pattern (0.95), but the number and day were written
    # by hand on the scan: the officer confirms them, and only them.
    parsed = _parsed()
    parsed.confidence = doubt_handwritten(parsed.confidence, ("number", "date"))
    scanned = Extracted(text="", kind="pdf", pages=1, ocr=True, ocr_pages=(1,))
    status = field_confidence(parsed, scanned, today=TODAY)
    assert status["symbol"] == status["date"] == "check"
    assert parsed.confidence["number"] < 0.6
    assert status["issuer"] == status["title"] == "ok"
    assert doubt_handwritten({"number": 0.95}, ()) == {"number": 0.95}


def test_header_fields_from_text_that_does_not_read_as_vietnamese_are_to_check() -> None:
    junk = "TINH trY LAM DONG SO NOI VU CONG HOA XA HOI CHU NGHIA VIET NAM Doc lap Tu do " * 3
    status = field_confidence(_parsed(), junk, today=TODAY)
    assert status["issuer"] == "check" and status["signer_name"] == "ok"


def test_a_field_an_officer_saved_is_confirmed_whatever_the_rules_say() -> None:
    parsed = _parsed(date="2027-01-05")
    parsed.confidence["date"] = 1.0
    assert field_confidence(parsed, today=TODAY)["date"] == "ok"


def test_fields_no_parser_scored_were_typed_by_a_person() -> None:
    typed = _parsed(date="2027-01-05")
    typed.confidence.clear()
    status = field_confidence(typed, today=TODAY)
    assert status["date"] == "ok" and status["signer_name"] == "ok"
    partly = _parsed()
    del partly.confidence["title"]
    assert field_confidence(partly, today=TODAY)["title"] == "check"
