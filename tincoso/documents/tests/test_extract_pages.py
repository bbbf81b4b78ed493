"""Extraction that sees what a person sees: stamps, columns, scans, page images.

GIVEN hand-made PDFs and images WHEN they are extracted THEN the text reads as
the page does.  OCR tests need Tesseract with the Vietnamese model; they are
the slow ones (a few seconds a page).
"""

from __future__ import annotations

import io
import random
from pathlib import Path

import pytest

from tincoso.documents import ocr
from tincoso.documents.extraction import ExtractionError, extract_text
from tincoso.documents.extraction import image as image_extraction
from tincoso.documents.pdf_layout import Word, page_lines
from tincoso.documents.tests.pdf_builder import Page, build_pdf
from tincoso.documents.text_quality import looks_vietnamese

FONT = Path("/usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf")
needs_ocr = pytest.mark.skipif(
    not ocr.vietnamese_ocr_available() or not FONT.exists(),
    reason="needs tesseract with 'vie' and fonts-liberation2",
)

HEADER_LEFT = ["UY BAN NHAN DAN", "TINH LAM DONG"]
HEADER_RIGHT = ["CONG HOA XA HOI CHU NGHIA VIET NAM", "Doc lap - Tu do - Hanh phuc"]


def _header_page(**extra: object) -> Page:
    texts = [
        (80, 740, HEADER_LEFT[0]),
        (330, 740, HEADER_RIGHT[0]),
        (90, 725, HEADER_LEFT[1]),
        (350, 725, HEADER_RIGHT[1]),
        (80, 700, "So:"),
        (140, 700, "/QD-UBND"),
        (330, 700, "Lam Dong, ngay"),
        (445, 700, "thang 12 nam 2025"),
        (250, 660, "QUYET DINH"),
        (72, 630, "Dieu 1. Cho phep hop nhat cac doan luat su cua tinh theo de an."),
    ]
    return Page(texts=texts, **extra)  # type: ignore[arg-type]


# --- layout -------------------------------------------------------------------------
def _words(rows: list[tuple[float, float, str]]) -> list[Word]:
    """Words of 10 pt text, 6 pt a character, at (x, baseline)."""
    out = []
    for x, y, text in rows:
        for part in text.split():
            out.append(Word(part, x, y, x + 6 * len(part), y + 10))
            x += 6 * (len(part) + 1)
    return out


def test_a_two_column_header_comes_out_column_by_column() -> None:
    lines = page_lines(
        _words(
            [
                (80, 740, "UY BAN NHAN DAN"),
                (330, 741, "CONG HOA XA HOI"),
                (90, 726, "TINH LAM DONG"),
                (350, 725, "Doc lap Tu do"),
                (72, 690, "Dieu 1 cho phep hop nhat cac doan luat su cua tinh theo de an moi"),
            ]
        )
    )
    assert lines == [
        "UY BAN NHAN DAN",
        "TINH LAM DONG",
        "CONG HOA XA HOI",
        "Doc lap Tu do",
        "Dieu 1 cho phep hop nhat cac doan luat su cua tinh theo de an moi",
    ]


def test_a_signature_block_beside_unaligned_recipients_stays_in_two_columns() -> None:
    lines = page_lines(
        _words(
            [
                (72, 500, "Noi nhan:"),
                (350, 493, "KT. CHU TICH"),
                (72, 486, "- Nhu tren;"),
                (350, 479, "PHO CHU TICH"),
                (72, 472, "- Luu: VT."),
                (360, 440, "Nguyen Minh"),
            ]
        )
    )
    assert lines == [
        "Noi nhan:",
        "- Nhu tren;",
        "- Luu: VT.",
        "KT. CHU TICH",
        "PHO CHU TICH",
        "Nguyen Minh",
    ]


def test_justified_body_lines_and_left_aligned_lists_are_not_split() -> None:
    rows = [
        (72, 700, "Can cu Luat To chuc chinh quyen dia phuong ngay 16 thang 6 nam 2025"),
        (72, 686, "a) Muc mot;"),
        (72, 672, "b) Muc hai;"),
    ]
    assert page_lines(_words(rows)) == [text for _, _, text in rows]


# --- text PDFs ------------------------------------------------------------------------
def test_it_reads_a_signing_stamp_in_place_on_the_number_line() -> None:
    # The number is an annotation appearance, as Vietnamese e-office signing puts it.
    pdf = build_pdf([_header_page(stamps=[(104, 700, "2536"), (420, 700, "12")])])
    lines = extract_text(pdf, "qd.pdf").text.splitlines()
    assert "So: 2536 /QD-UBND" in lines
    assert "Lam Dong, ngay 12 thang 12 nam 2025" in lines


@needs_ocr
def test_it_reads_a_stamp_drawn_as_a_picture_of_its_digits() -> None:
    from PIL import Image, ImageDraw, ImageFont

    picture = Image.new("L", (64, 72), 255)
    ImageDraw.Draw(picture).text((6, 8), "21", font=ImageFont.truetype(str(FONT), 48), fill=0)
    stamp = (110, 700, 64, 72, picture.tobytes())
    lines = extract_text(build_pdf([_header_page(picture_stamps=[stamp])]), "qd.pdf").text
    assert "So: 21 /QD-UBND" in lines.splitlines()


def test_it_keeps_the_header_columns_together() -> None:
    lines = extract_text(build_pdf([_header_page()]), "qd.pdf").text.splitlines()
    assert lines[:3] == [*HEADER_LEFT, "So: /QD-UBND"]
    assert lines[3:5] == HEADER_RIGHT


def test_it_tolerates_junk_bytes_before_the_pdf_header() -> None:
    pdf = build_pdf([_header_page()])
    result = extract_text(b"\r\n--boundary-42\r\n\r\n\x00" + pdf, "qd.pdf")
    assert result.kind == "pdf" and "QUYET DINH" in result.text


def test_it_still_refuses_a_text_file_that_mentions_pdf_as_a_pdf() -> None:
    with pytest.raises(ExtractionError) as info:
        extract_text(b"Ghi chu: tep %PDF-1.4 bi hong, gui lai sau.\n" * 3, "ghi-chu.pdf")
    assert info.value.code == "wrong_extension"


def _mutations(pdf: bytes, count: int) -> list[bytes]:
    rng = random.Random(12)  # fixed seed: the same cases every run
    cases = [pdf[:cut] for cut in (len(pdf) // 3, len(pdf) // 2, len(pdf) - 40)]
    for _ in range(count):
        data = bytearray(pdf)
        for _ in range(rng.randint(1, 20)):
            data[rng.randrange(len(data))] = rng.randrange(256)
        cases.append(bytes(data))
    return cases


@pytest.mark.parametrize("case", range(23))
def test_a_damaged_pdf_gives_text_or_a_clear_error_never_a_crash(case: int) -> None:
    pdf = build_pdf([_header_page(stamps=[(104, 700, "2536")]), _header_page()])
    data = _mutations(pdf, 20)[case]
    try:
        result = extract_text(data, "hong.pdf", ocr=False)
    except ExtractionError as error:
        message = error.bilingual()
        assert message["vi"] and message["en"] and message["vi"] != message["en"]
    else:
        assert result.kind == "pdf"


# --- scans and images -----------------------------------------------------------------
VIETNAMESE_PAGE = [
    "ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG",
    "Số: 2536/QĐ-UBND",
    "QUYẾT ĐỊNH",
    "Về việc cho phép hợp nhất Đoàn Luật sư tỉnh",
    "Căn cứ Luật Tổ chức chính quyền địa phương;",
    "Theo đề nghị của Giám đốc Sở Tư pháp.",
]


def page_image(lines: list[str] = VIETNAMESE_PAGE, dpi: int = 150) -> object:
    from PIL import Image, ImageDraw, ImageFont

    scale = dpi / 72
    image = Image.new("L", (int(612 * scale), int(792 * scale)), 255)
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype(str(FONT), int(14 * scale))
    for index, line in enumerate(lines):
        draw.text((int(72 * scale), int((72 + 24 * index) * scale)), line, font=font, fill=0)
    return image


def _pixels(image: object) -> tuple[int, int, bytes]:
    return image.width, image.height, image.tobytes()  # type: ignore[attr-defined]


def test_junk_ocr_layers_do_not_read_as_vietnamese() -> None:
    assert not looks_vietnamese("TINH trY LAM DONG BAO VA PHAT THANH TRUYEN HINH " * 3)
    assert not looks_vietnamese("Bỉ C ẩỉ CỄNG ẨAN Ẩ CỈNG HOẮ XXẪ H HỈI CHỔ Nổ NGH(A VVIẶT " * 3)
    assert looks_vietnamese(" ".join(VIETNAMESE_PAGE))


@needs_ocr
def test_a_scanners_junk_text_layer_is_replaced_by_ocr() -> None:
    junk = ["TINH trY LAM DONG", "BAO VA PHAT THANH, TRUYEN HINH", "s6.l1JW ruBND-NC"] * 5
    pdf = build_pdf([Page(image=_pixels(page_image()), hidden=junk)])
    result = extract_text(pdf, "scan.pdf")
    assert result.ocr_pages == (1,)
    assert "TINH trY" not in result.text
    assert "QUYẾT ĐỊNH" in result.text and result.encoding is None


@needs_ocr
def test_only_the_pages_without_text_are_recognised() -> None:
    text_page = Page(texts=[(72, 700, "Phu luc: danh sach cac don vi va ca nhan " * 2)] * 1)
    pdf = build_pdf([Page(image=_pixels(page_image())), text_page])
    result = extract_text(pdf, "mixed.pdf")
    assert result.ocr_pages == (1,)
    assert "Số: 2536/QĐ-UBND" in result.text and "Phu luc" in result.text


@needs_ocr
@pytest.mark.parametrize("fmt", ["PNG", "JPEG", "TIFF"])
def test_it_recognises_a_page_image(fmt: str) -> None:
    buffer = io.BytesIO()
    page_image().save(buffer, format=fmt)  # type: ignore[attr-defined]
    name = {"PNG": "trang.png", "JPEG": "trang.jpg", "TIFF": "trang.tif"}[fmt]
    result = extract_text(buffer.getvalue(), name)
    assert (result.kind, result.ocr, result.pages) == ("image", True, 1)
    assert "QUYẾT ĐỊNH" in result.text


@needs_ocr
def test_a_phone_photo_taken_sideways_is_turned_upright() -> None:
    # Pixels stored on their side with an EXIF tag saying so, as phones do…
    from PIL import Image

    photo = page_image().transpose(Image.Transpose.ROTATE_90)  # type: ignore[attr-defined]
    exif = Image.Exif()
    exif[0x0112] = 6  # orientation: rotate 90° clockwise to view
    buffer = io.BytesIO()
    photo.save(buffer, format="JPEG", exif=exif)
    assert "QUYẾT ĐỊNH" in extract_text(buffer.getvalue(), "anh.jpg").text
    # …and without the tag, slightly askew: OSD and deskew straighten it.
    buffer = io.BytesIO()
    photo.rotate(2, expand=True, fillcolor=255).save(buffer, format="PNG")
    assert "QUYẾT ĐỊNH" in extract_text(buffer.getvalue(), "anh.png").text


def test_an_image_is_refused_clearly_without_ocr() -> None:
    buffer = io.BytesIO()
    from PIL import Image

    Image.new("L", (20, 20), 255).save(buffer, format="PNG")
    with pytest.raises(ExtractionError) as info:
        extract_text(buffer.getvalue(), "anh.png", ocr=False)
    assert info.value.code == "no_ocr_for_image"
    assert "OCR" in info.value.bilingual()["en"]


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 40, "corrupt"),  # a PNG cut after its signature
        (b"\xff\xd8\xff\xe0" + b"garbage" * 10, "corrupt"),
    ],
)
def test_a_broken_image_gives_a_clear_error(data: bytes, code: str) -> None:
    if not ocr.vietnamese_ocr_available():
        pytest.skip("images are refused before decoding without OCR")
    with pytest.raises(ExtractionError) as info:
        extract_text(data, "anh.png" if data.startswith(b"\x89") else "anh.jpg")
    assert info.value.code == code


def test_a_decompression_bomb_image_is_refused_before_decoding(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from PIL import Image

    monkeypatch.setattr(image_extraction, "vietnamese_ocr_available", lambda: True)
    buffer = io.BytesIO()
    Image.new("1", (9_500, 9_000), 1).save(buffer, format="PNG")  # 85 Mpx in a few KB
    with pytest.raises(ExtractionError) as info:
        extract_text(buffer.getvalue(), "bom.png")
    assert info.value.code == "image_too_large"


def _sealed_signature_image() -> object:
    """Black signing lines under a red seal drawn across them, as on a signed scan."""
    from PIL import ImageDraw, ImageFont

    image = page_image().convert("RGB")  # type: ignore[attr-defined]
    draw = ImageDraw.Draw(image)
    scale = 150 / 72
    font = ImageFont.truetype(str(FONT), int(14 * scale))
    top = int(560 * scale)
    draw.text((int(300 * scale), top), "TL. CHỦ TỊCH", font=font, fill=(0, 0, 0))
    draw.text(
        (int(300 * scale), top + int(22 * scale)), "CHÁNH VĂN PHÒNG", font=font, fill=(0, 0, 0)
    )
    box = (int(250 * scale), top - int(40 * scale), int(390 * scale), top + int(100 * scale))
    for ring in range(0, 14, 2):  # a thick red ring with red text inside
        draw.ellipse(
            (box[0] + ring, box[1] + ring, box[2] - ring, box[3] - ring), outline=(220, 30, 40)
        )
    draw.text((box[0] + 30, box[1] + 60), "UBND TINH", font=font, fill=(220, 30, 40))
    return image


def test_red_ink_is_dropped_and_black_and_blue_ink_kept() -> None:
    from PIL import Image

    from tincoso.documents.ocr import drop_red_ink

    image = Image.new("RGB", (3, 1))
    image.putdata([(220, 30, 40), (10, 10, 10), (20, 40, 200)])  # seal, print, blue pen
    dropped = drop_red_ink(image)
    seal, printed, pen = (dropped.getpixel((x, 0)) for x in range(3))
    assert seal > 200 and printed < 30 and pen < 30
    grey = Image.new("L", (1, 1), 7)
    assert drop_red_ink(grey).getpixel((0, 0)) == 7


@needs_ocr
def test_the_words_under_a_red_seal_are_read() -> None:
    from tincoso.documents.ocr import ocr_image

    text = ocr_image(_sealed_signature_image(), 150)
    assert "CHÁNH VĂN PHÒNG" in text
    assert "UBND TINH" not in text


def test_a_low_resolution_page_is_rendered_larger_for_ocr() -> None:
    import pypdfium2 as pdfium

    from tincoso.documents.extraction.pdf import LOW_RES_OCR_DPI, _ocr_dpi
    from tincoso.documents.ocr import OCR_DPI
    from tincoso.documents.pdf_text import image_dpi

    def dpi_of(width: int, height: int) -> float | None:
        pdf = build_pdf([Page(image=(width, height, bytes([255]) * (width * height)))])
        document = pdfium.PdfDocument(pdf)
        try:
            return image_dpi(document, 0)
        finally:
            document.close()

    photo = dpi_of(918, 1188)  # a US Letter page at 108 dpi, as a phone photographs it
    scan = dpi_of(1700, 2200)  # the same page scanned at 200 dpi
    assert photo is not None and abs(photo - 108) < 1
    assert scan is not None and abs(scan - 200) < 1
    assert _ocr_dpi(photo) == LOW_RES_OCR_DPI and _ocr_dpi(scan) == OCR_DPI
    assert _ocr_dpi(None) == OCR_DPI  # no image: text converted to outlines
    blank = pdfium.PdfDocument(build_pdf([Page()]))
    try:
        assert image_dpi(blank, 0) is None
    finally:
        blank.close()
