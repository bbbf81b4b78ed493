"""In a real browser: an editor writes an item, an approver approves it, and an anonymous
reader finds it on the portal with an unaccented query and opens it."""

from __future__ import annotations

import re
from typing import Any

import pytest

from tincoso.conftest import log_in, person_with
from tincoso.units.models import Role, Unit

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_written_approved_and_found_by_an_anonymous_reader(
    app_server: Any, page: Any, tree: dict[str, Unit]
) -> None:
    person_with(Role.EDITOR, tree["commune"], "editor")
    person_with(Role.APPROVER, tree["commune"], "approver")
    base = app_server.url

    log_in(page, base, "editor")
    page.get_by_role("link", name=re.compile(r"^Tin bài(\s|$)")).click()
    page.wait_for_url(f"{base}/app/items/")
    page.get_by_role("button", name="Viết tin").click()
    page.get_by_label("Tiêu đề").fill("Xã Đồng Tâm đẩy mạnh thông tin cơ sở")
    page.get_by_label("Tóm tắt").fill("Loa truyền thanh thông minh đến từng thôn, bản.")
    page.get_by_label("Nội dung (Markdown)").fill("Đảng ủy xã chỉ đạo **lắp đặt** cụm loa.")
    page.get_by_role("button", name="Lưu và gửi duyệt").click()
    assert page.locator("#item-status").inner_text() == "Chờ duyệt"
    page.get_by_role("button", name="Đăng xuất").click()

    log_in(page, base, "approver")
    page.goto(f"{base}/app/items/?status=review")
    page.get_by_role("link", name="Xã Đồng Tâm đẩy mạnh thông tin cơ sở").click()
    page.get_by_role("button", name="Duyệt và đăng").click()
    assert page.locator("#item-status").inner_text() == "Đã đăng"
    page.get_by_role("button", name="Đăng xuất").click()

    page.goto(f"{base}/")
    page.get_by_label("Tìm kiếm").fill("dong tam thong tin co so")
    page.keyboard.press("Enter")
    page.wait_for_url("**/search?q=*")
    result = page.get_by_role("link", name="Xã Đồng Tâm đẩy mạnh thông tin cơ sở")
    assert page.locator("mark").first.is_visible()
    result.click()
    assert page.get_by_role("heading", level=1).inner_text() == (
        "Xã Đồng Tâm đẩy mạnh thông tin cơ sở"
    )
    assert page.locator(".item-body strong").inner_text() == "lắp đặt"
