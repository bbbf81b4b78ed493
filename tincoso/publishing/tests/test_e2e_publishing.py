"""In a real browser: an editor writes an item, an approver approves it, and an anonymous
reader finds it on the portal with an unaccented query and opens it; an editor pastes
from Word into the rich-text editor and the portal shows it clean."""

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
    body = page.get_by_role("textbox", name=re.compile(r"^Nội dung:?$"))  # rich-text editor
    body.click()
    page.keyboard.type("Đảng ủy xã chỉ đạo ")
    page.keyboard.press("Control+b")
    page.keyboard.type("lắp đặt")
    page.keyboard.press("Control+b")
    page.keyboard.type(" cụm loa.")
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


# What Word puts on the clipboard for a heading, a list, a table and a link (trimmed).
WORD_CLIPBOARD = """<html xmlns:o="urn:schemas-microsoft-com:office:office"
xmlns:w="urn:schemas-microsoft-com:office:word" xmlns="http://www.w3.org/TR/REC-html40">
<head><meta name=Generator content="Microsoft Word 15"><style><!--
p.MsoNormal {mso-style-parent:""; margin:0cm; font-family:"Times New Roman";}
--></style><!--[if gte mso 9]><xml><w:WordDocument><w:View>Normal</w:View>
</w:WordDocument></xml><![endif]--></head><body lang=VI style='tab-interval:36.0pt'>
<!--StartFragment--><h1 style='mso-outline-level:1'>Kế hoạch tuyên truyền<o:p></o:p></h1>
<p class=MsoNormal>Chữ <b style='mso-bidi-font-weight:normal'>đậm</b> và
<a href="https://chinhphu.vn/">Cổng Chính phủ</a><o:p></o:p></p>
<p class=MsoListParagraphCxSpFirst style='text-indent:-18.0pt;mso-list:l0 level1 lfo1'><![if
!supportLists]><span style='mso-list:Ignore'>·<span>&nbsp;&nbsp;</span></span><![endif]>Họp
thôn<o:p></o:p></p>
<p class=MsoListParagraphCxSpLast style='text-indent:-18.0pt;mso-list:l0 level1 lfo1'><![if
!supportLists]><span style='mso-list:Ignore'>·<span>&nbsp;&nbsp;</span></span><![endif]>Phát
tờ rơi<o:p></o:p></p>
<table class=MsoTableGrid border=1 cellspacing=0 style='mso-yfti-tbllook:1184'>
<tr style='mso-yfti-irow:0'><td width=200 style='mso-border-alt:solid windowtext .5pt'>
<p class=MsoNormal>Thôn Đông<o:p></o:p></p></td><td><p class=MsoNormal>120 hộ<o:p></o:p></p>
</td></tr></table><p class=MsoNormal><img width=64 height=64 alt="Logo"
src="https://example.org/logo.png"><img alt="Ảnh chụp" src="data:image/png;base64,iVBORw0KGgo=">
<o:p></o:p></p><!--EndFragment--></body></html>"""

PASTE = """(html) => {
  const editor = document.querySelector(".ql-editor");
  editor.focus();
  const data = new DataTransfer();
  data.setData("text/html", html);
  data.setData("text/plain", "Kế hoạch tuyên truyền");
  editor.dispatchEvent(new ClipboardEvent("paste", {
    clipboardData: data, bubbles: true, cancelable: true,
  }));
}"""


def test_pasted_from_word_and_shown_clean_on_the_portal(
    app_server: Any, page: Any, tree: dict[str, Unit]
) -> None:
    from tincoso.publishing import services
    from tincoso.publishing.models import Item

    person_with(Role.EDITOR, tree["commune"], "editor")
    approver = person_with(Role.APPROVER, tree["commune"], "approver")
    base = app_server.url

    log_in(page, base, "editor")
    page.goto(f"{base}/app/items/new/")
    page.get_by_label("Tiêu đề").fill("Kế hoạch tuyên truyền tháng Mười")
    page.evaluate(PASTE, WORD_CLIPBOARD)
    editor = page.locator(".ql-editor")
    editor.locator("table").wait_for()
    # A picture pasted as a file is not saved inline: the writer is told to upload it.
    assert page.locator("#pasted-image").is_visible()
    # The preview is the server's own render, as the portal will show it.
    page.get_by_role("button", name="Xem trước như trên trang tin").click()
    preview = page.locator("#preview .item-body")
    preview.locator("h2").wait_for()
    assert preview.locator("h2").inner_text().strip() == "Kế hoạch tuyên truyền"
    assert preview.locator("table td").count() == 2
    page.get_by_role("button", name="Lưu và gửi duyệt").click()
    assert page.locator("#item-status").inner_text() == "Chờ duyệt"

    item = Item.objects.get()
    services.approve(approver, item)
    page.get_by_role("button", name="Đăng xuất").click()
    page.goto(f"{base}/tin/{item.pk}/")
    body = page.locator(".item-body")
    assert body.locator("h2").inner_text().strip() == "Kế hoạch tuyên truyền"
    assert body.locator("strong, b").first.inner_text() == "đậm"
    assert [t.strip() for t in body.locator("li").all_inner_texts()] == [
        "Họp thôn",
        "Phát tờ rơi",
    ]
    assert body.locator("table td").all_inner_texts()[0].strip() == "Thôn Đông"
    assert body.locator("a", has_text="Cổng Chính phủ").get_attribute("href") == (
        "https://chinhphu.vn/"
    )
    assert body.locator("img").get_attribute("src") == "https://example.org/logo.png"
    html = body.inner_html()
    assert "mso-" not in html and "o:p" not in html and "·" not in html and "style=" not in html
    assert "data:" not in item.current.body


def test_the_editor_toolbar_is_named_and_its_image_is_a_web_address_with_a_description(
    app_server: Any, page: Any, tree: dict[str, Unit]
) -> None:
    person_with(Role.EDITOR, tree["commune"], "editor")
    log_in(page, app_server.url, "editor")
    page.goto(f"{app_server.url}/app/items/new/")
    page.locator(".ql-editor").wait_for()
    unnamed = page.evaluate(
        """() => [...document.querySelectorAll(
            ".ql-toolbar button, .ql-toolbar [role=button]")]
            .filter(e => !e.getAttribute("aria-label")).map(e => e.className)"""
    )
    assert unnamed == []
    page.on(
        "dialog",
        lambda d: d.accept("https://example.org/ban-do.png" if "https" in d.message else "Bản đồ"),
    )
    page.locator(".ql-editor").click()
    page.get_by_role("button", name="Ảnh (địa chỉ web)").click()
    page.locator('.ql-editor img[alt="Bản đồ"]').wait_for()
    assert page.locator("#id_body").input_value() == (
        '<p><img src="https://example.org/ban-do.png" alt="Bản đồ"></p>'
    )
