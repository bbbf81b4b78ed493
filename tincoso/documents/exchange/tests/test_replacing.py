"""Replacement and revocation over the exchange, both bodies on one file drop: a
replacement leaves as BussinessDocType 3 naming the old document, and the receiving
side links its new draft to the old copy, which ends as replaced; the tracking page's
revoke and replace (``documents.sender``) reach the bodies outside too."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.urls import reverse

from tincoso.conftest import DOCUMENT_SAMPLE, person_with
from tincoso.core import clock
from tincoso.core.errors import DomainError
from tincoso.core.models import Notification
from tincoso.documents import sender, services
from tincoso.documents.exchange import exporting, reading, receiving, statuses, withdrawing
from tincoso.documents.exchange.building import build_edoc
from tincoso.documents.exchange.envelope import Replacement
from tincoso.documents.exchange.models import Message, Way
from tincoso.documents.exchange.tests.helpers import RECEIVER_ID
from tincoso.documents.exchange.tests.test_withdrawing import _client, _delivered, _sent, _turn
from tincoso.documents.exchange.transports.filedrop import FileDrop
from tincoso.documents.models import DispatchEvent, DispatchStatus, Document
from tincoso.units.models import Role, Unit

pytestmark = pytest.mark.django_db


def _another(tree: dict[str, Unit]) -> Document:
    """A second registered document of the committee: other bytes, other number."""
    editor = person_with(Role.EDITOR, tree["committee"], "bientap-thaythe")
    data = DOCUMENT_SAMPLE.read_bytes().replace(b"30 - HD/BTG", b"31 - HD/BTG")
    doc = services.import_document(editor, tree["committee"], data, "31-HD-BTG.txt")
    services.update_fields(editor, doc, symbol="31-HD/BTG", number="31")
    return services.register_document(editor, doc)


def _passed_on(
    people: dict[str, Any], tree: dict[str, Unit], drop: FileDrop
) -> tuple[Message, Any]:
    """The commune registers what came and passes it on to the village; its "05"
    reaches the committee."""
    received = Message.objects.get(way=Way.IN, kind="edoc")
    assert received.document is not None
    draft = services.register_document(people["receiver_officer"], received.document)
    editor = person_with(Role.EDITOR, tree["commune"], "bientap-xa")
    (passed_on,) = services.dispatch_document(editor, draft, [tree["village"]])
    _turn(drop)
    _turn(drop)
    assert Message.objects.get(way=Way.OUT, kind="edoc").remote_status == "05"
    return received, passed_on


def _envelope(message: Message) -> Any:
    with message.envelope.open("rb") as handle:
        data = handle.read()
    return reading.read(data, max_bytes=settings.DOCUMENT_EXCHANGE_MAX_BYTES, max_file_bytes=10**8)


def test_a_replacement_reaches_the_other_body_and_ends_its_old_copy(
    tree: dict[str, Unit], tmp_path: Path
) -> None:
    people, drop, doc = _delivered(tree, tmp_path)
    received, passed_on = _passed_on(people, tree, drop)
    new_doc = _another(tree)
    officer = _client(people["sender_officer"])
    url = reverse("exchange-replace", args=[doc.pk])
    assert url in officer.get(reverse("document-detail", args=[doc.pk])).content.decode()

    # refused, nothing queued: no replacement named, the document itself, too short a reason
    officer.post(url, {"replacement": "", "reason": "Sai trích yếu"})
    officer.post(url, {"replacement": str(doc.pk), "reason": "Sai trích yếu"})
    officer.post(url, {"replacement": str(new_doc.pk), "reason": "x"})
    assert not Message.objects.filter(way=Way.OUT, document=new_doc).exists()
    # the receiving side may not replace the committee's document
    other = _client(people["receiver_officer"])
    refused = other.post(url, {"replacement": str(new_doc.pk), "reason": "Sai trích yếu"})
    assert refused.status_code == 403

    officer.post(url, {"replacement": str(new_doc.pk), "reason": "Sai trích yếu"})
    out = Message.objects.get(way=Way.OUT, kind="edoc", document=new_doc)
    assert (out.business_type, out.replaces) == ("3", _sent(doc))
    edoc = _envelope(out)
    assert edoc.business_type == statuses.REPLACE and edoc.business_reason == "Sai trích yếu"
    assert [(r.document_id, r.organ_ids) for r in edoc.replaces] == [
        (_sent(doc).edxml_id, (people["receiver"].organ_id,))
    ]
    assert withdrawing.revocable(doc) == []  # replaced: no longer to revoke or replace

    assert _turn(drop).sent == 1  # the type 3 leaves
    assert _turn(drop).received == 1  # the commune: a new draft, the old copy replaced
    new_in = Message.objects.get(way=Way.IN, kind="edoc", business_type="3")
    assert new_in.replaces == received and new_in.document is not None
    assert new_in.document.title == new_doc.title
    passed_on.refresh_from_db()
    assert passed_on.status == DispatchStatus.REPLACED
    (event,) = DispatchEvent.objects.filter(dispatch=passed_on)
    assert (event.kind, event.reason, event.replacement) == (
        "replaced",
        "Sai trích yếu",
        new_in.document,
    )
    told = Notification.objects.get(user=people["receiver_officer"], subject__contains="thay thế")
    assert told.body == "Sai trích yếu"
    received.refresh_from_db()
    assert received.status_code == "15"  # agreed, reported once
    assert received.document is not None
    assert statuses.local_state(received.document, "15") == DispatchStatus.REPLACED
    with pytest.raises(DomainError) as late:  # replaced: too late to return it
        withdrawing.return_received(people["receiver_officer"], received, "Gửi nhầm đơn vị")
    assert "Đã thay thế" in late.value.text("vi")
    page = other.get(reverse("document-detail", args=[received.document_id])).content.decode()
    assert "Đã được thay thế bằng" in page and new_in.edxml_id in page

    _turn(drop)  # the "15" reaches the committee
    assert _sent(doc).remote_status == "15"
    # the same envelope read again changes nothing
    with new_in.envelope.open("rb") as handle:
        assert receiving.receive(handle.read()) == [new_in]
    assert Message.objects.filter(way=Way.OUT, kind="status", status_code="15").count() == 1


def test_revoking_on_the_tracking_page_sends_13_to_the_bodies_outside(
    tree: dict[str, Unit], tmp_path: Path
) -> None:
    people, drop, doc = _delivered(tree, tmp_path)
    received, passed_on = _passed_on(people, tree, drop)
    editor = person_with(Role.EDITOR, tree["committee"], "bientap-tinhuy-2")
    (inside,) = services.dispatch_document(editor, doc, [tree["cell-a"]])

    with pytest.raises(DomainError):  # too short a reason: nothing revoked, nothing queued
        sender.revoke(editor, doc, tree["committee"], "x")
    assert not Message.objects.filter(way=Way.OUT, kind="status", status_code="13").exists()

    sender.revoke(editor, doc, tree["committee"], "Ban hành nhầm")
    inside.refresh_from_db()
    assert inside.status == DispatchStatus.REVOKED
    assert _sent(doc).status_code == "13"
    assert _turn(drop).sent == 1  # the 13 leaves
    _turn(drop)  # the commune: what it passed on is revoked, "15" goes back
    passed_on.refresh_from_db()
    assert passed_on.status == DispatchStatus.REVOKED
    received.refresh_from_db()
    assert received.status_code == "15"
    _turn(drop)
    assert _sent(doc).remote_status == "15"


def test_replacing_on_the_tracking_page_sends_type_3_to_the_bodies_outside(
    tree: dict[str, Unit], tmp_path: Path
) -> None:
    _people, drop, doc = _delivered(tree, tmp_path)
    editor = person_with(Role.EDITOR, tree["committee"], "bientap-tinhuy-2")
    services.dispatch_document(editor, doc, [tree["cell-a"]])
    new_doc = _another(tree)

    sender.replace(editor, doc, tree["committee"], new_doc, "Sai trích yếu")
    out = Message.objects.get(way=Way.OUT, kind="edoc", document=new_doc)
    assert (out.business_type, out.replaces) == ("3", _sent(doc))
    assert out.created_by == editor  # who keeps the register is named in the envelope
    _turn(drop)
    _turn(drop)
    received = Message.objects.get(way=Way.IN, kind="edoc", business_type="0")
    assert received.status_code == "15"
    assert Message.objects.get(way=Way.IN, business_type="3").replaces == received


def test_a_replacement_naming_a_document_never_received_is_only_a_new_draft(
    tree: dict[str, Unit], tmp_path: Path
) -> None:
    people, _drop, _doc = _delivered(tree, tmp_path)
    received = Message.objects.get(way=Way.IN, kind="edoc")
    edoc = exporting.edoc_for(_another(tree), [people["receiver"]])
    edoc.business_type = statuses.REPLACE
    edoc.replaces = [Replacement("000.00.00.H99,2017/01/01,1-HD/BTG", (RECEIVER_ID,))]
    (made,) = receiving.receive(build_edoc(edoc, clock.now()))
    assert (made.business_type, made.replaces) == ("3", None)
    assert made.document is not None and made.document.pk != received.document_id
    received.refresh_from_db()
    assert received.status_code == "01"  # our copy of the other document is left as it is
    assert not Notification.objects.filter(subject__contains="thay thế").exists()
