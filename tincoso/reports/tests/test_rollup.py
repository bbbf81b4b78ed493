"""Roll-up figures against small trees computed by hand."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command

from tincoso.conftest import person_with
from tincoso.core import clock
from tincoso.documents.models import Dispatch, Document
from tincoso.outreach.services import ActivityData, log_activity
from tincoso.reports.periods import Period, month, quarter
from tincoso.reports.rollup import rollup_for
from tincoso.units import services as unit_services
from tincoso.units.models import Role, Unit

VN = ZoneInfo("Asia/Ho_Chi_Minh")


def at(y: int, m: int, d: int, h: int = 9) -> dt.datetime:
    return dt.datetime(y, m, d, h, tzinfo=VN)


def activity(
    unit: Unit,
    when: dt.datetime,
    form: str = "talk",
    total: int = 10,
    members: int = 0,
    citizens: int = 0,
    ethnic: int = 0,
) -> None:
    log_activity(
        None,
        ActivityData(
            unit=unit,
            form=form,
            topic="Chỉ thị 07-CT/TW",
            starts_at=when,
            audience_total=total,
            audience_members=members,
            audience_citizens=citizens,
            audience_ethnic_minority=ethnic,
        ),
    )


def dispatch(
    doc: Document,
    unit: Unit,
    sent: dt.datetime,
    ack_after: float | None = None,
    done_after: float | None = None,
    deadline: dt.datetime | None = None,
) -> Dispatch:
    return Dispatch.objects.create(
        document=doc,
        sender=doc.unit,
        recipient=unit,
        sent_at=sent,
        deadline=deadline,
        acknowledged_at=sent + dt.timedelta(days=ack_after) if ack_after is not None else None,
        opened_at=sent if ack_after is not None else None,
        done_at=sent + dt.timedelta(days=done_after) if done_after is not None else None,
        status="done"
        if done_after is not None
        else ("acknowledged" if ack_after is not None else "sent"),
    )


@pytest.fixture
def directive(tree: dict[str, Unit]) -> Document:
    return Document.objects.create(
        unit=tree["province"],
        doc_type="Hướng dẫn",
        symbol="30-HD/BTG",
        title="Tuyên truyền",
        status="registered",
    )


@pytest.fixture
def data(tree: dict[str, Unit], directive: Document) -> dict[str, Unit]:
    """Q1 2026: cell-a 2 talks (10+20 people), cell-b 1 meeting (5), committee 1 conference (40),
    commune 1 door-to-door (7), village 1 loudspeaker (100); one talk in April (outside Q1)."""
    clock.set(at(2026, 6, 1))
    activity(tree["cell-a"], at(2026, 1, 5), total=10, members=10)
    activity(tree["cell-a"], at(2026, 3, 31, 23), total=20, members=5, citizens=15, ethnic=3)
    activity(tree["cell-b"], at(2026, 2, 14), form="cell_meeting", total=5, members=5)
    activity(tree["committee"], at(2026, 2, 1), form="conference", total=40, members=40)
    activity(tree["commune"], at(2026, 1, 20), form="door_to_door", total=7, citizens=7)
    activity(tree["village"], at(2026, 3, 1), form="loudspeaker", total=100, citizens=100)
    activity(tree["cell-a"], at(2026, 4, 1, 0), total=999)  # first minute of Q2
    deadline = at(2026, 1, 10)
    dispatch(directive, tree["cell-a"], at(2026, 1, 2), ack_after=1, done_after=10)
    dispatch(directive, tree["cell-b"], at(2026, 1, 2), deadline=deadline)  # never acknowledged
    dispatch(directive, tree["commune"], at(2026, 1, 2), ack_after=3, deadline=deadline)
    dispatch(directive, tree["village"], at(2026, 2, 2), ack_after=5, done_after=6)
    return tree


def test_the_root_sees_every_figure_broken_down_by_child(data: dict[str, Unit]) -> None:
    r = rollup_for(data["province"], quarter(2026, 1)).as_dict()
    t = r["totals"]
    assert t["activities"]["count"] == 6
    assert t["activities"]["audience"]["total"] == 10 + 20 + 5 + 40 + 7 + 100
    assert t["activities"]["audience"]["members"] == 60
    assert t["activities"]["audience"]["citizens"] == 122
    assert t["activities"]["audience"]["ethnic_minority"] == 3
    assert t["activities"]["by_form"] == {
        "talk": 2,
        "cell_meeting": 1,
        "conference": 1,
        "door_to_door": 1,
        "loudspeaker": 1,
    }
    assert (
        t["documents"]["received"],
        t["documents"]["acknowledged"],
        t["documents"]["done"],
        t["documents"]["overdue"],
    ) == (4, 3, 2, 1)
    assert t["documents"]["median_days_to_acknowledge"] == 3.0  # of 1, 3, 5
    assert t["documents"]["median_days_to_finish"] == 8.0  # of 10, 6
    children = {c["unit"]["code"]: c["figures"] for c in r["children"]}
    assert set(children) == {"committee", "commune"}
    assert children["committee"]["activities"]["count"] == 4
    assert children["committee"]["activities"]["audience"]["total"] == 75
    assert children["commune"]["activities"]["count"] == 2
    assert children["commune"]["documents"]["median_days_to_acknowledge"] == 4.0
    assert r["own"].get("activities", {}).get("count", 0) == 0


def test_a_parents_totals_are_the_sum_of_its_own_and_its_childrens(
    data: dict[str, Unit],
) -> None:
    for code in ("province", "committee", "commune"):
        r = rollup_for(data[code], quarter(2026, 1)).as_dict()
        parts = [r["own"], *[c["figures"] for c in r["children"]]]
        for key in ("count",):
            assert r["totals"]["activities"][key] == sum(
                p.get("activities", {}).get(key, 0) for p in parts
            )
        assert r["totals"]["documents"]["received"] == sum(
            p.get("documents", {}).get("received", 0) for p in parts
        )


def test_a_mid_level_unit_counts_its_own_records_as_own(data: dict[str, Unit]) -> None:
    r = rollup_for(data["committee"], quarter(2026, 1)).as_dict()
    assert r["own"]["activities"]["count"] == 1  # its own conference
    assert r["totals"]["activities"]["count"] == 4
    assert [c["unit"]["code"] for c in r["children"]] == ["cell-a", "cell-b"]


def test_a_period_cutting_across_months_counts_whole_days_in_vietnam_time(
    data: dict[str, Unit],
) -> None:
    # 14 Feb – 31 Mar: the cell meeting, the loudspeaker programme, the late-night talk.
    r = rollup_for(data["province"], Period(dt.date(2026, 2, 14), dt.date(2026, 3, 31)))
    assert r.totals["activities"]["count"] == 3
    assert rollup_for(data["province"], month(2026, 4)).totals["activities"]["count"] == 1


def test_a_moved_unit_counts_under_its_new_parent(data: dict[str, Unit]) -> None:
    unit_services.move_unit(
        None, Unit.objects.get(code="village"), Unit.objects.get(code="committee")
    )
    r = rollup_for(Unit.objects.get(code="province"), quarter(2026, 1)).as_dict()
    children = {c["unit"]["code"]: c["figures"] for c in r["children"]}
    assert children["committee"]["activities"]["count"] == 5
    assert children["commune"]["activities"]["count"] == 1
    assert r["totals"]["activities"]["count"] == 6


def test_an_empty_period_gives_zeros_and_no_medians(data: dict[str, Unit]) -> None:
    r = rollup_for(data["province"], month(2025, 1))
    assert r.totals["documents"]["median_days_to_acknowledge"] is None
    assert r.totals.get("activities", {}).get("count", 0) == 0


def test_the_rollup_command_prints_json_for_the_unit_and_each_child(
    data: dict[str, Unit], capsys: Any
) -> None:
    import json

    call_command("rollup", "province", "--from", "2026-01-01", "--to", "2026-03-31", "--json")
    out = json.loads(capsys.readouterr().out)
    assert out["totals"]["activities"]["count"] == 6
    assert {c["unit"]["code"] for c in out["children"]} == {"committee", "commune"}


def test_the_api_rolls_up_only_what_the_caller_may_see(data: dict[str, Unit]) -> None:
    from rest_framework.test import APIClient

    client = APIClient()
    client.force_authenticate(person_with(Role.VIEWER, data["commune"]))
    ok = client.get("/api/rollups/", {"unit": "commune", "from": "2026-01-01", "to": "2026-03-31"})
    assert ok.status_code == 200 and ok.json()["totals"]["activities"]["count"] == 2
    refused = client.get(
        "/api/rollups/", {"unit": "province", "from": "2026-01-01", "to": "2026-03-31"}
    )
    assert refused.status_code == 403
    sibling = client.get(
        "/api/rollups/", {"unit": "committee", "from": "2026-01-01", "to": "2026-03-31"}
    )
    assert sibling.status_code == 403
    bad = client.get("/api/rollups/", {"unit": "commune", "from": "2026-03-31", "to": "2026-01-01"})
    assert bad.status_code == 400 and bad.json()["detail_en"]


def test_the_dashboard_is_limited_to_the_users_units(data: dict[str, Unit]) -> None:
    from django.test import Client

    client = Client()
    client.force_login(person_with(Role.OFFICER, data["cell-a"]))
    page = client.get("/app/dashboard/", {"start": "2026-01-01", "end": "2026-03-31"})
    assert page.status_code == 200
    assert "Chi bộ Sở Nội vụ" in page.content.decode()
    assert client.get("/app/dashboard/", {"unit": "cell-b"}).status_code == 403
    assert client.get("/app/dashboard/", {"unit": "province"}).status_code == 403


def test_the_dashboard_figures_download_as_xlsx_with_formulas_kept_as_text(
    data: dict[str, Unit],
) -> None:
    """GIVEN a child unit whose name a spreadsheet would run as a formula
    WHEN the dashboard's figures are downloaded THEN the sheet holds the figures the
    dashboard shows, as numbers, and the name as plain text."""
    import io

    from django.test import Client
    from openpyxl import load_workbook  # type: ignore[import-untyped]

    Unit.objects.filter(pk=data["cell-b"].pk).update(name='=HYPERLINK("http://x","bấm")')
    client = Client()
    client.force_login(person_with(Role.VIEWER, data["province"]))
    page = client.get("/app/dashboard/", {"start": "01/01/2026", "end": "31/03/2026"})
    assert "/app/dashboard/figures.xlsx?unit=province&amp;start=2026-01-01" in (
        page.content.decode()
    )
    got = client.get(
        "/app/dashboard/figures.xlsx", {"unit": "committee", "start": "2026-01-01",
                                        "end": "2026-03-31"}
    )
    assert got.status_code == 200 and got.content.startswith(b"PK")
    assert "tong-hop-committee-20260101-20260331.xlsx" in got["Content-Disposition"]
    book = load_workbook(io.BytesIO(got.content))
    rows = [list(r) for r in book.worksheets[-1].iter_rows(values_only=True)]
    by_unit = {r[0]: tuple(r[1:]) for r in rows[4:]}
    assert by_unit["Chi bộ Sở Nội vụ"][:2] == (1, 1)  # received, acknowledged
    cell = next(c for r in book.worksheets[-1].iter_rows() for c in r
                if "HYPERLINK" in str(c.value))
    assert cell.data_type == "s" and str(cell.value).startswith("'=HYPERLINK")
    assert client.get("/app/dashboard/figures.xlsx", {"unit": "province"}).status_code == 200
    outsider = Client()
    outsider.force_login(person_with(Role.VIEWER, data["commune"]))
    assert outsider.get("/app/dashboard/figures.xlsx", {"unit": "committee"}).status_code == 403
