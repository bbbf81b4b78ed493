"""Files the load sends to be imported: small text notices, each one different (the
same file twice in a unit is refused as a duplicate), and scans, image-only PDFs
whose pages the worker must OCR (seconds a page: long enough to be killed mid-file)."""

from __future__ import annotations

import io
from pathlib import Path

FONT = Path("/usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf")


def notice(tag: str) -> bytes:
    return (
        "ĐẢNG ỦY PHƯỜNG TÂN PHONG\n"
        f"Số {tag}-TB/ĐU\n"
        "THÔNG BÁO\n"
        f"về việc tổ chức sinh hoạt chi bộ định kỳ, đợt {tag}\n"
        "Đề nghị các chi bộ triển khai thực hiện.\n"
    ).encode()


def scan(tag: str, pages: int = 3) -> bytes:
    """An image-only PDF of ``pages`` pages of printed lines (a scanner's output)."""
    from PIL import Image, ImageDraw, ImageFont

    font = ImageFont.truetype(str(FONT), 30) if FONT.exists() else ImageFont.load_default()
    images = []
    for page in range(pages):
        image = Image.new("L", (1240, 1754), 255)  # A4 at 150 dpi
        draw = ImageDraw.Draw(image)
        for line in range(30):
            draw.text((100, 100 + line * 50),
                      f"Trang {page + 1} dòng {line + 1}: thông báo {tag} gửi các chi bộ",
                      font=font, fill=0)  # fmt: skip
        images.append(image)
    out = io.BytesIO()
    images[0].save(out, "PDF", resolution=150.0, save_all=True, append_images=images[1:])
    return out.getvalue()
