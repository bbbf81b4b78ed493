"""Implementation reports: official .docx/.pdf/.xlsx, parse-back, submission, calendars."""

from __future__ import annotations

import datetime as dt
import io
import subprocess
from typing import Any

import pytest

from tincoso.conftest import person_with
from tincoso.core import clock
from tincoso.core.errors import ConflictError, PermissionDeniedError
from tincoso.core.models import Notification
from tincoso.documents.extraction import extract_text
from tincoso.documents.models import Dispatch
from tincoso.documents.parser import parse_text
from tincoso.outreach.services import ActivityData, log_activity
from tincoso.reports import official, services
from tincoso.reports.models import Report
from tincoso.reports.periods import quarter
from tincoso.reports.tests.helpers import issued
from tincoso.units import guidance
from tincoso.units.models import Role, Unit


@pytest.fixture
def q1(tree: dict[str, Unit]) -> Any:
    clock.set(dt.datetime(2026, 4, 3, 9, 0))
    log_activity(
        None,
        ActivityData(
            unit=tree["cell-a"],
            form="cell_meeting",
            topic="Quán triệt Chỉ thị 07-CT/TW",
            starts_at=dt.datetime(2026, 2, 10, 8, tzinfo=dt.UTC),
            audience_total=18,
            audience_members=18,
        ),
    )
    return quarter(2026, 1)


def _write(report: Report, actor: Any) -> Report:
    return services.update_report(
        actor,
        report,
        results="Chi bộ đã quán triệt Chỉ thị 07 đến 100% đảng viên.",
        limitations="Một số đảng viên chưa tham gia đầy đủ.",
        causes="Công tác đột xuất.",
        proposals="Đề nghị cấp trên cung cấp thêm tài liệu.",
        signing_authority="T/M CHI BỘ",
        signer_title="Bí thư",
        signer_name="Lê Thị Thu",
    )


def test_a_party_cells_report_is_in_the_party_format_and_parses_back(
    tree: dict[str, Unit], q1: Any
) -> None:
    officer = person_with(Role.OFFICER, tree["cell-a"])
    report = _write(services.create_report(officer, tree["cell-a"], q1), officer)
    assert report.figures["totals"]["activities"]["count"] == 1
    report = issued(officer, report)
    doc = report.document
    assert doc.symbol == f"{doc.register_number}-BC/CBSNV"
    import docx

    data = doc.file.read()
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(data)).paragraphs)
    tables = docx.Document(io.BytesIO(data)).tables
    header = "\n".join(c.text for c in tables[0].rows[0].cells)
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in header and "*" in header
    assert f"Số {doc.symbol}" in header
    assert "ngày 03 tháng 4 năm 2026" in header
    assert "BÁO CÁO" in text and "I. KẾT QUẢ ĐẠT ĐƯỢC" in text
    footer = "\n".join(c.text for c in tables[-1].rows[0].cells)
    assert "Nơi nhận:" in footer and "T/M CHI BỘ" in footer and "Lê Thị Thu" in footer
    assert any("Sinh hoạt chi bộ" in c.text for t in tables for r in t.rows for c in r.cells)
    section = docx.Document(io.BytesIO(data)).sections[0]
    assert round(section.left_margin.mm) == 30 and round(section.top_margin.mm) == 20

    parsed = parse_text(extract_text(data, "r.docx").text)
    assert (parsed.number, parsed.symbol, parsed.date, parsed.doc_type) == (
        str(doc.register_number),
        doc.symbol,
        "2026-04-03",
        "Báo cáo",
    )
    assert parsed.issuer and parsed.issuer.lower().startswith("chi bộ sở nội vụ")
    assert parsed.title == report.title


def test_a_communes_report_is_in_the_state_format_and_parses_back(
    tree: dict[str, Unit], board: Unit, q1: Any
) -> None:
    # The commune's report goes to the board that guides it for reports.
    guidance.link(None, board, tree["commune"], ["reports"])
    officer = person_with(Role.OFFICER, tree["commune"])
    report = services.create_report(officer, tree["commune"], q1)
    services.update_report(
        officer,
        report,
        signing_authority="TM. ỦY BAN NHÂN DÂN / KT. CHỦ TỊCH",
        signer_title="Phó Chủ tịch",
        signer_name="Lò Văn Pọm",
    )
    report = issued(officer, Report.objects.get(pk=report.pk))
    doc = report.document
    assert doc.symbol == f"{doc.register_number}/BC-XĐT"
    data = doc.file.read()
    text = extract_text(data, "r.docx").text
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text and "Độc lập - Tự do - Hạnh phúc" in text
    assert f"Số: {doc.symbol}" in text
    parsed = parse_text(text)
    assert (parsed.symbol, parsed.date, parsed.title) == (doc.symbol, "2026-04-03", report.title)
    assert parsed.signing_authority == "TM. ỦY BAN NHÂN DÂN / KT. CHỦ TỊCH"
    assert "Ban Tuyên giáo (b/c);" in text and "Lưu: VT." in text
    assert Dispatch.objects.get(document=doc).recipient == board


def test_the_pdf_and_xlsx_carry_the_same_report(tree: dict[str, Unit], q1: Any) -> None:
    officer = person_with(Role.OFFICER, tree["cell-a"])
    report = issued(
        officer, _write(services.create_report(officer, tree["cell-a"], q1), officer)
    )
    layout = services.layout_for(report)
    pdf = official.render_pdf(layout)
    assert pdf.startswith(b"%PDF")
    text = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True, check=True
    ).stdout.decode()
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in text and report.document.symbol in text
    assert "Lê Thị Thu" in text and "Sinh hoạt chi bộ" in text
    fonts = subprocess.run(["pdffonts", "-"], input=pdf, capture_output=True).stdout.decode()
    assert "Liberation" in fonts or "Serif" in fonts
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(official.render_xlsx(layout)))
    values = [c for s in book.worksheets for row in s.iter_rows(values_only=True) for c in row]
    assert "Sinh hoạt chi bộ" in values and 18 in values


def test_a_submitted_report_reaches_the_parents_inbox_and_counts_as_reported(
    tree: dict[str, Unit], q1: Any
) -> None:
    officer = person_with(Role.OFFICER, tree["cell-a"])
    parent_officer = person_with(Role.OFFICER, tree["committee"])
    assert tree["cell-a"] in services.not_reported(tree["committee"], q1)
    report = issued(
        officer, _write(services.create_report(officer, tree["cell-a"], q1), officer)
    )
    dispatch = Dispatch.objects.get(document=report.document)
    assert dispatch.recipient == tree["committee"]
    assert Notification.objects.filter(user=parent_officer).exists()
    missing = services.not_reported(tree["committee"], q1)
    assert tree["cell-a"] not in missing and tree["cell-b"] in missing
    with pytest.raises(ConflictError):
        services.update_report(officer, report, results="sửa lại sau khi gửi")


def test_only_the_units_officers_may_report_for_it(tree: dict[str, Unit], q1: Any) -> None:
    with pytest.raises(PermissionDeniedError):
        services.create_report(person_with(Role.OFFICER, tree["cell-b"]), tree["cell-a"], q1)
    with pytest.raises(PermissionDeniedError):
        services.create_report(person_with(Role.VIEWER, tree["cell-a"]), tree["cell-a"], q1)
    assert not Report.objects.exists()


def test_a_report_without_a_signer_cannot_be_sent(tree: dict[str, Unit], q1: Any) -> None:
    # GIVEN a draft with no signer, approved by an approver with no name on file
    officer = person_with(Role.OFFICER, tree["cell-a"])
    report = services.create_report(officer, tree["cell-a"], q1)
    services.update_report(officer, report, signer_name="")
    # WHEN it is approved THEN it is refused, still waiting, unnumbered, unsent
    with pytest.raises(services.ReportError):
        issued(officer, Report.objects.get(pk=report.pk))
    report = Report.objects.get(pk=report.pk)
    assert report.status == Report.Status.PENDING and report.document is None
    assert not Dispatch.objects.exists()


def test_calendars_remind_before_the_due_date_and_flag_late_reports_once(
    tree: dict[str, Unit],
) -> None:
    officer = person_with(Role.OFFICER, tree["cell-a"])
    parent_officer = person_with(Role.OFFICER, tree["committee"])
    services.set_schedule(officer, tree["cell-a"], "quarterly", due_days=5, remind_days=3)
    clock.set(dt.datetime(2026, 4, 3, 9, 0))  # Q1 due 5 April: remind from 2 April
    assert services.check_schedules() == 1
    assert services.check_schedules() == 0
    assert Notification.objects.filter(user=officer).count() == 1
    clock.set(dt.datetime(2026, 4, 7, 9, 0))
    assert services.check_schedules() == 1
    note = Notification.objects.get(user=parent_officer)
    assert "Chi bộ Sở Nội vụ" in note.subject
    assert services.check_schedules() == 0


def test_a_bad_calendar_frequency_is_refused(tree: dict[str, Unit]) -> None:
    from tincoso.reports.periods import PeriodError

    with pytest.raises(PeriodError):
        services.set_schedule(None, tree["cell-a"], "weekly")


def test_a_unit_name_that_looks_like_a_formula_stays_text_in_the_xlsx(
    tree: dict[str, Unit], q1: Any
) -> None:
    from openpyxl import load_workbook

    hostile = '=HYPERLINK("http://evil.example/","Bấm vào")'
    Unit.objects.filter(pk=tree["cell-a"].pk).update(name=hostile, short_name=hostile)
    unit = Unit.objects.get(pk=tree["cell-a"].pk)
    officer = person_with(Role.OFFICER, unit)
    draft = _write(services.create_report(officer, unit, q1), officer)
    report = issued(officer, draft)
    layout = services.layout_for(report)
    layout.tables[0].rows.append([hostile, "-5", "@x", "12"])
    book = load_workbook(io.BytesIO(official.render_xlsx(layout)))
    cells = [c for sheet in book.worksheets for row in sheet.iter_rows() for c in row]
    assert [c.value for c in cells if c.data_type == "f"] == []
    values = [c.value for c in cells]
    assert "'" + hostile in values and "'-5" in values and "'@x" in values and 12 in values
    assert not any(isinstance(v, str) and v.startswith("=") for v in values)
