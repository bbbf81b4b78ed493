"""Tests for tincoso.documents.extraction: every accepted format and every refusal.

All fixtures are generated here (python-docx, hand-written PDFs, zipfile), never
committed as binaries.  The TCVN3 and VNI encoders below are written
independently of the decoding tables in ``legacy_encodings`` so a wrong table
entry shows up as a failed round trip.
"""

from __future__ import annotations

import io
import os
import random
import re
import shutil
import subprocess
import unicodedata
import zipfile
from collections.abc import Callable
from typing import Any

import django
from django.conf import settings

# Until the project's settings module exists (and whenever the tests run with
# ``-p no:django``), a minimal configuration is enough: gettext needs it.
if not settings.configured and not os.environ.get("DJANGO_SETTINGS_MODULE"):
    settings.configure(
        USE_I18N=True,
        LANGUAGE_CODE="vi",
        LANGUAGES=[("vi", "Tiếng Việt"), ("en", "English")],
    )
    django.setup()

import docx
import pytest
from pypdf import PdfReader, PdfWriter

from tincoso.documents import legacy_encodings, ocr
from tincoso.documents.extraction import Extracted, ExtractionError, extract_text
from tincoso.documents.extraction import pdf as pdf_extraction
from tincoso.documents.tests.pdf_builder import grey_image, serialize

PARAGRAPH = (
    "Ban Tuyên giáo Tỉnh ủy hướng dẫn tuyên truyền thực hiện Chỉ thị số 07-CT/TW "
    "về đẩy mạnh công tác thông tin cơ sở trong tình hình mới."
)
# Longer text with every kind of vowel cluster, "Đảng" and the common words.
LETTER = (
    PARAGRAPH + "\nCác cấp ủy Đảng, chính quyền và người đứng đầu phải được quán triệt "
    "những nội dung của Chỉ thị trong năm 2024; báo cáo kết quả theo tháng, "
    "chậm nhất ngày 15 hằng tháng.\n"
    "Khuyến khích xây dựng loa truyền thanh, bảng tin, nghiên cứu ứng dụng khoa học "
    "để thông tin đến được với đồng bào vùng sâu, vùng xa, biên giới, hải đảo."
)


def refused(code: str, data: bytes, filename: str, **kwargs: Any) -> ExtractionError:
    """Assert that extraction fails with ``code`` and a usable message."""
    with pytest.raises(ExtractionError) as info:
        extract_text(data, filename, **kwargs)
    error = info.value
    assert error.code == code
    vietnamese = error.bilingual()["vi"]
    assert vietnamese.strip()
    assert "%(" not in vietnamese  # every parameter was supplied
    return error


# ---------------------------------------------------------------------------
# Independent encoders for the legacy encodings (the inverse of the tables).
# ---------------------------------------------------------------------------
_TONES = {"": 0, "\u0301": 1, "\u0300": 2, "\u0309": 3, "\u0303": 4, "\u0323": 5}


def _split_letter(ch: str) -> tuple[str, str, str]:
    """ "ệ" → ("e", "\u0302", "\u0323"): base letter, vowel modifier, tone."""
    decomposed = unicodedata.normalize("NFD", ch)
    tone = "".join(c for c in decomposed if c in _TONES)
    rest = "".join(c for c in decomposed if c not in _TONES)
    return rest[0], rest[1:], tone


def to_vni(text: str) -> bytes:
    """Encode NFC Vietnamese as VNI-Windows, from the published rules."""
    # Windows-1252 mark characters, lower case then upper case, by tone index.
    plain = ["", "ù", "ø", "û", "õ", "ï"], ["", "Ù", "Ø", "Û", "Õ", "Ï"]
    circumflex = ["â", "á", "à", "å", "ã", "ä"], ["Â", "Á", "À", "Å", "Ã", "Ä"]
    breve = ["ê", "é", "è", "ú", "ü", "ë"], ["Ê", "É", "È", "Ú", "Ü", "Ë"]
    i_letters = ["i", "í", "ì", "æ", "ó", "ò"], ["I", "Í", "Ì", "Æ", "Ó", "Ò"]
    out = []
    for ch in unicodedata.normalize("NFC", text):
        if ch in "đĐ":
            out.append("ñ" if ch == "đ" else "Ñ")
            continue
        if ch.isascii() or not ch.isalpha():
            out.append(ch)
            continue
        base, modifier, tone = _split_letter(ch)
        up = int(base.isupper())
        t = _TONES[tone]
        if base in "iI":
            out.append(i_letters[up][t])
        elif base in "yY" and t == 5:
            out.append("Î" if up else "î")
        elif modifier == "\u031b":  # horn: ơ = ô, ư = ö, then the tone
            out.append({"o": "ô", "O": "Ô", "u": "ö", "U": "Ö"}[base] + plain[up][t])
        elif modifier == "\u0302":
            out.append(base + circumflex[up][t])
        elif modifier == "\u0306":
            out.append(base + breve[up][t])
        else:
            out.append(base + plain[up][t])
    return "".join(out).encode("cp1252")


# TCVN3 codes written out by row of the published chart (lower-case letters;
# upper-case toned letters are typed with these same codes in the .VnTimeH font).
_TCVN3_ROWS = {
    "a": "b8 b5 b6 b7 b9",  # á à ả ã ạ
    "ă": "be bb bc bd c6",
    "â": "ca c7 c8 c9 cb",
    "e": "d0 cc ce cf d1",
    "ê": "d5 d2 d3 d4 d6",
    "i": "dd d7 d8 dc de",
    "o": "e3 df e1 e2 e4",
    "ô": "e8 e5 e6 e7 e9",
    "ơ": "ed ea eb ec ee",
    "u": "f3 ef f1 f2 f4",
    "ư": "f8 f5 f6 f7 f9",
    "y": "fd fa fb fc fe",
}
_TCVN3_PLAIN = {
    "ă": 0xA8,
    "â": 0xA9,
    "ê": 0xAA,
    "ô": 0xAB,
    "ơ": 0xAC,
    "ư": 0xAD,
    "đ": 0xAE,
    "Ă": 0xA1,
    "Â": 0xA2,
    "Ê": 0xA3,
    "Ô": 0xA4,
    "Ơ": 0xA5,
    "Ư": 0xA6,
    "Đ": 0xA7,
}


def _tcvn3_code(ch: str) -> int | None:
    if ch in _TCVN3_PLAIN:
        return _TCVN3_PLAIN[ch]
    base, modifier, tone = _split_letter(ch.lower())
    if not tone:
        return None
    vowel = unicodedata.normalize("NFC", base + modifier)
    return int(_TCVN3_ROWS[vowel].split()[_TONES[tone] - 1], 16)


def to_tcvn3(text: str) -> bytes:
    """Encode NFC Vietnamese as TCVN3; upper-case toned letters as in .VnTimeH."""
    out = bytearray()
    for ch in unicodedata.normalize("NFC", text):
        code = None if ch.isascii() else _tcvn3_code(ch)
        if code is None:
            out += ch.encode("ascii")
        else:
            out.append(code)
    return bytes(out)


def to_cp1258(text: str) -> bytes:
    """Encode as Windows-1258 the way Vietnamese keyboards write it: the vowel
    letter (ă â ê ô ơ ư are single bytes) followed by a combining tone mark."""
    out = []
    for ch in unicodedata.normalize("NFC", text):
        if ch.isascii() or not ch.isalpha():
            out.append(ch)
            continue
        base, modifier, tone = _split_letter(ch)
        out.append(unicodedata.normalize("NFC", base + modifier) + tone)
    return "".join(out).encode("cp1258")


ALL_LETTERS = [
    unicodedata.normalize("NFC", base + modifier + tone)
    for base, modifiers in (
        ("a", ["", "\u0306", "\u0302"]),
        ("e", ["", "\u0302"]),
        ("i", [""]),
        ("o", ["", "\u0302", "\u031b"]),
        ("u", ["", "\u031b"]),
        ("y", [""]),
    )
    for modifier in modifiers
    for tone in _TONES
    if modifier or tone  # plain a, e, i, ... carry no diacritic
] + ["đ"]
ALL_LETTERS += [c.upper() for c in ALL_LETTERS]


# ---------------------------------------------------------------------------
# Plain text
# ---------------------------------------------------------------------------
def test_it_reads_plain_ascii_as_utf8() -> None:
    result = extract_text(b"Hello world\n", "a.txt")
    assert result == Extracted(text="Hello world", kind="txt", encoding="utf-8")


def test_it_reads_utf8_with_and_without_a_bom() -> None:
    for data in (LETTER.encode(), b"\xef\xbb\xbf" + LETTER.encode()):
        result = extract_text(data, "chi-thi.txt")
        assert (result.text, result.encoding) == (LETTER, "utf-8")


def test_it_normalises_decomposed_utf8_to_nfc() -> None:
    data = unicodedata.normalize("NFD", PARAGRAPH).encode()
    assert extract_text(data, "a.txt").text == PARAGRAPH


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_it_reads_utf16_with_a_bom(codec: str) -> None:
    bom = "\ufeff".encode(codec)
    result = extract_text(bom + LETTER.encode(codec), "a.txt")
    assert (result.text, result.encoding) == (LETTER, "utf-16")


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_it_reads_utf16_without_a_bom(codec: str) -> None:
    result = extract_text(LETTER.encode(codec), "a.txt")
    assert (result.text, result.encoding) == (LETTER, "utf-16")


def test_it_decodes_windows_1258_with_combining_tone_marks() -> None:
    data = to_cp1258(LETTER)
    assert b"\xcc" in data or b"\xec" in data  # really uses combining marks
    result = extract_text(data, "a.txt")
    assert (result.text, result.encoding) == (LETTER, "cp1258")


def test_it_decodes_tcvn3() -> None:
    data = to_tcvn3(LETTER)
    assert b"Tuy\xaan gi\xb8o" in data  # "Tuyªn gi¸o", as it looks in Notepad
    result = extract_text(data, "a.txt")
    assert (result.text, result.encoding) == (LETTER, "tcvn3")


def test_it_decodes_a_short_tcvn3_paragraph() -> None:
    result = extract_text(to_tcvn3(PARAGRAPH), "a.txt")
    assert (result.text, result.encoding) == (PARAGRAPH, "tcvn3")


def test_it_decodes_vni() -> None:
    data = to_vni(LETTER)
    assert b"Tuye\xe2n gia\xf9o" in data  # "Tuyeân giaùo"
    result = extract_text(data, "a.txt")
    assert (result.text, result.encoding) == (LETTER, "vni")


def test_it_decodes_a_short_vni_paragraph() -> None:
    result = extract_text(to_vni(PARAGRAPH), "a.txt")
    assert (result.text, result.encoding) == (PARAGRAPH, "vni")


def test_it_restores_capitals_typed_in_the_vntimeh_font() -> None:
    heading = "ĐẢNG CỘNG SẢN VIỆT NAM\nBAN TUYÊN GIÁO TỈNH ỦY\nSố: 15-CV/BTGTU\nBộ Chính trị"
    data = to_tcvn3(heading + "\n" + PARAGRAPH)
    result = extract_text(data, "a.txt")
    assert result.encoding == "tcvn3"
    assert result.text == heading + "\n" + PARAGRAPH


def test_the_vni_table_converts_all_134_letters() -> None:
    assert len(set(ALL_LETTERS)) == 134
    assert set(legacy_encodings.UNICODE_TO_VNI) == set(ALL_LETTERS)
    for letter in ALL_LETTERS:
        assert legacy_encodings.decode_vni(to_vni(letter)) == letter, letter
        # and in a word, where the mark byte follows a consonant-led syllable
        word = "ngh" + letter.lower() + "ng"
        assert legacy_encodings.decode_vni(to_vni(word)) == word


def test_the_tcvn3_table_converts_all_lower_case_letters_and_base_capitals() -> None:
    letters = [c for c in ALL_LETTERS if c.islower()] + list("ĂÂÊÔƠƯĐ")
    for letter in letters:
        assert legacy_encodings.decode_tcvn3(to_tcvn3(letter)) == letter, letter


@pytest.mark.skipif(shutil.which("iconv") is None, reason="needs glibc iconv")
def test_the_tcvn3_table_agrees_with_glibc() -> None:
    codes = bytes(range(0xA0, 0x100))
    result = subprocess.run(
        ["iconv", "-f", "TCVN5712-1", "-t", "UTF-8"], input=codes, capture_output=True, check=False
    )
    if result.returncode:
        pytest.skip("this iconv has no TCVN5712-1")
    expected = result.stdout.decode()
    assert "".join(legacy_encodings.TCVN3_TO_UNICODE[b] for b in codes) == expected


def test_it_rejects_binary_junk_named_txt() -> None:
    refused("undecodable", bytes(range(256)) * 40, "a.txt")


def test_it_rejects_text_in_an_unknown_single_byte_encoding() -> None:
    rng = random.Random(7)
    words = [
        bytes(rng.randrange(0xC0, 0x100) for _ in range(rng.randrange(2, 6))) for _ in range(200)
    ]
    refused("undecodable", b" ".join(words), "a.txt")


def test_it_rejects_a_text_file_of_only_whitespace() -> None:
    refused("empty", b" \r\n\t\n  \n", "a.txt")


def test_it_cleans_control_characters_line_endings_and_blank_lines() -> None:
    raw = "\ufeffMột\r\nhai\rba\x00 bốn\x07\x1b\tnăm  \n\n\n\n\n\n\nsáu\u2028bảy\x0cchín\n\n"
    result = extract_text(raw.encode("utf-8"), "a.txt")
    assert result.text == "Một\nhai\nba bốn\tnăm\n\n\nsáu\nbảy\nchín"


# ---------------------------------------------------------------------------
# Checks common to every format
# ---------------------------------------------------------------------------
def test_it_rejects_an_empty_file() -> None:
    for name in ("a.txt", "a.docx", "a.pdf"):
        refused("empty", b"", name)


def test_it_rejects_a_file_over_the_size_limit_before_looking_at_it() -> None:
    # Garbage with an unsupported extension: only the size may be checked.
    error = refused("too_large", b"\x00" * 2048, "virus.exe", max_bytes=1024)
    assert error.status == 413
    assert "MB" in error.bilingual()["vi"]


def test_it_accepts_a_file_of_exactly_the_size_limit() -> None:
    assert extract_text(b"x" * 1024, "a.txt", max_bytes=1024).text == "x" * 1024


@pytest.mark.parametrize(
    "filename", ["cong-van.doc", "setup.exe", "anh.gif", "README", "a.", "a.docx.zip"]
)
def test_it_rejects_an_unsupported_extension(filename: str) -> None:
    error = refused("unsupported_type", b"Hello", filename)
    assert error.status == 415


def test_it_reads_extensions_in_any_case() -> None:
    assert extract_text(b"Hello", "GHI-CHU.TXT").kind == "txt"
    assert extract_text(make_docx(["Xin chào"]), r"C:\fakepath\QUYET-DINH.DocX").kind == "docx"


def test_it_rejects_a_pdf_named_docx() -> None:
    error = refused("wrong_extension", make_pdf([["Hello"]]), "bao-cao.docx")
    message = error.bilingual()["vi"]
    assert "bao-cao.docx" in message and "PDF" in message


def test_it_rejects_a_docx_named_pdf() -> None:
    refused("wrong_extension", make_docx(["Xin chào"]), "bao-cao.pdf")


def test_it_rejects_a_docx_named_txt() -> None:
    refused("wrong_extension", make_docx(["Xin chào"]), "bao-cao.txt")


def test_it_rejects_text_named_pdf() -> None:
    refused("wrong_extension", PARAGRAPH.encode(), "a.pdf")


def test_it_rejects_text_named_docx() -> None:
    refused("wrong_extension", PARAGRAPH.encode(), "a.docx")


@pytest.mark.parametrize(
    "data",
    [
        b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 100,  # Windows program
        b"\x7fELF\x02\x01\x01" + b"\x00" * 100,
        b"\x89PNG\r\n\x1a\n" + b"\x00" * 100,
        b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n",
        b"Rar!\x1a\x07\x01\x00" + b"\x00" * 100,
    ],
)
def test_it_rejects_a_binary_file_renamed_to_txt(data: bytes) -> None:
    refused("wrong_extension", data, "a.txt")


def test_it_rejects_a_plain_zip_renamed_to_docx() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("photo.jpg", b"\xff\xd8\xff" + b"x" * 100)
    error = refused("wrong_extension", buffer.getvalue(), "a.docx")
    assert "ZIP" in error.bilingual()["vi"]


def test_it_rejects_a_spreadsheet_renamed_to_docx() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
    error = refused("wrong_extension", buffer.getvalue(), "a.docx")
    assert "XLSX" in error.bilingual()["vi"]


def test_it_rejects_an_old_word_97_file_renamed_to_docx() -> None:
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512 + "WordDocument".encode("utf-16-le")
    refused("wrong_extension", ole, "a.docx")


def test_it_rejects_a_password_protected_word_file() -> None:
    # Word stores an encrypted .docx as an OLE container with this stream.
    ole = (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512 + "EncryptedPackage".encode("utf-16-le")
    )
    refused("encrypted", ole, "mat.docx")


# ---------------------------------------------------------------------------
# .docx
# ---------------------------------------------------------------------------
def make_docx(paragraphs: list[str], build: Callable[[Any], None] | None = None) -> bytes:
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    if build:
        build(document)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def official_docx() -> bytes:
    """A directive laid out as offices do: a two-column header table first."""
    document = docx.Document()
    # python-docx starts with one empty paragraph; tables come first in real files.
    body = document.element.body
    body.remove(body[0]) if body[0].tag.endswith("}p") else None
    header = document.add_table(rows=1, cols=2)
    left, right = header.rows[0].cells
    left.paragraphs[0].text = "ĐẢNG BỘ TỈNH BẮC NINH"
    left.add_paragraph("BAN TUYÊN GIÁO")
    left.add_paragraph("*")
    left.add_paragraph("Số 15-HD/BTGTU")
    right.paragraphs[0].text = "ĐẢNG CỘNG SẢN VIỆT NAM"
    right.add_paragraph("Bắc Ninh, ngày 12 tháng 3 năm 2024")
    document.add_paragraph("HƯỚNG DẪN")
    document.add_paragraph(PARAGRAPH)
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "Nơi nhận:"
    table.cell(0, 1).text = "K/T TRƯỞNG BAN"
    table.cell(1, 0).text = "- Các chi bộ,"
    table.cell(1, 1).text = "PHÓ TRƯỞNG BAN"
    document.add_paragraph("Đoạn cuối.")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_it_reads_a_docx_in_document_order_with_the_header_table_cell_by_cell() -> None:
    result = extract_text(official_docx(), "huong-dan.docx")
    assert result.kind == "docx" and result.encoding is None and result.pages is None
    assert result.text.split("\n") == [
        "ĐẢNG BỘ TỈNH BẮC NINH",
        "BAN TUYÊN GIÁO",
        "*",
        "Số 15-HD/BTGTU",
        "ĐẢNG CỘNG SẢN VIỆT NAM",
        "Bắc Ninh, ngày 12 tháng 3 năm 2024",
        "HƯỚNG DẪN",
        PARAGRAPH,
        "Nơi nhận:",
        "K/T TRƯỞNG BAN",
        "- Các chi bộ,",
        "PHÓ TRƯỞNG BAN",
        "Đoạn cuối.",
    ]


def test_it_reads_merged_cells_once() -> None:
    def build(document: Any) -> None:
        table = document.add_table(rows=2, cols=2)
        table.cell(0, 0).merge(table.cell(1, 0)).text = "Gộp dọc"
        table.cell(0, 1).text = "A"
        table.cell(1, 1).text = "B"
        wide = document.add_table(rows=1, cols=2)
        wide.cell(0, 0).merge(wide.cell(0, 1)).text = "Gộp ngang"

    result = extract_text(make_docx([], build), "a.docx")
    assert result.text.split("\n") == ["Gộp dọc", "A", "B", "Gộp ngang"]


def test_it_reads_page_headers_and_footers_but_not_page_numbers() -> None:
    def build(document: Any) -> None:
        section = document.sections[0]
        section.header.paragraphs[0].text = "TÀI LIỆU LƯU HÀNH NỘI BỘ"
        section.footer.paragraphs[0].text = "2"
        section.footer.add_paragraph("Ban Tuyên giáo Tỉnh ủy")

    result = extract_text(make_docx(["Nội dung chính."], build), "a.docx")
    assert result.text.split("\n") == [
        "TÀI LIỆU LƯU HÀNH NỘI BỘ",
        "Nội dung chính.",
        "Ban Tuyên giáo Tỉnh ủy",
    ]


W_NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def _append_xml(document: Any, xml: str) -> None:
    from docx.oxml import parse_xml

    body = document.element.body
    body.insert(len(body) - 1, parse_xml(xml))  # before the final w:sectPr


def test_it_reads_tracked_insertions_hyperlinks_and_breaks_but_not_deletions() -> None:
    def build(document: Any) -> None:
        _append_xml(
            document,
            f"<w:p {W_NS}><w:pPr><w:tabs><w:tab w:val='left' w:pos='720'/></w:tabs></w:pPr>"
            "<w:r><w:t xml:space='preserve'>Kính gửi: </w:t></w:r>"
            "<w:ins w:id='1' w:author='x'><w:r><w:t>các chi bộ</w:t></w:r></w:ins>"
            "<w:del w:id='2' w:author='x'><w:r><w:delText>các đảng bộ</w:delText></w:r></w:del>"
            "<w:r><w:tab/><w:t>trực thuộc</w:t><w:br/><w:t>(xem</w:t></w:r>"
            "<w:hyperlink><w:r><w:t xml:space='preserve'> tinhuy.vn</w:t></w:r></w:hyperlink>"
            "<w:r><w:t>)</w:t></w:r></w:p>",
        )

    result = extract_text(make_docx([], build), "a.docx")
    assert result.text == "Kính gửi: các chi bộ\ttrực thuộc\n(xem tinhuy.vn)"


def test_it_reads_text_boxes_once() -> None:
    textbox = "<w:txbxContent><w:p><w:r><w:t>Số: 15-CV/BTG</w:t></w:r></w:p></w:txbxContent>"

    def build(document: Any) -> None:
        _append_xml(
            document,
            f"<w:p {W_NS} xmlns:mc='http://schemas.openxmlformats.org/markup-compatibility/2006'"
            " xmlns:wps='http://schemas.microsoft.com/office/word/2010/wordprocessingShape'"
            " xmlns:v='urn:schemas-microsoft-com:vml'>"
            "<w:r><w:t>Trước</w:t></w:r>"
            "<w:r><mc:AlternateContent>"
            "<mc:Choice Requires='wps'>"
            f"<w:drawing><wps:txbx>{textbox}</wps:txbx></w:drawing></mc:Choice>"
            f"<mc:Fallback><w:pict><v:textbox>{textbox}</v:textbox></w:pict></mc:Fallback>"
            "</mc:AlternateContent></w:r></w:p>",
        )

    result = extract_text(make_docx([], build), "a.docx")
    assert result.text == "Trước\nSố: 15-CV/BTG"


def _as_legacy_font(text: str, encoder: Callable[[str], bytes]) -> str:
    """What Word stores for ``text`` typed in a .VnTime or VNI-Times font."""
    return encoder(text).decode("cp1252")


@pytest.mark.parametrize(("encoder", "name"), [(to_tcvn3, "tcvn3"), (to_vni, "vni")])
def test_it_converts_docx_text_typed_in_a_legacy_font(
    encoder: Callable[[str], bytes], name: str
) -> None:
    lines = LETTER.split("\n")
    legacy = [_as_legacy_font(line, encoder) for line in lines]
    assert legacy[0].startswith("Ban Tuy")  # looks like mojibake, e.g. "Tuyªn gi¸o"
    # A mixed document: the last line was retyped in Unicode and must not change.
    data = make_docx([*legacy, "Nơi nhận: Lưu VP."])
    result = extract_text(data, "cu.docx")
    assert result.encoding == name
    assert result.text.split("\n") == [*lines, "Nơi nhận: Lưu VP."]


def test_it_leaves_unicode_lines_with_only_latin1_letters_alone() -> None:
    lines = ["Bà Tâm, cán bộ văn hóa xã", "Café Trà Mi", "Nội dung họp."]
    result = extract_text(make_docx(lines), "a.docx")
    assert (result.text.split("\n"), result.encoding) == (lines, None)


def test_it_rejects_a_docx_without_text() -> None:
    refused("empty", make_docx(["", "   "]), "a.docx")


def _with_members(base: bytes, members: dict[str, bytes]) -> bytes:
    """``base`` (a .docx) with extra archive members, deflated."""
    buffer = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(base)) as source,
        zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for item in source.infolist():
            target.writestr(item, source.read(item.filename))
        for name, payload in members.items():
            target.writestr(name, payload)
    return buffer.getvalue()


def test_it_rejects_a_docx_zip_bomb_by_compression_ratio() -> None:
    bomb = _with_members(
        make_docx(["Xin chào"]), {"word/media/image1.png": b"\x00" * (8 * 1024 * 1024)}
    )
    assert len(bomb) < 100_000  # 8 MB in a few KB
    refused("zip_bomb", bomb, "a.docx")


def test_it_rejects_a_docx_expanding_to_more_than_ten_times_the_limit() -> None:
    # Many members, each small enough to escape the ratio rule, 12 MB in all.
    members = {f"extra/item{i}.xml": b" " * 500_000 for i in range(24)}
    data = _with_members(make_docx(["Xin chào"]), members)
    assert len(data) < 1_000_000
    refused("zip_bomb", data, "a.docx", max_bytes=1_000_000)
    # The same file under the default limit is fine.
    assert extract_text(data, "a.docx").text == "Xin chào"


def test_it_rejects_a_docx_whose_xml_parts_expand_too_far() -> None:
    # Like the 545 KB .docx with 190 headers of about 1 MiB each that took
    # 500 MB to parse: each part escapes the per-member ratio, the XML sum does not.
    header = b"<w:hdr>" + b"<w:p/>" * ((1024 * 1024 - 20) // 6) + b"</w:hdr>"
    members = {f"word/header{i}.xml": header for i in range(70)}
    data = _with_members(make_docx(["Xin chào"]), members)
    assert len(data) < 1_000_000
    refused("zip_bomb", data, "a.docx")


def test_it_rejects_a_docx_with_too_many_members() -> None:
    members = {f"extra/item{i}.xml": b"<a/>" for i in range(1001)}
    refused("zip_bomb", _with_members(make_docx(["Xin chào"]), members), "a.docx")


def test_it_rejects_a_corrupt_docx() -> None:
    good = make_docx(["Xin chào"])
    refused("corrupt", b"PK\x03\x04" + b"\x00garbage" * 50, "a.docx")
    refused("corrupt", good[: len(good) // 2], "a.docx")  # truncated upload


def test_it_rejects_a_docx_without_word_document_xml() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/styles.xml", "<styles/>")
    refused("corrupt", buffer.getvalue(), "a.docx")


def test_it_rejects_a_docx_with_broken_xml() -> None:
    good = make_docx(["Xin chào"])
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(good)) as source, zipfile.ZipFile(buffer, "w") as target:
        for item in source.infolist():
            payload = source.read(item.filename)
            if item.filename == "word/document.xml":
                payload = payload[: len(payload) // 2]
            target.writestr(item, payload)
    refused("corrupt", buffer.getvalue(), "a.docx")


# ---------------------------------------------------------------------------
# PDF
# ---------------------------------------------------------------------------
def make_pdf(pages: list[list[str]], images: list[tuple[int, int, bytes]] | None = None) -> bytes:
    """A minimal PDF written by hand: one page per item, Helvetica text lines
    (ASCII), or, with ``images``, one full-page greyscale image per page."""
    objects: list[bytes] = []

    def add(body: bytes) -> int:
        objects.append(body)
        return len(objects)

    catalog = add(b"")  # filled in below
    tree = add(b"")
    font = add(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
    kids = []
    count = len(images) if images else len(pages)
    for index in range(count):
        if images:
            width, height, pixels = images[index]
            image = add(grey_image(width, height, pixels))
            stream = b"q 612 0 0 792 0 0 cm /Im0 Do Q"
            resources = b"<< /XObject << /Im0 %d 0 R >> >>" % image
        else:
            lines = [
                b"("
                + line.encode("cp1252")
                .replace(b"\\", b"\\\\")
                .replace(b"(", b"\\(")
                .replace(b")", b"\\)")
                + b") Tj T*"
                for line in pages[index]
            ]
            stream = b"BT /F1 14 Tf 16 TL 72 720 Td " + b" ".join(lines) + b" ET"
            resources = b"<< /Font << /F1 %d 0 R >> >>" % font
        content = add(b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream))
        kids.append(
            add(
                b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 612 792]"
                b" /Resources %s /Contents %d 0 R >>" % (tree, resources, content)
            )
        )
    objects[catalog - 1] = b"<< /Type /Catalog /Pages %d 0 R >>" % tree
    objects[tree - 1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (
        b" ".join(b"%d 0 R" % k for k in kids),
        len(kids),
    )

    return serialize(objects, catalog)


PDF_PAGE_1 = ["CONG VAN SO 15-CV/BTG", "Ve viec tuyen truyen Chi thi 07-CT/TW"]
PDF_PAGE_2 = ["Noi nhan: cac chi bo truc thuoc", "Luu van phong"]


def _encrypted(pdf: bytes, user_password: str) -> bytes:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    writer.encrypt(user_password, owner_password="owner-secret")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def test_it_reads_the_text_layer_of_a_pdf() -> None:
    result = extract_text(make_pdf([PDF_PAGE_1, PDF_PAGE_2]), "cong-van.pdf")
    assert (result.kind, result.pages, result.ocr, result.encoding) == ("pdf", 2, False, None)
    lines = [line for line in result.text.split("\n") if line.strip()]
    assert lines == PDF_PAGE_1 + PDF_PAGE_2


def test_it_converts_pdf_text_in_a_legacy_font() -> None:
    lines = ["Ban Tuyên giáo Tỉnh ủy", "về đẩy mạnh công tác thông tin cơ sở"]
    pdf = make_pdf([[_as_legacy_font(line, to_tcvn3) for line in lines]])
    result = extract_text(pdf, "a.pdf")
    assert result.encoding == "tcvn3"
    assert [line for line in result.text.split("\n") if line.strip()] == lines


def test_it_rejects_an_encrypted_pdf() -> None:
    locked = _encrypted(make_pdf([PDF_PAGE_1]), "secret")
    assert PdfReader(io.BytesIO(locked)).is_encrypted
    error = refused("encrypted", locked, "mat.pdf")
    assert "PDF" in error.bilingual()["vi"]


def test_it_reads_a_pdf_locked_only_by_an_owner_password() -> None:
    restricted = _encrypted(make_pdf([PDF_PAGE_1]), "")
    assert PdfReader(io.BytesIO(restricted)).is_encrypted
    assert "CONG VAN SO 15-CV/BTG" in extract_text(restricted, "a.pdf").text


def test_it_rejects_a_pdf_with_too_many_pages() -> None:
    pdf = make_pdf([PDF_PAGE_1, PDF_PAGE_2, PDF_PAGE_1])
    error = refused("too_many_pages", pdf, "a.pdf", max_pages=2)
    assert "3" in error.bilingual()["vi"]
    assert extract_text(pdf, "a.pdf", max_pages=3).pages == 3


@pytest.mark.parametrize(
    "data",
    [
        b"%PDF-1.4\n" + b"\x00\xff garbage " * 100,
        b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R",  # truncated
    ],
)
def test_it_rejects_a_corrupt_pdf(data: bytes) -> None:
    refused("corrupt", data, "a.pdf")


def _scan() -> bytes:
    """An image-only PDF: what a scanner produces (here, grey stripes)."""
    width, height = 200, 260
    pixels = bytes((255 if (y // 10) % 2 else 180) for y in range(height) for _ in range(width))
    return make_pdf([], images=[(width, height, pixels)])


def test_it_rejects_a_scanned_pdf_when_ocr_is_turned_off() -> None:
    refused("no_text_layer", _scan(), "ban-quet.pdf", ocr=False)


def test_it_rejects_a_scanned_pdf_when_no_vietnamese_ocr_is_installed(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(pdf_extraction, "vietnamese_ocr_available", lambda: False)
    refused("no_text_layer", _scan(), "ban-quet.pdf")
    refused("no_text_layer", make_pdf([["1"], ["2"]]), "chi-so-trang.pdf")  # page numbers only


@pytest.mark.skipif(
    not ocr.vietnamese_ocr_available(), reason="needs tesseract with 'vie' and pdftoppm"
)
def test_it_recognises_the_text_of_a_scanned_pdf(tmp_path: Any) -> None:
    # Render a text PDF to pixels, then wrap the pixels in an image-only PDF.
    source = tmp_path / "text.pdf"
    source.write_bytes(make_pdf([["THONG TIN CO SO", "BAN TUYEN GIAO"]]))
    subprocess.run(
        ["pdftoppm", "-r", "100", "-gray", "-singlefile", str(source), str(tmp_path / "page")],
        check=True,
    )
    pgm = (tmp_path / "page.pgm").read_bytes()
    header = re.match(rb"P5\s+(\d+)\s+(\d+)\s+255\s", pgm)  # binary greymap, 8 bits
    assert header is not None
    width, height = int(header.group(1)), int(header.group(2))
    scan = make_pdf([], images=[(width, height, pgm[header.end() :])])
    with pytest.raises(ExtractionError):
        extract_text(scan, "scan.pdf", ocr=False)
    result = extract_text(scan, "scan.pdf")
    assert result.ocr is True and result.pages == 1
    assert "THONG TIN" in result.text.upper()
