"""What we send: a registered document to bodies outside, and status messages about
documents received; queued as envelopes, then handed to the transports."""

from __future__ import annotations

import hashlib
import logging
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tincoso.core import clock
from tincoso.core.errors import ConflictError, DomainError
from tincoso.documents.exchange import exporting, organs, statuses
from tincoso.documents.exchange.building import build_edoc, build_status
from tincoso.documents.exchange.envelope import Replacement, ResponseFor, Staff, Status
from tincoso.documents.exchange.errors import EnvelopeError
from tincoso.documents.exchange.models import Kind, Message, Organ, State, Way
from tincoso.documents.models import Document
from tincoso.units import permissions
from tincoso.units.permissions import Action

logger = logging.getLogger(__name__)

ALREADY_SENT = _("Văn bản này đã được gửi liên thông tới %(organ)s.")
NO_RECIPIENT = _("Hãy chọn ít nhất một cơ quan nhận.")
OWN_UNIT = _("Không gửi liên thông cho chính đơn vị gửi.")


def _save_envelope(message: Message, data: bytes) -> None:
    message.envelope_sha256 = hashlib.sha256(data).hexdigest()
    message.envelope.save(f"{message.envelope_sha256[:16]}.edxml", ContentFile(data), save=False)


def queue_document(
    actor: Any,
    doc: Document,
    to: list[Organ],
    replacing: dict[str, Message] | None = None,
    reason: str = "",
) -> list[Message]:
    """One envelope per receiving body, waiting for the next send. ``replacing`` maps a
    body's OrganId to the envelope we sent it that ``doc`` replaces: that body's
    envelope is a replacement (BussinessDocType 3) naming the old DocumentId."""
    permissions.require_unless_system(actor, Action.REGISTER_DOCUMENTS, doc.unit)
    if not to:
        raise EnvelopeError(NO_RECIPIENT)
    sender = organs.require_identity(doc.unit)
    if any(o.organ_id == sender.organ_id for o in to):
        raise EnvelopeError(OWN_UNIT)
    made: list[Message] = []
    written: list[Message] = []
    try:
        with transaction.atomic():
            for organ in to:
                edoc = exporting.edoc_for(doc, [organ], actor)
                old = (replacing or {}).get(organ.organ_id)
                if old is not None:
                    edoc.business_type = statuses.REPLACE
                    edoc.business_reason = reason or str(statuses.BUSINESS[statuses.REPLACE])
                    edoc.replaces = [Replacement(old.edxml_id, (organ.organ_id,))]
                if Message.objects.filter(
                    way=Way.OUT, kind=Kind.EDOC, edxml_id=edoc.document_id,
                    to_organ=organ.organ_id, business_type=edoc.business_type,
                ).exists():  # fmt: skip
                    raise ConflictError(ALREADY_SENT, organ=organ.name)
                message = Message(
                    way=Way.OUT, kind=Kind.EDOC, state=State.PENDING, unit=doc.unit,
                    from_organ=sender.organ_id, from_name=sender.name,
                    to_organ=organ.organ_id, to_name=organ.name,
                    edxml_id=edoc.document_id, business_type=edoc.business_type,
                    document=doc, created_by=actor, replaces=old, description=reason,
                )  # fmt: skip
                _save_envelope(message, build_edoc(edoc, clock.now()))
                written.append(message)
                message.save()
                made.append(message)
    except (DomainError, IntegrityError):
        for message in written:
            message.envelope.storage.delete(message.envelope.name or "")
        raise
    return made


def queue_status(about: Message, code: str, reason: str = "") -> Message:
    """A status message about a document exchanged: to its sender when ``about`` is one
    we received (where it stands, a return), to its recipient when ``about`` is one we
    sent (a revocation). ``reason`` is the Description, the code's label by default."""
    doc = about.document
    ours, our_name = (
        (about.to_organ, about.to_name)
        if about.way == Way.IN
        else (about.from_organ, about.from_name)
    )
    other, other_name = (
        (about.from_organ, about.from_name)
        if about.way == Way.IN
        else (about.to_organ, about.to_name)
    )
    description = reason or str(statuses.label(code))
    status = Status(
        response_for=ResponseFor(
            organ_id=about.from_organ,  # who issued the document, either way
            code=doc.symbol if doc is not None else "",
            promulgation_date=doc.date if doc is not None else None,
            document_id=about.edxml_id,
        ),
        sender=organs.as_value(Organ(organ_id=ours, name=our_name)),
        code=code,
        description=description,
        timestamp=timezone.localtime(clock.now()).replace(tzinfo=None),  # Vietnam time
        staff=Staff(department=about.unit.name),
    )
    message = Message(
        way=Way.OUT, kind=Kind.STATUS, state=State.PENDING, unit=about.unit,
        from_organ=ours, from_name=our_name, to_organ=other, to_name=other_name,
        edxml_id=about.edxml_id, status_code=code, document=doc, description=description,
    )  # fmt: skip
    data = build_status(status)
    _save_envelope(message, data)
    try:
        with transaction.atomic():
            message.save()
            Message.objects.filter(pk=about.pk).update(status_code=code)
    except BaseException:
        message.envelope.storage.delete(message.envelope.name or "")
        raise
    return message


def file_name(message: Message) -> str:
    """The envelope's name on the wire: unique, and saying what it is."""
    return f"{message.kind}-{message.pk}-{message.envelope_sha256[:12]}.edxml"


def send_pending(transport: Any) -> tuple[int, int]:
    """Hand every waiting envelope to ``transport``: (sent, failed this time). One that
    fails stays waiting, with its error, until it has failed DOCUMENT_EXCHANGE_RETRIES times."""
    sent = failed = 0
    waiting = Message.objects.filter(way=Way.OUT, state=State.PENDING).order_by("pk")
    for message in waiting:
        with message.envelope.open("rb") as handle:
            data = handle.read()
        try:
            transport.send(file_name(message), data)
        except DomainError as exc:
            failed += 1
            message.attempts += 1
            both = exc.bilingual()
            message.error_vi, message.error_en = both["vi"], both["en"]
            if message.attempts >= settings.DOCUMENT_EXCHANGE_RETRIES:
                message.state = State.FAILED
            message.save(update_fields=["attempts", "error_vi", "error_en", "state"])
            logger.warning("exchange: %s not sent: %s", message.pk, both["en"])
            continue
        message.state, message.sent_at, message.transport = State.SENT, clock.now(), transport.name
        message.error_vi = message.error_en = ""
        message.save(update_fields=["state", "sent_at", "transport", "error_vi", "error_en"])
        sent += 1
    return sent, failed
