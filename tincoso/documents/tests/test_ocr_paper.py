"""OCR of pages on grey or shadowed paper (phone photos): generated images, real Tesseract."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tincoso.documents import ocr

FONT = Path("/usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf")
needs_ocr = pytest.mark.skipif(
    not ocr.vietnamese_ocr_available() or not FONT.exists(),
    reason="needs tesseract with 'vie' and fonts-liberation2",
)
DPI = 200
LINES = [
    "Thực hiện kế hoạch của Ủy ban nhân dân tỉnh về việc tổng kết",
    "công tác phòng, chống ma túy trên địa bàn tỉnh năm 2025.",
    "Kính đề nghị Văn phòng Ủy ban nhân dân tỉnh thẩm định, trình",
    "Chủ tịch Ủy ban nhân dân tỉnh ký duyệt, ban hành.",
    "Giám đốc Công an tỉnh Nguyễn Văn Bình",
]


def _page(dark_side: int) -> Any:
    """Printed lines on paper going from light grey (235) on the left to ``dark_side``."""
    from PIL import Image, ImageDraw, ImageFont

    scale = DPI / 72
    size = (int(8.27 * DPI), int(5 * DPI))
    paper = Image.linear_gradient("L").rotate(90, expand=True).resize(size)
    paper = paper.point(lambda v: 235 - (235 - dark_side) * v // 255)
    ink = Image.new("L", size, 0)
    draw = ImageDraw.Draw(ink)
    font = ImageFont.truetype(str(FONT), int(14 * scale))
    for index, line in enumerate(LINES):
        draw.text((int(72 * scale), int((72 + 30 * index) * scale)), line, font=font, fill=255)
    # Ink is a third as bright as the paper under it, as in a photo.
    return Image.composite(paper.point(lambda v: v * 35 // 100), paper, ink)


@needs_ocr
def test_text_on_the_shadowed_side_of_a_photo_is_read() -> None:
    text = ocr.ocr_image(_page(dark_side=70), DPI)
    assert "Nguyễn Văn Bình" in text
    assert "ký duyệt, ban hành" in text


def test_grey_paper_is_made_white_and_white_paper_needs_nothing() -> None:
    from PIL import Image

    flat = ocr.flatten_paper(_page(dark_side=70))
    assert flat is not None
    # Paper between the lines, on the light and on the dark side.
    assert flat.getpixel((60, 40)) > 240 and flat.getpixel((flat.width - 60, 40)) > 240
    assert ocr.flatten_paper(Image.new("L", (400, 300), 255)) is None
