"""The original file of a document, as the officer sees it beside the parsed fields.

A PDF is drawn in the browser by PDF.js from the access-checked file route; a page
image is shown as it is; a .docx becomes HTML on the server (mammoth), cleaned by
nh3 so that nothing in a received file can run or call another server; a .txt is
shown as its text. Nothing is stored: the .docx HTML is cached by the file's hash.
"""

from __future__ import annotations

import base64
import io
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Literal

import nh3
from django.core.cache import cache
from django.utils.translation import gettext as _

from tincoso.core import archives
from tincoso.core.mediastore import head
from tincoso.documents.extraction import Extracted
from tincoso.documents.extraction import Kind as ExtractedKind
from tincoso.documents.models import Document
from tincoso.documents.pdf_text import PdfError, looks_scanned, open_pdf, pdf_start

logger = logging.getLogger(__name__)

Kind = Literal["pdf", "docx", "txt", "image", "tiff", "none"]

# (magic bytes, content type) of the page images a browser shows in an <img>.
_IMAGES: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
)
_TIFF = (b"II*\x00", b"MM\x00*")

# A picture inside a .docx larger than this is left out of the preview: the page
# carries it as a data: URI, and a scanned page pasted into Word would make the
# HTML megabytes long. The download link still has it.
MAX_INLINE_IMAGE_BYTES = 256 * 1024
# The .docx preview, once made, is kept this long (keyed by the file's hash).
CACHE_SECONDS = 24 * 3600

_TAGS = {
    "p", "br", "h3", "h4", "h5", "h6", "strong", "em", "b", "i", "u", "s",
    "sup", "sub", "blockquote", "ul", "ol", "li", "a", "table", "thead", "tbody",
    "tr", "th", "td", "img", "hr",
}  # fmt: skip
_ATTRIBUTES = {
    "a": {"href"},
    "img": {"src", "alt"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan"},
}


# The page has its own h1 and h2; the file's headings sit below them (h1 and h2 that
# remain are unwrapped by the sanitiser).
_STYLE_MAP = "\n".join(
    f"p[style-name='{name}'] => h{level}:fresh"
    for name, level in (
        ("Title", 3), ("Heading 1", 3), ("Heading 2", 4), ("Heading 3", 5), ("Heading 4", 6),
    )
)  # fmt: skip


@dataclass(frozen=True)
class Original:
    """What the side pane shows: ``kind`` and, for .docx and .txt, the content;
    ``error`` when the file cannot be shown (the download link remains)."""

    kind: Kind
    content_type: str = "application/octet-stream"
    html: str = ""
    text: str = ""
    error: str = ""
    pages: int = 0  # frames of a TIFF, each shown as a PNG (tiff_page)

    @property
    def page_numbers(self) -> range:
        return range(1, self.pages + 1)


def sniff(head: bytes, file_name: str) -> tuple[Kind, str]:
    """(kind, content type) of a stored file from its first bytes and its name.

    PDFs may have bytes before ``%PDF-`` (readers, PDF.js included, tolerate them).
    """
    text_name = file_name.lower().endswith(".txt")
    if head.startswith(b"%PDF-") or (pdf_start(head) > 0 and not text_name):
        return "pdf", "application/pdf"
    for magic, content_type in _IMAGES:
        if head.startswith(magic):
            return "image", content_type
    if head.startswith(_TIFF):
        return "tiff", "image/tiff"  # browsers other than Safari do not draw it: see tiff_page
    if head.startswith(b"PK\x03\x04"):
        return "docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    if text_name:
        return "txt", "text/plain; charset=utf-8"
    return "none", "application/octet-stream"


def _head(doc: Document) -> bytes:
    return head(doc.file, 2048)  # on S3 a ranged GET: every file request sniffs it


def file_kind(doc: Document) -> tuple[Kind, str]:
    if not doc.file:
        return "none", "application/octet-stream"
    return sniff(_head(doc), doc.file_name)


def extraction_of(doc: Document) -> Extracted:
    """How the stored text was most likely obtained: a document keeps its text, not
    whether it was recognised from pixels, so look again: a page image was, and so
    was a PDF whose first page (where the header is) is a picture."""
    kind = file_kind(doc)[0]
    ocr = kind in ("image", "tiff")
    if kind == "pdf":
        with doc.file.open("rb") as f:
            ocr = first_page_is_picture(bytes(f.read()))
    read_as: dict[Kind, ExtractedKind] = {
        "pdf": "pdf",
        "docx": "docx",
        "image": "image",
        "tiff": "image",
    }
    return Extracted(text=doc.text, kind=read_as.get(kind, "txt"), ocr=ocr)


def first_page_is_picture(data: bytes) -> bool:
    """True if the PDF's first page, where the header is, shows a scan or a photo."""
    try:
        with open_pdf(data) as pdf:
            return len(pdf) > 0 and bool(looks_scanned(pdf, 0))
    except PdfError:
        return False


def original_for(doc: Document) -> Original:
    """The side pane's content for ``doc`` (PDF pages and images are fetched by the
    browser from the file route)."""
    kind, content_type = file_kind(doc)
    if kind == "docx":
        with doc.file.open("rb") as f:
            data = bytes(f.read())
        try:
            return Original(kind, content_type, html=docx_html(data, doc.file_sha256))
        except UnreadableDocx:
            return Original(
                kind,
                content_type,
                error=_("Không hiển thị được tệp Word này (tệp hỏng hoặc không phải .docx). "
                        "Hãy tải tệp gốc về để xem."),
            )  # fmt: skip
    if kind == "txt":
        return Original(kind, content_type, text=doc.text)
    if kind == "tiff":
        try:
            return Original(kind, content_type, pages=_tiff_frames(doc))
        except UnreadableImage:
            return Original(
                kind,
                content_type,
                error=_("Không hiển thị được ảnh này. Hãy tải tệp gốc về để xem."),
            )
    if kind == "none" and doc.file:
        return Original(
            kind,
            content_type,
            error=_("Không xem trước được loại tệp này. Hãy tải tệp gốc về để xem."),
        )
    return Original(kind, content_type)


class UnreadableDocx(Exception):
    pass


class UnreadableImage(Exception):
    pass


# A TIFF page is shown at most this wide: a 300 dpi A4 scan is 2480 pixels.
TIFF_PAGE_WIDTH = 1600


@contextmanager
def _tiff(doc: Document) -> Iterator[Any]:
    from PIL import Image, UnidentifiedImageError

    from tincoso.documents.extraction.image import MAX_IMAGE_PIXELS

    try:
        with doc.file.open("rb") as f, Image.open(io.BytesIO(f.read())) as image:
            if image.width * image.height > MAX_IMAGE_PIXELS:
                raise UnreadableImage
            yield image
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError, EOFError) as exc:
        raise UnreadableImage from exc
    except Image.DecompressionBombError as exc:
        raise UnreadableImage from exc


def _tiff_frames(doc: Document) -> int:
    with _tiff(doc) as image:
        return int(getattr(image, "n_frames", 1))


def tiff_page(doc: Document, number: int) -> bytes:
    """Page ``number`` (1-based) of a TIFF scan as a PNG a browser can show; raises
    :class:`UnreadableImage` for a page that is not there or cannot be read."""
    from PIL import ImageOps

    with _tiff(doc) as image:
        if not 1 <= number <= getattr(image, "n_frames", 1):
            raise UnreadableImage
        image.seek(number - 1)
        page = ImageOps.exif_transpose(image)
        if page.mode not in ("1", "L", "RGB"):
            page = page.convert("RGB")
        page.thumbnail((TIFF_PAGE_WIDTH, TIFF_PAGE_WIDTH * 2))
        out = io.BytesIO()
        page.save(out, "PNG")
        return out.getvalue()


def docx_html(data: bytes, sha256: str = "") -> str:
    """The .docx as clean HTML: no script, style, event handler, link to a
    ``javascript:`` address or picture from another server; pictures inside the
    file up to :data:`MAX_INLINE_IMAGE_BYTES` kept as ``data:`` URIs."""
    # The sanitiser's rules are part of the key: a change to them must not serve old HTML.
    key = f"documents:docx-html:v1:{sha256}" if sha256 else ""
    if key:
        cached = cache.get(key)
        if cached is not None:
            return str(cached)
    html = sanitise(_convert(data))
    if key:
        cache.set(key, html, CACHE_SECONDS)
    return html


def _convert(data: bytes) -> str:
    import mammoth  # imported late: only the document page with a .docx needs it

    try:
        archives.inspect(data)  # a zip bomb is refused before mammoth inflates it
        result = mammoth.convert_to_html(
            io.BytesIO(data),
            convert_image=mammoth.images.img_element(_inline_image),
            style_map=_STYLE_MAP,
        )
    except (archives.NotAZip, archives.ZipBomb) as exc:
        raise UnreadableDocx from exc
    except Exception as exc:  # mammoth and zipfile/lxml raise many types on bad input
        logger.info("unreadable .docx for preview: %r", exc)
        raise UnreadableDocx from exc
    return str(result.value)


def _inline_image(image: Any) -> dict[str, str]:
    with image.open() as f:
        data = f.read(MAX_INLINE_IMAGE_BYTES + 1)
    content_type = str(image.content_type or "")
    if len(data) > MAX_INLINE_IMAGE_BYTES or content_type not in {
        "image/png",
        "image/jpeg",
        "image/gif",
    }:
        return {"alt": _("[ảnh trong tệp gốc]")}
    return {"src": f"data:{content_type};base64,{base64.b64encode(data).decode('ascii')}"}


def _keep_attribute(element: str, attribute: str, value: str) -> str | None:
    # nh3 allows a scheme per document, not per tag: pictures only from the file
    # itself, links only to web and mail addresses.
    if attribute == "src":
        return value if value.startswith("data:image/") else None
    if attribute == "href":
        return value if value.lower().startswith(("http://", "https://", "mailto:", "#")) else None
    return value


def sanitise(html: str) -> str:
    return nh3.clean(
        html,
        tags=_TAGS,
        attributes=_ATTRIBUTES,
        url_schemes={"http", "https", "mailto", "data"},
        attribute_filter=_keep_attribute,
        link_rel="noopener noreferrer nofollow",
    )
