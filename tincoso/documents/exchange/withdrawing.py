"""Back to the other body over the exchange, the way ``documents.sender`` does it
between our own units, with the same states (``DispatchStatus``, statuses.py):

return_received   we send back a document that came to us: status 02 with the reason
revoke_sent       we revoke (thu hồi) a document we sent: status 13 to each body
replace_sent      we send another document in its place (thay thế): BussinessDocType 3
                  naming the old DocumentId, to each body that still holds it
withdrawn_in_tree ``sender.revoke``/``replace`` on the tracking page: the same over
                  the exchange for the bodies the unit sent it to
replaced_by_sender  a type 3 received: our old copy ends as replaced, linked to the
                  new draft, its people told, and 15 (agreed) goes back
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
from tincoso.documents.exchange.models import Kind, Message, Organ, Way
from tincoso.documents.models import DispatchStatus, Document
from tincoso.documents.rules import DocumentError
from tincoso.units import permissions
from tincoso.units.models import Unit
from tincoso.units.permissions import Action

NOT_RECEIVED = _("Chỉ trả lại được văn bản nhận qua trục liên thông.")
ALREADY_PASSED_ON = _("Văn bản đã ở trạng thái “%(status)s”: không trả lại được nữa.")
NOTHING_TO_REVOKE = _("Không còn bản gửi liên thông nào của văn bản để thu hồi.")
NOTHING_TO_REPLACE = _("Không còn bản gửi liên thông nào của văn bản để thay thế.")
SAME_DOCUMENT = _("Văn bản thay thế phải là một văn bản khác.")
NO_REPLACEMENT = _("Hãy chọn văn bản thay thế: một văn bản đã vào sổ của đơn vị.")

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
    # Only the envelope's row is locked: PostgreSQL refuses FOR UPDATE on the nullable
    # side of the outer join to its document.
    message = (
        Message.objects.select_for_update(of=("self",)).select_related("document", "unit")
        .get(pk=message.pk)
    )
    if message.way != Way.IN or message.kind != Kind.EDOC or message.document is None:
        raise EnvelopeError(NOT_RECEIVED)
    if not may_return(message):
        state = statuses.local_state(message.document, message.status_code)
        raise ConflictError(ALREADY_PASSED_ON, status=DispatchStatus(state).label)
    return sending.queue_status(message, statuses.REFUSED, reason)


def revocable(doc: Document) -> list[Message]:
    """The envelopes of ``doc`` we sent that a body still holds (not returned, not
    revoked or replaced already)."""
    sent = (
        Message.objects.filter(way=Way.OUT, kind=Kind.EDOC, document=doc)
        .select_related("unit")
        .prefetch_related("replaced_by")
    )
    return [
        m
        for m in sent
        if m.business_type != statuses.REVOKE
        and not m.replaced_by.all()
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


def replacements_for(doc: Document) -> Any:
    """The documents ``doc``'s unit could send in its place (for the form)."""
    return (
        Document.objects.filter(status=Document.Status.REGISTERED, unit=doc.unit)
        .exclude(pk=doc.pk)
        .exclude(symbol="")
        .exclude(date=None)
        .order_by("-registered_at")
    )


def replacement_named(doc: Document, pk: str) -> Document:
    found = replacements_for(doc).filter(pk=int(pk)).first() if pk.strip().isdigit() else None
    if found is None:
        raise DocumentError(NO_REPLACEMENT)
    return found


def _replace(actor: Any, new_doc: Document, held: list[Message], reason: str) -> list[Message]:
    to = list(Organ.objects.filter(organ_id__in=[m.to_organ for m in held]))
    return sending.queue_document(actor, new_doc, to, {m.to_organ: m for m in held}, reason)


@transaction.atomic
def replace_sent(actor: Any, doc: Document, new_doc: Document, reason: str) -> list[Message]:
    """``new_doc`` as BussinessDocType 3 to every body that still holds ``doc``, each
    envelope naming the one it replaces."""
    permissions.require(actor, Action.REGISTER_DOCUMENTS, doc.unit)
    reason = sender.reason_given(reason)
    if new_doc.pk == doc.pk:
        raise DocumentError(SAME_DOCUMENT)
    held = revocable(doc)
    if not held:
        raise ConflictError(NOTHING_TO_REPLACE)
    return _replace(actor, new_doc, held, reason)


def withdrawn_in_tree(
    actor: Any, doc: Document, unit: Unit, kind: str, reason: str,
    replacement: Document | None = None,
) -> list[Message]:  # fmt: skip
    """``unit`` revoked or replaced ``doc`` on the tracking page (``documents.sender``):
    the bodies outside it sent ``doc`` to get the 13, or the replacement, too. The
    caller checked that ``actor`` acts for ``unit``; the envelopes name ``actor`` only
    if it also keeps the unit's register."""
    held = [m for m in revocable(doc) if m.unit_id == unit.pk]
    if not held:
        return []
    if kind == DispatchStatus.REVOKED or replacement is None:
        return [sending.queue_status(m, statuses.REVOKE_REQUESTED, reason) for m in held]
    named = actor if permissions.can(actor, Action.REGISTER_DOCUMENTS, unit) else None
    return _replace(named, replacement, held, reason)


def replaced_by_sender(old: Message, new: Message, reason: str) -> None:
    """The body that sent us ``old`` sent ``new`` in its place: what we passed on of the
    old copy ends as replaced (pointing to the new draft), the unit's people are told,
    and the body is told we agree (15), once."""
    if old.status_code in statuses.FINAL_CODES:
        return
    reason = reason or str(statuses.BUSINESS[statuses.REPLACE])
    if old.document is not None:
        sender.withdraw_from_outside(
            old.document, old.unit, DispatchStatus.REPLACED, reason, new.document
        )
        link = reverse("document-detail", args=[(new.document or old.document).pk])
        subject = gettext("Văn bản được thay thế: %(label)s") % {"label": old.document.label}
        notify(sender.people_of([old.unit]), subject, reason, link)
    sending.queue_status(old, statuses.REVOKE_AGREED)


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
