"""The report as an official document: .docx in the party or state format, .pdf, .xlsx.

Party units follow Hướng dẫn 36-HD/VPTW: "ĐẢNG CỘNG SẢN VIỆT NAM" on the right,
the issuer with an asterisk below it on the left, "Số 12-BC/CB", underlined
"Nơi nhận", a T/M or K/T signing block. State units follow Nghị định
30/2020/NĐ-CP: Quốc hiệu and Tiêu ngữ, "Số: 12/BC-UBND", Times New Roman 13 pt,
A4 with margins of 20 mm top and bottom, 30 mm left, 15 mm right.

The .docx and the .pdf are rendered from one :class:`Layout`, so they say the
same thing; the .pdf is drawn by WeasyPrint with Liberation Serif (metric
twin of Times New Roman, full Vietnamese coverage).
"""

from __future__ import annotations

import io
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from django.template.loader import render_to_string

from tincoso.core.spreadsheet import safe_row
from tincoso.core.text import format_date, format_number
from tincoso.units.lines import PARTY_KINDS as PARTY_KINDS
from tincoso.units.lines import system_of as system_of
from tincoso.units.models import Unit, UnitKind

FORM_LABELS_FALLBACK: dict[str, str] = {}


PARTY_AUTHORITY = ("T/M", "K/T", "T/L", "T/U", "Q/")
STATE_AUTHORITY = ("TM.", "KT.", "TL.", "TUQ.", "Q.")


def default_authority(unit: Unit, system: str) -> str:
    """The signing block a unit's report is signed under when the officer wrote none:
    the collective body it signs for, in its own system's form (never mixed)."""
    if system == "party":
        if unit.kind == UnitKind.PARTY_CELL:
            return "T/M CHI BỘ"
        if unit.kind in (UnitKind.PARTY_COMMITTEE, UnitKind.BLOC_COMMITTEE):
            return "T/M BAN THƯỜNG VỤ"
        return ""  # a board (ban): its head signs in their own name
    if unit.kind == UnitKind.COMMUNE or unit.name.casefold().startswith("ủy ban nhân dân"):
        return "TM. ỦY BAN NHÂN DÂN"
    return ""  # a department or agency: its head signs in their own name


def authority_matches(authority: str, system: str) -> bool:
    """No level of the signing block uses the other system's form ("T/M ĐẢNG ỦY"
    under a state heading, "TM. ỦY BAN NHÂN DÂN" under the party's)."""
    other = STATE_AUTHORITY if system == "party" else PARTY_AUTHORITY
    levels = [a.strip().upper() for a in authority.split(" / ") if a.strip()]
    return not any(level.startswith(other) for level in levels)


def abbreviation(unit: Unit) -> str:
    """The issuer's letters in a symbol: the unit's short name, else its initials."""
    if unit.short_name:
        return unit.short_name.replace(" ", "")
    words = [w for w in unit.name.split() if w[:1].isalpha()]
    return "".join(_initial(w[0]) for w in words)[:8] or "DV"


def _initial(letter: str) -> str:
    """A word's initial as symbols write it: without tone or vowel marks ("Ủy" → U),
    but Đ stays Đ ("Đảng ủy" → ĐU)."""
    if letter in "đĐ":
        return "Đ"
    bare = unicodedata.normalize("NFD", letter)[0]
    return bare.upper()


def symbol_for(unit: Unit, number: int, system: str) -> str:
    if system == "party":
        return f"{number}-BC/{abbreviation(unit)}"
    return f"{number}/BC-{abbreviation(unit)}"


@dataclass
class Table:
    title: str
    header: list[str]
    rows: list[list[Any]]  # text (numbers written out are read back as numbers) or numbers


@dataclass
class Layout:
    system: str
    parent_issuer: str
    issuer: str
    number_line: str
    place_date: str
    doc_type: str
    title: str
    sections: list[tuple[str, list[str]]]
    tables: list[Table]
    recipients: list[str]
    authority: list[str]
    signer_title: str
    signer_name: str
    extra: dict[str, Any] = field(default_factory=dict)


def _paragraphs(text: str) -> list[str]:
    return [p.strip() for p in (text or "").splitlines() if p.strip()]


def _n(value: Any) -> str:
    return "" if value is None else format_number(value) if isinstance(value, int) else str(value)


BROADCAST_LABELS = {
    "normal": "Bản tin thông thường",
    "priority": "Bản tin ưu tiên",
    "emergency": "Bản tin khẩn cấp",
    "own": "Bản tin của đơn vị",
    "above": "Bản tin của cấp trên",
}


def _minutes(seconds: Any) -> str:
    return format_number(round((seconds or 0) / 60, 1), 1)


def _broadcast_table(broadcast: dict[str, Any]) -> Table:
    """Loudspeaker plays aired (``broadcast.stations.aired``): by priority, by source."""
    rows = [["Tổng số lượt phát", _n(broadcast.get("aired", 0)),
             _minutes(broadcast.get("seconds"))]]
    for group in ("by_priority", "by_source"):
        for key, value in sorted(broadcast.get(group, {}).items()):
            rows.append([BROADCAST_LABELS.get(key, key), _n(value.get("aired", 0)),
                         _minutes(value.get("seconds"))])
    return Table("Phát thanh trên hệ thống loa", ["Chỉ tiêu", "Số lượt phát", "Số phút phát"],
                 rows)


def _dec(value: Any, places: int = 1) -> str:
    return "" if value is None else format_number(value, places)


def _devices_table(devices: dict[str, Any]) -> Table:
    """Loudspeaker clusters and boards (``broadcast.devices.figures``)."""
    plays, emergency = devices.get("plays", {}), devices.get("emergency", {})
    return Table("Hoạt động của cụm loa, bảng tin điện tử", ["Chỉ tiêu", "Kết quả"], [
        ["Thời gian hoạt động (%)", _dec(devices.get("uptime_percent"))],
        ["Lượt phát theo lịch", _n(plays.get("scheduled", 0))],
        ["Lượt phát thiết bị xác nhận đã phát", _n(plays.get("done", 0))],
        ["Tỷ lệ đã phát (%)", _dec(plays.get("done_percent"))],
        ["Lượt thiết bị nhận báo động khẩn cấp", _n(emergency.get("acks", 0))],
        ["Trong đó đến trong 2 giây", _n(emergency.get("within_2s", 0))],
        ["Thời gian báo động đến thiết bị, trung bình (giây)",
         _dec(emergency.get("reach_avg_s"), 2)],
    ])


def _opinion_table(opinion: dict[str, Any]) -> Table:
    """Notes filed, topics, and how fast false claims were corrected: aggregates only."""
    from tincoso.opinion.models import Topic

    names = dict(Topic.objects.values_list("slug", "name"))
    by_topic = sorted(opinion.get("by_topic", {}).items(), key=lambda kv: (-kv[1], kv[0]))
    return Table(
        "Nắm bắt dư luận xã hội, đính chính thông tin sai",
        ["Chỉ tiêu", "Số lượng"],
        [
            ["Phiếu nắm bắt dư luận", _n(opinion.get("notes", 0))],
            ["Ý kiến, câu hỏi đã gắn chủ đề", _n(opinion.get("tagged", 0))],
            ["Số chủ đề được phản ánh", _n(len(by_topic))],
            *[[f"Chủ đề: {names.get(slug, slug)}", _n(n)] for slug, n in by_topic],
            ["Đính chính đã đăng từ phản ánh dư luận", _n(opinion.get("corrections", 0))],
            ["Số giờ từ phản ánh đến đính chính (trung vị)",
             _n(opinion.get("median_hours_to_correction"))],
            ["Điển hình, cách làm hay đơn vị gửi",
             _n(opinion.get("examples", {}).get("submitted", 0))],
            ["Điển hình, cách làm hay đã đăng trên cổng",
             _n(opinion.get("examples", {}).get("published", 0))],
        ],
    )


ACCESS_ROWS = (
    ("received", "Yêu cầu cung cấp thông tin nhận được"),
    ("on_time", "Đã giải quyết đúng hạn"),
    ("late", "Đã giải quyết quá hạn"),
    ("overdue", "Chưa giải quyết, đã quá hạn"),
    ("refused", "Từ chối cung cấp (có lý do theo luật)"),
)


def _access_table(access: dict[str, Any]) -> Table:
    """Requests for information (Luật Tiếp cận thông tin 2016): counts only, the
    refusals also by their ground of khoản 1 Điều 28."""
    from django.utils import translation

    from tincoso.access.models import RefusalGround

    rows = [[label, _n(access.get(key, 0))] for key, label in ACCESS_ROWS]
    by_ground = access.get("refused_by", {})
    with translation.override("vi"):
        rows += [[f"Trong đó: {ground.label}", _n(by_ground[ground.value])]
                 for ground in RefusalGround if by_ground.get(ground.value)]
    return Table("Cung cấp thông tin theo yêu cầu của công dân", ["Chỉ tiêu", "Số lượng"], rows)


def figure_tables(figures: dict[str, Any], form_labels: dict[str, str]) -> list[Table]:
    """The roll-up as tables: totals, then each child unit."""
    totals = figures.get("totals", {})
    docs = totals.get("documents", {})
    acts = totals.get("activities", {})
    audience = acts.get("audience", {})
    feedback = totals.get("feedback", {})
    tables = [
        Table(
            "Tiếp nhận và triển khai văn bản",
            ["Chỉ tiêu", "Số lượng"],
            [
                ["Văn bản nhận", _n(docs.get("received", 0))],
                ["Đã tiếp nhận", _n(docs.get("acknowledged", 0))],
                ["Đã hoàn thành", _n(docs.get("done", 0))],
                ["Quá hạn tiếp nhận", _n(docs.get("overdue", 0))],
                ["Số ngày tiếp nhận (trung vị)", _n(docs.get("median_days_to_acknowledge"))],
            ],
        ),
        Table(
            "Hoạt động tuyên truyền theo hình thức",
            ["Hình thức", "Số cuộc"],
            [[form_labels.get(k, k), _n(v)] for k, v in sorted(acts.get("by_form", {}).items())]
            + [["Tổng số", _n(acts.get("count", 0))]],
        ),
        Table(
            "Người tham dự",
            ["Đối tượng", "Số người"],
            [
                ["Tổng số lượt người", _n(audience.get("total", 0))],
                ["Đảng viên", _n(audience.get("members", 0))],
                ["Cán bộ, công chức, viên chức", _n(audience.get("civil_servants", 0))],
                ["Nhân dân", _n(audience.get("citizens", 0))],
                ["Đồng bào dân tộc thiểu số", _n(audience.get("ethnic_minority", 0))],
            ],
        ),
    ]
    if feedback:
        tables.append(
            Table(
                "Tiếp nhận, trả lời ý kiến của Nhân dân",
                ["Chỉ tiêu", "Số lượng"],
                [
                    ["Ý kiến nhận được", _n(feedback.get("received", 0))],
                    ["Đã trả lời", _n(feedback.get("answered", 0))],
                    ["Quá hạn", _n(feedback.get("overdue", 0))],
                ],
            )
        )
    opinion = totals.get("opinion", {})
    if any(opinion.get(k) for k in ("notes", "tagged", "corrections", "examples")):
        tables.append(_opinion_table(opinion))
    access = totals.get("access", {})
    if any(access.values()):
        tables.append(_access_table(access))
    broadcast = totals.get("broadcast", {})
    if broadcast.get("aired"):
        tables.append(_broadcast_table(broadcast))
    devices = totals.get("devices", {})
    if devices:
        tables.append(_devices_table(devices))
    children = figures.get("children", [])
    if children:
        tables.append(
            Table(
                "Kết quả theo đơn vị trực thuộc",
                ["Đơn vị", "Văn bản nhận", "Đã tiếp nhận", "Hoạt động", "Lượt người"],
                [
                    [
                        c["unit"]["name"],
                        _n(c["figures"].get("documents", {}).get("received", 0)),
                        _n(c["figures"].get("documents", {}).get("acknowledged", 0)),
                        _n(c["figures"].get("activities", {}).get("count", 0)),
                        _n(c["figures"].get("activities", {}).get("audience", {}).get("total", 0)),
                    ]
                    for c in children
                ],
            )
        )
    return tables


# --- .docx ---------------------------------------------------------------------------


def render_docx(layout: Layout) -> bytes:
    """The report as .docx: an A4 page, the header block, the body, the tables, the
    recipients and signature (NĐ 30/2020 for the state, 36-HD/VPTW for the party)."""
    import docx

    document = docx.Document()
    _a4_page(document)
    _docx_header(document, layout)
    _docx_body(document, layout)
    _docx_tables(document, layout)
    _docx_footer(document, layout)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _a4_page(document: Any) -> None:
    """Portrait A4, margins 20/20/30/15 mm, Times New Roman 14, numbered pages."""
    from docx.enum.section import WD_ORIENT
    from docx.oxml.ns import qn
    from docx.shared import Mm, Pt

    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    normal = document.styles["Normal"]
    normal.font.name = "Times New Roman"
    normal.font.size = Pt(14)
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), "Times New Roman")
    _page_numbers(section)


def _para(
    cell_or_doc: Any,
    text: str,
    *,
    bold: bool = False,
    italic: bool = False,
    underline: bool = False,
    center: bool = True,
    size: int | None = None,
) -> Any:
    """One paragraph of one run, centred unless told, with no space after."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    p = cell_or_doc.add_paragraph()
    if center:
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = p.add_run(text)
    run.bold, run.italic, run.underline = bold, italic, underline
    if size:
        run.font.size = Pt(size)
    p.paragraph_format.space_after = Pt(0)
    return p


def _two_cells(document: Any) -> tuple[Any, Any]:
    """A borderless one-row, two-column table (header and signature blocks)."""
    table = document.add_table(rows=1, cols=2)
    left, right = table.cell(0, 0), table.cell(0, 1)
    left.paragraphs[0].text = ""
    right.paragraphs[0].text = ""
    return table, (left, right)


def _docx_header(document: Any, layout: Layout) -> None:
    """Issuer and number on the left; the national or party motto and place, date right."""
    from docx.enum.table import WD_TABLE_ALIGNMENT

    header, (left, right) = _two_cells(document)
    header.alignment = WD_TABLE_ALIGNMENT.CENTER
    if layout.parent_issuer:
        _para(left, layout.parent_issuer.upper(), size=13)
    _para(left, layout.issuer.upper(), bold=True, size=13)
    if layout.system == "party":
        _para(left, "*")
        _para(left, layout.number_line, size=13)
        _para(right, "ĐẢNG CỘNG SẢN VIỆT NAM", bold=True, underline=True, size=13)
    else:
        _para(left, layout.number_line, size=13)
        _para(right, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", bold=True, size=12)
        _para(right, "Độc lập - Tự do - Hạnh phúc", bold=True, underline=True, size=13)
    _para(right, layout.place_date, italic=True, size=13)


def _docx_body(document: Any, layout: Layout) -> None:
    """Type and title, then each section's heading and justified, indented paragraphs."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm

    document.add_paragraph()
    _para(document, layout.doc_type.upper(), bold=True)
    _para(document, layout.title, bold=True)
    document.add_paragraph()
    for heading, paragraphs in layout.sections:
        _para(document, heading, bold=True, center=False)
        for text in paragraphs:
            p = _para(document, text, center=False)
            p.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
            p.paragraph_format.first_line_indent = Mm(10)


def _docx_tables(document: Any, layout: Layout) -> None:
    """Each figures table under its title, header row in bold."""
    for table in layout.tables:
        _para(document, table.title, bold=True, center=False)
        grid = document.add_table(rows=1, cols=len(table.header))
        grid.style = "Table Grid"
        for i, name in enumerate(table.header):
            grid.cell(0, i).text = name
            grid.cell(0, i).paragraphs[0].runs[0].bold = True
        for row in table.rows:
            cells = grid.add_row().cells
            for i, value in enumerate(row):
                cells[i].text = value
        document.add_paragraph()


def _docx_footer(document: Any, layout: Layout) -> None:
    """Recipients on the left; authority, title, room to sign and name on the right."""
    _, (left, right) = _two_cells(document)
    _para(
        left,
        "Nơi nhận:",
        bold=True,
        italic=layout.system == "state",
        underline=layout.system == "party",
        center=False,
        size=12,
    )
    for line in layout.recipients:
        _para(left, f"- {line}", center=False, size=11)
    for line in layout.authority:
        _para(right, line, bold=True)
    if layout.signer_title:
        _para(right, layout.signer_title, bold=True)
    for _ in range(3):
        _para(right, "")
    _para(right, layout.signer_name, bold=True)


def _page_numbers(section: Any) -> None:
    """Page numbers centred at the top from the second page on (NĐ 30/2020, 36-HD/VPTW)."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    section.different_first_page_header_footer = True
    paragraph = section.header.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "2"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


# --- .pdf ------------------------------------------------------------------------------


def render_pdf(layout: Layout) -> bytes:
    from weasyprint import HTML

    html = render_to_string("reports/official.html", {"layout": layout})
    return bytes(HTML(string=html).write_pdf())


# --- .xlsx -----------------------------------------------------------------------------


def render_xlsx(layout: Layout) -> bytes:
    return tables_xlsx(layout.issuer, layout.title, layout.tables)


# A text starting with one of these is read as a formula by spreadsheet programs.


def tables_xlsx(issuer: str, title: str, tables: list[Table]) -> bytes:
    """One sheet per table, under the issuer and the title. Numbers become numbers;
    text that a spreadsheet would run as a formula (a unit named "=HYPERLINK(…)")
    is stored as plain text."""
    from openpyxl import Workbook  # type: ignore[import-untyped]
    from openpyxl.styles import Font  # type: ignore[import-untyped]

    book = Workbook()
    first = True
    for table in tables:
        sheet = book.active if first else book.create_sheet()
        first = False
        assert sheet is not None
        sheet.title = re.sub(r"[\\/*?:\[\]]", "-", table.title)[:31]
        # Every text cell through the one export rule (core.spreadsheet): a name that
        # a spreadsheet would run as a formula stays text.
        for heading in ([issuer], [title], [table.title], table.header):
            sheet.append(safe_row(heading))
        for row in table.rows:
            sheet.append(safe_row(_number_or_text(v) for v in row))
        for cell in sheet[4]:
            cell.font = Font(bold=True)
        sheet.column_dimensions["A"].width = 45
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _number_or_text(value: Any) -> Any:
    if not isinstance(value, str):
        return value
    digits = value.replace(".", "")
    return int(digits) if digits.isdigit() else value


def place_date(place: str, day: Any) -> str:
    return f"{place}, {format_date(day)}"
