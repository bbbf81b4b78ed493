"""The document page shows the original beside the parsed fields, safely."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

from tincoso.conftest import person_with
from tincoso.documents import services
from tincoso.documents.models import Document
from tincoso.documents.original import sanitise
from tincoso.documents.tests.pdf_builder import Page, build_pdf
from tincoso.units.models import Role, Unit

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00"
    b"\x00\x00\x00IEND\xaeB`\x82"
)


def stored(unit: Unit, name: str, data: bytes, **fields: Any) -> Document:
    doc = Document(unit=unit, file_name=name, text=fields.pop("text", ""), **fields)
    doc.file.save(name, ContentFile(data), save=False)
    doc.save()
    return doc


def hostile_docx() -> bytes:
    """A .docx with a ``javascript:`` link and a picture linked from another server."""
    import docx

    document = docx.Document()
    document.add_paragraph("Kính gửi: các chi bộ")
    part = document.part
    link = part.relate_to("javascript:alert(1)", RT.HYPERLINK, is_external=True)
    picture = part.relate_to("http://tracker.example/pixel.png", RT.IMAGE, is_external=True)
    paragraph = document.add_paragraph()
    paragraph._p.append(
        parse_xml(
            f'<w:hyperlink {nsdecls("w", "r")} r:id="{link}"><w:r><w:t>bấm vào đây</w:t></w:r>'
            "</w:hyperlink>"
        )
    )
    paragraph._p.append(
        parse_xml(
            f"<w:r {nsdecls('w', 'wp', 'a', 'pic', 'r')}><w:drawing><wp:inline>"
            '<wp:extent cx="9525" cy="9525"/><wp:docPr id="1" name="p"/><a:graphic>'
            '<a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture">'
            '<pic:pic><pic:nvPicPr><pic:cNvPr id="1" name="p"/><pic:cNvPicPr/></pic:nvPicPr>'
            f'<pic:blipFill><a:blip r:link="{picture}"/></pic:blipFill><pic:spPr/></pic:pic>'
            "</a:graphicData></a:graphic></wp:inline></w:drawing></w:r>"
        )
    )
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


@pytest.fixture
def editor(tree: dict[str, Unit]) -> Any:
    return person_with(Role.EDITOR, tree["committee"], "committee-editor")


def client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_a_pdf_page_holds_the_viewer_pointing_at_the_checked_file_route(
    tree: dict[str, Unit], editor: Any
) -> None:
    doc = stored(tree["committee"], "kh.pdf", build_pdf([Page(texts=[(72, 700, "KE HOACH")])]))
    html = client_for(editor).get(reverse("document-detail", args=[doc.pk])).content.decode()
    assert 'id="pdf-viewer"' in html
    assert f'data-url="{reverse("document-file", args=[doc.pk])}"' in html
    assert "pdfjs/pdf.worker.min.mjs" in html and "documents/original.js" in html


def test_the_file_route_sends_the_real_type_for_pdf_js_and_images(
    tree: dict[str, Unit], editor: Any
) -> None:
    pdf = b"junk-from-a-gateway\n" + build_pdf([Page(texts=[(72, 700, "X")])])
    client = client_for(editor)
    for name, data, kind in (
        ("scan.PDF", pdf, "application/pdf"),
        ("trang1.jpg", PNG, "image/png"),  # a PNG named .jpg is served as what it is
    ):
        doc = stored(tree["committee"], name, data)
        response = client.get(reverse("document-file", args=[doc.pk]))
        assert response["Content-Type"] == kind
        assert b"".join(response.streaming_content) == data
        assert response["Content-Disposition"].startswith("attachment;")
        # PDF.js asks for ranges: the first page of a large scan draws before the rest.
        part = client.get(reverse("document-file", args=[doc.pk]), HTTP_RANGE="bytes=0-9")
        assert part.status_code == 206 and b"".join(part.streaming_content) == data[:10]
        assert part["Content-Range"] == f"bytes 0-9/{len(data)}"
    html = client.get(reverse("document-detail", args=[doc.pk])).content.decode()
    assert f'<img class="original-image" src="{reverse("document-file", args=[doc.pk])}"' in html


def test_a_docx_is_shown_as_html_without_script_links_or_outside_pictures(
    tree: dict[str, Unit], editor: Any
) -> None:
    doc = stored(tree["committee"], "cv.docx", hostile_docx())
    response = client_for(editor).get(reverse("document-detail", args=[doc.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    pane = html[html.index('class="docx-original"') :]
    assert "Kính gửi: các chi bộ" in pane and "bấm vào đây" in pane
    assert "javascript:" not in html and "tracker.example" not in html


def test_the_sanitiser_keeps_pictures_from_the_file_only_and_safe_links() -> None:
    html = sanitise(
        '<p onclick="x()">a<script>alert(1)</script></p><a href="JavaScript:alert(1)">b</a>'
        '<a href="https://thuvienphapluat.vn/">c</a><img src="http://x.example/t.png">'
        '<img src="data:image/png;base64,AAAA"><a href="data:text/html,x">d</a>'
    )
    assert "script" not in html.lower() and "onclick" not in html and "x.example" not in html
    assert (
        'href="https://thuvienphapluat.vn/"' in html and 'src="data:image/png;base64,AAAA"' in html
    )
    assert "data:text/html" not in html


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("vi", "Không hiển thị được tệp Word này"),
        ("en", "This Word file cannot be shown"),
    ],
)
def test_a_corrupt_docx_gives_a_clear_message_in_the_pane_not_an_error_page(
    tree: dict[str, Unit], editor: Any, language: str, message: str
) -> None:
    doc = stored(tree["committee"], "hong.docx", b"PK\x03\x04" + b"\x00" * 200)
    editor.language = language
    editor.save(update_fields=["language"])
    response = client_for(editor).get(reverse("document-detail", args=[doc.pk]))
    assert response.status_code == 200
    assert message in response.content.decode()


def test_a_text_file_is_shown_as_its_text(tree: dict[str, Unit], editor: Any) -> None:
    doc = stored(
        tree["committee"], "tb.txt", "Thông báo <b>số 5</b>".encode(), text="Thông báo <b>số 5</b>"
    )
    html = client_for(editor).get(reverse("document-detail", args=[doc.pk])).content.decode()
    assert '<pre class="txt-original">Thông báo &lt;b&gt;số 5&lt;/b&gt;</pre>' in html


def test_someone_without_access_gets_403_on_the_page_and_the_file(
    tree: dict[str, Unit], outsider: Any
) -> None:
    doc = stored(tree["committee"], "kh.pdf", build_pdf([Page(texts=[(72, 700, "X")])]))
    client = client_for(outsider)
    assert client.get(reverse("document-detail", args=[doc.pk])).status_code == 403
    assert client.get(reverse("document-file", args=[doc.pk])).status_code == 403


def test_fields_to_confirm_are_marked_in_words_until_the_officer_saves_them(
    tree: dict[str, Unit], editor: Any, sample_text: str
) -> None:
    doc = services.import_document(editor, tree["committee"], sample_text.encode(), "hd.txt")
    Document.objects.filter(pk=doc.pk).update(
        signer_name="", confidence={**doc.confidence, "title": 0.3}
    )
    client = client_for(editor)
    html = client.get(reverse("document-detail", args=[doc.pk])).content.decode()
    assert 'data-field="title" data-status="check"' in html and "Cần kiểm tra" in html
    assert 'data-field="signer_name" data-status="missing"' in html
    assert f'href="{reverse("document-edit", args=[doc.pk])}">Xác nhận hoặc sửa' in html

    doc.refresh_from_db()
    services.update_fields(editor, doc, title=doc.title, signer_name="Phan Xuân Trường")
    html = client.get(reverse("document-detail", args=[doc.pk])).content.decode()
    assert 'data-status="check"' not in html and 'data-status="missing"' not in html


def test_the_page_keeps_a_strict_content_security_policy(
    tree: dict[str, Unit], editor: Any
) -> None:
    doc = stored(tree["committee"], "kh.pdf", build_pdf([Page(texts=[(72, 700, "X")])]))
    policy = client_for(editor).get(reverse("document-detail", args=[doc.pk]))[
        "Content-Security-Policy"
    ]
    directives = dict(d.strip().split(" ", 1) for d in policy.split(";"))
    assert directives["script-src"] == "'self'" and directives["worker-src"] == "'self'"
    assert "unsafe-eval" not in policy and "blob:" not in policy


def test_fields_read_from_a_scan_must_have_been_found_by_the_canonical_pattern(
    tree: dict[str, Unit], editor: Any
) -> None:
    fields = {
        "doc_type": "Kế hoạch",
        "number": "05",
        "symbol": "05-KH/TU",
        "title": "triển khai Chỉ thị 07",
        "confidence": {"doc_type": 0.95, "symbol": 0.95, "title": 0.8},
    }
    scan = build_pdf([Page(image=(100, 130, b"\x80" * 100 * 130))])  # the page is a picture
    typed = build_pdf([Page(texts=[(72, 700, "KE HOACH")])])
    client = client_for(editor)
    for data, title_status in ((scan, "check"), (typed, "ok"), (PNG, "check")):
        doc = stored(tree["committee"], "kh.pdf", data, **fields)
        html = client.get(reverse("document-detail", args=[doc.pk])).content.decode()
        assert f'data-field="title" data-status="{title_status}"' in html
        assert 'data-field="symbol" data-status="ok"' in html


def test_the_edit_page_shows_the_original_beside_the_form_with_the_same_marks(
    tree: dict[str, Unit], editor: Any, sample_docx: bytes
) -> None:
    doc = services.import_document(editor, tree["committee"], sample_docx, "30-HD-BTG.docx")
    Document.objects.filter(pk=doc.pk).update(confidence={**doc.confidence, "title": 0.3})
    html = client_for(editor).get(reverse("document-edit", args=[doc.pk])).content.decode()
    pane = html[html.index('class="docx-original"') :]
    assert "Phan Xuân Trường" in pane
    form = html[html.index('class="original-layout"') : html.index('class="original-pane"')]
    assert form.count("Cần kiểm tra") == 1


def test_headings_in_a_docx_stay_below_the_page_own_headings(
    tree: dict[str, Unit], editor: Any
) -> None:
    import docx

    document = docx.Document()
    document.add_heading("HƯỚNG DẪN", level=0)
    document.add_heading("Phần một", level=1)
    out = io.BytesIO()
    document.save(out)
    doc = stored(tree["committee"], "hd.docx", out.getvalue())
    html = client_for(editor).get(reverse("document-detail", args=[doc.pk])).content.decode()
    start = html.index('class="docx-original"')
    pane = html[start : html.index("</details>", start)]
    assert "<h3>HƯỚNG DẪN</h3>" in pane and "<h3>Phần một</h3>" in pane
    assert "<h1" not in pane and "<h2" not in pane


def test_a_tiff_scan_is_shown_page_by_page_as_png(
    tree: dict[str, Unit], editor: Any, outsider: Any
) -> None:
    from PIL import Image

    out = io.BytesIO()
    first, second = Image.new("L", (200, 280), 255), Image.new("L", (200, 280), 0)
    first.save(out, "TIFF", save_all=True, append_images=[second])
    doc = stored(tree["committee"], "scan.tif", out.getvalue())
    client = client_for(editor)
    html = client.get(reverse("document-detail", args=[doc.pk])).content.decode()
    for n in (1, 2):
        assert f'src="{reverse("document-original-page", args=[doc.pk, n])}"' in html
    page = client.get(reverse("document-original-page", args=[doc.pk, 2]))
    assert page["Content-Type"] == "image/png"
    assert Image.open(io.BytesIO(page.content)).getpixel((10, 10)) == 0  # the black page
    assert client.get(reverse("document-original-page", args=[doc.pk, 3])).status_code == 404
    others = client_for(outsider)
    assert others.get(reverse("document-original-page", args=[doc.pk, 1])).status_code == 403


def test_a_broken_tiff_gives_a_message_in_the_pane(tree: dict[str, Unit], editor: Any) -> None:
    doc = stored(tree["committee"], "scan.tif", b"II*\x00" + b"\x00" * 64)
    response = client_for(editor).get(reverse("document-detail", args=[doc.pk]))
    assert response.status_code == 200
    assert "Không hiển thị được ảnh này" in response.content.decode()
