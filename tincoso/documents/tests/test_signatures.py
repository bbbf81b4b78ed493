"""Signature verification against a throwaway CA made in the test (no corpus needed)."""

from __future__ import annotations

import datetime as dt
import random
import shutil
from pathlib import Path

import pytest
from pyhanko.sign.timestamps import DummyTimeStamper

from tincoso.documents.signatures import result as r
from tincoso.documents.signatures.trust import (
    PINS,
    SHIPPED_DIR,
    TrustStore,
    build_store,
    default_store,
)
from tincoso.documents.signatures.verify import SignatureReadError, verify
from tincoso.documents.tests.signing_ca import ThrowawayCA, blank_pdf, sign


@pytest.fixture(scope="module")
def ca() -> ThrowawayCA:
    return ThrowawayCA()


@pytest.fixture(scope="module")
def signed(ca: ThrowawayCA) -> bytes:
    person = ca.person("Nguyễn Văn Thử", "Sở Thử nghiệm")
    return sign(blank_pdf(), person, embed=(ca.intermediate,), box=(300, 300, 500, 400))


def trusting(ca: ThrowawayCA, *, intermediate: bool = True) -> TrustStore:
    return TrustStore(
        roots=(ca.root.cert,), intermediates=(ca.intermediate.cert,) if intermediate else ()
    )


def test_freshly_signed_pdf_is_intact_and_trusted_with_the_test_root(ca, signed):
    [got] = verify(signed, trusting(ca))
    assert got.intact and got.signature_valid and got.content_unchanged
    assert (got.chain, got.chain_root) == (r.TRUSTED, "Test Root CA")
    assert (got.signer_cn, got.signer_o, got.issuer_cn) == (
        "Nguyễn Văn Thử",
        "Sở Thử nghiệm",
        "Test Intermediate CA",
    )
    assert (got.field, got.page, got.coverage) == ("Signature1", 1, r.ENTIRE_FILE)
    assert got.verdict["vi"].startswith("Ký bởi Nguyễn Văn Thử (Sở Thử nghiệm) lúc ")
    assert got.verdict["vi"].endswith("nội dung không bị thay đổi kể từ khi ký")
    assert got.verdict["en"].startswith("Signed by Nguyễn Văn Thử (Sở Thử nghiệm) at ")
    assert {"no_timestamp", "revocation_not_checked"} <= set(got.advisory_codes())
    assert "sha1" not in got.advisory_codes()


def test_without_the_test_root_the_chain_is_untrusted(ca):
    person = ca.person("Trần Thị Khác")
    pdf = sign(blank_pdf(), person, embed=(ca.intermediate, ca.root))
    [got] = verify(pdf, TrustStore())
    assert got.content_unchanged  # the content is still unchanged: only the origin is unknown
    assert got.chain == r.UNTRUSTED
    assert "untrusted" in got.advisory_codes()
    assert "chứng thư chưa xác minh được nguồn gốc" in got.verdict["vi"]


def test_a_byte_altered_after_signing_is_reported_as_modified(ca, signed):
    at = signed.index(b"So: ")  # in the page content, inside the signed range
    altered = signed[:at] + b"J" + signed[at + 1 :]
    [got] = verify(altered, trusting(ca))
    assert not got.intact
    assert (
        got.verdict["vi"]
        == "Chữ ký của Nguyễn Văn Thử (Sở Thử nghiệm): nội dung đã bị thay đổi sau khi ký"
    )
    assert got.verdict["en"].endswith("the content was changed after signing")


def test_sha1_is_accepted_and_flagged(ca):
    person = ca.person("Lê Văn Cũ")
    [got] = verify(sign(blank_pdf(), person, embed=(ca.intermediate,), md="sha1"), trusting(ca))
    assert got.content_unchanged and got.chain == r.TRUSTED
    assert got.digest_algorithm == "sha1"
    assert "sha1" in got.advisory_codes()


def test_missing_intermediate_is_named(ca):
    person = ca.person("Phạm Văn Đảng")
    pdf = sign(blank_pdf(), person)  # the PDF carries only the signer's certificate
    [got] = verify(pdf, trusting(ca, intermediate=False))
    assert got.content_unchanged
    assert got.chain == r.MISSING_INTERMEDIATE
    [advice] = [a for a in got.advisories if a["code"] == "missing_intermediate"]
    assert "Test Intermediate CA" in advice["vi"] and "ca.gov.vn" in advice["vi"]
    # the same file, once the administrator supplies the intermediate
    [again] = verify(pdf, trusting(ca))
    assert again.chain == r.TRUSTED


def test_timestamp_time_is_the_signing_time_and_the_chain_is_judged_then(ca):
    """PAdES B-T: a certificate that expired after the timestamp still validates."""
    long_ago = dt.datetime(2021, 6, 1, 3, 0, tzinfo=dt.UTC)
    person = ca.person(
        "Vũ Văn Hết Hạn",
        start=dt.datetime(2021, 1, 1, tzinfo=dt.UTC),
        end=dt.datetime(2022, 1, 1, tzinfo=dt.UTC),
    )
    tsa = DummyTimeStamper(tsa_cert=ca.tsa.cert, tsa_key=ca.tsa.key, fixed_dt=long_ago)
    pdf = sign(blank_pdf(), person, embed=(ca.intermediate,), tsa=tsa)
    [got] = verify(pdf, trusting(ca))
    assert (got.time, got.time_source) == ("2021-06-01T10:00:00+07:00", r.TSA)
    assert got.chain == r.TRUSTED
    assert "expired_after_signing" in got.advisory_codes()
    assert "01/06/2021 10:00" in got.verdict["vi"]


def test_certification_then_new_signature_fields_is_form_filling_not_tampering(ca):
    person = ca.person("Hoàng Văn Lãnh Đạo", "Ủy ban nhân dân tỉnh Thử")
    body = ca.person("ỦY BAN NHÂN DÂN TỈNH THỬ", "ỦY BAN NHÂN DÂN TỈNH THỬ")
    first = sign(
        blank_pdf(), person, embed=(ca.intermediate,), box=(300, 100, 500, 200), certify=True
    )
    both = sign(
        first,
        body,
        embed=(ca.intermediate,),
        field="Signature2",
        box=(100, 720, 160, 740),
        stamp_text="2536",
    )
    leader, office = verify(both, trusting(ca))
    assert leader.certification and leader.content_unchanged
    assert leader.coverage == r.REVISION_FORM_FILLING
    assert "fields_after_certification" in leader.advisory_codes()
    assert "modified_after_signing" not in leader.advisory_codes()
    assert office.coverage == r.ENTIRE_FILE and office.appearance_text == "2536"


def test_junk_before_the_header_is_stripped(ca, signed):
    [got] = verify(b"Content-Type: x\r\n\r\n" + signed, trusting(ca))
    assert got.intact and got.coverage == r.ENTIRE_FILE


def test_unreadable_pdf_gives_a_bilingual_error():
    with pytest.raises(SignatureReadError) as caught:
        verify(b"%PDF-1.4\nthis is not a PDF at all")
    both = caught.value.bilingual()
    assert both["vi"].startswith("Không đọc được chữ ký số trong tệp PDF")
    assert both["en"].startswith("Cannot read the digital signatures")


def test_mutated_signed_files_never_crash(ca, signed):
    rng = random.Random(19)
    outcomes = set()
    for _ in range(30):
        data = bytearray(signed)
        for _ in range(rng.randint(1, 8)):
            data[rng.randrange(len(data))] = rng.randrange(256)
        if rng.random() < 0.3:
            data = data[: rng.randrange(len(data))]
        try:
            results = verify(bytes(data), trusting(ca))
        except SignatureReadError as exc:
            assert exc.bilingual()["vi"]
            outcomes.add("error")
            continue
        outcomes.add("results")
        for got in results:
            assert got.verdict["vi"] and got.verdict["en"]
    assert outcomes == {"error", "results"}  # (fixed seed) and no other exception escaped


def test_unsigned_pdf_has_no_signatures():
    assert verify(blank_pdf()) == []


def test_shipped_certificates_load_with_their_pins():
    store = build_store()
    assert not store.refused
    assert len(store.roots) + len(store.intermediates) == len(PINS)
    names = {c.subject.native["common_name"] for c in store.roots}
    assert "RootCA chuyên dùng Chính phủ G2" in names


def test_a_shipped_file_whose_pin_differs_is_refused(tmp_path: Path):
    shipped = tmp_path / "trust"
    shutil.copytree(SHIPPED_DIR, shipped)
    # someone swaps the G2 root for another certificate
    shutil.copy(shipped / "vgcarepo_MIC.pem", shipped / "esign_rootcag2.pem")
    store = build_store(shipped=shipped)
    assert any("esign_rootcag2.pem" in reason for reason in store.refused)
    names = {c.subject.native["common_name"] for c in store.roots}
    assert "RootCA chuyên dùng Chính phủ G2" not in names


def test_administrator_certificates_are_loaded_from_the_setting(ca, signed, tmp_path, settings):
    (tmp_path / "root.pem").write_bytes(_pem(ca.root.cert.dump()))
    (tmp_path / "intermediate.crt").write_bytes(ca.intermediate.cert.dump())  # DER
    (tmp_path / "notes.txt").write_text("ignored")
    settings.DOCUMENT_TRUST_DIR = str(tmp_path)
    store = default_store()
    assert ca.root.cert.dump() in {c.dump() for c in store.roots}
    [got] = verify(signed)
    assert got.chain == r.TRUSTED
    settings.DOCUMENT_TRUST_DIR = ""
    [without] = verify(signed)
    assert without.chain == r.MISSING_INTERMEDIATE  # the test root is nowhere to be found


def _pem(der: bytes) -> bytes:
    from asn1crypto import pem

    return pem.armor("CERTIFICATE", der)



def test_verification_works_inside_a_running_event_loop(ca, signed):
    """A caller with a running loop (an async view, or Playwright's sync API holding one
    in a test session) gets the same answer: asyncio.run alone refuses there."""
    from tincoso.documents.signatures import running

    async def inside():  # verify called where a loop runs
        return verify(signed, trusting(ca))

    outside = [x.to_dict() for x in verify(signed, trusting(ca))]
    assert outside and [x.to_dict() for x in running.run(inside())] == outside
