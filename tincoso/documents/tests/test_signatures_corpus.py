"""The signatures of the real corpus PDFs against their labels (shared notes §B3–§B5).

Reads ../shared/corpus beside the repository, as the other corpus tests do.  Without
it the test is skipped on a developer's machine, but fails under CI (``CI`` set), where
a copy of shared/ is always laid beside the clone.  ``python -m bench signatures``
prints the same table with timings.
"""

from __future__ import annotations

import os
from collections import Counter

import pytest

from tincoso.documents.signatures.result import MISSING_INTERMEDIATE, TRUSTED
from tincoso.documents.tests.signature_corpus import CORPUS, Row, rows, table, totals


@pytest.fixture(scope="module")
def corpus() -> list[Row]:
    if not (CORPUS / "labels-files.jsonl").is_file():
        message = f"the shared corpus is missing ({CORPUS}): put shared/ beside the clone"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    found = rows()
    print("\n" + table(found))
    return found


def test_counts_match_the_measurement(corpus: list[Row]) -> None:
    signed = [row for row in corpus if row.results]
    assert len(signed) == 15
    assert sum(len(row.results) for row in signed) == 48
    # 032 has an empty /Sig widget outside /AcroForm /Fields: not "signed"
    assert "032.pdf" not in {row.file for row in signed}


def test_every_signature_is_intact_and_none_is_called_forged(corpus: list[Row]) -> None:
    results = [(row.file, r) for row in corpus for r in row.results]
    assert all(r.intact and r.content_unchanged for _, r in results)
    chains = Counter(r.chain for _, r in results)
    assert chains == {TRUSTED: 46, MISSING_INTERMEDIATE: 2}
    missing = {(f, r.field) for f, r in results if r.chain == MISSING_INTERMEDIATE}
    assert missing == {("033.pdf", "Signature1"), ("034.pdf", "Signature1")}
    assert all(r.coverage in ("entire_file", "revision_form_filling") for _, r in results)
    assert sum(r.coverage == "entire_file" for _, r in results) == 15


def test_quirks_are_advisories(corpus: list[Row]) -> None:
    results = {(row.file, r.field): r for row in corpus for r in row.results}
    codes = Counter(c for r in results.values() for c in r.advisory_codes())
    assert codes["sha1"] == 22
    assert codes["fields_after_certification"] == 5
    assert codes["no_timestamp"] == 5
    assert "modified_after_signing" not in codes
    utc = {key for key, r in results.items() if "local_time_as_utc" in r.advisory_codes()}
    assert utc == {("048.pdf", "Signature1"), ("056.pdf", "Signature1"), ("059.pdf", "signature")}
    leader = results[("046.pdf", "6hv56aMV")]
    assert leader.nonstandard_encoding and leader.chain == TRUSTED
    assert leader.verdict["vi"] == (
        "Ký bởi Nguyễn Minh (ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG) lúc 11/12/2025 18:21"
        " — nội dung không bị thay đổi kể từ khi ký"
    )
    expired = results[("048.pdf", "Signature1")]
    assert "expired_after_signing" in expired.advisory_codes() and expired.chain == TRUSTED
    assert results[("059.pdf", "signature")].time == "2025-09-30T17:58:24+07:00"


def test_suggestions_match_the_labels(corpus: list[Row]) -> None:
    got = totals(corpus)
    assert got["signer_name"] == (10, 10)  # every file with a personal signature
    assert got["number"] == (8, 8)  # every file whose stamp is text
    assert got["date"] == (14, 15)
    assert got["issuer"] == (14, 15)
    by_file = {row.file: row for row in corpus}
    # 041: the ministry signed a scan the day after the document's date
    assert by_file["041.pdf"].match("date") is False
    # 056: Văn phòng Chính phủ signs a Quyết định of the Thủ tướng
    assert by_file["056.pdf"].match("issuer") is False
    # 046: the leader's signature, not the small initials (ký nháy) beside it
    assert by_file["046.pdf"].got("signer_name") == "Nguyễn Minh"
