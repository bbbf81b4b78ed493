"""In a real browser the size of a phone (390×844): the staff pages people use most and
the public portal fit the screen, lists read as labelled cards, no word is split letter
by letter, and the navigation folds into a menu.

It lives with `reports`, the app that may read every other one.
"""

from __future__ import annotations

from collections.abc import Iterator
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command

from tincoso.conftest import log_in
from tincoso.units.demo import DEMO_PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}

# What does not fit, as short descriptions: the page wider than the screen, an element
# reaching past its right edge, a word of a table broken over two lines (a word is
# split when its text has more than one box), a form control narrower than the column.
MISFITS = """() => {
  const width = document.documentElement.clientWidth;
  const shown = el => el.getClientRects().length > 0
    && getComputedStyle(el).visibility !== "hidden";
  const name = el => el.tagName.toLowerCase() + (el.id ? "#" + el.id : "")
    + (typeof el.className === "string" && el.className ? "." + el.className : "")
    + " «" + (el.innerText || el.value || "").trim().slice(0, 30) + "»";
  const out = [];
  if (document.documentElement.scrollWidth > width) {
    out.push("page is " + document.documentElement.scrollWidth + "px wide");
  }
  for (const el of document.querySelectorAll("body *")) {
    const box = el.getBoundingClientRect();
    if (box.width > 0 && box.height > 0 && box.right > width + 0.5 && shown(el)) {
      out.push("past the right edge: " + name(el));
    }
  }
  for (const cell of document.querySelectorAll("th, td")) {
    if (!shown(cell)) continue;
    const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      // Words, cut where a line may break anyway (after - / . @ as in 07-CT/TW); a
      // token longer than any word (an address, a file name) may break anywhere.
      for (const token of node.data.matchAll(/\\S+/g)) {
        if (token[0].length > 20) continue;
        for (const part of token[0].matchAll(/[^\\-\\/.@]+/g)) {
          const range = document.createRange();
          range.setStart(node, token.index + part.index);
          range.setEnd(node, token.index + part.index + part[0].length);
          if (range.getClientRects().length > 1) {
            out.push("word split: " + part[0] + " in " + name(cell));
          }
        }
      }
    }
  }
  const main = document.querySelector("main");
  const column = main.clientWidth - parseFloat(getComputedStyle(main).paddingLeft)
    - parseFloat(getComputedStyle(main).paddingRight);
  for (const control of main.querySelectorAll("input, select, textarea")) {
    const skip = ["checkbox", "radio", "hidden", "submit"].includes(control.type);
    if (skip || !shown(control) || control.closest("[aria-hidden=true]")) continue;
    const row = control.closest("[role=group]") || control;  // a box with its button
    if (row.getBoundingClientRect().width < 0.9 * column) {
      out.push("narrow control: " + name(control));
    }
  }
  return out;
}"""


@pytest.fixture
def phone(browser: Any) -> Iterator[Any]:
    context = browser.new_context(locale="vi-VN", viewport=PHONE)
    tab = context.new_page()
    tab.set_default_timeout(15000)
    yield tab
    context.close()


def misfits(page: Any, url: str) -> list[str]:
    response = page.goto(url)
    assert response.status == 200, url
    return [f"{url}: {m}" for m in page.evaluate(MISFITS)]


def load_demo() -> None:
    """The whole demo, as `make run` loads it: items, directives, feedback, activities."""
    call_command("demo", stdout=StringIO())


def lists_are_cards(page: Any) -> None:
    """Every list table on the page reads as cards: no header row, a label per value."""
    tables = page.locator("table.cards")
    assert tables.count() > 0
    for table in tables.all():
        assert table.locator("thead").is_hidden()
        first = table.locator("tbody td[data-label]").first
        label = first.evaluate("td => getComputedStyle(td, '::before').content")
        assert label.strip('"') == first.get_attribute("data-label")


def test_staff_pages_fit_a_phone_and_lists_read_as_cards(app_server: Any, phone: Any) -> None:
    from tincoso.documents.models import Document
    from tincoso.feedback.models import Feedback, Status
    from tincoso.publishing.models import Item

    load_demo()
    base = app_server.url
    item = Item.objects.filter(unit__code="btg-tu").order_by("pk").first()
    feedback = Feedback.objects.filter(unit__code="tan-phong", status=Status.NEW).first()
    document = Document.objects.get(symbol="30-HD/BTG")
    assert item is not None and feedback is not None
    found: list[str] = []

    log_in(phone, base, "canbo.sonv", DEMO_PASSWORD)
    found += misfits(phone, f"{base}/app/inbox/cb-sonv/")
    lists_are_cards(phone)
    assert phone.locator("td[data-label='Số đến']").first.is_visible()

    phone.context.clear_cookies()
    log_in(phone, base, "canbo.tanphong", DEMO_PASSWORD)
    found += misfits(phone, f"{base}/app/feedback/")
    lists_are_cards(phone)
    found += misfits(phone, f"{base}/app/feedback/{feedback.pk}/")

    phone.context.clear_cookies()
    log_in(phone, base, "bientap.btg", DEMO_PASSWORD)
    found += misfits(phone, f"{base}/app/items/{item.pk}/edit/")
    found += misfits(phone, f"{base}/app/outreach/new/")

    phone.context.clear_cookies()
    log_in(phone, base, "quantri.tinh", DEMO_PASSWORD)
    found += misfits(phone, f"{base}/app/documents/{document.pk}/")
    lists_are_cards(phone)
    found += misfits(phone, f"{base}/app/dashboard/")
    lists_are_cards(phone)
    assert found == []


def test_the_navigation_folds_into_a_menu_on_a_phone(app_server: Any, phone: Any) -> None:
    load_demo()
    base = app_server.url
    log_in(phone, base, "quantri.tinh", DEMO_PASSWORD)
    reports = phone.get_by_role("link", name="Tổng hợp", exact=True)
    assert reports.is_hidden()
    phone.get_by_text("Trình đơn").click()
    assert reports.is_visible()
    phone.keyboard.press("Escape")  # closes it, as does a tap beside it
    assert reports.is_hidden()
    phone.get_by_text("Trình đơn").click()
    phone.get_by_role("heading", level=1).click()
    assert reports.is_hidden()
    phone.get_by_text("Trình đơn").click()
    reports.click()
    phone.wait_for_url(f"{base}/app/dashboard/")
    assert phone.evaluate(MISFITS) == []


def test_without_script_the_navigation_shows_every_link(app_server: Any, browser: Any) -> None:
    load_demo()
    context = browser.new_context(locale="vi-VN", viewport=PHONE, java_script_enabled=False)
    page = context.new_page()
    try:
        log_in(page, app_server.url, "quantri.tinh", DEMO_PASSWORD)
        assert page.get_by_role("link", name="Tổng hợp", exact=True).is_visible()
        assert page.evaluate(MISFITS) == []
    finally:
        context.close()


def test_the_public_portal_fits_a_phone(app_server: Any, phone: Any) -> None:
    load_demo()
    base = app_server.url
    found: list[str] = []
    for path in ("/", "/gop-y/", "/hoi-dap/", "/dinh-chinh/", "/search?q=thong+tin",
                 "/don-vi/tan-phong/"):
        found += misfits(phone, base + path)
    phone.goto(base + "/")
    phone.locator("main article h3 a").first.click()
    found += misfits(phone, phone.url)
    assert found == []


def test_the_search_form_lays_out_its_button_and_dates_on_a_desktop(
    app_server: Any, browser: Any
) -> None:
    context = browser.new_context(locale="vi-VN", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    try:
        page.goto(f"{app_server.url}/search?q=thong+tin")
        box = page.get_by_label("Từ khóa (không cần dấu)").bounding_box()
        button = page.get_by_role("button", name="Tìm", exact=True).bounding_box()
        # The button sits beside the words searched for, as tall as their box.
        assert abs(button["y"] - box["y"]) < 2 and abs(button["height"] - box["height"]) < 2
        assert button["x"] >= box["x"] + box["width"] - 2
        for label in ("Từ ngày", "Đến ngày"):  # wide enough for a whole date
            assert page.get_by_label(label).bounding_box()["width"] >= 200
        assert page.evaluate("document.documentElement.scrollWidth") <= 1280
    finally:
        context.close()
