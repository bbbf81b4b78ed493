"""Reports along the party and state lines: who receives them, the top unit's report,
one official format per system, activities as the report says them, page numbers."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path
from typing import Any

import pytest

from tincoso.conftest import person_with
from tincoso.core import clock
from tincoso.documents import services as documents
from tincoso.documents.extraction import extract_text
from tincoso.documents.models import Dispatch, Document
from tincoso.documents.parser import parse_text
from tincoso.outreach.services import ActivityData, log_activity
from tincoso.reports import official, services
from tincoso.reports.models import Report
from tincoso.reports.periods import quarter
from tincoso.reports.tests.helpers import issued
from tincoso.units import guidance
from tincoso.units.models import Role, Unit

pytestmark = pytest.mark.django_db


@pytest.fixture
def sample_text() -> str:
    """The founding guidance 30-HD/BTG, as the demo registers it."""
    return (Path(documents.__file__).parent / "demo_data" / "30-HD-BTG.txt").read_text("utf-8")


@pytest.fixture
def q1(tree: dict[str, Unit]) -> Any:
    clock.set(dt.datetime(2026, 4, 3, 9, 0))
    return quarter(2026, 1)


def _activity(unit: Unit, form: str, topic: str, day: int, people: int = 0) -> Any:
    return log_activity(
        None,
        ActivityData(
            unit=unit,
            form=form,
            topic=topic,
            starts_at=dt.datetime(2026, 2, day, 8, tzinfo=dt.UTC),
            audience_total=people,
            audience_members=people,
        ),
    )


def _sign(actor: Any, report: Report, authority: str, **extra: str) -> Report:
    return services.update_report(
        actor, report, signing_authority=authority, signer_title="Bí thư",
        signer_name="Lê Văn Tám", **extra,
    )  # fmt: skip


def test_the_top_units_report_goes_outside_and_is_numbered_like_any_other(
    tree: dict[str, Unit], q1: Any
) -> None:
    officer = person_with(Role.OFFICER, tree["committee"], "committee-officer")
    report = _sign(officer, services.create_report(officer, tree["committee"], q1), "")
    with pytest.raises(services.ReportError) as caught:
        services.submit_report(officer, Report.objects.get(pk=report.pk))
    both = caught.value.bilingual()
    assert "nơi nhận" in both["vi"] and both["en"] != both["vi"]
    assert Report.objects.get(pk=report.pk).status == Report.Status.DRAFT
    outside = "Ban Tuyên giáo và Dân vận Trung ương"
    report = _sign(officer, Report.objects.get(pk=report.pk), "", outside_recipient=outside)
    report = issued(officer, report)
    doc = report.document
    assert report.status == Report.Status.SUBMITTED and doc.register_number == 1
    assert doc.symbol == "1-BC/TUTN"  # party format: "Tỉnh ủy Thử Nghiệm"
    assert doc.recipients == [f"{outside} (b/c);", "Lưu: VT."]
    assert not Dispatch.objects.filter(document=doc).exists()
    # The PDF parses back to its own number, symbol, issuer, date and type.
    pdf = official.render_pdf(services.layout_for(report))
    parsed = parse_text(extract_text(pdf, "r.pdf").text)
    assert (parsed.number, parsed.symbol, parsed.date, parsed.doc_type) == (
        "1", doc.symbol, "2026-04-03", "Báo cáo"
    )
    assert parsed.issuer == tree["committee"].name
    assert parsed.signing_authority == "T/M BAN THƯỜNG VỤ"


def test_a_report_never_mixes_the_two_formats(tree: dict[str, Unit], q1: Any) -> None:
    officer = person_with(Role.OFFICER, tree["cell-a"], "cell-officer")
    report = _sign(officer, services.create_report(officer, tree["cell-a"], q1), "TM. CHI BỘ")
    with pytest.raises(services.ReportError):
        services.submit_report(officer, Report.objects.get(pk=report.pk))
    commune_officer = person_with(Role.OFFICER, tree["commune"], "commune-officer")
    state = services.create_report(commune_officer, tree["commune"], q1)
    state = _sign(commune_officer, state, "T/M ĐẢNG ỦY", outside_recipient="UBND tỉnh")
    with pytest.raises(services.ReportError):
        services.submit_report(commune_officer, Report.objects.get(pk=state.pk))
    assert not Report.objects.filter(status=Report.Status.SUBMITTED).exists()
    # Without an authority written, each system gets its own.
    layout = services.layout_for(Report.objects.get(pk=state.pk))
    assert layout.system == "state"
    assert official.default_authority(tree["commune"], "state") == "TM. ỦY BAN NHÂN DÂN"
    assert official.default_authority(tree["cell-a"], "party") == "T/M CHI BỘ"


def test_a_report_on_a_directive_goes_to_its_sender_and_counts_what_was_done_for_it(
    tree: dict[str, Unit], board: Unit, q1: Any, sample_text: str
) -> None:
    editor = person_with(Role.EDITOR, board, "board-editor")
    clock.set(dt.datetime(2026, 1, 5, 8, 0))
    directive = documents.register_document(
        editor, documents.import_document(editor, board, sample_text.encode(), "30.txt")
    )
    guidance.link(None, board, tree["commune"], ["dispatch"])
    documents.dispatch_document(editor, directive, [tree["commune"]])
    clock.set(dt.datetime(2026, 4, 3, 9, 0))
    meeting = _activity(tree["village"], "conference", "Hội nghị quán triệt Hướng dẫn 30", 20, 85)
    notice = _activity(tree["commune"], "bulletin_board", "Niêm yết Hướng dẫn 30", 12)
    talk = _activity(tree["commune"], "talk", "Nói chuyện về Hướng dẫn 30", 3, 40)
    for linked in (meeting, notice, talk):
        linked.documents.add(directive)
    _activity(tree["commune"], "conference", "Hội nghị về việc khác", 4, 60)  # not for it
    officer = person_with(Role.OFFICER, tree["commune"], "commune-officer")
    report = services.create_report(officer, tree["commune"], q1, directive=directive)
    report = _sign(officer, report, "TM. ỦY BAN NHÂN DÂN")
    text = "\n".join(services.activity_paragraphs(report))
    assert f"Đã tổ chức 3 hoạt động thực hiện {directive.label}" in text
    assert "việc khác" not in text
    # Grouped by form in the official order, dates in order, attendance only where
    # people gathered, no "hội nghị về Hội nghị".
    assert text.index("Nói chuyện") < text.index("Hội nghị (1)") < text.index("Bảng tin (1)")
    assert "Hội nghị quán triệt Hướng dẫn 30 (85 người dự)" in text
    assert "Niêm yết Hướng dẫn 30." in text and "(0 người dự)" not in text
    assert "về Hội nghị" not in text
    report = issued(officer, report)
    dispatch = Dispatch.objects.get(document=report.document)
    assert dispatch.recipient == board  # whoever asked, not the tree parent
    assert report.document.recipients[0] == "Ban Tuyên giáo (b/c);"


def test_the_docx_numbers_its_pages_from_the_second(tree: dict[str, Unit], q1: Any) -> None:
    officer = person_with(Role.OFFICER, tree["cell-a"], "cell-officer")
    report = _sign(officer, services.create_report(officer, tree["cell-a"], q1), "T/M CHI BỘ")
    report = issued(officer, report)
    data = report.document.file.read()
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        body = package.read("word/document.xml").decode()
        headers = [package.read(n).decode() for n in package.namelist() if "header" in n]
    assert "<w:titlePg" in body  # a different (unnumbered) first page
    assert any('w:instr="PAGE"' in h for h in headers)
    assert Document.objects.get(pk=report.document.pk).recipients[-1] == "Lưu: VT."
