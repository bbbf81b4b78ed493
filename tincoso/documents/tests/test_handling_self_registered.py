"""The leader's instructions on an incoming document the unit registered itself (paper,
mail, a signed PDF from outside the tree): the decree's most common path. The same
form, slip, handler's pages, registers and API as for a received dispatch, on the
one register line the document already has (no second số đến)."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from tincoso.conftest import DOCUMENT_SAMPLE, person_with, same_queries_for_more_rows
from tincoso.core import clock
from tincoso.core.errors import DomainError
from tincoso.documents import services
from tincoso.documents.handling import instructions
from tincoso.documents.handling.handlers import complete, open_assignments
from tincoso.documents.handling.models import Instruction
from tincoso.documents.handling.reminders import send_reminders
from tincoso.documents.models import Direction, Dispatch, Document
from tincoso.documents.registers.rows import entries, follow_up_row, handling, state
from tincoso.documents.tests.handling_setup import COORDINATE, INFORM, LEAD, START
from tincoso.units.models import Role, Unit

pytestmark = pytest.mark.django_db


@dataclass
class Own:
    letter: Document
    leader: Any
    officer: Any
    specialist: Any
    tree: dict[str, Unit]


def _letter(officer: Any, unit: Unit, extra: str = "\nThư của Hội Nông dân.") -> Document:
    data = DOCUMENT_SAMPLE.read_bytes() + extra.encode()
    doc = services.import_document(officer, unit, data, "thu.txt")
    services.update_fields(officer, doc, symbol="7-CV/HND", issuer="Hội Nông dân tỉnh")
    return services.register_document(officer, doc)


@pytest.fixture
def own(tree: dict[str, Unit]) -> Own:
    """GIVEN the committee's văn thư registers a letter from outside the tree."""
    clock.set(START)
    officer = person_with(Role.OFFICER, tree["committee"], "officer")
    return Own(
        letter=_letter(officer, tree["committee"]),
        leader=person_with(Role.APPROVER, tree["committee"], "leader"),
        officer=officer,
        specialist=person_with(Role.VIEWER, tree["committee"], "specialist"),
        tree=tree,
    )


def _in(days: int) -> dt.datetime:
    return clock.now() + dt.timedelta(days=days)


def _give(o: Own) -> Instruction:
    return instructions.give_instructions(
        o.leader,
        o.letter,
        "Giao Chi bộ Sở Nội vụ chủ trì, đồng chí văn thư phối hợp.",
        [
            instructions.Assignee(LEAD, _in(7), unit=o.tree["cell-a"]),
            instructions.Assignee(COORDINATE, _in(5), person=o.officer),
            instructions.Assignee(INFORM, None, person=o.specialist),
        ],
    )


def test_the_leader_instructs_the_line_and_it_keeps_its_one_number(own: Own) -> None:
    assert own.letter.direction == Direction.INCOMING and own.letter.register_number == 1
    made = _give(own)
    assert (made.document_id, made.dispatch_id, made.unit) == (
        own.letter.pk,
        None,
        own.tree["committee"],
    )
    # The sub-unit named gets the document from the committee, with the role and deadline.
    down = Dispatch.objects.get(document=own.letter)
    assert (down.sender, down.recipient, down.role) == (
        own.tree["committee"],
        own.tree["cell-a"],
        LEAD,
    )
    assert down.deadline == _in(7)
    # Still one line in the committee's register, under the số đến the văn thư gave.
    [line] = entries(own.tree["committee"], clock.today().year)
    assert (line.number, line.dispatch, line.document) == (1, None, own.letter)
    # The person named has it in their to-do and was told.
    assert [a.role for a in open_assignments(own.officer)] == [COORDINATE]
    assert own.officer.notifications.filter(subject__startswith="Được giao xử lý").count() == 1


def test_a_person_completes_and_the_follow_up_line_shows_who_leads_and_the_result(
    own: Own,
) -> None:
    _give(own)
    [line] = entries(own.tree["committee"], clock.today().year)
    row = follow_up_row(line)
    assert row[2] == "Chủ trì: Chi bộ Sở Nội vụ; Phối hợp: officer"
    assert row[3] == _in(7).strftime("%d/%m/%Y") and row[4].startswith("Đang xử lý")
    clock.advance(dt.timedelta(days=1))
    complete(own.officer, open_assignments(own.officer).get(), "Đã trả lời Hội Nông dân.")
    cell = person_with(Role.OFFICER, own.tree["cell-a"], "cell-officer")
    services.acknowledge(cell, Dispatch.objects.get(document=own.letter))
    services.complete(cell, Dispatch.objects.get(document=own.letter), "Chi bộ đã thực hiện.")
    [line] = entries(own.tree["committee"], clock.today().year)
    row, done = follow_up_row(line), handling(line)
    assert row[4] == (
        "Đã xong; Chi bộ Sở Nội vụ: Chi bộ đã thực hiện.; officer: Đã trả lời Hội Nông dân."
    )
    assert done.closed and done.done_at == clock.now()
    assert state(done, clock.now()) == "on_time" and row[6] == ""


def test_reminders_reach_the_handler_of_a_self_registered_line(own: Own) -> None:
    _give(own)
    clock.advance(dt.timedelta(days=4, hours=12))
    assert send_reminders() == 1
    assert own.officer.notifications.filter(subject__startswith="Sắp đến hạn").count() == 1


def test_the_pages_offer_the_form_to_the_leader_and_the_slip_and_handler_follow(
    own: Own,
) -> None:
    client = Client()
    client.force_login(own.leader)
    page = client.get(reverse("document-detail", args=[own.letter.pk])).content.decode()
    url = reverse("handling-document-instructions", args=[own.letter.pk])
    assert "Cho ý kiến chỉ đạo" in page and f'href="{url}"' in page
    in_a_week = (clock.today() + dt.timedelta(days=7)).strftime("%d/%m/%Y")
    form = {
        "text": "Đồng chí văn thư chủ trì trả lời.",
        "assignee-0": f"user:{own.officer.pk}",
        "role-0": LEAD,
        "deadline-0": in_a_week,
    }
    answer = client.post(url, form)
    assert answer.status_code == 302 and answer["Location"] == url
    shown = client.get(url).content.decode()
    assert "Đồng chí văn thư chủ trì trả lời." in shown and "1/2026" in shown
    slip = client.get(reverse("handling-document-slip", args=[own.letter.pk])).content.decode()
    assert "PHIẾU GIẢI QUYẾT VĂN BẢN ĐẾN" in slip and "Đồng chí văn thư chủ trì" in slip
    assert "Hội Nông dân tỉnh".upper() in slip
    # The handler reports on their page; part 3 of the slip shows it.
    mine = open_assignments(own.officer).get()
    handler = Client()
    handler.force_login(own.officer)
    task = reverse("handling-assignment", args=[mine.pk])
    assert f'href="{url}"' in handler.get(task).content.decode()
    handler.post(task, {"note": "Đã soạn công văn trả lời."})
    slip = handler.get(reverse("handling-document-slip", args=[own.letter.pk])).content.decode()
    assert "Đã soạn công văn trả lời." in slip
    assert (
        "Đồng chí văn thư chủ trì trả lời."
        in handler.get(reverse("document-detail", args=[own.letter.pk])).content.decode()
    )


def test_a_non_leader_reads_but_may_not_instruct(own: Own) -> None:
    client = Client()
    client.force_login(own.officer)
    url = reverse("handling-document-instructions", args=[own.letter.pk])
    page = client.get(url)
    assert page.status_code == 200 and "instructions-form" not in page.content.decode()
    detail = client.get(reverse("document-detail", args=[own.letter.pk])).content.decode()
    assert "Xem ý kiến chỉ đạo" in detail
    answer = client.post(url, {"text": "x", "assignee-0": f"unit:{own.tree['cell-a'].pk}"})
    assert answer.status_code == 403 and not Instruction.objects.exists()
    api = client.post(
        reverse("api-document-instructions", args=[own.letter.pk]),
        json.dumps({"text": "x", "assignees": [{"unit": "cell-a", "role": LEAD}]}),
        content_type="application/json",
    )
    assert api.status_code == 403 and not Instruction.objects.exists()


def test_a_sibling_unit_neither_reads_nor_instructs(own: Own) -> None:
    client = Client()
    client.force_login(person_with(Role.APPROVER, own.tree["commune"], "commune-leader"))
    for name in ("handling-document-instructions", "handling-document-slip"):
        assert client.get(reverse(name, args=[own.letter.pk])).status_code == 403
    api = reverse("api-document-instructions", args=[own.letter.pk])
    assert client.get(api).status_code == 403
    posted = client.post(
        api, json.dumps({"text": "x", "assignees": []}), content_type="application/json"
    )
    assert posted.status_code == 403 and not Instruction.objects.exists()
    # A sub-unit's leader reads nothing of the committee's own line either.
    cell = Client()
    cell.force_login(person_with(Role.APPROVER, own.tree["cell-a"], "cell-leader"))
    assert (
        cell.get(reverse("handling-document-instructions", args=[own.letter.pk])).status_code == 403
    )


def test_only_a_registered_incoming_document_takes_instructions(own: Own) -> None:
    plan = services.import_document(
        own.officer, own.tree["committee"], DOCUMENT_SAMPLE.read_bytes() + b"\nKH.", "kh.txt",
        direction=Direction.OUTGOING,
    )  # fmt: skip
    client = Client()
    client.force_login(own.leader)
    assert client.get(reverse("handling-document-instructions", args=[plan.pk])).status_code == 404
    with pytest.raises(DomainError) as refused:
        instructions.give_instructions(
            own.leader, plan, "x", [instructions.Assignee(LEAD, _in(3), unit=own.tree["cell-a"])]
        )
    assert refused.value.text("en") != refused.value.text("vi")
    assert not Instruction.objects.exists() and not Dispatch.objects.exists()


def test_the_api_gives_and_reads_the_instructions_on_the_document(own: Own) -> None:
    client = Client()
    client.force_login(own.leader)
    url = reverse("api-document-instructions", args=[own.letter.pk])
    assert client.get(url).json()["summary"]["instructed"] is False
    made = client.post(
        url,
        json.dumps(
            {
                "text": "Sở Y tế chủ trì.",
                "assignees": [
                    {"unit": "cell-b", "role": LEAD, "deadline": _in(4).date().isoformat()},
                    {"person": "officer", "role": INFORM},
                ],
            }
        ),
        content_type="application/json",
    )
    assert made.status_code == 201, made.content
    data = made.json()
    assert data["document"] == own.letter.pk and data["summary"]["lead"] == ["Chi bộ Sở Y tế"]
    assert [h["version"] for h in data["history"]] == [1]
    assert Dispatch.objects.get(document=own.letter).recipient == own.tree["cell-b"]


def test_the_follow_up_register_costs_the_same_for_more_instructed_own_lines(
    own: Own,
) -> None:
    def add(n: int) -> None:
        for _ in range(n):
            k = Document.objects.filter(unit=own.tree["committee"]).count() + 1
            doc = Document.objects.create(
                unit=own.tree["committee"], direction=Direction.INCOMING, status="registered",
                symbol=f"{k}/CV-HND", title=f"Thư {k}", issuer="Hội Nông dân tỉnh",
                register_year=clock.today().year, register_number=k,
            )  # fmt: skip
            instructions.give_instructions(
                own.leader,
                doc,
                f"Trả lời thư {k}.",
                [
                    instructions.Assignee(LEAD, _in(3), person=own.officer),
                    instructions.Assignee(COORDINATE, _in(3), unit=own.tree["cell-b"]),
                ],
            )

    client = Client()
    client.force_login(own.officer)
    url = reverse("register-book", args=["committee", clock.today().year, "theo-doi"])
    page = same_queries_for_more_rows(lambda: client.get(url), add)
    # Six lines instructed (the fixture's letter has none), each read from its prefetch.
    assert page.content.decode().count("Chủ trì: officer; Phối hợp: Chi bộ Sở Y tế") == 6


def test_a_colleague_holding_the_handlers_work_acts_on_the_own_line(own: Own) -> None:
    from tincoso.documents.handling.handlers import hand_over, may_act

    _give(own)
    hand_over(own.officer, own.tree["committee"], own.specialist, clock.today(), clock.today())
    row = open_assignments(own.specialist).get(person=own.officer)
    assert may_act(own.specialist, row)
    complete(own.specialist, row, "Đã trả lời thay.")
    row.refresh_from_db()
    assert row.done_by == own.specialist and row.is_done
