"""In a real browser, as the demo personas: the to-do home and its counts lead to the
work, and dates read dd/mm/yyyy even in a browser set to American English."""

from __future__ import annotations

import re
from typing import Any

import pytest

from tincoso.conftest import log_in
from tincoso.units.demo import DEMO_PASSWORD


@pytest.fixture
def demo(app_server: Any) -> str:
    """The whole demo, as `tincoso demo` loads it (directives, feedback, calendars…),
    served by `tincoso serve`; its address."""
    from io import StringIO

    from django.core.management import call_command

    call_command("demo", stdout=StringIO())
    return str(app_server.url)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_cell_officer_goes_from_the_to_do_home_to_the_directive(demo: str, page: Any) -> None:
    log_in(page, demo, "canbo.sonv", DEMO_PASSWORD)
    section = page.locator("#todo-directives")
    assert section.get_by_role("heading").inner_text().startswith("Văn bản chờ tiếp nhận")
    inbox = page.get_by_role("navigation").get_by_role("link", name=re.compile("^Văn bản đến"))
    rows = section.locator("tbody tr").count()
    assert rows >= 1 and inbox.locator(".count").inner_text().startswith(str(rows))
    # The sibling cell's officer's unit never shows.
    assert page.locator("main").get_by_text("Chi bộ Sở Y tế").count() == 0
    section.locator("tbody a").first.click()
    page.wait_for_url(re.compile(r".*/app/dispatches/\d+/$"))
    assert page.locator("#dispatch-status").is_visible()


def test_dates_read_day_first_in_an_english_browser(demo: str, browser: Any) -> None:
    context = browser.new_context(locale="en-US")
    page = context.new_page()
    base = demo
    try:
        page.goto(f"{base}/accounts/login/")
        page.locator("#id_username").fill("quantri.tinh")
        page.locator("#id_password").fill(DEMO_PASSWORD)
        page.locator("main button[type=submit]").click()
        page.wait_for_url(f"{base}/app/")
        page.goto(f"{base}/app/dashboard/?start=2026-01-01&end=2026-03-31")
        start = page.get_by_label("Từ ngày")
        assert start.input_value() == "01/01/2026"
        start.fill("31/03/2026")
        page.get_by_label("Đến ngày").fill("01/01/2026")
        page.get_by_role("button", name="Xem").click()
        page.wait_for_load_state()
        # A reversed range: an error beside the field, the dashboard still there.
        assert page.get_by_text("Ngày kết thúc phải sau ngày bắt đầu.").is_visible()
        assert page.get_by_label("Đơn vị", exact=True).is_visible()
    finally:
        context.close()
