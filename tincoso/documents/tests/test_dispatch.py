"""Dispatch down the tree: suggestions, the life cycle, deadlines and escalation, inboxes."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from tincoso.conftest import person_with
from tincoso.core import clock
from tincoso.core.errors import ConflictError, PermissionDeniedError
from tincoso.core.models import Notification
from tincoso.documents import services
from tincoso.documents.models import Dispatch, DispatchStatus, Document
from tincoso.units.models import Role, Unit


@pytest.fixture
def board_editor(board: Unit) -> Any:
    return person_with(Role.EDITOR, board, "board-editor")


@pytest.fixture
def guidance(board: Unit, board_editor: Any, sample_text: str) -> Document:
    clock.set(dt.datetime(2026, 3, 2, 8, 0))
    doc = services.import_document(board_editor, board, sample_text.encode(), "30.txt")
    return services.register_document(board_editor, doc)


def officer_of(unit: Unit) -> Any:
    return person_with(Role.OFFICER, unit, f"officer-{unit.code}")


def test_recipients_are_suggested_from_noi_nhan(
    tree: dict[str, Unit], board: Unit, guidance: Document
) -> None:
    # "Các chi, đảng bộ cơ sở" → every party cell the board's committee has.
    codes = [u.code for u in services.suggest_recipients(guidance, board)]
    assert codes == ["cell-a", "cell-b"]


def test_a_board_may_not_send_outside_its_committee(
    tree: dict[str, Unit], board_editor: Any, guidance: Document
) -> None:
    with pytest.raises(PermissionDeniedError):
        services.dispatch_document(board_editor, guidance, [tree["village"]])
    assert not Dispatch.objects.exists()


def test_only_a_registered_document_can_be_sent(
    tree: dict[str, Unit], board: Unit, board_editor: Any, sample_text: str
) -> None:
    draft = services.import_document(board_editor, board, sample_text.encode(), "x.txt")
    with pytest.raises(services.DocumentError):
        services.dispatch_document(board_editor, draft, [tree["cell-a"]])


def test_the_life_cycle_stamps_each_step_and_refuses_going_back(
    tree: dict[str, Unit], board_editor: Any, guidance: Document
) -> None:
    [dispatch] = services.dispatch_document(board_editor, guidance, [tree["cell-a"]])
    officer = officer_of(tree["cell-a"])
    assert dispatch.status == DispatchStatus.SENT and dispatch.incoming_number == 1
    clock.advance(dt.timedelta(hours=2))
    services.open_dispatch(officer, dispatch)
    clock.advance(dt.timedelta(days=1))
    services.acknowledge(officer, dispatch)
    with pytest.raises(ConflictError):
        services.acknowledge(officer, dispatch)
    services.start_implementing(officer, dispatch)
    clock.advance(dt.timedelta(days=3))
    services.complete(
        officer,
        dispatch,
        "Đã quán triệt tại sinh hoạt chi bộ.",
        [("bien-ban.txt", "Biên bản".encode())],
    )
    dispatch.refresh_from_db()
    assert dispatch.status == DispatchStatus.DONE
    assert dispatch.days_to("acknowledged_at") == pytest.approx(1.1, abs=0.05)
    assert dispatch.days_to("done_at") == pytest.approx(4.1, abs=0.05)
    assert dispatch.attachments.get().file.read() == "Biên bản".encode()


def test_done_needs_a_result_note(
    tree: dict[str, Unit], board_editor: Any, guidance: Document
) -> None:
    [dispatch] = services.dispatch_document(board_editor, guidance, [tree["cell-a"]])
    with pytest.raises(services.DocumentError):
        services.complete(officer_of(tree["cell-a"]), dispatch, "   ")
    assert Dispatch.objects.get(pk=dispatch.pk).status == DispatchStatus.SENT


def test_an_officer_of_a_sibling_cell_cannot_act_on_the_dispatch(
    tree: dict[str, Unit], board_editor: Any, guidance: Document
) -> None:
    [dispatch] = services.dispatch_document(board_editor, guidance, [tree["cell-a"]])
    with pytest.raises(PermissionDeniedError):
        services.acknowledge(officer_of(tree["cell-b"]), dispatch)
    assert Dispatch.objects.get(pk=dispatch.pk).status == DispatchStatus.SENT


def test_the_senders_own_views_do_not_count_as_opened(
    tree: dict[str, Unit], board_editor: Any, guidance: Document, province_admin: Any
) -> None:
    [dispatch] = services.dispatch_document(board_editor, guidance, [tree["cell-a"]])
    client = Client()
    client.force_login(board_editor)
    client.get(reverse("document-detail", args=[guidance.pk]))
    assert Dispatch.objects.get(pk=dispatch.pk).opened_at is None
    officer = officer_of(tree["cell-a"])
    client.force_login(officer)
    client.get(reverse("document-detail", args=[guidance.pk]))
    assert Dispatch.objects.get(pk=dispatch.pk).status == DispatchStatus.OPENED


def test_past_the_deadline_the_parents_officers_are_told_once_in_app_and_by_mail(
    tree: dict[str, Unit],
    board_editor: Any,
    guidance: Document,
    django_capture_on_commit_callbacks: Any,
) -> None:
    deadline = clock.now() + dt.timedelta(days=5)
    [late, prompt] = services.dispatch_document(
        board_editor, guidance, [tree["cell-a"], tree["cell-b"]], deadline=deadline
    )
    parent_officer = officer_of(tree["committee"])
    services.acknowledge(officer_of(tree["cell-b"]), prompt)
    mail.outbox.clear()
    assert services.check_deadlines() == 0
    clock.advance(dt.timedelta(days=6))
    assert Dispatch.objects.get(pk=late.pk).is_overdue
    assert not Dispatch.objects.get(pk=prompt.pk).is_overdue
    with django_capture_on_commit_callbacks(execute=True):
        assert services.check_deadlines() == 1
    assert services.check_deadlines() == 0  # told once
    note = Notification.objects.get(user=parent_officer)
    assert "Chi bộ Sở Nội vụ" in note.subject
    assert any(parent_officer.email in m.to for m in mail.outbox)
    assert Notification.objects.filter(user=board_editor).exists()  # the sender knows too


def test_a_recipient_implements_with_its_own_document_which_cascades_further(
    tree: dict[str, Unit], board_editor: Any, guidance: Document, sample_text: str
) -> None:
    [dispatch] = services.dispatch_document(board_editor, guidance, [tree["cell-a"]])
    cell_editor = person_with(Role.EDITOR, tree["cell-a"], "cell-editor")
    services.acknowledge(officer_of(tree["cell-a"]), dispatch)
    plan_text = sample_text.replace("Số 30 - HD/BTG", "Số 05-KH/CB")
    plan = services.register_document(
        cell_editor,
        services.import_document(cell_editor, tree["cell-a"], plan_text.encode(), "plan.txt"),
    )
    officer = Unit.objects.get(code="cell-a")
    services.respond_with_document(person_with(Role.ADMIN, officer, "cell-admin"), dispatch, plan)
    dispatch.refresh_from_db()
    assert dispatch.status == DispatchStatus.IMPLEMENTING
    assert plan.references.get(target=guidance).kind == "implements"
    tree_json = services.cascade(guidance, board_editor)
    [node] = tree_json["dispatches"]
    assert node["unit"]["code"] == "cell-a"
    assert node["responses"][0]["document"]["id"] == plan.pk


def test_the_cascade_hides_recipients_the_viewer_may_not_see(
    tree: dict[str, Unit], board_editor: Any, guidance: Document
) -> None:
    services.dispatch_document(board_editor, guidance, [tree["cell-a"], tree["cell-b"]])
    seen = services.cascade(guidance, officer_of(tree["cell-a"]))
    assert [n["unit"]["code"] for n in seen["dispatches"]] == ["cell-a"]


def test_a_unit_cannot_see_a_siblings_inbox(
    tree: dict[str, Unit], board_editor: Any, guidance: Document
) -> None:
    services.dispatch_document(board_editor, guidance, [tree["cell-a"], tree["cell-b"]])
    client = Client()
    client.force_login(officer_of(tree["cell-a"]))
    assert client.get(reverse("inbox", args=["cell-a"])).status_code == 200
    assert client.get(reverse("inbox", args=["cell-b"])).status_code == 403
    other = Dispatch.objects.get(recipient__code="cell-b")
    assert client.get(reverse("dispatch-detail", args=[other.pk])).status_code == 403
    assert (
        client.post(reverse("dispatch-action", args=[other.pk, "acknowledge"])).status_code == 403
    )
    assert Dispatch.objects.get(pk=other.pk).status == DispatchStatus.SENT


def test_the_inbox_counts_filters_and_searches_without_diacritics(
    tree: dict[str, Unit], board_editor: Any, guidance: Document
) -> None:
    services.dispatch_document(
        board_editor, guidance, [tree["cell-a"]], deadline=clock.now() + dt.timedelta(days=1)
    )
    clock.advance(dt.timedelta(days=2))
    counts = services.inbox_counts(tree["cell-a"])
    assert (counts["sent"], counts["overdue"], counts["total"]) == (1, 1, 1)
    assert services.inbox(tree["cell-a"], query="thong tin co so").count() == 1
    assert services.inbox(tree["cell-a"], query="dang uy khoi").count() == 1
    assert services.inbox(tree["cell-a"], query="ngan sach").count() == 0
    assert services.inbox(tree["cell-a"], overdue=True).count() == 1


def test_the_inbox_page_makes_a_bounded_number_of_queries(
    tree: dict[str, Unit],
    board_editor: Any,
    guidance: Document,
    sample_text: str,
    django_assert_max_num_queries: Any,
) -> None:
    board = guidance.unit
    for i in range(15):
        text = sample_text.replace("Số 30 - HD/BTG", f"Số {100 + i}-HD/BTG")
        doc = services.register_document(
            board_editor, services.import_document(board_editor, board, text.encode(), f"{i}.txt")
        )
        services.dispatch_document(board_editor, doc, [tree["cell-a"]])
    client = Client()
    client.force_login(officer_of(tree["cell-a"]))
    with django_assert_max_num_queries(15):
        assert client.get(reverse("inbox", args=["cell-a"])).status_code == 200
