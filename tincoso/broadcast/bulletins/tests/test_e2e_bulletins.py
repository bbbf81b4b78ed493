"""In a real browser: an editor writes a bulletin and hears its preview; an approver
approves it; the worker `tincoso serve` runs renders it and the player plays it."""

from __future__ import annotations

import re
from typing import Any

import pytest

from tincoso.conftest import log_in, person_with
from tincoso.units.models import Role, Unit

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _knows_length(page: Any, selector: str) -> bool:
    """The browser has fetched the MP3 through the ranged audio view and knows its length
    (polled from Python: the CSP forbids the evaluated strings of wait_for_function)."""
    player = page.locator(selector)
    player.wait_for(state="attached", timeout=60000)
    for _ in range(120):
        if player.evaluate("a => a.readyState >= 1 && a.duration > 1"):
            return True
        page.wait_for_timeout(500)
    return False


def test_written_previewed_approved_and_played(
    app_server: Any, page: Any, tree: dict[str, Unit]
) -> None:
    person_with(Role.EDITOR, tree["commune"], "editor")
    person_with(Role.APPROVER, tree["commune"], "approver")
    base = app_server.url

    log_in(page, base, "editor")
    page.get_by_role("link", name=re.compile(r"^Truyền thanh(\s|$)")).click()
    page.wait_for_url(f"{base}/app/bulletins/")
    page.get_by_role("button", name="Soạn bản tin").click()
    page.get_by_label("Tiêu đề").fill("Thông báo lịch tiêm chủng")
    page.get_by_label("Nội dung").fill("Trạm y tế xã tiêm chủng cho trẻ em vào sáng thứ Bảy.")
    page.get_by_role("button", name="Lưu và gửi duyệt").click()
    assert page.locator("#bulletin-status").inner_text() == "Chờ duyệt"
    assert "trạm y tế xã" in page.locator("#reading").inner_text()
    page.get_by_role("button", name="Nghe thử").click()
    assert _knows_length(page, "#preview audio")
    page.get_by_role("button", name="Đăng xuất").click()

    log_in(page, base, "approver")
    page.goto(f"{base}/app/bulletins/?status=review")
    page.get_by_role("link", name="Thông báo lịch tiêm chủng").click()
    page.get_by_role("button", name="Duyệt để phát").click()
    assert page.locator("#bulletin-status").inner_text() == "Đã duyệt"
    for _ in range(120):  # the served worker renders it: wait for the work, not a speed
        if page.locator("#audio > audio").count():
            break
        page.wait_for_timeout(500)
        page.reload()
    assert _knows_length(page, "#audio > audio")
    assert "phát được trên loa" in page.locator("#audio").inner_text()


def test_the_bulletin_pages_have_no_serious_accessibility_problem(
    app_server: Any, browser: Any, tree: dict[str, Unit]
) -> None:
    from tincoso.broadcast.bulletins import services
    from tincoso.core.tests.test_e2e_a11y import problems

    editor = person_with(Role.EDITOR, tree["commune"], "editor")
    bulletin = services.create_bulletin(
        editor, tree["commune"], services.Draft(title="Tin loa", text="Họp dân lúc 8 giờ.")
    )
    context = browser.new_context(locale="vi-VN", bypass_csp=True, reduced_motion="reduce")
    tab = context.new_page()  # CSP bypassed for the checker only, as in core's a11y test
    base = app_server.url
    log_in(tab, base, "editor")
    paths = ["/app/bulletins/", "/app/bulletins/new/", f"/app/bulletins/{bulletin.pk}/",
             f"/app/bulletins/{bulletin.pk}/edit/"]  # fmt: skip
    found = [line for path in paths for line in problems(tab, base + path)]
    context.close()
    assert found == [], "\n".join(found)
