"""Back to the sender: the receipt notice, returns, revocation and replacement."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from tincoso.conftest import DOCUMENT_SAMPLE, person_with
from tincoso.core import clock
from tincoso.core.errors import ConflictError, PermissionDeniedError
from tincoso.core.models import Notification
from tincoso.documents import sender, services
from tincoso.documents.models import Dispatch, DispatchEvent, DispatchStatus, Document
from tincoso.documents.todo import waiting_dispatches
from tincoso.units.models import Role, Unit


@pytest.fixture
def board_editor(board: Unit) -> Any:
    return person_with(Role.EDITOR, board, "board-editor")


@pytest.fixture
def sent(tree: dict[str, Unit], board_editor: Any, board: Unit) -> list[Dispatch]:
    clock.set(dt.datetime(2026, 3, 2, 8, 0))
    doc = services.import_document(board_editor, board, DOCUMENT_SAMPLE.read_bytes(), "30.txt")
    doc = services.register_document(board_editor, doc)
    return services.dispatch_document(board_editor, doc, [tree["cell-a"], tree["cell-b"]])


def officer_of(unit: Unit) -> Any:
    return person_with(Role.OFFICER, unit, f"officer-{unit.code}")


def _new_document(editor: Any, unit: Unit) -> Document:
    doc = services.import_document(editor, unit, DOCUMENT_SAMPLE.read_bytes(), "31.txt")
    services.update_fields(editor, doc, symbol="31-HD/BTG", number="31")
    return services.register_document(editor, doc)


def test_the_sender_is_told_once_when_the_recipient_receives(
    sent: list[Dispatch], tree: dict[str, Unit], board_editor: Any
) -> None:
    officer = officer_of(tree["cell-a"])
    clock.advance(dt.timedelta(hours=3))
    services.acknowledge(officer, sent[0])
    services.start_implementing(officer, sent[0])
    services.complete(officer, sent[0], "Đã quán triệt.")
    [receipt] = DispatchEvent.objects.filter(kind="receipt")
    assert receipt.dispatch_id == sent[0].pk and receipt.by == officer
    assert receipt.at == clock.now()  # the clock did not move between the steps
    told = Notification.objects.filter(user=board_editor, subject__startswith="Đã nhận")
    assert told.count() == 1 and "Chi bộ Sở Nội vụ" in told.get().subject
    # The tracking page shows when it arrived.
    node = services.cascade(sent[0].document, board_editor)["dispatches"][0]
    assert node["receipt_at"] == receipt.at.isoformat()
    client = Client()
    client.force_login(board_editor)
    page = client.get(reverse("document-cascade", args=[sent[0].document_id]))
    assert "Đã nhận lúc" in page.content.decode()


def test_a_recipient_returns_with_a_reason_the_sender_sees_it_and_the_todo_empties(
    sent: list[Dispatch], tree: dict[str, Unit], board_editor: Any
) -> None:
    officer = officer_of(tree["cell-a"])
    assert waiting_dispatches(officer).count() == 1
    with pytest.raises(services.DocumentError):
        sender.return_dispatch(officer, sent[0], "  ")
    assert Dispatch.objects.get(pk=sent[0].pk).status == DispatchStatus.SENT
    sender.return_dispatch(officer, sent[0], "Gửi nhầm đơn vị, không thuộc chi bộ.")
    assert Dispatch.objects.get(pk=sent[0].pk).status == DispatchStatus.RETURNED
    assert waiting_dispatches(officer).count() == 0
    node = services.cascade(sent[0].document, board_editor)["dispatches"][0]
    assert node["status"] == "returned"
    assert node["withdrawn"]["reason"] == "Gửi nhầm đơn vị, không thuộc chi bộ."
    assert Notification.objects.filter(user=board_editor, subject__startswith="Bị trả lại")
    with pytest.raises(ConflictError):
        services.acknowledge(officer, sent[0])  # its steps have ended


def test_only_the_recipients_people_may_return_and_refusals_are_bilingual(
    sent: list[Dispatch], tree: dict[str, Unit], board_editor: Any, board: Unit
) -> None:
    committee_officer = person_with(Role.OFFICER, tree["committee"], "committee-officer")
    for who in (board_editor, officer_of(tree["cell-b"]), committee_officer):
        with pytest.raises(PermissionDeniedError) as refused:
            sender.return_dispatch(who, sent[0], "Không phải việc của tôi.")
        both = refused.value.bilingual()
        assert both["vi"].startswith("Chỉ cán bộ của đơn vị nhận")
        assert both["en"].startswith("Only officers of the receiving unit")
    assert not DispatchEvent.objects.exists()
    assert Dispatch.objects.get(pk=sent[0].pk).status == DispatchStatus.SENT


def test_revoking_withdraws_every_copy_and_forwards_and_freezes_the_document(
    sent: list[Dispatch], tree: dict[str, Unit], board_editor: Any, board: Unit
) -> None:
    doc = sent[0].document
    officer = officer_of(tree["cell-a"])
    with pytest.raises(PermissionDeniedError) as refused:
        sender.revoke(officer, doc, board, "Tôi muốn thu hồi.")
    assert refused.value.bilingual()["en"].startswith("Only officers of the sending unit")
    assert Dispatch.objects.filter(status="revoked").count() == 0
    services.acknowledge(officer, sent[0])
    sender.revoke(board_editor, doc, board, "Ban hành nhầm phiên bản cũ.")
    assert set(Dispatch.objects.values_list("status", flat=True)) == {"revoked"}
    assert waiting_dispatches(officer).count() == 0
    # History kept: the receipt and the revocation, both.
    kinds = list(sent[0].events.values_list("kind", flat=True))
    assert kinds == ["receipt", "revoked"]
    with pytest.raises(ConflictError):
        services.dispatch_document(board_editor, doc, [tree["village"]])
    client = Client()
    client.force_login(board_editor)
    own = client.get(reverse("document-detail", args=[doc.pk])).content.decode()
    assert reverse("document-dispatch", args=[doc.pk]) not in own  # no form to send it again
    # The recipient sees a banner on the document page.
    client = Client()
    client.force_login(officer)
    page = client.get(reverse("document-detail", args=[doc.pk])).content.decode()
    assert 'id="withdrawn-banner"' in page and "Ban hành nhầm phiên bản cũ." in page
    assert Notification.objects.filter(user=officer, subject__startswith="Văn bản bị thu hồi")


def test_replacing_sends_the_new_document_in_place_of_the_old(
    sent: list[Dispatch], tree: dict[str, Unit], board_editor: Any, board: Unit
) -> None:
    officer = officer_of(tree["cell-a"])
    new_doc = _new_document(board_editor, board)
    made = sender.replace(board_editor, sent[0].document, board, new_doc, "Sửa thời hạn báo cáo.")
    assert sorted(d.recipient.code for d in made) == ["cell-a", "cell-b"]
    old = Dispatch.objects.get(pk=sent[0].pk)
    assert old.status == DispatchStatus.REPLACED
    assert old.events.get(kind="replaced").replacement == new_doc
    [waiting] = waiting_dispatches(officer)
    assert waiting.document == new_doc
    client = Client()
    client.force_login(officer)
    page = client.get(reverse("dispatch-detail", args=[old.pk])).content.decode()
    assert reverse("document-detail", args=[new_doc.pk]) in page
    assert "Đã thay thế" in page


def test_a_sibling_sees_nothing_of_the_way_back(
    sent: list[Dispatch], tree: dict[str, Unit], board_editor: Any
) -> None:
    sender.return_dispatch(officer_of(tree["cell-a"]), sent[0], "Gửi nhầm đơn vị.")
    client = Client()
    client.force_login(officer_of(tree["cell-b"]))
    assert client.get(reverse("dispatch-detail", args=[sent[0].pk])).status_code == 403
    tree_b = client.get(reverse("api-document-cascade", args=[sent[0].document_id])).json()
    assert [n["unit"]["code"] for n in tree_b["dispatches"]] == ["cell-b"]


def test_the_api_returns_revokes_and_replaces_with_bilingual_refusals(
    sent: list[Dispatch], tree: dict[str, Unit], board_editor: Any, board: Unit
) -> None:
    officer = officer_of(tree["cell-a"])
    client = Client()
    client.force_login(officer)
    doc = sent[0].document
    refused = client.post(f"/api/documents/{doc.pk}/revoke/", {"reason": "Không được phép."})
    assert refused.status_code == 403
    assert refused.json()["detail_en"].startswith("Only officers of the sending unit")
    short = client.post(f"/api/dispatches/{sent[0].pk}/return/", {"reason": "x"})
    assert short.status_code == 400 and short.json()["detail_en"].startswith("Please give")
    returned = client.post(f"/api/dispatches/{sent[0].pk}/return/", {"reason": "Gửi nhầm."})
    assert returned.status_code == 200 and returned.json()["status"] == "returned"
    client.force_login(officer_of(tree["cell-b"]))
    assert client.post(f"/api/dispatches/{sent[0].pk}/return/", {"reason": "Gửi nhầm."}
                       ).status_code == 404  # fmt: skip
    client.force_login(board_editor)
    new_doc = _new_document(board_editor, board)
    made = client.post(
        f"/api/documents/{doc.pk}/replace/", {"replacement": new_doc.pk, "reason": "Bản mới."}
    )
    # cell-a returned it: only cell-b's live copy is replaced and sent the new one.
    assert made.status_code == 201 and [d["recipient"] for d in made.json()] == ["cell-b"]
    assert Dispatch.objects.get(pk=sent[1].pk).status == DispatchStatus.REPLACED
    assert Dispatch.objects.get(pk=sent[0].pk).status == DispatchStatus.RETURNED
