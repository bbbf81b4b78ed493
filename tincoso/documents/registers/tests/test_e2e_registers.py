"""In a real browser: the sender revokes a sent document and the recipient sees the
banner; the recipient's register prints with the 10 columns of Phụ lục IV."""

from __future__ import annotations

from typing import Any

import pytest

from tincoso.conftest import DOCUMENT_SAMPLE, log_in, person_with
from tincoso.documents import services
from tincoso.units.models import Role, Unit

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

HEADERS = [
    "Ngày đến", "Số đến", "Tác giả", "Số, ký hiệu văn bản", "Ngày tháng văn bản",
    "Tên loại và trích yếu nội dung", "Đơn vị hoặc người nhận", "Ngày chuyển", "Ký nhận",
    "Ghi chú",
]  # fmt: skip


def _log_out(page: Any) -> None:
    page.get_by_role("button", name="Đăng xuất").click()


def test_a_revoked_document_shows_its_banner_and_the_register_prints(
    app_server: Any, page: Any, tree: dict[str, Unit]
) -> None:
    editor = person_with(Role.EDITOR, tree["committee"], "editor")
    person_with(Role.OFFICER, tree["cell-a"], "officer-a")
    doc = services.import_document(
        editor, tree["committee"], DOCUMENT_SAMPLE.read_bytes(), "30.txt"
    )
    doc = services.register_document(editor, doc)
    services.dispatch_document(editor, doc, [tree["cell-a"]])
    base = app_server.url

    log_in(page, base, "editor")
    page.goto(f"{base}/app/documents/{doc.pk}/")
    page.get_by_label("Lý do thu hồi (Tỉnh ủy Thử Nghiệm)").fill("Ban hành nhầm bản dự thảo.")
    page.get_by_role("button", name="Thu hồi", exact=True).click()
    page.get_by_text("Đã thu hồi văn bản.").wait_for()
    _log_out(page)

    log_in(page, base, "officer-a")
    page.goto(f"{base}/app/documents/{doc.pk}/")
    banner = page.locator("#withdrawn-banner")
    assert "Tỉnh ủy Thử Nghiệm đã thu hồi văn bản này" in banner.inner_text()
    assert "Ban hành nhầm bản dự thảo." in banner.inner_text()

    page.goto(f"{base}/app/registers/")
    page.get_by_role("link", name="Sổ đăng ký văn bản đến").first.click()
    page.get_by_role("link", name="Bản in").click()
    headers = page.locator("#register thead tr").first.locator("th")
    assert headers.all_inner_texts() == HEADERS
    assert "Thu hồi" in page.locator("#register tbody").inner_text()
