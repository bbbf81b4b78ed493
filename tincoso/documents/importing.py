"""Importing a file in the background: store it, read it in the task worker, draft it.

start_import  check what needs no parsing, refuse a file this unit has already,
              store the file and a queued :class:`Import`; the task runs on commit
run_import    the task's body: read the file (OCR included) in no transaction,
              recording each page as it goes, then make the draft in a short one;
              claimed under a lease, so a killed worker's import is read again,
              and its draft made once (``leases``)

Two uploads are the same file when their SHA-256 agree, within one unit: a unit
keeps one register, and the same directive sent to many units is each one's to
register, so another unit's copy is no duplicate. A failed import is no obstacle:
sending the file again (after installing OCR, say) tries anew.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from tincoso.core import clock
from tincoso.core.errors import ConflictError, DomainError
from tincoso.core.text import clean_line
from tincoso.core.unavailable import OUTAGES
from tincoso.documents import leases, services
from tincoso.documents.extraction import check_upload, extract_text
from tincoso.documents.models import Direction, Document, Import
from tincoso.documents.signals import import_progressed
from tincoso.documents.signatures import record as signature_record
from tincoso.units import permissions
from tincoso.units.models import Unit
from tincoso.units.permissions import Action

logger = logging.getLogger(__name__)

UNEXPECTED = _("Không đọc được tệp do lỗi hệ thống. Hãy thử lại sau hoặc báo quản trị viên.")


class DuplicateFile(ConflictError):
    """The unit has this file already: ``document`` (or ``existing``, still being read)."""

    code = "duplicate_file"

    def __init__(self, document: Document | None, existing: Import | None) -> None:
        if document is not None:
            super().__init__(
                _("Tệp này đã được nhập vào đơn vị: %(label)s."),
                label=document.label or document.title[:80] or document.file_name,
            )
        else:
            super().__init__(_("Tệp này đang được đọc (đã gửi lên trước đó)."))
        self.document = document
        self.existing = existing


# An import still "under way" after this long was lost (a worker killed mid-file): it
# no longer stands in the way of sending the file again. 200 OCR'd pages take ~20 min.
STALE_AFTER = dt.timedelta(hours=2)


def find_same_file(unit: Unit, sha256: str) -> tuple[Document | None, Import | None]:
    """This unit's document made from the same file, or its import still under way."""
    document = Document.objects.filter(unit=unit, file_sha256=sha256).order_by("pk").first()
    if document is not None:
        return document, document.imports.order_by("-pk").first()
    pending = Import.objects.filter(
        unit=unit,
        file_sha256=sha256,
        status__in=(Import.Status.QUEUED, Import.Status.EXTRACTING),
        created_at__gt=clock.now() - STALE_AFTER,
    )
    return None, pending.first()


def start_import(
    actor: Any, unit: Unit, data: bytes, filename: str, *, direction: str = Direction.INCOMING
) -> Import:
    """Store the upload and queue its reading; refused (nothing stored) when too big,
    empty, of a type not read or not what its name says, or already this unit's."""
    permissions.require_unless_system(actor, Action.REGISTER_DOCUMENTS, unit)
    check_upload(data, filename, max_bytes=services.MAX_UPLOAD_BYTES)
    sha256 = hashlib.sha256(data).hexdigest()
    _refuse_same_file(unit, sha256)
    record = Import(
        unit=unit,
        direction=direction,
        file_name=clean_line(filename)[:255],
        file_sha256=sha256,
        size=len(data),
        created_by=actor,
    )
    # Written before the transaction (20 MB must not be written under the write lock),
    # and taken away again when the row is not made.
    record.file.save(f"{sha256[:16]}-{services._safe_name(filename)}", ContentFile(data), False)
    stored, storage = record.file.name or "", record.file.storage
    try:
        with transaction.atomic():
            _refuse_same_file(unit, sha256)  # again, now that writers are serialised
            record.lease_until = leases.queued_lease()
            record.save()
            transaction.on_commit(lambda: _enqueue(record.pk))
    except BaseException:
        storage.delete(stored)
        raise
    return record


def _refuse_same_file(unit: Unit, sha256: str) -> None:
    document, existing = find_same_file(unit, sha256)
    if document is not None or existing is not None:
        raise DuplicateFile(document, existing)


def enqueue(pk: int) -> None:
    from tincoso.documents.tasks import read_import

    read_import.enqueue(pk)


def _enqueue(pk: int) -> None:
    """On the upload's commit. The queue being down (Redis restarting) must not turn a
    stored upload into an error page: the import stays queued, and the scheduler's
    ``leases.requeue_lost`` enqueues it again once its queued lease runs out."""
    try:
        enqueue(pk)
    except Exception:
        logger.warning("import %s stored, not yet enqueued (queue unavailable)", pk, exc_info=True)


def run_import(pk: int) -> str:
    """Read a queued import and make its draft, once; the import's status after."""
    me = leases.worker_name()
    claimed = leases.claim(pk, me)
    record = Import.objects.select_related("unit", "created_by").filter(pk=pk).first()
    if not claimed or record is None:  # gone, or another run has it
        return record.status if record is not None else "missing"
    try:
        with leases.heartbeat(pk, me):
            with record.file.open("rb") as handle:
                data = handle.read()
            extracted = extract_text(
                data,
                record.file_name,
                max_bytes=services.MAX_UPLOAD_BYTES,
                progress=lambda page, pages: _progress(pk, me, page, pages),
            )
            signatures = signature_record.read(data, extracted.kind, extracted.text)
        with transaction.atomic():
            # First, so the row stays locked: a run whose claim was taken over (its lease
            # ran out while it was stalled) writes nothing, and the draft is made once.
            if not leases.finish_if_mine(pk, me, status=Import.Status.PARSED, file=""):
                return _status(pk)
            document = services.create_draft(
                record.created_by,
                record.unit,
                extracted.text,
                record.file_name,
                record.file_sha256,
                direction=record.direction,
                stored_name=record.file.name or "",
                signatures=signatures,
                handwritten=extracted.handwritten,
            )
            Import.objects.filter(pk=pk).update(document=document)
        return Import.Status.PARSED
    except DomainError as exc:
        _fail(record, me, exc.bilingual())
    except OUTAGES:
        # The database or queue away for a moment is no fault of the file: the claim
        # is left to run out, and the import is read again (leases.requeue_lost).
        logger.warning("import %s interrupted by an outage; it will be read again", pk)
        raise
    except Exception:
        logger.exception("import %s failed", pk)
        error = DomainError(UNEXPECTED)
        _fail(record, me, error.bilingual())
    return _status(pk)


def _status(pk: int) -> str:
    return Import.objects.filter(pk=pk).values_list("status", flat=True).first() or "missing"


def _progress(pk: int, me: str, page: int, pages: int) -> None:
    """One short write of its own per page (which renews the lease): no lock is held
    between pages."""
    Import.objects.filter(pk=pk, claimed_by=me).update(
        page=page, pages=pages, lease_until=clock.now() + leases.lease()
    )
    import_progressed.send(sender=Import, import_id=pk, page=page, pages=pages)


def _fail(record: Import, me: str, message: dict[str, str]) -> None:
    """A failed import keeps its reason and nothing else: no draft, no file (only while
    the claim is this run's: a run taken over leaves the file to the one that has it)."""
    with transaction.atomic():
        failed = leases.finish_if_mine(
            record.pk,
            me,
            status=Import.Status.FAILED,
            error_vi=message["vi"],
            error_en=message["en"],
            file="",
        )
    if failed and record.file.name:
        record.file.storage.delete(record.file.name)


def imports_visible_to(user: Any) -> Any:
    """Imports into the units where the user registers documents."""
    return permissions.restrict(Import.objects.all(), user, Action.REGISTER_DOCUMENTS)
