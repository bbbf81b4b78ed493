"""In a real browser, the whole way of an incoming document (NĐ 30/2020 Chương III):
the office imports a signed PDF (signature verified, fields read from its text layer),
registers it and passes it to the committee; the committee's leader gives instructions
(a member leads, a sub-unit coordinates, each with a deadline); the coordinating unit's
officer and the lead report their results; the committee's registers print the line
with its handlers and the results."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from asn1crypto import pem

from tincoso.conftest import log_in, person_with
from tincoso.documents.tests.e2e_steps import (
    complete_first_assignment,
    give_instructions,
    import_file,
)
from tincoso.documents.tests.signed_pdf import SIGNER, signed_plan
from tincoso.documents.tests.signing_ca import ThrowawayCA
from tincoso.units.models import Role, Unit

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

TITLE = "Triển khai công tác thông tin cơ sở năm 2026"


@pytest.fixture
def ca() -> ThrowawayCA:
    return ThrowawayCA()


@pytest.fixture
def trusted_env(ca: ThrowawayCA, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The test CA's root and intermediate in DOCUMENT_TRUST_DIR of the server started
    after this (``tincoso serve`` inherits the environment)."""
    trust = tmp_path / "trust"
    trust.mkdir()
    for name, who in (("root", ca.root), ("intermediate", ca.intermediate)):
        (trust / f"test-{name}.pem").write_bytes(pem.armor("CERTIFICATE", who.cert.dump()))
    monkeypatch.setenv("DOCUMENT_TRUST_DIR", str(trust))


def _log_out(page: Any) -> None:
    page.get_by_role("button", name="Đăng xuất").click()


def test_a_signed_pdf_goes_from_import_to_a_completed_register_line(
    trusted_env: None,
    app_server: Any,
    page: Any,
    tree: dict[str, Unit],
    ca: ThrowawayCA,
    tmp_path: Path,
) -> None:
    person_with(Role.EDITOR, tree["province"], "van-thu")
    person_with(Role.APPROVER, tree["committee"], "leader")
    person_with(Role.OFFICER, tree["committee"], "handler")
    person_with(Role.OFFICER, tree["cell-b"], "officer-b")
    pdf = tmp_path / "181-KH-SYT.pdf"
    pdf.write_bytes(signed_plan(ca))
    base = app_server.url
    in_three = (dt.date.today() + dt.timedelta(days=3)).strftime("%d/%m/%Y")
    in_five = (dt.date.today() + dt.timedelta(days=5)).strftime("%d/%m/%Y")

    # The office imports the signed PDF: read in the background, fields prefilled.
    log_in(page, base, "van-thu")
    import_file(page, base, pdf)
    prefilled = {
        "Số, ký hiệu:": "181/KH-SYT",
        "Ngày ban hành:": "05/03/2026",
        "Loại văn bản:": "Kế hoạch",
        "Người ký:": SIGNER,
    }
    for label, value in prefilled.items():
        assert page.get_by_label(label, exact=True).input_value() == value, label
    assert "Sở Y tế" in page.get_by_label("Cơ quan ban hành:", exact=True).input_value()
    assert TITLE in page.get_by_label("Trích yếu:", exact=True).input_value()
    page.get_by_role("button", name="Xác nhận và vào sổ").click()
    page.wait_for_url("**/app/documents/*/")
    doc_url = page.url

    # The document page: the signature verified against the trusted test CA.
    signature = page.locator('.signatures li[data-signature="Signature1"]')
    assert signature.get_attribute("data-chain") == "trusted"
    assert signature.get_attribute("data-intact") == "yes"
    verdict = signature.locator("strong").inner_text()
    assert verdict.startswith(f"Ký bởi {SIGNER}")
    assert "nội dung không bị thay đổi kể từ khi ký" in verdict
    assert "Kế hoạch số 181/KH-SYT" in page.get_by_role("heading", level=1).inner_text()

    # Passed to the committee (its leader gives the instructions).
    for box in page.locator('input[name="recipients"]').all():
        box.uncheck()
    page.get_by_label("Tỉnh ủy Thử Nghiệm", exact=True).check()
    page.get_by_role("button", name="Gửi", exact=True).click()
    page.get_by_text("Đã gửi tới 1 đơn vị.").wait_for()
    _log_out(page)

    # The leader: the committee's member leads, the Sở Y tế cell coordinates.
    log_in(page, base, "leader")
    page.goto(doc_url)
    committee = page.locator('.handling[data-unit="committee"]')
    committee.get_by_role("link", name="Cho ý kiến chỉ đạo").click()
    give_instructions(
        page,
        "Đồng chí cán bộ chủ trì tham mưu; Chi bộ Sở Y tế phối hợp.",
        [("handler", "Chủ trì", in_three), ("Chi bộ Sở Y tế", "Phối hợp", in_five)],
    )
    _log_out(page)

    # The coordinating cell's officer finds it in the to-do and reports the result.
    log_in(page, base, "officer-b")
    page.locator(".todo a", has_text="181/KH-SYT").first.click()
    page.wait_for_url("**/app/dispatches/*/")
    page.get_by_label("Kết quả thực hiện").fill("Đã rà soát số liệu chi bộ.")
    page.get_by_role("button", name="Hoàn thành").click()
    page.get_by_text("Đã rà soát số liệu chi bộ.").wait_for()
    _log_out(page)

    # The lead completes his own assignment ...
    log_in(page, base, "handler")
    complete_first_assignment(page, "Đã tham mưu dự thảo kế hoạch.")
    # ... and, from the document, reports the committee's result to the office.
    page.get_by_role("link", name="Xem văn bản").click()
    received = page.get_by_role("status").filter(has_text="Tỉnh ủy Thử Nghiệm đã nhận")
    received.get_by_role("link", name="Tiếp nhận, báo cáo kết quả").click()
    page.get_by_label("Kết quả thực hiện").fill("Đã ban hành kế hoạch của Tỉnh ủy.")
    page.get_by_role("button", name="Hoàn thành").click()
    page.get_by_text("Đã ban hành kế hoạch của Tỉnh ủy.").wait_for()

    # The committee's registers: the sổ đăng ký and the sổ theo dõi, as printed.
    year = dt.date.today().year
    page.goto(f"{base}/app/registers/committee/{year}/den/")
    page.get_by_role("link", name="Bản in").click()
    line = page.locator("#register tbody tr").filter(has_text="181/KH-SYT")
    cells = line.locator("td").all_inner_texts()
    assert cells[1] == "1"  # số đến
    assert "Sở Y tế" in cells[2]
    assert cells[3] == "181/KH-SYT"
    assert cells[4] == "05/03/2026"
    assert cells[5] == f"Kế hoạch {TITLE}"

    page.goto(f"{base}/app/registers/committee/{year}/theo-doi/")
    page.get_by_role("link", name="Bản in").click()
    line = page.locator("#register tbody tr").filter(has_text="181/KH-SYT")
    cells = line.locator("td").all_inner_texts()
    assert cells[0] == "1"
    assert "Kế hoạch số 181/KH-SYT ngày 05/03/2026" in cells[1]
    assert cells[2] == "Chủ trì: handler; Phối hợp: Chi bộ Sở Y tế"
    assert cells[3] == in_three
    today = dt.date.today().strftime("%d/%m/%Y")
    assert cells[4] == (
        f"Hoàn thành {today}: Đã ban hành kế hoạch của Tỉnh ủy.; "
        "handler: Đã tham mưu dự thảo kế hoạch.; Chi bộ Sở Y tế: Đã rà soát số liệu chi bộ."
    )
    assert cells[6] == ""  # done on time: no "Hoàn thành muộn", no "Quá hạn"
