"""A registered document → an edXML envelope (its file and attachments in base64)."""

from __future__ import annotations

import mimetypes
from typing import Any

from django.utils.translation import gettext_lazy as _

from tincoso.core import clock
from tincoso.documents.exchange import organs, statuses
from tincoso.documents.exchange.building import build_edoc
from tincoso.documents.exchange.envelope import Edoc, File, Staff
from tincoso.documents.exchange.errors import EnvelopeError
from tincoso.documents.exchange.models import Organ
from tincoso.documents.models import Document

NOT_READY = _("Chỉ gửi liên thông được văn bản đã vào sổ, có số ký hiệu và ngày ban hành.")


def _content_type(name: str) -> str:
    return mimetypes.guess_type(name)[0] or "application/octet-stream"


def files_of(doc: Document) -> list[File]:
    """The document's own file first, then what came with it."""
    files = []
    if doc.file:
        with doc.file.open("rb") as handle:
            files.append(
                File(doc.file_name or "van-ban", handle.read(), _content_type(doc.file_name))
            )
    for extra in doc.exchange_attachments.all():
        with extra.file.open("rb") as handle:
            data = handle.read()
        files.append(File(extra.name, data, extra.content_type or _content_type(extra.name),
                          extra.description))  # fmt: skip
    return files


def split_symbol(symbol: str, number: str) -> tuple[str, str]:
    """("30", "HD/BTG") of "30-HD/BTG"; ("7816", "VPCP-TTĐT") of "7816/VPCP-TTĐT"."""
    lead = number or symbol.split("-", 1)[0].split("/", 1)[0]
    if lead and symbol.startswith(lead) and symbol[len(lead) : len(lead) + 1] in ("-", "/"):
        return lead, symbol[len(lead) + 1 :]
    return number, symbol


def document_id(sender_id: str, doc: Document) -> str:
    day = doc.date or (doc.registered_at or doc.created_at).date()
    return f"{sender_id},{day:%Y/%m/%d},{doc.symbol}"


def edoc_for(doc: Document, to: list[Organ], actor: Any = None) -> Edoc:
    if doc.status != Document.Status.REGISTERED or not doc.symbol or not doc.date:
        raise EnvelopeError(NOT_READY)
    sender = organs.require_identity(doc.unit)
    number, notation = split_symbol(doc.symbol, doc.number)
    staff_name = (actor.get_full_name() or actor.get_username()) if actor is not None else ""
    return Edoc(
        sender=organs.as_value(sender),
        recipients=[organs.as_value(o) for o in to],
        document_id=document_id(sender.organ_id, doc),
        code_number=number,
        code_notation=notation,
        place=doc.place,
        promulgation_date=doc.date,
        type_name=doc.doc_type,
        subject=doc.title,
        content=doc.title,
        signer_competence=doc.signing_authority,
        signer_position=doc.signer_title,
        signer_name=doc.signer_name,
        due_date=doc.deadline,
        priority=statuses.priority_of(doc.urgency),
        to_places=[str(r) for r in doc.recipients or []],
        business_type=statuses.NEW,
        business_reason=str(statuses.BUSINESS[statuses.NEW]),
        staff=Staff(department=doc.unit.name, name=staff_name),
        files=files_of(doc),
    )


def export_edxml(doc: Document, to: list[Organ], actor: Any = None) -> bytes:
    return build_edoc(edoc_for(doc, to, actor), clock.now())
