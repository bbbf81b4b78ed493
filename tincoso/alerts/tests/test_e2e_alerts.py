"""In a real browser: an editor composes a flash-flood drill from its template in three
fields; the author cannot send it; an approver sends it; its public page and the
exercise feed say DIỄN TẬP; an anonymous reader sees its banner on the village's portal
page; the page lists each channel; the approver cancels it in one click and the banner
goes."""

from __future__ import annotations

import os
import re
from typing import Any

import pytest

from tincoso.conftest import log_in, person_with
from tincoso.units.models import Role, Unit

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
SHOTS = os.environ.get("ALERTS_SCREENSHOTS", "")


def _shot(page: Any, name: str) -> None:
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/{name}.png", full_page=True)


def test_composed_from_a_template_sent_by_a_second_person_and_cancelled(
    app_server: Any, page: Any, tree: dict[str, Unit]
) -> None:
    person_with(Role.EDITOR, tree["commune"], "editor")
    person_with(Role.APPROVER, tree["commune"], "approver")
    base = app_server.url

    log_in(page, base, "editor")
    page.goto(f"{base}/app/alerts/")
    page.get_by_role("button", name="Lũ quét").click()
    page.get_by_label("Vùng cảnh báo").select_option(["village"])
    page.get_by_label(re.compile("^Cấp độ rủi ro")).select_option("4")
    page.get_by_label(re.compile("^Mô tả: điều gì")).fill("Suối Nà Khum dâng nhanh, đêm nay.")
    page.get_by_label("Loại tin").select_option("Exercise")
    _shot(page, "compose")
    page.get_by_role("button", name="Lưu, chờ duyệt").click()
    heading = page.get_by_role("heading", level=1).inner_text()
    assert heading.startswith("DIỄN TẬP: ") and heading.endswith("cấp độ 4")  # the level set
    assert page.get_by_role("button", name="Duyệt và phát").count() == 0  # the author
    page.get_by_role("button", name="Đăng xuất").click()

    log_in(page, base, "approver")
    page.goto(f"{base}/app/alerts/")
    page.get_by_role("link", name=re.compile("Cảnh báo lũ quét")).click()
    page.get_by_role("button", name="Duyệt và phát").click()
    assert "Đã phát" in page.locator("main").inner_text()
    assert page.get_by_role("table").filter(has_text="Trang thông tin (băng cảnh báo)").count()
    _shot(page, "detail")
    reader = page.context.browser.new_context().new_page()  # anonymous: the cached portal
    reader.goto(f"{base}/don-vi/village/")
    banner = reader.get_by_role("alert").filter(has_text="DIỄN TẬP: ")
    assert banner.count() == 1 and "Di chuyển ngay lên chỗ cao" in banner.inner_text()
    _shot(reader, "banner")
    page.get_by_role("link", name="Trang công khai").click()
    public = page.locator("main").inner_text()
    assert "DIỄN TẬP" in public and "Cấp độ 4" in public
    _shot(page, "public")
    page.go_back()
    page.get_by_role("button", name="Hủy cảnh báo ngay").click()
    assert "Hủy" in page.get_by_role("heading", level=1).inner_text()
    feed = page.request.get(f"{base}/canh-bao/dien-tap/feed.atom").text()
    assert "<entry>" not in feed  # cancelled: no longer active
    reader.reload()
    assert reader.get_by_role("alert").count() == 0  # the cached page lost its banner
