"""An envelope taken in: a document becomes a draft of the receiving unit, a status
updates the message it is about. All or nothing: a refused envelope stores nothing.

A document goes the import's way (``documents.importing``/``services``): its main file
is read (text layer, OCR), its PDF signatures verified, and the unit's copy of the same
file refused as a duplicate; the envelope's own fields then fill the draft, which the
officer checks and registers as any import (where number + symbol + issuer is checked).
"""

from __future__ import annotations

import hashlib
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tincoso.core.text import clean_line
from tincoso.documents import importing, services
from tincoso.documents.exchange import errors, organs, reading, statuses, withdrawing
from tincoso.documents.exchange.envelope import Edoc, File, Status
from tincoso.documents.exchange.errors import EnvelopeError
from tincoso.documents.exchange.models import Attachment, Kind, Message, State, StatusEvent, Way
from tincoso.documents.extraction import ExtractionError, extract_text
from tincoso.documents.models import Direction, Document, System
from tincoso.documents.rules import MAX_UPLOAD_BYTES, _safe_name
from tincoso.documents.signatures import record as signature_record
from tincoso.units.models import Unit

ENVELOPE_CONFIDENCE = 0.9  # typed by the sender's văn thư, still checked before registering
UNKNOWN_DOCUMENT = _("Không có văn bản liên thông %(document)s giữa %(organ)s và đơn vị.")


def receive(data: bytes, *, transport: str = "") -> list[Message]:
    """The messages made (or found again: the same envelope twice changes nothing)."""
    message = reading.read(
        data, max_bytes=settings.DOCUMENT_EXCHANGE_MAX_BYTES, max_file_bytes=MAX_UPLOAD_BYTES
    )
    if isinstance(message, Status):
        return [apply_status(message, data, transport)]
    return receive_edoc(message, data, transport)


class _Stored:
    """Files written for rows that may yet be rolled back: removed again if so."""

    def __init__(self) -> None:
        self.names: list[tuple[Any, str]] = []

    def save(self, field: Any, name: str, data: bytes) -> None:
        field.save(name, ContentFile(data), save=False)
        self.names.append((field.storage, field.name or ""))

    def forget(self) -> None:
        for storage, name in self.names:
            storage.delete(name)


def _read_main(file: File) -> tuple[str, dict[str, Any]]:
    """The main file's text and verified signatures, read outside any transaction."""
    try:
        extracted = extract_text(file.data, file.name, max_bytes=MAX_UPLOAD_BYTES)
    except ExtractionError:
        return "", {}  # a format we do not read (.doc): the envelope's fields stand alone
    return extracted.text, signature_record.read(file.data, extracted.kind, extracted.text)


def receive_edoc(edoc: Edoc, data: bytes, transport: str) -> list[Message]:
    units = organs.units_for([r.organ_id for r in edoc.recipients])
    if not units:
        raise EnvelopeError(
            errors.UNKNOWN_RECIPIENT, organ=", ".join(r.organ_id for r in edoc.recipients)[:200]
        )
    if edoc.business_type != statuses.REVOKE and not edoc.files:
        raise EnvelopeError(errors.NO_ATTACHMENT)
    text, signatures = _read_main(edoc.files[0]) if edoc.files else ("", {})
    stored = _Stored()
    try:
        with transaction.atomic():
            made = [
                _receive_for(edoc, data, organ_id, unit, text, signatures, transport, stored)
                for organ_id, unit in units.items()
            ]
    except BaseException:
        stored.forget()
        raise
    if edoc.business_type == statuses.REVOKE:  # the same as its status 13
        for made_for in made:
            earlier = _first_received(made_for)
            if earlier is not None:
                withdrawing.revoked_by_sender(earlier, made_for.description)
    if edoc.business_type == statuses.REPLACE:  # the old copies end as replaced
        for made_for in made:
            for old in _replaced(edoc, made_for):
                withdrawing.replaced_by_sender(old, made_for, made_for.description)
    queue_status_updates()
    return made


def _receive_for(
    edoc: Edoc,
    data: bytes,
    organ_id: str,
    unit: Unit,
    text: str,
    signatures: dict[str, Any],
    transport: str,
    stored: _Stored,
) -> Message:
    existing = Message.objects.filter(
        way=Way.IN, kind=Kind.EDOC, edxml_id=edoc.document_id, to_organ=organ_id,
        business_type=edoc.business_type,
    ).first()  # fmt: skip
    if existing is not None:
        return existing
    message = Message(
        way=Way.IN, kind=Kind.EDOC, state=State.RECEIVED, unit=unit,
        from_organ=edoc.sender.organ_id, from_name=clean_line(edoc.sender.name)[:255],
        to_organ=organ_id, to_name=unit.name[:255], edxml_id=edoc.document_id[:255],
        business_type=edoc.business_type[:2], description=clean_line(edoc.business_reason),
        envelope_sha256=hashlib.sha256(data).hexdigest(), transport=transport,
    )  # fmt: skip
    stored.save(message.envelope, f"{message.envelope_sha256[:16]}.edxml", data)
    if edoc.business_type != statuses.REVOKE:
        message.document = _draft(edoc, unit, text, signatures, stored)
    else:
        message.document = _received_before(edoc, unit)
    message.replaces = next(iter(_replaced(edoc, message)), None)
    message.save()
    return message


def _replaced(edoc: Edoc, message: Message) -> list[Message]:
    """What a replacement (BussinessDocType 3) replaces of what its sender sent the
    same unit: the documents named in its ReplacementInfoList."""
    if edoc.business_type != statuses.REPLACE or not edoc.replaces:
        return []
    return list(
        Message.objects.filter(
            way=Way.IN, kind=Kind.EDOC, unit=message.unit, from_organ=message.from_organ,
            edxml_id__in=[r.document_id for r in edoc.replaces],
        )
        .exclude(business_type=statuses.REVOKE)
        .exclude(pk=message.pk)
        .select_related("document", "unit")
        .order_by("pk")
    )  # fmt: skip


def _first_received(revocation: Message) -> Message | None:
    return (
        Message.objects.filter(
            way=Way.IN, kind=Kind.EDOC, edxml_id=revocation.edxml_id, unit=revocation.unit
        )
        .exclude(business_type=statuses.REVOKE)
        .select_related("document", "unit")
        .first()
    )


def _received_before(edoc: Edoc, unit: Unit) -> Document | None:
    earlier = Message.objects.filter(
        way=Way.IN, kind=Kind.EDOC, edxml_id=edoc.document_id, unit=unit,
        document__isnull=False,
    ).first()  # fmt: skip
    return earlier.document if earlier is not None else None


def _draft(
    edoc: Edoc, unit: Unit, text: str, signatures: dict[str, Any], stored: _Stored
) -> Document:
    main, *others = edoc.files
    sha256 = hashlib.sha256(main.data).hexdigest()
    document, pending = importing.find_same_file(unit, sha256)
    if document is not None or pending is not None:
        raise importing.DuplicateFile(document, pending)
    doc = services.create_draft(
        None, unit, text or edoc.content or edoc.subject, main.name, sha256,
        direction=Direction.INCOMING, data=main.data, signatures=signatures,
    )  # fmt: skip
    stored.names.append((doc.file.storage, doc.file.name or ""))
    _fill_from_envelope(doc, edoc)
    for extra in others:
        attachment = Attachment(
            document=doc, name=clean_line(extra.name)[:255],
            content_type=extra.content_type[:128], description=clean_line(extra.description)[:255],
            sha256=hashlib.sha256(extra.data).hexdigest(),
        )  # fmt: skip
        stored.save(
            attachment.file, f"{attachment.sha256[:16]}-{_safe_name(extra.name)}", extra.data
        )
        attachment.save()
    return doc


def _fill_from_envelope(doc: Document, edoc: Edoc) -> None:
    values: dict[str, Any] = {
        "symbol": services.symbol_key(edoc.symbol),
        "number": edoc.code_number,
        "issuer": edoc.sender.name,
        "parent_issuer": edoc.sender.in_charge if edoc.sender.in_charge != edoc.sender.name else "",
        "place": edoc.place,
        "date": edoc.promulgation_date,
        "doc_type": edoc.type_name,
        "title": edoc.subject,
        "signer_name": edoc.signer_name,
        "signer_title": edoc.signer_position,
        "signing_authority": edoc.signer_competence,
    }
    for name, value in values.items():
        if value:
            setattr(doc, name, value[:255] if isinstance(value, str) and name != "title" else value)
            doc.confidence[name] = ENVELOPE_CONFIDENCE
    doc.system = System.STATE  # the national axis carries state bodies' documents
    doc.urgency = statuses.urgency_of(edoc.priority)
    doc.deadline = edoc.due_date
    if edoc.to_places:
        doc.recipients = [clean_line(p) for p in edoc.to_places if p.strip()]
    doc.search_text = services._search_text(doc)
    doc.save()


def _about(status: Status) -> Message:
    """The document message a status is about: one we sent to its sender, or one its
    sender sent us (a revocation)."""
    ref = status.response_for.document_id
    sent = Message.objects.filter(
        way=Way.OUT, kind=Kind.EDOC, edxml_id=ref, to_organ=status.sender.organ_id
    ).first()
    found = (
        sent
        or Message.objects.filter(
            way=Way.IN, kind=Kind.EDOC, edxml_id=ref, from_organ=status.sender.organ_id
        ).first()
    )
    if found is None:
        raise EnvelopeError(UNKNOWN_DOCUMENT, document=ref[:120], organ=status.sender.organ_id)
    return found


@transaction.atomic
def apply_status(status: Status, data: bytes, transport: str) -> Message:
    sha256 = hashlib.sha256(data).hexdigest()
    again = Message.objects.filter(way=Way.IN, kind=Kind.STATUS, envelope_sha256=sha256).first()
    if again is not None:
        return again
    about = _about(status)
    message = Message.objects.create(
        way=Way.IN, kind=Kind.STATUS, state=State.RECEIVED, unit=about.unit,
        from_organ=status.sender.organ_id, from_name=clean_line(status.sender.name)[:255],
        to_organ=about.from_organ if about.way == Way.OUT else about.to_organ,
        edxml_id=about.edxml_id, status_code=status.code,
        description=clean_line(status.description), document=about.document,
        envelope_sha256=sha256, transport=transport,
    )  # fmt: skip
    StatusEvent.objects.create(
        message=about, code=status.code, description=clean_line(status.description),
        staff=clean_line(" – ".join(p for p in (status.staff.name, status.staff.department) if p)),
        # edXML times carry no zone: Vietnam time, as the samples and the SDK write them
        reported_at=timezone.make_aware(status.timestamp) if status.timestamp else None,
    )  # fmt: skip
    Message.objects.filter(pk=about.pk).update(remote_status=status.code)
    withdrawing.on_status(about, status.code, clean_line(status.description))
    return message


def queue_status_updates() -> int:
    """Tell each sender where our copy of its document now stands, once per change:
    a status message is queued when the code differs from the last one reported."""
    from tincoso.documents.exchange.sending import queue_status

    made = 0
    incoming = (
        Message.objects.filter(way=Way.IN, kind=Kind.EDOC, document__isnull=False)
        .exclude(business_type=statuses.REVOKE)
        .select_related("document", "unit")
        .prefetch_related("document__dispatches")
    )
    for message in incoming:
        assert message.document is not None
        code = statuses.code_for(message.document, message.status_code)
        if code != message.status_code:
            queue_status(message, code)
            made += 1
    return made
