"""Writing for people used to Word: the body's HTML from the rich-text editor is
cleaned by nh3 like Markdown is, the preview renders as the portal does, and a draft
from a document is one button away and links only to what the public can open."""

from __future__ import annotations

from typing import Any

from django.test import Client

from tincoso.conftest import person_with
from tincoso.publishing import content, services
from tincoso.publishing.tests.conftest import publish, registered_document
from tincoso.units.models import Role, Unit

# What Word puts on the clipboard (trimmed): namespaces, a style sheet, conditional
# comments holding XML, mso- styles, classes, <o:p>, a typed bullet, a table.
WORD = """<html xmlns:o="urn:schemas-microsoft-com:office:office"
xmlns:w="urn:schemas-microsoft-com:office:word"><head><meta charset="utf-8">
<style><!-- p.MsoNormal {mso-style-parent:""; margin:0cm;} --></style>
<!--[if gte mso 9]><xml><w:WordDocument><w:View>Print</w:View><w:Zoom>100</w:Zoom>
</w:WordDocument></xml><![endif]--></head><body lang=VI style='tab-interval:36.0pt'>
<h1 style='mso-outline-level:1'><span style='mso-bidi-font-family:Arial'>Kế hoạch tuyên truyền
<o:p></o:p></span></h1>
<p class=MsoNormal style='mso-margin-top-alt:auto'>Chữ
<b style='mso-bidi-font-weight:normal'>đậm</b>
và <i>nghiêng</i>, xem <a href="https://chinhphu.vn/" onclick="steal()">Cổng</a>
hay <a href="javascript:alert(1)">đây</a>.<o:p>&nbsp;</o:p></p>
<p class=MsoListParagraph style='mso-list:l0 level1 lfo1'><![if !supportLists]><span
style='font-family:Symbol'>·<span style='font:7.0pt "Times New Roman"'>&nbsp;&nbsp;</span>
</span><![endif]>Việc một</p>
<ul><li class=MsoNormal style='mso-list:l1 level1 lfo2'>Việc hai<o:p></o:p></li></ul>
<table class=MsoTableGrid border=1 style='mso-yfti-tbllook:1184;mso-padding-alt:0cm'>
<tr style='mso-yfti-irow:0'><td width=300 valign=top style='mso-border-alt:solid'>
<p class=MsoNormal>Thôn<o:p></o:p></p></td><td colspan=1><p>Số hộ</p></td></tr></table>
<p><!--[if gte vml 1]><v:shape id="Picture_x0020_1"><v:imagedata src="x.png"
o:title="Hình vẽ"/></v:shape><![endif]--><![if !vml]><img width=100 height=50
src="https://example.org/a.png" alt="Sơ đồ" v:shapes="Picture_x0020_1"><![endif]>
<img src="file:///C:/Users/a/image001.png"></p>
<script>steal()</script></body></html>"""


def test_word_paste_keeps_structure_and_drops_word_markup() -> None:
    html = content.render(WORD)
    for kept in (
        "<h2>Kế hoạch tuyên truyền",  # the title is the page's h1: the body starts at h2
        "<b>đậm</b>",
        "<i>nghiêng</i>",
        '<a href="https://chinhphu.vn/" rel="noopener noreferrer">Cổng</a>',
        "<li>Việc hai</li>",
        "<table>",
        "<td>",
        'colspan="1"',
        'src="https://example.org/a.png"',
        'alt="Sơ đồ"',
    ):
        assert kept in html, kept
    for dropped in (
        "mso-", "class=", "style", "<o:p", "o:p>", "MsoNormal", "Print", ">100<", "·",
        "javascript:", "onclick", "steal", "file:", "xmlns", "<script", "<span", "<h1",
        "v:shape", "Hình vẽ", "[if", "endif",
    ):
        assert dropped not in html, dropped


def test_editor_html_is_told_from_markdown_and_markdown_renders_as_before() -> None:
    assert content.is_html("<p>Một <strong>hai</strong></p>")
    assert content.is_html("  <h2>Đề mục</h2><ul><li>a</li></ul>")
    assert not content.is_html("# Đề mục\n\n**đậm** <b>và</b>")
    assert not content.is_html("")
    assert content.render("## Đề mục\n\n- một\n- hai") == (
        "<h2>Đề mục</h2>\n<ul>\n<li>một</li>\n<li>hai</li>\n</ul>"
    )
    # What the editor saves: tables with Quill's data-row, links, lists.
    saved = content.render(
        '<p>Xem <a href="https://a.vn" target="_blank">a</a></p><ol><li data-list="bullet">x'
        '</li></ol><table><tbody><tr><td data-row="row-1">1</td></tr></tbody></table>'
    )
    assert saved == (
        '<p>Xem <a href="https://a.vn" rel="noopener noreferrer">a</a></p><ol><li>x</li></ol>'
        "<table><tbody><tr><td>1</td></tr></tbody></table>"
    )
    assert content.plain_text("<h2>Đề mục</h2><p>Chữ <b>đậm</b></p>") == "Đề mục\nChữ đậm"


def test_an_item_written_in_html_shows_cleaned_on_the_portal(
    tree: dict[str, Unit], people: dict[str, Any]
) -> None:
    item = publish(people, tree["commune"], "Tin từ Word", body=WORD)
    page = Client().get(f"/tin/{item.pk}/").content.decode()
    assert "<h2>Kế hoạch tuyên truyền" in page and "<table>" in page
    assert "mso-" not in page and "<o:p>" not in page


def test_preview_renders_like_the_portal_for_those_who_may_write(
    tree: dict[str, Unit], people: dict[str, Any]
) -> None:
    editor = Client()
    editor.force_login(people["editor"])
    shown = editor.post("/app/items/preview/", {"body": WORD})
    assert shown.status_code == 200
    html = shown.content.decode()
    assert 'class="portal-item' in html and "<h2>Kế hoạch" in html and "<table>" in html
    assert "mso-" not in html and "javascript:" not in html and "<script" not in html
    markdown = editor.post("/app/items/preview/", {"body": "**đậm**"}).content.decode()
    assert "<strong>đậm</strong>" in markdown
    assert editor.get("/app/items/preview/").status_code == 405
    # Someone who may not write items sees no preview, for a new item or a unit's item.
    viewer = Client()
    viewer.force_login(person_with(Role.VIEWER, tree["commune"], "viewer"))
    assert viewer.post("/app/items/preview/", {"body": "x"}).status_code == 403
    item = services.create_item(people["editor"], tree["commune"], services.Draft(title="Tin"))
    assert viewer.post("/app/items/preview/", {"body": "x", "item": item.pk}).status_code == 403
    sibling = Client()
    sibling.force_login(person_with(Role.EDITOR, tree["cell-a"], "cell-editor"))
    # Another unit's item is not even said to exist.
    assert sibling.post("/app/items/preview/", {"body": "x", "item": item.pk}).status_code == 404
    assert editor.post("/app/items/preview/", {"body": "x", "item": item.pk}).status_code == 200
    assert Client().post("/app/items/preview/", {"body": "x"}).status_code == 302  # log in


def test_the_item_form_offers_the_editor_and_the_preview(
    tree: dict[str, Unit], people: dict[str, Any]
) -> None:
    client = Client()
    client.force_login(people["editor"])
    page = client.get("/app/items/new/").content.decode()
    assert "data-rich-editor" in page and "publishing/vendor/quill.js" in page
    assert 'hx-post="/app/items/preview/"' in page
    # An item written in Markdown opens in the editor as the portal shows it.
    item = services.create_item(
        people["editor"], tree["commune"], services.Draft(title="Tin", body="## Đề mục")
    )
    page = client.get(f"/app/items/{item.pk}/edit/").content.decode()
    assert '<template id="body-start"><h2>Đề mục</h2></template>' in page


def test_document_page_has_the_write_an_item_button_for_writers(
    tree: dict[str, Unit], people: dict[str, Any]
) -> None:
    doc = registered_document(people["editor"], tree["commune"])
    link = f'href="/app/items/new/?document={doc.pk}"'
    writer = Client()
    writer.force_login(people["editor"])
    page = writer.get(f"/app/documents/{doc.pk}/").content.decode()
    assert link in page and "Soạn tin từ văn bản" in page
    assert writer.get(f"/app/items/new/?document={doc.pk}").status_code == 200
    reader = Client()
    reader.force_login(person_with(Role.VIEWER, tree["commune"], "viewer"))
    page = reader.get(f"/app/documents/{doc.pk}/")
    assert page.status_code == 200 and link not in page.content.decode()


def test_a_draft_from_a_document_links_to_its_public_copy_never_to_staff_pages(
    tree: dict[str, Unit], people: dict[str, Any]
) -> None:
    doc = registered_document(people["editor"], tree["commune"])
    first = services.draft_from_document(people["editor"], doc)
    assert "/app/" not in first.body and "](" not in first.body  # nothing public yet
    assert doc.title in first.body
    # Members-only items and drafts are no public copy; a published public item is.
    members = publish(people, tree["commune"], "Nội bộ", audience="members")
    services.create_item(
        people["editor"], tree["commune"], services.Draft(title="Nháp"), source=doc
    )
    members.source_document = doc
    members.save()
    assert "](" not in services.draft_from_document(people["editor"], doc).body
    public = publish(people, tree["commune"], "Công khai")
    public.source_document = doc
    public.save()
    body = services.draft_from_document(people["editor"], doc).body
    assert f"](/tin/{public.pk}/)" in body and "/app/" not in body
    rendered = content.render(body)
    assert f'href="/tin/{public.pk}/"' in rendered
