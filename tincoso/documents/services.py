"""The document pipeline: import → confirm → register here, then dispatch → track in
``documents.dispatching`` (its functions re-exported here, so ``services.X`` keeps working).

import_document   extract the text of an uploaded file and parse its fields (a draft;
                  ``importing`` does it in the background for pages and the API)
update_fields     the importer corrects what the parser read
register_document give it a number in the unit's register, catch duplicates, link references
dispatch_document send it to recipient units; each gets an incoming number and an inbox entry
open / acknowledge / start_implementing / complete   a recipient's steps, in order
respond_with_document  a recipient's own implementing document, which cascades further
check_deadlines   mark dispatches overdue and tell the parent unit's officers (idempotent)
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Iterable
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Count, QuerySet
from django.utils.translation import gettext_lazy as _

from tincoso.core import clock
from tincoso.core.errors import ConflictError
from tincoso.core.text import clean_line, fold
from tincoso.documents import fields as parsed_fields
from tincoso.documents.confidence import CONFIRMED, doubt_handwritten
from tincoso.documents.dispatching import (
    acknowledge,
    cascade,
    check_deadlines,
    complete,
    dispatch_document,
    dispatch_scope,
    dispatches_visible_to,
    inbox,
    inbox_counts,
    open_dispatch,
    overdue_dispatches,
    respond_with_document,
    send_up,
    start_implementing,
    suggest_recipients,
)
from tincoso.documents.extraction import ExtractionError, extract_text
from tincoso.documents.extraction.checks import megabytes
from tincoso.documents.models import (
    Direction,
    Dispatch,
    Document,
    Reference,
)
from tincoso.documents.parser import parse_text
from tincoso.documents.rules import (
    MAX_ATTACHMENT_BYTES,
    MAX_UPLOAD_BYTES,
    DocumentError,
    _next_number,
    _require,
    _safe_name,
    symbol_key,
)
from tincoso.documents.search_source import index_document
from tincoso.documents.signatures import record as signature_record

# Who sees what lives in ``visibility`` (search's "document" source reads it without
# importing these services); callers keep reading it here.
from tincoso.documents.visibility import can_view_document as can_view_document
from tincoso.documents.visibility import documents_visible_to as documents_visible_to
from tincoso.units.models import Unit
from tincoso.units.permissions import Action

EDITABLE_FIELDS = (*parsed_fields.STORED, "urgency", "deadline", "direction")


def _search_text(doc: Document) -> str:
    parts = [doc.doc_type, doc.symbol, doc.issuer, doc.title, doc.signer_name, doc.file_name]
    return fold(" ".join(p for p in parts if p))


# --- import and confirm -----------------------------------------------------------


def read_upload(upload: Any) -> bytes:
    """The bytes of an uploaded file, refused unread when it is over the limit.

    The message gives the file's real size: reading only limit + 1 bytes and
    letting the extractor measure them said "20,0 MB" of a 30 MB file.
    """
    size = getattr(upload, "size", None)
    if size is not None and size > MAX_UPLOAD_BYTES:
        raise ExtractionError(
            "too_large", size=megabytes(size), limit=megabytes(MAX_UPLOAD_BYTES)
        )
    return bytes(upload.read(MAX_UPLOAD_BYTES + 1))


def import_document(
    actor: Any, unit: Unit, data: bytes, filename: str, *, direction: str = Direction.INCOMING
) -> Document:
    """Read an uploaded file into a draft document with the parsed fields filled in,
    now (the command line, the demo; the pages and the API go through ``importing``).

    The file is read outside any transaction (OCR takes seconds a page, and on
    SQLite a held write transaction stops every other writer); the draft is then
    made in a short one. Nothing is saved when the file is refused.
    """
    _require(actor, Action.REGISTER_DOCUMENTS, unit)
    extracted = extract_text(data, filename, max_bytes=MAX_UPLOAD_BYTES)
    signatures = signature_record.read(data, extracted.kind, extracted.text)
    return create_draft(
        actor, unit, extracted.text, filename, hashlib.sha256(data).hexdigest(),
        direction=direction, data=data, signatures=signatures,
        handwritten=extracted.handwritten,
    )  # fmt: skip


@transaction.atomic
def create_draft(
    actor: Any,
    unit: Unit,
    text: str,
    filename: str,
    sha256: str,
    *,
    direction: str = Direction.INCOMING,
    data: bytes | None = None,
    stored_name: str = "",
    signatures: dict[str, Any] | None = None,
    handwritten: Iterable[str] = (),
) -> Document:
    """The draft document of an extracted text: parsed fields, references, its file
    (``data`` to store, or the ``stored_name`` of a file stored already), and the
    file's verified signatures (``signatures.record.read``, done before the
    transaction: it takes seconds), which fill the parser's gaps.  ``handwritten``
    names the fields OCR read from handwriting (``Extracted.handwritten``): they
    are marked for the officer to confirm."""
    parsed = parse_text(text)
    doc = Document(
        unit=unit,
        direction=direction,
        text=text,
        file_name=clean_line(filename)[:255],
        file_sha256=sha256,
        created_by=actor,
        created_at=clock.now(),
    )
    for name in parsed_fields.TEXT:
        setattr(
            doc,
            name,
            (getattr(parsed, name) or "")[:255] if name != "title" else getattr(parsed, name) or "",
        )
    doc.date = dt.date.fromisoformat(parsed.date) if parsed.date else None
    doc.addressees = parsed.addressees or []
    doc.recipients = parsed.recipients or []
    doc.confidence = doubt_handwritten(parsed.confidence, handwritten)
    signature_record.attach(doc, signatures or {})
    doc.search_text = _search_text(doc)
    if data is not None:
        doc.file.save(f"{sha256[:16]}-{_safe_name(filename)}", ContentFile(data), save=False)
    else:
        doc.file.name = stored_name
    doc.save()
    _set_references(doc, parsed.references)
    return doc


_KIND_CUES = (
    (Reference.Kind.BASED_ON, re.compile(r"\bcan cu(\s+vao)?\s+(\w+\s+){0,3}(so:?\s*)?$")),
    (
        Reference.Kind.IMPLEMENTS,
        re.compile(r"\b(thuc hien|trien khai( thuc hien)?|quan triet)\s+(\w+\s+){0,3}(so:?\s*)?$"),
    ),
)


def _reference_kind(folded_text: str, symbol: str) -> str:
    """How the text first cites ``symbol``: on its basis, carrying it out, or in passing."""
    parts = [re.escape(p) for p in re.split(r"\s*([-/])\s*", fold(symbol)) if p]
    pattern = re.compile(r"\s*".join(parts))
    match = pattern.search(folded_text)
    if match is None:
        return Reference.Kind.CITES
    before = folded_text[max(0, match.start() - 60) : match.start()]
    for kind, cue in _KIND_CUES:
        if cue.search(before):
            return kind
    return Reference.Kind.CITES


def _set_references(doc: Document, symbols: Iterable[str]) -> None:
    folded = fold(doc.text)
    doc.references.all().delete()
    seen: set[str] = set()
    for position, symbol in enumerate(symbols):
        key = symbol_key(symbol)
        if not key or key.upper() in seen or key.upper() == symbol_key(doc.symbol).upper():
            continue
        seen.add(key.upper())
        Reference.objects.create(
            source=doc, symbol=key, position=position, kind=_reference_kind(folded, symbol)
        )


@transaction.atomic
def update_fields(actor: Any, doc: Document, **fields: Any) -> Document:
    """The importer corrects the parsed fields before (or after) registering."""
    _require(actor, Action.REGISTER_DOCUMENTS, doc.unit)
    unknown = set(fields) - set(EDITABLE_FIELDS) - {"references"}
    if unknown:
        raise DocumentError(_("Không sửa được trường: %(fields)s."), fields=", ".join(unknown))
    references = fields.pop("references", None)
    for name, value in fields.items():
        if isinstance(value, str):
            value = clean_line(value)
        setattr(doc, name, value)
    # Saved by a person who saw the parser's doubts: the document page stops asking.
    doc.confidence = {**(doc.confidence or {}), **dict.fromkeys(fields, CONFIRMED)}
    if doc.symbol:
        doc.symbol = symbol_key(doc.symbol)
    doc.search_text = _search_text(doc)
    doc.save()
    if references is not None:
        _set_references(doc, references)
        if doc.status == Document.Status.REGISTERED:
            _resolve_references(doc)
    if doc.status == Document.Status.REGISTERED:
        _index(doc)  # corrected fields are what search must find
    return doc


# --- register ---------------------------------------------------------------------


def find_duplicates(doc: Document) -> QuerySet[Document]:
    """Registered documents with the same symbol, issuer and date."""
    if not (doc.symbol and doc.date):
        return Document.objects.none()
    return Document.objects.filter(
        status=Document.Status.REGISTERED,
        symbol__iexact=symbol_key(doc.symbol),
        date=doc.date,
        issuer__iexact=doc.issuer,
    ).exclude(pk=doc.pk)


@transaction.atomic
def register_document(actor: Any, doc: Document) -> Document:
    """Confirm the fields and enter the document in the unit's register."""
    _require(actor, Action.REGISTER_DOCUMENTS, doc.unit)
    doc = Document.objects.select_for_update().get(pk=doc.pk)
    if doc.status == Document.Status.REGISTERED:
        raise ConflictError(_("Văn bản này đã được vào sổ."))
    labels = {"doc_type": _("loại văn bản"), "title": _("trích yếu")}
    missing = [str(label) for name, label in labels.items() if not getattr(doc, name)]
    if missing:
        raise DocumentError(_("Cần điền trước khi vào sổ: %(fields)s."), fields=", ".join(missing))
    duplicate = find_duplicates(doc).first()
    if duplicate is not None:
        raise ConflictError(
            _("Văn bản trùng với văn bản đã vào sổ: %(label)s ngày %(date)s của %(issuer)s."),
            label=duplicate.label,
            date=duplicate.date.strftime("%d/%m/%Y") if duplicate.date else "",
            issuer=duplicate.issuer,
        )
    now = clock.now()
    doc.register_year = clock.today().year
    doc.register_number = _next_number(doc.unit, doc.direction, doc.register_year)
    doc.status = Document.Status.REGISTERED
    doc.registered_at = now
    doc.save()
    _resolve_references(doc)
    _index(doc)
    return doc


@transaction.atomic
def discard_draft(actor: Any, doc: Document) -> None:
    """Throw away an imported document that was never registered (a duplicate the
    register refused, a wrong file), with its stored file. A registered document
    stays: the register is never rewritten."""
    _require(actor, Action.REGISTER_DOCUMENTS, doc.unit)
    doc = Document.objects.select_for_update().get(pk=doc.pk)
    if doc.status != Document.Status.DRAFT:
        raise ConflictError(_("Văn bản đã vào sổ không xóa được."))
    stored, storage = (doc.file.name, doc.file.storage) if doc.file else ("", None)
    doc.delete()
    if stored and storage is not None:
        transaction.on_commit(lambda: storage.delete(stored))


def _index(doc: Document) -> None:
    """Make a registered document searchable (the search app's "document" source)."""
    index_document(doc)


def _resolve_references(doc: Document) -> None:
    """Link this document's references to documents here, and earlier ones citing it."""
    for ref in doc.references.filter(target__isnull=True):
        target = (
            Document.objects.filter(status=Document.Status.REGISTERED, symbol__iexact=ref.symbol)
            .exclude(pk=doc.pk)
            .order_by("registered_at")
            .first()
        )
        if target is not None:
            ref.target = target
            ref.save(update_fields=["target"])
    if doc.symbol:
        Reference.objects.filter(
            symbol__iexact=symbol_key(doc.symbol), target__isnull=True
        ).exclude(source=doc).update(target=doc)


# --- dispatch -----------------------------------------------------------------------




def metrics() -> list[Any]:
    """/metrics: dispatches by status, and those past their deadline now."""

    from tincoso.core.health import Sample

    rows = Dispatch.objects.order_by().values("status").annotate(n=Count("pk"))
    samples = [
        Sample("tincoso_dispatches", row["n"], "dispatches by status", {"status": row["status"]})
        for row in rows
    ]
    overdue = overdue_dispatches().count()
    samples.append(Sample("tincoso_dispatches_overdue", overdue, "dispatches past their deadline"))
    return samples


# Public: this module's own, and the dispatch half and shared rules, re-exported so
# that ``services.dispatch_document`` and the like keep working.
__all__ = [
    "EDITABLE_FIELDS",
    "MAX_ATTACHMENT_BYTES",
    "MAX_UPLOAD_BYTES",
    "DocumentError",
    "acknowledge",
    "can_view_document",
    "cascade",
    "check_deadlines",
    "complete",
    "discard_draft",
    "dispatch_document",
    "dispatch_scope",
    "dispatches_visible_to",
    "documents_visible_to",
    "find_duplicates",
    "import_document",
    "inbox",
    "inbox_counts",
    "metrics",
    "open_dispatch",
    "overdue_dispatches",
    "read_upload",
    "register_document",
    "respond_with_document",
    "send_up",
    "start_implementing",
    "suggest_recipients",
    "symbol_key",
    "update_fields",
]
