"""Small PDFs written by hand for the extraction tests: positioned text, page
images, invisible text over an image (a scanner's OCR layer) and annotations
with an appearance (a signing stamp)."""

from __future__ import annotations

import zlib
from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass
class Page:
    """One US-letter page. ``texts`` are (x, y, text) in points, Helvetica 12."""

    texts: list[tuple[float, float, str]] = field(default_factory=list)
    image: tuple[int, int, bytes] | None = None  # width, height, 8-bit grey pixels
    hidden: list[str] = field(default_factory=list)  # invisible text lines (render mode 3)
    stamps: list[tuple[float, float, str]] = field(default_factory=list)  # annotation text
    # Annotations whose appearance is a picture: (x, y, width, height, grey pixels).
    picture_stamps: list[tuple[float, float, int, int, bytes]] = field(default_factory=list)


def _escape(text: str) -> bytes:
    raw = text.encode("cp1252")
    return raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")


def build_pdf(pages: list[Page]) -> bytes:
    objects: list[bytes] = []

    def add(body: bytes) -> int:
        objects.append(body)
        return len(objects)

    catalog = add(b"")
    tree = add(b"")
    font = add(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
    kids = []
    for page in pages:
        parts: list[bytes] = []
        xobjects = b""
        if page.image:
            width, height, pixels = page.image
            image = add(grey_image(width, height, pixels))
            parts.append(b"q 612 0 0 792 0 0 cm /Im0 Do Q")
            xobjects = b" /XObject << /Im0 %d 0 R >>" % image
        for x, y, text in page.texts:
            parts.append(b"BT /F1 12 Tf %.1f %.1f Td (%s) Tj ET" % (x, y, _escape(text)))
        if page.hidden:
            lines = b" ".join(b"(%s) Tj T*" % _escape(line) for line in page.hidden)
            parts.append(b"BT 3 Tr /F1 12 Tf 14 TL 72 740 Td " + lines + b" ET")
        stream = b"\n".join(parts)
        content = add(b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream))
        annots = []
        for x, y, text in page.stamps:
            ap = b"BT /F1 12 Tf 2 4 Td (%s) Tj ET" % _escape(text)
            resources = b"<< /Font << /F1 %d 0 R >> >>" % font
            annots.append(add(_annotation(add, b"Stamp", (x, y, 60, 18), resources, ap)))
        for x, y, width, height, pixels in page.picture_stamps:
            picture = add(grey_image(width, height, pixels))
            resources = b"<< /XObject << /P0 %d 0 R >> >>" % picture
            ap = b"q 16 0 0 18 0 0 cm /P0 Do Q"
            annots.append(add(_annotation(add, b"Widget", (x, y, 16, 18), resources, ap)))
        annot_entry = b" /Annots [%s]" % b" ".join(b"%d 0 R" % a for a in annots) if annots else b""
        kids.append(
            add(
                b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 612 792]"
                b" /Resources << /Font << /F1 %d 0 R >>%s >> /Contents %d 0 R%s >>"
                % (tree, font, xobjects, content, annot_entry)
            )
        )
    objects[catalog - 1] = b"<< /Type /Catalog /Pages %d 0 R >>" % tree
    objects[tree - 1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (
        b" ".join(b"%d 0 R" % k for k in kids),
        len(kids),
    )
    return serialize(objects, catalog)


def grey_image(width: int, height: int, pixels: bytes) -> bytes:
    """An image XObject of 8-bit grey ``pixels``."""
    packed = zlib.compress(pixels)
    return (
        b"<< /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceGray"
        b" /BitsPerComponent 8 /Filter /FlateDecode /Length %d >>\nstream\n%s\nendstream"
        % (width, height, len(packed), packed)
    )


def _annotation(
    add: Callable[[bytes], int],
    subtype: bytes,
    box: tuple[float, float, float, float],
    resources: bytes,
    appearance: bytes,
) -> bytes:
    """An annotation at (x, baseline y, width, height) drawn by ``appearance``."""
    x, y, width, height = box
    form = add(
        b"<< /Type /XObject /Subtype /Form /BBox [0 0 %.1f %.1f] /Resources %s"
        b" /Length %d >>\nstream\n%s\nendstream"
        % (width, height, resources, len(appearance), appearance)
    )
    return (
        b"<< /Type /Annot /Subtype /%s /Rect [%.1f %.1f %.1f %.1f] /F 4 /AP << /N %d 0 R >> >>"
        % (
            subtype,
            x,
            y - 4,
            x + width,
            y - 4 + height,
            form,
        )
    )


def serialize(objects: list[bytes], catalog: int) -> bytes:
    """A PDF file of numbered ``objects`` (1-based) with an xref table."""
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        catalog,
        xref,
    )
    return bytes(out)
