"""Where each signature sits (page, rectangle) and the text its appearance draws.

The appearance text is what a signing tool stamps: the number and day in the
header band, "Ký bởi ... Giờ ký ...", "SAO Y".  Each appearance stream (/AP /N) is
copied onto a page of its own in a scratch PDF (pyHanko's writer) and read back with
PDFium, which decodes the fonts' ToUnicode maps; an appearance that draws only an
image reads as "".
"""

from __future__ import annotations

import io
import logging
from dataclasses import dataclass
from typing import Any

import pypdfium2 as pdfium
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.pdf_utils.writer import PdfFileWriter

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Widget:
    page: int | None  # 1-based
    rect: tuple[float, float, float, float] | None
    page_height: float | None
    appearance: Any  # the /AP /N stream (pyHanko object) or None


def _name(value: str) -> generic.NameObject:
    return generic.pdf_name(value)


def _page_index(reader: PdfFileReader) -> dict[int, tuple[int, float]]:
    """Annotation object number → (page number, page height), walking the page tree."""
    found: dict[int, tuple[int, float]] = {}
    stack = [reader.root["/Pages"]]
    seen: set[int] = set()
    number = 0
    while stack and number < 100_000:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if node.get("/Type") == "/Pages" or "/Kids" in node:
            stack.extend(reversed([kid.get_object() for kid in node.get("/Kids", ())]))
            continue
        number += 1
        height = _height(node)
        for ref in node.get("/Annots", generic.ArrayObject()).get_object() or ():
            if isinstance(ref, generic.IndirectObject):
                found.setdefault(ref.idnum, (number, height))
    return found


def _height(page: Any) -> float:
    node = page
    while node is not None:
        box = node.get("/MediaBox")
        if box is not None:
            values = [float(v) for v in box.get_object()]
            return abs(values[3] - values[1])
        parent = node.get("/Parent")
        node = parent.get_object() if parent is not None else None
    return 842.0


def widget_of(reader: PdfFileReader, field: Any, pages: dict[int, tuple[int, float]]) -> Widget:
    annot = field
    if "/Rect" not in field and "/Kids" in field:
        annot = field["/Kids"][0].get_object()
    rect = None
    if "/Rect" in annot:
        x1, y1, x2, y2 = (float(v) for v in annot["/Rect"])
        rect = (min(x1, x2), min(y1, y2), max(x1, x2), max(y1, y2))
    ref = getattr(annot, "container_ref", None)
    where = pages.get(ref.idnum) if ref is not None and hasattr(ref, "idnum") else None
    appearance = None
    ap = annot.get("/AP")
    if ap is not None:
        appearance = ap.get_object().raw_get("/N") if "/N" in ap.get_object() else None
    return Widget(
        page=where[0] if where else None,
        rect=rect,
        page_height=where[1] if where else None,
        appearance=appearance,
    )


def appearance_texts(appearances: list[Any]) -> list[str]:
    """The text each appearance stream draws ("" for none, an image, or a bad one)."""
    writer = PdfFileWriter()
    placed: list[int] = []
    for i, appearance in enumerate(appearances):
        try:
            stream = appearance.get_object() if appearance is not None else None
            if not isinstance(stream, generic.StreamObject):
                continue
            bbox = [float(v) for v in stream.get("/BBox", [0, 0, 200, 50])]
            form = writer.import_object(appearance)
            page = generic.DictionaryObject(
                {
                    _name("/Type"): _name("/Page"),
                    _name("/MediaBox"): generic.ArrayObject(generic.FloatObject(v) for v in bbox),
                    _name("/Resources"): generic.DictionaryObject(
                        {_name("/XObject"): generic.DictionaryObject({_name("/A"): form})}
                    ),
                    _name("/Contents"): writer.add_object(
                        generic.StreamObject(stream_data=b"/A Do")
                    ),
                }
            )
            writer.insert_page(page)
            placed.append(i)
        except Exception as exc:  # a broken appearance must not hide the signature
            logger.info("appearance %d not readable: %s", i, exc)
    texts = [""] * len(appearances)
    if not placed:
        return texts
    try:
        out = io.BytesIO()
        writer.write(out)
        document = pdfium.PdfDocument(out.getvalue())
    except Exception as exc:  # the texts are a help for prefill, not the verdict
        logger.info("appearances not readable: %s", exc)
        return texts
    try:
        for page_number, i in enumerate(placed):
            textpage = document[page_number].get_textpage()
            texts[i] = "\n".join(
                line.strip() for line in textpage.get_text_range().splitlines() if line.strip()
            )
    except Exception as exc:
        logger.info("appearance text not read: %s", exc)
    finally:
        document.close()
    return texts
