"""Return and revocation over the exchange, both bodies on one file drop: what is done
on one side's page reaches the other as a status message and changes its state."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from tincoso.conftest import person_with
from tincoso.core.errors import ConflictError, DomainError
from tincoso.core.models import Notification
from tincoso.documents import services
from tincoso.documents.exchange import receiving, running, sending, statuses, withdrawing
from tincoso.documents.exchange.models import Message, StatusEvent, Way
from tincoso.documents.exchange.tests.helpers import bodies, sent_document
from tincoso.documents.exchange.transports.filedrop import FileDrop
from tincoso.documents.models import DispatchEvent, DispatchStatus, Document
from tincoso.units.models import Role, Unit

pytestmark = pytest.mark.django_db


def _carry(drop: FileDrop) -> None:
    """The axis: what one body put out, the other finds in."""
    for path in sorted(drop.outbox.iterdir()):
        path.rename(drop.inbox / path.name)


def _turn(drop: FileDrop) -> running.Tally:
    _carry(drop)
    return running.run_once([drop])


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _delivered(tree: dict[str, Unit], tmp_path: Path) -> tuple[dict[str, Any], FileDrop, Any]:
    """The committee's document sent, taken in by the commune, its "01" back home."""
    people = bodies(tree)
    doc = sent_document(tree, people)
    drop = FileDrop(tmp_path / "drop")
    sending.queue_document(people["sender_officer"], doc, [people["receiver"]])
    running.run_once([drop])
    assert _turn(drop).received == 1  # the commune's draft, "01" sent
    _turn(drop)
    return people, drop, doc


def _sent(doc: Document) -> Message:
    return Message.objects.get(way=Way.OUT, kind="edoc", document=doc)


def test_every_dispatch_status_has_its_edxml_code() -> None:
    assert set(statuses.LOCAL_TO_CODE) == set(DispatchStatus.values)
    assert statuses.LOCAL_TO_CODE[DispatchStatus.RETURNED] == statuses.REFUSED == "02"
    assert statuses.CODE_TO_DISPATCH_STATUS["02"] == DispatchStatus.RETURNED
    assert statuses.CODE_TO_DISPATCH_STATUS["13"] == DispatchStatus.REVOKED
    assert statuses.WITHDRAWAL[DispatchStatus.REVOKED] == "13"
    assert statuses.WITHDRAWAL[DispatchStatus.REPLACED] == statuses.REPLACE == "3"


def test_a_return_on_our_page_reaches_the_sender(tree: dict[str, Unit], tmp_path: Path) -> None:
    people, drop, doc = _delivered(tree, tmp_path)
    received = Message.objects.get(way=Way.IN, kind="edoc")
    draft = received.document
    assert draft is not None
    page = _client(people["receiver_officer"]).get(reverse("document-detail", args=[draft.pk]))
    assert reverse("exchange-return", args=[received.pk]) in page.content.decode()

    # too short a reason: refused, nothing queued
    officer = _client(people["receiver_officer"])
    officer.post(reverse("exchange-return", args=[received.pk]), {"reason": "x"})
    assert not Message.objects.filter(way=Way.OUT, kind="status", status_code="02").exists()
    # someone of the sending side may not return it for the commune
    other = _client(people["sender_officer"])
    refused = other.post(reverse("exchange-return", args=[received.pk]), {"reason": "Gửi nhầm"})
    assert refused.status_code == 403

    officer.post(reverse("exchange-return", args=[received.pk]), {"reason": "Gửi nhầm đơn vị"})
    assert _turn(drop).sent == 1  # the 02 leaves
    _turn(drop)  # and reaches the committee
    sent = _sent(doc)
    assert sent.remote_status == "02"
    event = StatusEvent.objects.filter(message=sent).latest("pk")
    assert (event.code, event.description) == ("02", "Gửi nhầm đơn vị")
    told = Notification.objects.get(user=people["sender_officer"])
    assert "Từ chối tiếp nhận" in told.subject and told.body == "Gửi nhầm đơn vị"
    assert statuses.CODE_TO_DISPATCH_STATUS[sent.remote_status] == DispatchStatus.RETURNED

    # our copy stays returned: registering it later reports nothing new
    services.update_fields(people["receiver_officer"], draft, date=doc.date)
    services.register_document(people["receiver_officer"], Document.objects.get(pk=draft.pk))
    assert receiving.queue_status_updates() == 0
    with pytest.raises(ConflictError) as again:
        withdrawing.return_received(people["receiver_officer"], received, "Gửi nhầm lần hai")
    assert again.value.text("vi") != again.value.text("en")


def test_a_revocation_on_our_page_ends_what_the_other_side_passed_on(
    tree: dict[str, Unit], tmp_path: Path
) -> None:
    people, drop, doc = _delivered(tree, tmp_path)
    received = Message.objects.get(way=Way.IN, kind="edoc")
    assert received.document is not None
    draft = services.register_document(people["receiver_officer"], received.document)
    editor = person_with(Role.EDITOR, tree["commune"], "bientap-xa")
    (passed_on,) = services.dispatch_document(editor, draft, [tree["village"]])
    assert receiving.queue_status_updates() == 1  # 05: passed on
    _turn(drop)
    _turn(drop)
    assert _sent(doc).remote_status == "05"
    with pytest.raises(DomainError):  # passed on already: too late to return it
        withdrawing.return_received(people["receiver_officer"], received, "Gửi nhầm đơn vị")

    officer = _client(people["sender_officer"])
    page = officer.get(reverse("document-detail", args=[doc.pk])).content.decode()
    assert reverse("exchange-revoke", args=[doc.pk]) in page
    officer.post(reverse("exchange-revoke", args=[doc.pk]), {"reason": "Ban hành nhầm"})
    assert _sent(doc).status_code == "13"
    assert _turn(drop).sent == 1  # the 13 leaves
    _turn(drop)  # the commune: what it passed on is revoked, "15" goes back
    passed_on.refresh_from_db()
    assert passed_on.status == DispatchStatus.REVOKED
    (event,) = DispatchEvent.objects.filter(dispatch=passed_on)
    assert (event.kind, event.reason) == ("revoked", "Ban hành nhầm")
    received.refresh_from_db()
    assert received.status_code == "15"
    assert statuses.local_state(draft, received.status_code) == DispatchStatus.REVOKED
    _turn(drop)  # the "15" reaches the committee
    assert _sent(doc).remote_status == "15"
    assert withdrawing.revocable(doc) == []
    again = officer.post(reverse("exchange-revoke", args=[doc.pk]), {"reason": "Lần nữa"})
    assert again.status_code == 302  # back to the page, with the reason it was refused
    assert Message.objects.filter(way=Way.OUT, kind="status", status_code="13").count() == 1
    assert receiving.queue_status_updates() == 0
