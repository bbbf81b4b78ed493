"""Issue 17, point 6: requests for information, opinion notes, topics, time to
correction and good examples show on the dashboard and in the report's .docx, .pdf
and .xlsx, not only in the roll-up's figures."""

from __future__ import annotations

import datetime as dt
import io
import subprocess
from typing import Any

import pytest
from django.test import Client

from tincoso.access import services as access
from tincoso.access.tests.conftest import FORM
from tincoso.conftest import person_with
from tincoso.core import clock
from tincoso.opinion.examples import services as examples
from tincoso.opinion.models import Topic
from tincoso.opinion.seeds import ensure_topics
from tincoso.opinion.tests.conftest import note
from tincoso.reports import official, services
from tincoso.reports.periods import quarter
from tincoso.units.models import Role, Unit

pytestmark = pytest.mark.django_db


@pytest.fixture
def filed(tree: dict[str, Unit]) -> dict[str, Unit]:
    """In Q1 2026 under the commune: three requests (one answered on time, one refused
    late, one still open past its deadline), two notes on two topics, one example."""
    ensure_topics(Topic)
    officer = person_with(Role.OFFICER, tree["commune"], "commune-officer")
    clock.set(dt.datetime(2026, 3, 2, 9, 0))  # Monday
    answered = access.file_request(tree["village"], **FORM)
    refused = access.file_request(tree["commune"], **FORM)
    access.file_request(tree["commune"], **FORM)
    note(tree["village"], "gia-ca")
    note(tree["commune"], "dat-dai")
    examples.submit(None, tree["village"], examples.ExampleData(
        title="Loa thôn phát bằng tiếng Mông", place="Bản Nà Khum", what="Phát song ngữ",
        result="Bà con nghe đủ"), [])
    clock.set(dt.datetime(2026, 3, 5, 9, 0))
    access.answer(officer, answered, "Bản sao quyết định kèm theo")
    clock.set(dt.datetime(2026, 3, 27, 9, 0))  # past its deadline (online, simple: 3)
    access.refuse(officer, refused, "d11_already", "Đã đăng trên cổng của xã")
    return tree


ROWS = {"Yêu cầu cung cấp thông tin nhận được": "3", "Đã giải quyết đúng hạn": "1",
        "Đã giải quyết quá hạn": "1", "Chưa giải quyết, đã quá hạn": "1",
        "Từ chối cung cấp (có lý do theo luật)": "1", "Phiếu nắm bắt dư luận": "2",
        "Trong đó: Thông tin đã được công khai theo Điều 17 hoặc đã cung cấp hai lần cho "
        "chính người yêu cầu (Điều 28 khoản 1 điểm b, d)": "1",
        "Số chủ đề được phản ánh": "2", "Điển hình, cách làm hay đơn vị gửi": "1"}


def test_the_report_carries_access_and_opinion_figures_in_docx_pdf_xlsx(
    filed: dict[str, Unit],
) -> None:
    import docx
    from openpyxl import load_workbook  # type: ignore[import-untyped]

    officer = person_with(Role.OFFICER, filed["commune"], "reporter")
    report = services.create_report(officer, filed["commune"], quarter(2026, 1))
    assert report.figures["totals"]["access"]["received"] == 3
    layout = services.layout_for(report)
    document = docx.Document(io.BytesIO(official.render_docx(layout)))
    cells = {r.cells[0].text: r.cells[-1].text for t in document.tables for r in t.rows}
    assert {label: cells.get(label) for label in ROWS} == ROWS
    pdf = subprocess.run(["pdftotext", "-layout", "-", "-"], input=official.render_pdf(layout),
                         capture_output=True, check=True).stdout.decode()
    assert "Cung cấp thông tin theo yêu cầu của công dân" in pdf
    assert "Chưa giải quyết, đã quá hạn" in pdf and "Số chủ đề được phản ánh" in pdf
    book = load_workbook(io.BytesIO(official.render_xlsx(layout)))
    sheet = {r[0]: r[-1] for ws in book.worksheets
             for r in ws.iter_rows(values_only=True) if r and r[0] in ROWS}
    assert {k: str(v) for k, v in sheet.items()} == ROWS


def test_an_empty_period_adds_no_access_table(tree: dict[str, Unit]) -> None:
    tables = official.figure_tables({"totals": {"access": {"received": 0}}}, {})
    assert "Cung cấp thông tin theo yêu cầu của công dân" not in [t.title for t in tables]


def _fig(page: str, ident: str) -> str:
    return page.split(f'id="{ident}">', 1)[1].split("<", 1)[0]


def test_the_dashboard_shows_requests_notes_topics_and_examples(
    filed: dict[str, Unit],
) -> None:
    from openpyxl import load_workbook

    client = Client()
    client.force_login(person_with(Role.VIEWER, filed["province"], "province-viewer"))
    query = {"unit": "commune", "start": "2026-01-01", "end": "2026-03-31"}
    page = client.get("/app/dashboard/", query).content.decode()
    assert {k: _fig(page, k) for k in (
        "fig-access", "fig-access-on-time", "fig-access-late", "fig-access-overdue",
        "fig-access-refused", "fig-opinion", "fig-opinion-topics", "fig-examples",
        "fig-examples-published")} == {
        "fig-access": "3", "fig-access-on-time": "1", "fig-access-late": "1",
        "fig-access-overdue": "1", "fig-access-refused": "1", "fig-opinion": "2",
        "fig-opinion-topics": "2", "fig-examples": "1", "fig-examples-published": "0"}
    village = page.split('data-unit="village"', 1)[1].split("</tr>", 1)[0]
    assert "Phiếu dư luận\">1<" in village and "Yêu cầu thông tin\">1<" in village
    got = client.get("/app/dashboard/figures.xlsx", query)
    rows = [r for ws in load_workbook(io.BytesIO(got.content)).worksheets
            for r in ws.iter_rows(values_only=True)]
    header = next(r for r in rows if r[0] == "Đơn vị")
    by_unit: dict[Any, Any] = {r[0]: dict(zip(header, r, strict=False)) for r in rows}
    assert by_unit[filed["village"].name]["Phiếu dư luận"] == 1
    assert by_unit[filed["village"].name]["Yêu cầu thông tin"] == 1
    assert {r[0]: r[-1] for r in rows if r[0] in ROWS}["Đã giải quyết quá hạn"] == 1
