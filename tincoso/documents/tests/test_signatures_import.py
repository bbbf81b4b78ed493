"""Signatures at import: stored on the document, shown on its page and in the API,
and filling only the fields the parser left empty."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from asn1crypto import pem
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from tincoso.conftest import person_with
from tincoso.documents.models import Document
from tincoso.documents.signatures.prefill import is_body, suggest
from tincoso.documents.signatures.record import gaps, read
from tincoso.documents.signatures.result import TSA, SignatureResult
from tincoso.documents.tests.signing_ca import ThrowawayCA, blank_pdf, sign
from tincoso.documents.tests.test_import_background import run_worker
from tincoso.units.models import Role, Unit, UnitKind


@pytest.fixture(scope="module")
def ca() -> ThrowawayCA:
    return ThrowawayCA()


@pytest.fixture
def trusted(ca: ThrowawayCA, tmp_path: Path, settings: Any) -> None:
    (tmp_path / "test-root.pem").write_bytes(pem.armor("CERTIFICATE", ca.root.cert.dump()))
    (tmp_path / "test-intermediate.pem").write_bytes(
        pem.armor("CERTIFICATE", ca.intermediate.cert.dump())
    )
    settings.DOCUMENT_TRUST_DIR = str(tmp_path)


def signed_report(ca: ThrowawayCA) -> bytes:
    """A leader signs in the signature block, then the office stamps number and day."""
    leader = ca.person("Trần Văn Ký", "ỦY BAN NHÂN DÂN TỈNH THỬ", "SỞ THỬ NGHIỆM")
    office = ca.person("SỞ THỬ NGHIỆM", "ỦY BAN NHÂN DÂN TỈNH THỬ")
    embed = (ca.intermediate,)
    pdf = sign(blank_pdf(), leader, embed=embed, box=(320, 120, 520, 220), certify=True)
    pdf = sign(pdf, office, embed=embed, field="So", box=(110, 700, 160, 720), stamp_text="181")
    return sign(pdf, office, embed=embed, field="Ngay", box=(380, 700, 410, 720), stamp_text="05")


def api(user: Any) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.mark.django_db(transaction=True)  # the real worker commits
def test_import_keeps_the_signatures_and_fills_the_gaps(
    tree: dict[str, Unit], ca: ThrowawayCA, trusted: None
) -> None:
    board = Unit.objects.add_child(
        tree["committee"], {"code": "board", "name": "Văn thư", "kind": UnitKind.DEPARTMENT}
    )
    editor = person_with(Role.EDITOR, board)
    upload = SimpleUploadedFile("181-bc.pdf", signed_report(ca))
    created = api(editor).post(
        "/api/documents/", {"unit": "board", "file": upload}, format="multipart"
    )
    assert created.status_code == 202, created.content  # read in the background
    run_worker()
    done = api(editor).get(created.json()["status_url"]).json()
    assert done["status"] == "parsed", done
    body = api(editor).get(done["document_url"]).json()
    results = body["signatures"]["results"]
    assert [r["field"] for r in results] == ["Signature1", "So", "Ngay"]
    assert all(r["chain"] == "trusted" and r["intact"] for r in results)
    assert results[0]["verdict"]["vi"].startswith("Ký bởi Trần Văn Ký (ỦY BAN NHÂN DÂN TỈNH THỬ)")
    assert "fields_after_certification" in [a["code"] for a in results[0]["advisories"]]
    # the parser found none of these in the text; the signatures fill them
    assert body["number"] == "181"
    assert body["signer_name"] == "Trần Văn Ký"
    assert body["issuer"] == "Sở Thử nghiệm tỉnh Thử"
    doc = Document.objects.get(pk=body["id"])
    assert doc.date is not None and doc.date.day == 5
    assert doc.confidence["number"] == 0.9
    assert doc.signatures["suggestions"]["number"] == {"value": "181", "from": "So", "how": "stamp"}

    page = Client()
    page.force_login(editor)
    html = page.get(reverse("document-detail", args=[doc.pk])).content.decode()
    assert "Chữ ký số" in html and "Ký bởi Trần Văn Ký" in html
    assert 'data-advisory="fields_after_certification"' in html
    editor.language = "en"  # the language the user chose
    editor.save(update_fields=["language"])
    english = page.get(reverse("document-detail", args=[doc.pk]))
    assert "Digital signatures" in english.content.decode()
    assert "Signed by Trần Văn Ký" in english.content.decode()


def test_an_unsigned_pdf_has_no_signature_record() -> None:
    assert read(blank_pdf(), "pdf") == {}
    assert read(b"plain text", "txt") == {}


def test_a_pdf_whose_signatures_cannot_be_read_gets_a_bilingual_error() -> None:
    record = read(b"%PDF-1.4\nnot really a PDF", "pdf")
    assert record["error"]["vi"].startswith("Không đọc được chữ ký số")
    assert record["error"]["en"].startswith("Cannot read the digital signatures")


def test_the_parser_stays_primary() -> None:
    record = {
        "suggestions": {
            "signer_name": {"value": "Người Trong Chứng Thư", "from": "S1", "how": "certificate"},
            "number": {"value": "181", "from": "S2", "how": "stamp"},
        }
    }
    filled = gaps({"signer_name": "Người Trong Văn Bản", "symbol": "/BC-SNV"}, record)
    assert filled == {"number": "181", "symbol": "181/BC-SNV"}


@pytest.mark.parametrize(
    ("name", "body"),
    [
        ("ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG", True),
        ("Ban Tổ chức", True),
        ("SỞ NỘI VỤ", True),
        ("Văn phòng Chính phủ", True),
        ("Trương Văn Sang", False),  # Trương is a surname, not "Trường" (school)
        ("Đoàn Thị Hà", False),
        ("Nguyễn Minh", False),
    ],
)
def test_bodies_and_people_are_told_apart_by_the_certificate_name(name: str, body: bool) -> None:
    assert is_body(name) is body


def stamp(field: str, text: str, x: float, time: str = "") -> SignatureResult:
    return SignatureResult(
        field=field, page=1, rect=[x, 700, x + 40, 720], page_height=842,
        signer_cn="SỞ THỬ NGHIỆM", signer_o="ỦY BAN NHÂN DÂN TỈNH THỬ",
        time=time or None, time_source=TSA if time else "", intact=True,
        signature_valid=True, appearance_text=text,
    )  # fmt: skip


@pytest.mark.parametrize(
    ("signed", "stamped", "date"),
    [
        ("2026-11-05T09:00:00+07:00", ["181", "05"], "2026-11-05"),  # the same day
        ("2026-11-28T09:00:00+07:00", ["181", "05"], "2026-11-05"),  # earlier this month
        ("2026-12-01T00:30:00+07:00", ["181", "05"], "2026-11-05"),  # the month before
        ("2026-01-02T09:00:00+07:00", ["181", "30"], "2025-12-30"),  # and the year before
        ("2026-03-01T09:00:00+07:00", ["181", "30"], "2026-03-01"),  # no 30 February
        ("2026-12-01T09:00:00+07:00", ["181", "05", "12"], "2026-12-01"),  # after signing
        ("2026-12-01T09:00:00+07:00", ["181", "28", "11", "2026"], "2026-11-28"),
    ],
)
def test_the_stamped_day_dates_the_document_on_or_before_signing(
    signed: str, stamped: list[str], date: str
) -> None:
    first = stamp("So", stamped[0], 110, signed)
    rest = [stamp(f"F{i}", text, 160 + 50 * i) for i, text in enumerate(stamped[1:])]
    assert suggest([first, *rest])["date"]["value"] == date
