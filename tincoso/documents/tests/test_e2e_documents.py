"""In a real browser: upload the founding guidance as .docx, confirm, dispatch to two
cells, acknowledge as one cell's officer, and see the cascade."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tincoso.conftest import log_in, person_with
from tincoso.units.models import Role, Unit, UnitKind

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_directive_goes_from_upload_to_an_acknowledged_cascade(
    app_server: Any, page: Any, tree: dict[str, Unit], sample_docx: bytes, tmp_path: Path
) -> None:
    board = Unit.objects.add_child(
        tree["committee"],
        {"code": "board", "name": "Ban Tuyên giáo Đảng ủy Khối", "kind": UnitKind.DEPARTMENT},
    )
    person_with(Role.EDITOR, board, "editor")
    person_with(Role.OFFICER, Unit.objects.get(code="cell-a"), "officer-a")
    docx = tmp_path / "30-HD-BTG.docx"
    docx.write_bytes(sample_docx)
    base = app_server.url

    log_in(page, base, "editor")
    page.goto(f"{base}/app/documents/new/")
    page.get_by_label(
        "Tệp văn bản (.docx, .pdf, .txt) hoặc ảnh chụp trang (.png, .jpg, .tif)"
    ).set_input_files(str(docx))
    page.get_by_role("button", name="Đọc văn bản").click()
    page.wait_for_url("**/imports/*/")  # read by the task worker `tincoso serve` runs
    page.get_by_role("link", name="Kiểm tra và xác nhận các trường").click()
    page.wait_for_url("**/edit/")
    assert page.get_by_label("Số, ký hiệu:", exact=True).input_value() == "30-HD/BTG"
    assert page.get_by_label("Ngày ban hành:", exact=True).input_value() == "06/06/2017"
    assert page.get_by_label("Người ký:", exact=True).input_value() == "Phan Xuân Trường"
    assert page.get_by_label("Loại văn bản:", exact=True).input_value() == "Hướng dẫn"
    page.get_by_role("button", name="Xác nhận và vào sổ").click()
    page.wait_for_url("**/app/documents/*/")
    assert page.get_by_role("heading", level=1).inner_text() == "Hướng dẫn số 30-HD/BTG"

    # Both cells are suggested from "Các chi, đảng bộ cơ sở"; send to both.
    assert page.get_by_label("Chi bộ Sở Nội vụ").is_checked()
    assert page.get_by_label("Chi bộ Sở Y tế").is_checked()
    page.get_by_role("button", name="Gửi", exact=True).click()
    page.get_by_text("Đã gửi tới 2 đơn vị.").wait_for()
    doc_url = page.url

    page.get_by_role("button", name="Đăng xuất").click()
    log_in(page, base, "officer-a")
    page.get_by_role("link", name="Văn bản đến").click()
    page.get_by_role("link", name="Hướng dẫn số 30-HD/BTG").click()
    page.get_by_role("button", name="Tiếp nhận").click()
    assert page.locator("#dispatch-status").inner_text() == "Đã tiếp nhận"

    page.get_by_role("button", name="Đăng xuất").click()
    log_in(page, base, "editor")
    page.goto(doc_url)
    page.get_by_role("link", name="Theo dõi triển khai").click()
    rows = page.locator(".cascade-row")
    assert rows.count() == 2
    statuses = {
        rows.nth(i).get_attribute("data-unit"): rows.nth(i).get_attribute("data-status")
        for i in range(2)
    }
    assert statuses == {"cell-a": "acknowledged", "cell-b": "sent"}
    assert page.locator('[data-unit="cell-a"] .status').inner_text() == "Đã tiếp nhận"
