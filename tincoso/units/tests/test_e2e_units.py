"""In a real browser: a demo editor logs in, browses the tree, is refused a sibling."""

from __future__ import annotations

from typing import Any

import pytest

from tincoso.conftest import log_in
from tincoso.units.demo import DEMO_PASSWORD, load_demo

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_demo_editor_browses_the_tree_and_is_refused_a_sibling_unit(
    app_server: Any, page: Any
) -> None:
    load_demo()
    base = app_server.url
    log_in(page, base, "bientap.btg", DEMO_PASSWORD)
    assert page.get_by_role("heading", level=1).inner_text().startswith("Xin chào")
    assert page.get_by_role("cell", name="Biên tập viên").is_visible()

    page.get_by_role("link", name="Đơn vị", exact=True).click()
    page.wait_for_url(f"{base}/app/units/")
    assert page.get_by_role("link", name="Ban Tuyên giáo và Dân vận Tỉnh ủy Lai Châu").is_visible()
    # Only the editor's own subtree is listed: the sibling committee is not.
    assert page.get_by_text("Đảng ủy Khối các cơ quan tỉnh Lai Châu").count() == 0

    page.get_by_label("Tìm đơn vị (không cần gõ dấu)").fill("tuyen giao")
    page.wait_for_url("**/app/units/?q=tuyen*giao")
    page.get_by_role("link", name="Ban Tuyên giáo và Dân vận Tỉnh ủy Lai Châu").click()
    page.wait_for_url(f"{base}/app/units/btg-tu/")
    assert page.get_by_role("heading", level=1).inner_text() == (
        "Ban Tuyên giáo và Dân vận Tỉnh ủy Lai Châu"
    )

    response = page.goto(f"{base}/app/units/du-khoi/")
    assert response.status == 403
    assert page.get_by_role("heading", name="Không có quyền truy cập").is_visible()
    # The reason, in the reader's language only.
    assert page.get_by_text("Bạn không có quyền").is_visible()
    assert page.get_by_text("You do not have permission").count() == 0


def test_the_ui_works_on_a_phone_sized_screen_with_the_keyboard(
    app_server: Any, page: Any
) -> None:
    load_demo()
    page.set_viewport_size({"width": 375, "height": 740})
    base = app_server.url
    page.goto(f"{base}/accounts/login/")
    # The log-in form has the focus on arrival, so a keyboard user types at once.
    assert page.evaluate("document.activeElement.id") == "id_username"
    page.get_by_label("Tên đăng nhập").fill("canbo.sonv")
    page.get_by_label("Mật khẩu").fill(DEMO_PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(f"{base}/app/")
    page.keyboard.press("Tab")  # the skip link comes first on every page
    assert page.evaluate("document.activeElement.className") == "skip-link"
    assert page.locator(".skip-link").bounding_box()["x"] >= 0  # and shows when focused
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375 + 1  # no sideways scrolling
