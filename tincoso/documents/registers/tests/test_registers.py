"""The incoming registers: their columns from real data, numbering per year, closing,
the .xlsx read back, the handling report, the duplicate warning, and who sees them."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from tincoso.conftest import DOCUMENT_SAMPLE, person_with
from tincoso.core import clock
from tincoso.core.errors import ConflictError, PermissionDeniedError
from tincoso.documents import services
from tincoso.documents.models import Direction, Document, RegisterClosure, Urgency
from tincoso.documents.registers import closing
from tincoso.documents.registers.books import book
from tincoso.documents.registers.report import handling_report
from tincoso.documents.registers.rows import entries, follow_up_row, register_row
from tincoso.units.models import Role, Unit

pytestmark = pytest.mark.django_db
ISSUER = "Ban Tuyên giáo Đảng ủy Khối các cơ quan tỉnh Lai Châu"


def _import(editor: Any, unit: Unit, extra: str = "", **fields: Any) -> Document:
    data = DOCUMENT_SAMPLE.read_bytes() + extra.encode()
    doc = services.import_document(editor, unit, data, "van-ban.txt", **(
        {"direction": fields.pop("direction")} if "direction" in fields else {}))  # fmt: skip
    if fields:
        services.update_fields(editor, doc, **fields)
    return services.register_document(editor, doc)


@pytest.fixture
def people(tree: dict[str, Unit], province_admin: Any) -> dict[str, Any]:
    return {
        "admin": province_admin,
        "officer": person_with(Role.OFFICER, tree["committee"], "committee-officer"),
        "editor": person_with(Role.EDITOR, tree["committee"], "committee-editor"),
        "cell": person_with(Role.OFFICER, tree["cell-a"], "cell-a-officer"),
        "sibling": person_with(Role.OFFICER, tree["cell-b"], "cell-b-officer"),
    }


@pytest.fixture
def year_2026(tree: dict[str, Unit], people: dict[str, Any]) -> dict[str, Any]:
    """GIVEN the province sends the guidance to the committee (deadline 10/03), which
    receives it, passes it to cell A (who receives it), answers with its own plan and
    reports it done late on 12/03; and the committee registers a paper letter itself."""
    committee = tree["committee"]
    clock.set(dt.datetime(2026, 3, 2, 8, 0))
    guidance = _import(people["admin"], tree["province"])
    deadline = dt.datetime(2026, 3, 10, 17, 0, tzinfo=clock.now().tzinfo)
    [received] = services.dispatch_document(
        people["admin"], guidance, [committee], deadline=deadline
    )
    clock.advance(dt.timedelta(hours=2))
    services.acknowledge(people["officer"], received)
    clock.advance(dt.timedelta(days=1))
    services.dispatch_document(people["editor"], guidance, [tree["cell-a"]], sender=committee)
    clock.advance(dt.timedelta(hours=2))
    forward = guidance.dispatches.get(recipient=tree["cell-a"])
    services.acknowledge(people["cell"], forward)
    plan = _import(people["editor"], committee, "\nKế hoạch.", direction=Direction.OUTGOING,
                   symbol="12-KH/TU", number="12")  # fmt: skip
    services.respond_with_document(people["officer"], received, plan)
    clock.set(dt.datetime(2026, 3, 12, 9, 0))
    services.complete(people["officer"], received, "Đã quán triệt tới các chi bộ.")
    letter = _import(
        people["officer"], committee, "\nThư.", symbol="7-CV/HND", number="7",
        issuer="Hội Nông dân tỉnh", urgency=Urgency.FLASH, deadline=dt.date(2026, 3, 20),
        date=dt.date(2026, 3, 11),
    )  # fmt: skip
    return {"guidance": guidance, "received": received, "letter": letter, "plan": plan}


def test_each_column_of_both_registers_comes_from_the_data(
    tree: dict[str, Unit], year_2026: dict[str, Any]
) -> None:
    first, second = entries(tree["committee"], 2026)
    assert register_row(first) == [
        "02/03/2026",
        "1",
        ISSUER,
        "30-HD/BTG",
        "06/06/2017",
        f"Hướng dẫn {year_2026['guidance'].title}",
        "Chi bộ Sở Nội vụ",
        "03/03/2026",
        "Chi bộ Sở Nội vụ: 12:00 03/03/2026",
        "",
    ]
    assert register_row(second)[:6] == [
        "12/03/2026", "2", "Hội Nông dân tỉnh", "7-CV/HND", "11/03/2026",
        f"Hướng dẫn {year_2026['letter'].title}",
    ]  # fmt: skip
    assert register_row(second)[9] == "Hỏa tốc"
    assert follow_up_row(first) == [
        "1",
        f"Hướng dẫn số 30-HD/BTG ngày 06/06/2017 của {ISSUER}",
        "Tỉnh ủy Thử Nghiệm",
        "10/03/2026",
        "Hoàn thành 12/03/2026: Đã quán triệt tới các chi bộ.",
        "12-KH/TU",
        "Hoàn thành muộn",
    ]
    assert follow_up_row(second)[3] == "20/03/2026"


def test_numbers_start_again_each_year(
    tree: dict[str, Unit], people: dict[str, Any], year_2026: dict[str, Any]
) -> None:
    clock.set(dt.datetime(2027, 1, 5, 8, 0))
    doc = _import(people["admin"], tree["province"], "\n2027.", symbol="1-HD/BTG", number="1")
    [d] = services.dispatch_document(people["admin"], doc, [tree["committee"]])
    assert (d.incoming_year, d.incoming_number) == (2027, 1)
    assert [e.number for e in entries(tree["committee"], 2027)] == [1]
    assert [e.number for e in entries(tree["committee"], 2026)] == [1, 2]


def test_a_closed_year_takes_no_new_number_and_its_register_is_frozen(
    tree: dict[str, Unit], people: dict[str, Any], year_2026: dict[str, Any]
) -> None:
    committee = tree["committee"]
    with pytest.raises(PermissionDeniedError):
        closing.close_register(people["sibling"], committee, 2026)
    for year in (2027, 1999):
        with pytest.raises(services.DocumentError):
            closing.close_register(people["officer"], committee, year)
    made = closing.close_register(people["officer"], committee, 2026)
    assert (made.count, made.closed_by, made.closed_at) == (2, people["officer"], clock.now())
    with pytest.raises(ConflictError):
        closing.close_register(people["officer"], committee, 2026)
    before = book(committee, 2026, "den").rows
    services.update_fields(people["officer"], year_2026["letter"], title="Sửa sau khi khóa")
    with pytest.raises(ConflictError) as refused:
        _import(people["officer"], committee, "\nMới.", symbol="8-CV/HND")
    assert "closed" in refused.value.bilingual()["en"]
    assert Document.objects.filter(symbol="8-CV/HND", status="registered").count() == 0
    assert book(committee, 2026, "den").rows == before
    assert RegisterClosure.objects.count() == 1


def test_the_xlsx_reads_back_and_a_hostile_name_stays_text(
    tree: dict[str, Unit], people: dict[str, Any], year_2026: dict[str, Any]
) -> None:
    from openpyxl import load_workbook  # type: ignore[import-untyped]

    hostile = '=HYPERLINK("http://evil.invalid/","Bấm")'
    Unit.objects.filter(pk=tree["cell-a"].pk).update(name=hostile)
    client = Client()
    client.force_login(people["officer"])
    url = reverse("register-xlsx", args=["committee", 2026, "den"])
    response = client.get(url)
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    assert rows[0][0] == "Tỉnh ủy Thử Nghiệm"
    assert rows[2][:3] == ["Ngày đến", "Số đến", "Tác giả"] and len(rows[2]) == 10
    assert rows[3][1] == "1" and rows[3][3] == "30-HD/BTG"
    assert rows[3][6] == "'" + hostile and sheet.cell(4, 7).data_type == "s"
    follow = client.get(reverse("register-xlsx", args=["committee", 2026, "theo-doi"]))
    follow_rows = list(load_workbook(io.BytesIO(follow.content)).active.iter_rows(values_only=True))
    assert len(follow_rows[2]) == 7 and follow_rows[3][5] == "12-KH/TU"


def test_the_handling_report_counts_each_group(
    tree: dict[str, Unit], people: dict[str, Any], year_2026: dict[str, Any]
) -> None:
    from openpyxl import load_workbook

    clock.set(dt.datetime(2026, 3, 25, 8, 0))  # the letter's deadline (20/03) has passed
    counts = handling_report(tree["committee"], dt.date(2026, 1, 1), dt.date(2026, 3, 31)).counts
    assert counts == {"received": 2, "on_time": 0, "late": 1, "overdue": 1, "in_progress": 0,
                      "withdrawn": 0}  # fmt: skip
    march_first = handling_report(tree["committee"], dt.date(2026, 3, 1), dt.date(2026, 3, 5))
    assert march_first.counts["received"] == 1
    client = Client()
    client.force_login(people["officer"])
    url = reverse("register-report", args=["committee"])
    page = client.get(url, {"from": "2026-01-01", "to": "2026-03-31"}).content.decode()
    assert "Đã giải quyết quá hạn" in page
    data = client.get(url, {"from": "2026-01-01", "to": "2026-03-31", "format": "xlsx"}).content
    rows = list(load_workbook(io.BytesIO(data)).active.iter_rows(values_only=True))
    assert ("Chưa giải quyết, đã quá hạn", 1) in rows


def test_the_print_page_has_the_official_header_and_ten_columns_and_a_pdf(
    tree: dict[str, Unit], people: dict[str, Any], year_2026: dict[str, Any]
) -> None:
    client = Client()
    client.force_login(people["officer"])
    url = reverse("register-print", args=["committee", 2026, "den"])
    page = client.get(url).content.decode()
    assert "size: A4 landscape" in page and "ĐẢNG CỘNG SẢN VIỆT NAM" in page
    assert page.count("<th>") == 10 and "(10)" in page and "30-HD/BTG" in page
    pdf = client.get(url, {"pdf": "1"})
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")


def test_a_sibling_sees_no_register_of_another_unit(
    tree: dict[str, Unit], people: dict[str, Any], year_2026: dict[str, Any]
) -> None:
    client = Client()
    client.force_login(people["sibling"])
    for name, args in (
        ("register-book", ["committee", 2026, "den"]),
        ("register-book", ["cell-a", 2026, "theo-doi"]),
        ("register-print", ["cell-a", 2026, "den"]),
        ("register-xlsx", ["committee", 2026, "den"]),
        ("register-report", ["committee"]),
    ):
        assert client.get(reverse(name, args=args)).status_code == 403, name
    assert client.post(reverse("register-close", args=["committee", 2026])).status_code == 403
    assert client.get("/api/registers/committee/2026/den/").status_code == 403
    refused = client.post("/api/registers/committee/2026/close/")
    assert refused.status_code == 403 and refused.json()["detail_en"]
    assert not RegisterClosure.objects.exists()


def test_the_api_gives_the_rows_and_closes(
    tree: dict[str, Unit], people: dict[str, Any], year_2026: dict[str, Any]
) -> None:
    client = Client()
    client.force_login(people["officer"])
    body = client.get("/api/registers/committee/2026/den/").json()
    assert len(body["header"]) == 10 and [r[1] for r in body["rows"]] == ["1", "2"]
    closed = client.post("/api/registers/committee/2026/close/")
    assert closed.status_code == 201 and closed.json()["count"] == 2
    again = client.post("/api/registers/committee/2026/close/").json()
    assert again["detail_en"].startswith("The incoming register of Tỉnh ủy Thử Nghiệm")


def test_the_same_number_symbol_and_issuer_is_warned_not_refused(
    tree: dict[str, Unit], people: dict[str, Any], year_2026: dict[str, Any]
) -> None:
    letter = year_2026["letter"]
    doc = services.import_document(
        people["officer"], tree["committee"], DOCUMENT_SAMPLE.read_bytes() + b"\nx", "lai.txt"
    )
    services.update_fields(people["officer"], doc, symbol="7-CV/HND", number="7",
                           issuer="Hội Nông dân tỉnh", date=dt.date(2026, 3, 12))  # fmt: skip
    client = Client()
    client.force_login(people["officer"])
    page = client.get(reverse("document-edit", args=[doc.pk])).content.decode()
    assert 'id="same-number"' in page and reverse("document-detail", args=[letter.pk]) in page
    services.register_document(people["officer"], doc)  # a warning, not a refusal
    detail = client.get(reverse("document-detail", args=[doc.pk])).content.decode()
    assert reverse("document-detail", args=[letter.pk]) in detail


def test_the_api_warns_of_the_same_number_when_registering(
    tree: dict[str, Unit], people: dict[str, Any], year_2026: dict[str, Any]
) -> None:
    doc = services.import_document(
        people["officer"], tree["committee"], DOCUMENT_SAMPLE.read_bytes() + b"\ny", "lai.txt"
    )
    services.update_fields(people["officer"], doc, symbol="7-CV/HND", number="7",
                           issuer="Hội Nông dân tỉnh", date=dt.date(2026, 3, 13))  # fmt: skip
    client = Client()
    client.force_login(people["officer"])
    answer = client.post(f"/api/documents/{doc.pk}/register/")
    assert answer.status_code == 200 and answer.json()["status"] == "registered"
    assert [d["id"] for d in answer.json()["same_number"]] == [year_2026["letter"].pk]
