"""Inside a unit: a handler's to-do and result, reminders sent once, hand-over when
away, the printable Phiếu giải quyết, and the API beside the pages."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from tincoso.core import clock
from tincoso.core.errors import ConflictError, DomainError, PermissionDeniedError
from tincoso.core.todo import sections_for
from tincoso.documents.handling import handlers, instructions
from tincoso.documents.handling.models import Assignment, AssignmentStatus, Handover
from tincoso.documents.handling.reminders import send_reminders
from tincoso.documents.models import Dispatch
from tincoso.documents.tests.handling_setup import COORDINATE, LEAD, Received, received
from tincoso.units.models import Unit


@pytest.fixture
def r(tree: dict[str, Unit]) -> Received:
    return received(tree)


def _cell_handler(r: Received, days: int = 3) -> Assignment:
    """The body's leader sends to cell A; cell A's leader gives it to its officer."""
    instructions.give_instructions(
        r.leader, r.dispatch, "Sở Nội vụ chủ trì.", [r.unit("cell-a", LEAD, 7)]
    )
    down = Dispatch.objects.get(recipient__code="cell-a")
    instructions.give_instructions(
        r.cell_leader,
        down,
        "Đồng chí cán bộ rà soát, đề xuất.",
        [r.person(r.cell_officer, LEAD, days)],
    )
    return Assignment.objects.get(person=r.cell_officer)


def test_the_handler_finds_it_in_their_to_do_and_reports_a_result(r: Received) -> None:
    row = _cell_handler(r)
    [section] = [s for s in sections_for(r.cell_officer) if s.key == "handling"]
    assert section.total == 1 and section.entries[0].step == "Chủ trì xử lý"
    assert section.entries[0].url == reverse("handling-assignment", args=[row.pk])
    with pytest.raises(DomainError):  # a lead's result needs a note
        handlers.complete(r.cell_officer, row, " ")
    with pytest.raises(PermissionDeniedError):
        handlers.complete(r.officer, row, "Không phải việc của tôi.")
    done = handlers.complete(r.cell_officer, row, "Đề xuất ban hành kế hoạch.")
    assert done.status == AssignmentStatus.DONE and done.done_by == r.cell_officer
    with pytest.raises(ConflictError):
        handlers.complete(r.cell_officer, row, "Lần nữa.")
    assert not [s for s in sections_for(r.cell_officer) if s.key == "handling"]


def test_the_slip_shows_its_three_parts_ready_to_print(r: Received) -> None:
    row = _cell_handler(r)
    handlers.complete(r.cell_officer, row, "Đề xuất ban hành kế hoạch.")
    client = Client()
    client.force_login(r.cell_leader)
    down = row.instruction.dispatch
    page = client.get(reverse("handling-slip", args=[down.pk])).content.decode()
    body = page.index('id="slip-body"')
    unit = page.index('id="slip-unit"')
    handler = page.index('id="slip-handler"')
    assert body < page.index("Sở Nội vụ chủ trì.") < unit  # part 1: the body's leader
    assert unit < page.index("Đồng chí cán bộ rà soát") < handler  # part 2: the unit's
    assert handler < page.index("Đề xuất ban hành kế hoạch.")  # part 3: the handler's
    assert "PHIẾU GIẢI QUYẾT VĂN BẢN ĐẾN" in page and "documents/slip.css" in page


def test_reminders_go_once_before_and_once_after_the_deadline(r: Received) -> None:
    row = _cell_handler(r, days=3)
    assert send_reminders() == 0  # three days ahead: nothing yet
    clock.advance(dt.timedelta(days=2, hours=1))
    assert send_reminders() == 1
    assert send_reminders() == 0
    soon = r.cell_officer.notifications.filter(subject__startswith="Sắp đến hạn")
    assert soon.count() == 1
    clock.advance(dt.timedelta(days=1))
    assert send_reminders() == 1 and send_reminders() == 0
    late = "Quá hạn xử lý"
    assert r.cell_officer.notifications.filter(subject__startswith=late).count() == 1
    assert r.cell_leader.notifications.filter(subject__startswith=late).count() == 1
    row.refresh_from_db()
    assert row.reminded_at is not None and row.overdue_notified_at is not None


def test_no_reminder_for_a_finished_part(r: Received) -> None:
    row = _cell_handler(r, days=3)
    handlers.complete(r.cell_officer, row, "Xong sớm.")
    clock.advance(dt.timedelta(days=5))
    assert send_reminders() == 0


def test_a_colleague_holds_the_work_while_the_handler_is_away(
    r: Received, tree: dict[str, Unit]
) -> None:
    row = _cell_handler(r)
    today = clock.today()
    with pytest.raises(DomainError):  # not a colleague in the same unit
        handlers.hand_over(r.cell_officer, tree["cell-a"], r.officer, today, today)
    with pytest.raises(DomainError):  # the range ends before it starts
        handlers.hand_over(
            r.cell_officer, tree["cell-a"], r.cell_leader, today, today - dt.timedelta(days=1)
        )
    assert not Handover.objects.exists()
    handlers.hand_over(
        r.cell_officer,
        tree["cell-a"],
        r.cell_leader,
        today + dt.timedelta(days=1),
        today + dt.timedelta(days=2),
        "Đi học lớp bồi dưỡng",
    )
    assert not handlers.may_act(r.cell_leader, row)  # not yet
    clock.advance(dt.timedelta(days=1))
    assert list(handlers.open_assignments(r.cell_leader)) == [row]
    [section] = [s for s in sections_for(r.cell_leader) if s.key == "handling"]
    assert "thay cell-officer" in section.entries[0].step
    done = handlers.complete(r.cell_leader, row, "Làm thay: đã đề xuất.")
    assert done.done_by == r.cell_leader and done.person == r.cell_officer
    clock.advance(dt.timedelta(days=2))
    assert not handlers.may_act(r.cell_leader, row)  # the range is over


def test_the_hand_over_page_records_one(r: Received, tree: dict[str, Unit]) -> None:
    client = Client()
    client.force_login(r.cell_officer)
    today = clock.today().isoformat()
    answer = client.post(
        reverse("handling-mine"),
        {"unit": tree["cell-a"].pk, "to": r.cell_leader.pk, "starts": today, "ends": today},
    )
    assert answer.status_code == 302
    assert Handover.objects.get().to_person == r.cell_leader


def _api(user: Any) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_the_api_gives_reads_and_completes_instructions(r: Received) -> None:
    url = f"/api/dispatches/{r.dispatch.pk}/instructions/"
    deadline = (clock.today() + dt.timedelta(days=5)).isoformat()
    payload = {
        "text": "Sở Y tế phối hợp.",
        "assignees": [
            {"unit": "cell-a", "role": "lead", "deadline": deadline},
            {"unit": "cell-b", "role": "coordinate", "deadline": deadline},
            {"person": "officer", "role": "lead", "deadline": deadline},
        ],
    }
    refused = _api(r.officer).post(url, payload, format="json")
    assert refused.status_code == 403 and refused.json()["detail_en"]
    bad = _api(r.leader).post(
        url,
        {**payload, "assignees": [{"unit": "commune", "role": "lead", "deadline": deadline}]},
        format="json",
    )
    assert bad.status_code == 400 and bad.json()["detail"] != bad.json()["detail_en"]
    made = _api(r.leader).post(url, payload, format="json")
    assert made.status_code == 201, made.content
    data = made.json()
    assert data["summary"]["lead"] == ["Chi bộ Sở Nội vụ", "officer"]
    assert Dispatch.objects.get(recipient__code="cell-b").role == COORDINATE
    mine = _api(r.officer).get("/api/handling-assignments/").json()
    rows = mine["results"] if isinstance(mine, dict) else mine
    [row] = rows
    done = _api(r.officer).post(
        f"/api/handling-assignments/{row['id']}/complete/", {"note": "Xong."}, format="json"
    )
    assert done.status_code == 200 and done.json()["done"] is True
    again = _api(r.specialist).get(url).json()
    assert again["history"][0]["assignments"][2]["result_note"] == "Xong."


def test_the_api_records_a_hand_over(r: Received) -> None:
    today = clock.today().isoformat()
    body = {"unit": "committee", "to": "specialist", "starts": today, "ends": today}
    made = _api(r.officer).post("/api/handovers/", body, format="json")
    assert made.status_code == 201, made.content
    assert (
        _api(r.specialist).get("/api/handovers/").json()["results"][0]["from_person"] == "officer"
    )
    wrong = _api(r.officer).post("/api/handovers/", {**body, "to": "cell-officer"}, format="json")
    assert wrong.status_code == 400 and Handover.objects.count() == 1
