"""Back to the other body over the exchange, the way ``documents.sender`` does it
between our own units, with the same states (``DispatchStatus``, statuses.py):

return_received   we send back a document that came to us: status 02 with the reason
revoke_sent       we revoke (thu hồi) a document we sent: status 13 to each body
on_status         what the other body's 02, 13, 15 and 16 do here: a return or an
                  answer to our revocation is told to the sending unit's people; a
                  revocation of what it sent us ends what we passed on of it (as
                  ``sender.revoke`` does), and 15 (agreed) goes back at once

A refusal is bilingual and changes nothing.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from tincoso.core.errors import ConflictError
from tincoso.core.notifications import notify
from tincoso.documents import sender
from tincoso.documents.exchange import sending, statuses
from tincoso.documents.exchange.errors import EnvelopeError
from tincoso.documents.exchange.models import Kind, Message, Way
from tincoso.documents.models import DispatchStatus, Document
from tincoso.units import permissions
from tincoso.units.permissions import Action

NOT_RECEIVED = _("Chỉ trả lại được văn bản nhận qua trục liên thông.")
ALREADY_PASSED_ON = _("Văn bản đã ở trạng thái “%(status)s”: không trả lại được nữa.")
NOTHING_TO_REVOKE = _("Không còn bản gửi liên thông nào của văn bản để thu hồi.")

# Our copy may be sent back while it has only arrived or been registered.
_RETURNABLE = (DispatchStatus.SENT, DispatchStatus.ACKNOWLEDGED)


def may_return(message: Message) -> bool:
    doc = message.document
    return (
        message.way == Way.IN
        and message.kind == Kind.EDOC
        and message.business_type != statuses.REVOKE
        and doc is not None
        and statuses.local_state(doc, message.status_code) in _RETURNABLE
    )


@transaction.atomic
def return_received(actor: Any, message: Message, reason: str) -> Message:
    """Status 02 (từ chối tiếp nhận) to the body that sent ``message``, with the reason."""
    permissions.require(actor, Action.REGISTER_DOCUMENTS, message.unit)
    reason = sender.reason_given(reason)
    message = (
        Message.objects.select_for_update().select_related("document", "unit").get(pk=message.pk)
    )
    if message.way != Way.IN or message.kind != Kind.EDOC or message.document is None:
        raise EnvelopeError(NOT_RECEIVED)
    if not may_return(message):
        state = statuses.local_state(message.document, message.status_code)
        raise ConflictError(ALREADY_PASSED_ON, status=DispatchStatus(state).label)
    return sending.queue_status(message, statuses.REFUSED, reason)


def revocable(doc: Document) -> list[Message]:
    """The envelopes of ``doc`` we sent that a body still holds (not returned, not
    revoked already)."""
    sent = Message.objects.filter(way=Way.OUT, kind=Kind.EDOC, document=doc).select_related("unit")
    return [
        m
        for m in sent
        if m.business_type != statuses.REVOKE
        and m.status_code != statuses.REVOKE_REQUESTED
        and m.remote_status not in (statuses.REFUSED, statuses.REVOKE_AGREED)
    ]


@transaction.atomic
def revoke_sent(actor: Any, doc: Document, reason: str) -> list[Message]:
    """Status 13 (thu hồi) to every body that still holds ``doc``."""
    permissions.require(actor, Action.REGISTER_DOCUMENTS, doc.unit)
    reason = sender.reason_given(reason)
    held = revocable(doc)
    if not held:
        raise ConflictError(NOTHING_TO_REVOKE)
    return [sending.queue_status(m, statuses.REVOKE_REQUESTED, reason) for m in held]


def revoked_by_sender(about: Message, reason: str) -> None:
    """The body that sent us ``about`` revoked it: what we passed on ends as revoked,
    and it is told we agree (15), once."""
    if about.status_code in statuses.FINAL_CODES:
        return
    reason = reason or str(statuses.label(statuses.REVOKE_REQUESTED))
    if about.document is not None:
        sender.withdraw_from_outside(about.document, about.unit, DispatchStatus.REVOKED, reason)
    sending.queue_status(about, statuses.REVOKE_AGREED)


def _tell_senders(about: Message, code: str, description: str) -> None:
    doc = about.document
    subject = gettext("%(organ)s: %(status)s — %(label)s") % {
        "organ": about.to_name or about.to_organ,
        "status": statuses.label(code),
        "label": doc.label if doc is not None else about.edxml_id,
    }
    link = reverse("document-detail", args=[doc.pk]) if doc is not None else ""
    notify(sender.people_of([about.unit]), subject, description, link)


def on_status(about: Message, code: str, description: str) -> None:
    """A status the other body reported about ``about``, already recorded."""
    if about.way == Way.IN and code == statuses.REVOKE_REQUESTED:
        revoked_by_sender(about, description)
    elif about.way == Way.OUT and code in (
        statuses.REFUSED,
        statuses.REVOKE_AGREED,
        statuses.REVOKE_REFUSED,
    ):
        _tell_senders(about, code, description)
