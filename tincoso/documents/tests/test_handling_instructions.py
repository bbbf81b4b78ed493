"""The leader's instructions: roles making dispatches, who may give them, bad input,
history kept, and what the registers read (handling_summary)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from tincoso.core import clock
from tincoso.core.errors import DomainError, PermissionDeniedError
from tincoso.documents.handling import instructions
from tincoso.documents.handling.handlers import complete, open_assignments
from tincoso.documents.handling.models import Assignment, Instruction
from tincoso.documents.handling.summary import handling_summary
from tincoso.documents.models import Dispatch, HandlingRole
from tincoso.documents.tests.handling_setup import COORDINATE, INFORM, LEAD, Received, received
from tincoso.units.models import Unit


@pytest.fixture
def r(tree: dict[str, Unit]) -> Received:
    return received(tree)


def _give(r: Received, text: str = "Giao Chi bộ Sở Nội vụ chủ trì.") -> Instruction:
    return instructions.give_instructions(
        r.leader,
        r.dispatch,
        text,
        [
            r.unit("cell-a", LEAD, 7),
            r.unit("cell-b", COORDINATE, 10),
            r.person(r.officer, COORDINATE, 5),
            r.person(r.specialist, INFORM, None),
        ],
    )


def test_a_dispatch_made_before_roles_leads(r: Received) -> None:
    assert r.dispatch.role == HandlingRole.LEAD


def test_naming_sub_units_sends_them_the_document_with_role_and_deadline(r: Received) -> None:
    made = _give(r)
    down = {d.recipient.code: d for d in Dispatch.objects.filter(sender=r.tree["committee"])}
    assert set(down) == {"cell-a", "cell-b"}
    assert down["cell-a"].role == LEAD and down["cell-b"].role == COORDINATE
    assert down["cell-a"].deadline == clock.now() + dt.timedelta(days=7)
    assert down["cell-b"].deadline == clock.now() + dt.timedelta(days=10)
    assert down["cell-a"].incoming_number == 1  # numbered in the cell's incoming book
    units = {
        str(a.unit.code if a.unit else ""): a.made_dispatch_id
        for a in made.assignments.filter(unit__isnull=False)
    }
    assert units == {"cell-a": down["cell-a"].pk, "cell-b": down["cell-b"].pk}
    # The person named is told and finds it in their to-do; the cell's officer too.
    assert [a.role for a in open_assignments(r.officer)] == [COORDINATE]
    assert r.officer.notifications.filter(subject__startswith="Được giao xử lý").count() == 1
    from tincoso.documents.todo import waiting_dispatches

    assert list(waiting_dispatches(r.cell_officer)) == [down["cell-a"]]


@pytest.mark.parametrize("who", ["officer", "specialist", "cell_leader"])
def test_only_a_leader_of_the_receiving_unit_gives_instructions(r: Received, who: str) -> None:
    with pytest.raises(PermissionDeniedError) as refused:
        instructions.give_instructions(
            getattr(r, who), r.dispatch, "Chủ trì.", [r.unit("cell-a", LEAD, 3)]
        )
    both = refused.value.bilingual()
    assert "lãnh đạo" in both["vi"] and "leader" in both["en"].lower()
    assert not Instruction.objects.exists() and Dispatch.objects.count() == 1


def test_the_page_refuses_a_non_leader_with_403(r: Received) -> None:
    client = Client()
    client.force_login(r.officer)
    url = reverse("handling-instructions", args=[r.dispatch.pk])
    assert client.get(url).status_code == 200  # reads, without the form
    answer = client.post(url, {"text": "x", "assignee-0": f"unit:{r.tree['cell-a'].pk}"})
    assert answer.status_code == 403 and not Instruction.objects.exists()


def _refusal(r: Received, text: str, assignees: list[Any]) -> dict[str, str]:
    with pytest.raises(DomainError) as refused:
        instructions.give_instructions(r.leader, r.dispatch, text, assignees)
    assert refused.value.status == 400
    assert not Instruction.objects.exists() and not Assignment.objects.exists()
    assert Dispatch.objects.count() == 1
    both = refused.value.bilingual()
    assert both["vi"] != both["en"]
    return both


def test_bad_input_is_refused_in_both_languages_and_changes_nothing(r: Received) -> None:
    past = _refusal(r, "Chủ trì.", [r.unit("cell-a", LEAD, 3), r.unit("cell-b", LEAD, -1)])
    assert "đã qua" in past["vi"] and "passed" in past["en"]
    outside = _refusal(r, "Chủ trì.", [r.unit("commune", LEAD, 3)])
    assert "Xã Đồng Tâm" in outside["vi"] and "Xã Đồng Tâm" in outside["en"]
    stranger = _refusal(r, "Chủ trì.", [r.person(r.cell_officer, LEAD, 3)])
    assert "cell-officer" in stranger["en"] and "member" in stranger["en"]
    empty = _refusal(r, "Chủ trì.", [])
    assert "ít nhất một" in empty["vi"] and "at least one" in empty["en"]
    _refusal(r, "  ", [r.unit("cell-a", LEAD, 3)])
    _refusal(r, "Chủ trì.", [r.unit("cell-a", LEAD, None)])  # a lead needs a deadline
    _refusal(r, "Chủ trì.", [r.unit("cell-a", LEAD, 3), r.unit("cell-a", COORDINATE, 3)])


def test_changing_the_instructions_keeps_every_version(r: Received) -> None:
    first = _give(r, "Lần đầu: Sở Nội vụ chủ trì.")
    complete(r.officer, open_assignments(r.officer).get(), "Đã rà soát số liệu.")
    clock.advance(dt.timedelta(hours=3))
    second = instructions.give_instructions(
        r.leader,
        r.dispatch,
        "Lần hai: Sở Y tế chủ trì.",
        [
            r.unit("cell-a", COORDINATE, 7),
            r.unit("cell-b", LEAD, 4),
            r.person(r.officer, COORDINATE, 5),
        ],
    )
    first.refresh_from_db()
    assert (first.version, first.current, second.version, second.current) == (1, False, 2, True)
    assert first.text.startswith("Lần đầu") and first.assignments.count() == 4
    assert second.given_at - first.given_at == dt.timedelta(hours=3)
    # The dispatches follow the version in force; the officer's done part carries over.
    assert Dispatch.objects.get(recipient__code="cell-b").role == LEAD
    assert Dispatch.objects.get(recipient__code="cell-a").role == COORDINATE
    kept = second.assignments.get(person=r.officer)
    assert kept.result_note == "Đã rà soát số liệu." and kept.is_done
    # Both versions on the page, the earlier one readable.
    client = Client()
    client.force_login(r.specialist)
    page = client.get(reverse("handling-instructions", args=[r.dispatch.pk])).content.decode()
    assert "Lần hai: Sở Y tế chủ trì." in page and "Lần đầu: Sở Nội vụ chủ trì." in page
    assert 'data-version="1"' in page


def test_a_unit_already_sent_the_document_cannot_be_dropped(r: Received) -> None:
    _give(r)
    with pytest.raises(DomainError) as refused:
        instructions.give_instructions(
            r.leader, r.dispatch, "Chỉ Sở Y tế.", [r.unit("cell-b", LEAD, 3)]
        )
    assert "Chi bộ Sở Nội vụ" in refused.value.text("en")
    assert Instruction.objects.get(current=True).version == 1


def test_the_summary_gives_the_registers_handler_deadline_status_and_result(
    r: Received,
) -> None:
    assert handling_summary(r.dispatch).status == "waiting"
    _give(r)
    summary = handling_summary(r.dispatch)
    assert summary.lead == ["Chi bộ Sở Nội vụ"] and summary.coordinating[0] == "Chi bộ Sở Y tế"
    assert summary.informed == ["specialist"]
    assert summary.deadline == clock.now() + dt.timedelta(days=7)
    assert summary.status == "open"
    clock.advance(dt.timedelta(days=8))
    assert handling_summary(r.dispatch).status == "overdue"


def test_the_document_page_shows_the_instructions_to_the_receiving_unit(r: Received) -> None:
    _give(r, "Giao Chi bộ Sở Nội vụ chủ trì, báo cáo trước ngày 9.")
    client = Client()
    client.force_login(r.leader)
    page = client.get(reverse("document-detail", args=[r.dispatch.document_id])).content.decode()
    assert "báo cáo trước ngày 9." in page
    assert f'data-key="unit:{r.tree["cell-a"].pk}" data-role="lead"' in page


def test_the_form_refuses_bad_rows_keeps_them_shown_and_changes_nothing(r: Received) -> None:
    client = Client()
    client.force_login(r.leader)
    url = reverse("handling-instructions", args=[r.dispatch.pk])
    yesterday = (clock.today() - dt.timedelta(days=1)).strftime("%d/%m/%Y")
    cell = f"unit:{r.tree['cell-a'].pk}"
    form = {"text": "Chủ trì.", "assignee-0": cell, "role-0": "lead", "deadline-0": yesterday}
    answer = client.post(url, form)
    page = answer.content.decode()
    assert answer.status_code == 400 and "Thời hạn giải quyết đã qua" in page
    assert f'value="{cell}" selected' in page and f'value="{yesterday}"' in page
    english = client.post(url, {**form, "deadline-0": "31/02/2026"}, HTTP_ACCEPT_LANGUAGE="en")
    assert english.status_code == 400
    assert not Instruction.objects.exists() and Dispatch.objects.count() == 1
    in_a_week = (clock.today() + dt.timedelta(days=7)).strftime("%d/%m/%Y")
    done = client.post(url, {**form, "deadline-0": in_a_week})
    assert done.status_code == 302
    made = Dispatch.objects.get(recipient__code="cell-a")
    assert made.role == LEAD and made.deadline is not None
    assert made.deadline.date() == clock.today() + dt.timedelta(days=7)


def test_the_summary_is_done_when_every_lead_and_coordinating_part_is(r: Received) -> None:
    instructions.give_instructions(
        r.leader,
        r.dispatch,
        "Đồng chí cán bộ chủ trì.",
        [r.person(r.officer, LEAD, 3), r.person(r.specialist, INFORM, None)],
    )
    complete(r.officer, open_assignments(r.officer).get(), "Đã tham mưu văn bản trả lời.")
    summary = handling_summary(r.dispatch)  # the informed person's reading does not hold it
    assert summary.status == "done" and summary.lead == ["officer"]
    assert summary.results == ["officer: Đã tham mưu văn bản trả lời."]


def test_the_follow_up_register_reads_the_instructions_in_force(r: Received) -> None:
    from tincoso.documents.registers.rows import entries, follow_up_row
    from tincoso.documents.tests.handling_setup import START

    def line() -> list[str]:
        [entry] = entries(r.tree["committee"], START.year)
        return follow_up_row(entry)

    assert line()[2] == r.tree["committee"].name  # no instructions yet: the receiving unit
    _give(r)
    [mine] = open_assignments(r.officer)
    complete(r.officer, mine, "Đã báo cáo Thường trực.")
    _, _, handler, deadline, progress, _, _ = line()
    assert handler.startswith(f"Chủ trì: {r.tree['cell-a'].name}")
    assert f"Phối hợp: {r.tree['cell-b'].name}" in handler
    assert deadline == (clock.now() + dt.timedelta(days=7)).strftime("%d/%m/%Y")
    assert "Đã báo cáo Thường trực." in progress
