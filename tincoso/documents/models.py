"""Directives and other official documents, their references, and their dispatch.

A Document is registered by one unit (its register: incoming or outgoing, sổ
văn bản đến/đi); it cites other documents (References, resolved to Documents
when they are in the system); it is dispatched to recipient units, and each
recipient's Dispatch tracks it from sent to done.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from tincoso.core import clock
from tincoso.units.models import Unit
from tincoso.units.subtree_tallies import TalliedQuerySet


class System(models.TextChoices):
    PARTY = "party", _("Văn bản của Đảng")
    STATE = "state", _("Văn bản hành chính nhà nước")


class Urgency(models.TextChoices):
    NORMAL = "normal", _("Thường")
    URGENT = "urgent", _("Khẩn")
    VERY_URGENT = "very_urgent", _("Thượng khẩn")
    FLASH = "flash", _("Hỏa tốc")


class Direction(models.TextChoices):
    INCOMING = "in", _("Văn bản đến")
    OUTGOING = "out", _("Văn bản đi")


class Document(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Chờ xác nhận")
        REGISTERED = "registered", _("Đã vào sổ")

    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="documents", verbose_name=_("đơn vị vào sổ")
    )
    direction = models.CharField(
        _("sổ"), max_length=3, choices=Direction.choices, default=Direction.INCOMING
    )
    status = models.CharField(
        _("trạng thái"), max_length=16, choices=Status.choices, default=Status.DRAFT
    )
    file = models.FileField(_("tệp"), upload_to="documents/%Y/%m/", blank=True)
    file_name = models.CharField(_("tên tệp"), max_length=255, blank=True)
    file_sha256 = models.CharField(max_length=64, blank=True)
    text = models.TextField(_("nội dung"), blank=True)

    system = models.CharField(_("hệ thống"), max_length=8, choices=System.choices, blank=True)
    doc_type = models.CharField(_("loại văn bản"), max_length=64, blank=True)
    number = models.CharField(_("số"), max_length=32, blank=True)
    symbol = models.CharField(_("số, ký hiệu"), max_length=96, blank=True, db_index=True)
    issuer = models.CharField(_("cơ quan ban hành"), max_length=255, blank=True)
    parent_issuer = models.CharField(_("cơ quan chủ quản"), max_length=255, blank=True)
    place = models.CharField(_("địa danh"), max_length=128, blank=True)
    date = models.DateField(_("ngày ban hành"), null=True, blank=True)
    title = models.TextField(_("trích yếu"), blank=True)
    addressees = models.JSONField(_("kính gửi"), default=list, blank=True)
    recipients = models.JSONField(_("nơi nhận"), default=list, blank=True)
    signer_name = models.CharField(_("người ký"), max_length=128, blank=True)
    signer_title = models.CharField(_("chức vụ người ký"), max_length=128, blank=True)
    signing_authority = models.CharField(_("thẩm quyền ký"), max_length=255, blank=True)
    confidence = models.JSONField(default=dict, blank=True)
    # Digital signatures verified at import (documents.signatures.record): results,
    # suggestions with provenance, or the bilingual error of an unreadable file.
    signatures = models.JSONField(_("chữ ký số"), default=dict, blank=True)

    urgency = models.CharField(
        _("độ khẩn"), max_length=16, choices=Urgency.choices, default=Urgency.NORMAL
    )
    deadline = models.DateField(_("hạn xử lý"), null=True, blank=True)
    register_year = models.PositiveIntegerField(_("năm sổ"), null=True, blank=True)
    register_number = models.PositiveIntegerField(_("số vào sổ"), null=True, blank=True)
    search_text = models.TextField(blank=True, editable=False)  # folded, for search

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("ngày nhập"), default=clock.now)
    registered_at = models.DateTimeField(_("ngày vào sổ"), null=True, blank=True)

    class Meta:
        verbose_name = _("văn bản")
        verbose_name_plural = _("văn bản")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "direction", "register_year", "register_number"],
                name="one_register_number_per_unit_book_year",
                condition=models.Q(register_number__isnull=False),
            )
        ]
        indexes = [models.Index(fields=["unit", "status", "-created_at"])]

    def __str__(self) -> str:
        head = f"{self.doc_type} {self.symbol}".strip()
        return f"{head}: {self.title[:80]}" if head else (self.title[:80] or self.file_name)

    def get_additional_data(self) -> dict[str, Any]:
        return {"unit_id": self.unit_id}

    @property
    def label(self) -> str:
        """How people cite it: ``Hướng dẫn số 30-HD/BTG``."""
        if self.symbol:
            return f"{self.doc_type} số {self.symbol}".strip()
        return self.doc_type or self.file_name


class Reference(models.Model):
    """A document citing another by its symbol; ``target`` once the cited one is here."""

    class Kind(models.TextChoices):
        IMPLEMENTS = "implements", _("Thực hiện")
        BASED_ON = "based_on", _("Căn cứ")
        CITES = "cites", _("Trích dẫn")

    source = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="references")
    symbol = models.CharField(_("số, ký hiệu"), max_length=96, db_index=True)
    kind = models.CharField(_("quan hệ"), max_length=16, choices=Kind.choices, default=Kind.CITES)
    position = models.PositiveIntegerField(default=0)
    target = models.ForeignKey(
        Document, on_delete=models.SET_NULL, null=True, blank=True, related_name="cited_by"
    )

    class Meta:
        ordering = ["source", "position"]
        constraints = [
            models.UniqueConstraint(fields=["source", "symbol"], name="one_reference_per_symbol")
        ]

    def __str__(self) -> str:
        return f"{self.source_id} → {self.symbol}"


class DispatchStatus(models.TextChoices):
    SENT = "sent", _("Đã gửi")
    OPENED = "opened", _("Đã xem")
    ACKNOWLEDGED = "acknowledged", _("Đã tiếp nhận")
    IMPLEMENTING = "implementing", _("Đang triển khai")
    DONE = "done", _("Hoàn thành")
    # Back to the sender (``documents.sender``): the recipient returned it with a
    # reason, or the sender withdrew it (thu hồi) or sent another in its place.
    RETURNED = "returned", _("Đã trả lại")
    REVOKED = "revoked", _("Đã thu hồi")
    REPLACED = "replaced", _("Đã thay thế")


# The recipient's steps, in order; the three above end a dispatch outside them.
STATUS_ORDER = ["sent", "opened", "acknowledged", "implementing", "done"]
CLOSED_STATUSES = ["done", "returned", "revoked", "replaced"]
WITHDRAWN_STATUSES = ["returned", "revoked", "replaced"]


class HandlingRole(models.TextChoices):
    """What a leader's instructions ask of an assignee (NĐ 30/2020 Art. 23(2))."""

    LEAD = "lead", _("Chủ trì")
    COORDINATE = "coordinate", _("Phối hợp")
    INFORM = "inform", _("Để biết")


class Dispatch(models.Model):
    """One document sent to one recipient unit, tracked until done.

    ``role`` says what the recipient is asked to do: lead (chủ trì, the default and
    every dispatch made before roles existed), coordinate (phối hợp) or be informed
    (để biết); a dispatch made by a leader's instructions (``documents.handling``)
    carries the role and deadline the instructions gave it.
    """

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="dispatches")
    sender = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="dispatches_sent", verbose_name=_("đơn vị gửi")
    )
    recipient = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        related_name="dispatches_received",
        verbose_name=_("đơn vị nhận"),
    )
    status = models.CharField(
        _("trạng thái"),
        max_length=16,
        choices=DispatchStatus.choices,
        default=DispatchStatus.SENT,
        db_index=True,
    )
    deadline = models.DateTimeField(_("hạn tiếp nhận"), null=True, blank=True)
    role = models.CharField(
        _("vai trò xử lý"), max_length=16, choices=HandlingRole.choices, default=HandlingRole.LEAD
    )
    incoming_year = models.PositiveIntegerField(null=True, blank=True)
    incoming_number = models.PositiveIntegerField(_("số đến"), null=True, blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    sent_at = models.DateTimeField(_("ngày gửi"), default=clock.now)
    opened_at = models.DateTimeField(_("ngày xem"), null=True, blank=True)
    acknowledged_at = models.DateTimeField(_("ngày tiếp nhận"), null=True, blank=True)
    implementing_at = models.DateTimeField(_("ngày bắt đầu triển khai"), null=True, blank=True)
    done_at = models.DateTimeField(_("ngày hoàn thành"), null=True, blank=True)
    result_note = models.TextField(_("kết quả thực hiện"), blank=True)
    response_documents = models.ManyToManyField(
        Document, blank=True, related_name="responds_to", verbose_name=_("văn bản triển khai")
    )
    overdue_notified_at = models.DateTimeField(null=True, blank=True)

    objects = TalliedQuerySet.as_manager()  # refuses writes that would skip the tallies

    class Meta:
        verbose_name = _("gửi văn bản")
        verbose_name_plural = _("gửi văn bản")
        ordering = ["recipient__path"]
        constraints = [
            models.UniqueConstraint(
                fields=["document", "recipient"], name="one_dispatch_per_document_and_recipient"
            )
        ]
        indexes = [
            models.Index(fields=["recipient", "status"]),
            models.Index(fields=["status", "deadline"]),
            # Covers the roll-up's reads (counts and durations per unit over a period),
            # so they never touch the table rows.
            models.Index(
                fields=[
                    "recipient",
                    "sent_at",
                    "acknowledged_at",
                    "done_at",
                    "opened_at",
                    "deadline",
                ],
                name="dispatch_rollup_cover",
            ),
            # The roll-up's live "overdue now" count (``reports.rollup.overdue_counts``):
            # the dispatches not acknowledged (a fifth), by date sent, so a province's
            # period is one range read, never a seek per unit; acknowledged_at is a
            # column too for SQLite 3.40 to see the index as covering.
            models.Index(
                fields=["sent_at", "recipient", "deadline", "acknowledged_at"],
                condition=models.Q(acknowledged_at__isnull=True),
                name="dispatch_unacknowledged",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.document} → {self.recipient}"

    @property
    def unit(self) -> Unit:
        """For the permission gate: a dispatch belongs to its recipient."""
        return self.recipient

    def get_additional_data(self) -> dict[str, Any]:
        return {"unit_id": self.recipient_id}

    @property
    def is_overdue(self) -> bool:
        return bool(
            self.deadline
            and self.status in (DispatchStatus.SENT, DispatchStatus.OPENED)
            and self.deadline < clock.now()
        )

    @property
    def is_withdrawn(self) -> bool:
        """Returned by the recipient, or revoked or replaced by the sender."""
        return self.status in WITHDRAWN_STATUSES

    def days_to(self, moment_field: str) -> float | None:
        moment = getattr(self, moment_field)
        if moment is None:
            return None
        return round((moment - self.sent_at).total_seconds() / 86400, 1)


class DispatchEvent(models.Model):
    """What passed back to the sender on a dispatch, kept as history: the receipt
    notice (once), a return with its reason, a revocation or a replacement (with
    the document sent in its place). Nothing here is ever edited or deleted."""

    class Kind(models.TextChoices):
        RECEIPT = "receipt", _("Thông báo đã nhận")
        RETURNED = "returned", _("Trả lại")
        REVOKED = "revoked", _("Thu hồi")
        REPLACED = "replaced", _("Thay thế")

    dispatch = models.ForeignKey(Dispatch, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("loại"), max_length=16, choices=Kind.choices)
    at = models.DateTimeField(_("thời điểm"), default=clock.now)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    reason = models.TextField(_("lý do"), blank=True)
    replacement = models.ForeignKey(
        Document,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="replaces_events",
        verbose_name=_("văn bản thay thế"),
    )

    class Meta:
        ordering = ["at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["dispatch"],
                condition=models.Q(kind="receipt"),
                name="one_receipt_notice_per_dispatch",
            )
        ]

    def __str__(self) -> str:
        return f"{self.dispatch_id} {self.kind} {self.at:%Y-%m-%d %H:%M}"


class RegisterClosure(models.Model):
    """A unit's incoming register (sổ đăng ký văn bản đến) closed for a year: no new
    numbers that year, and its lines frozen as they were when it was closed."""

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="register_closures")
    year = models.PositiveIntegerField(_("năm"))
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    closed_at = models.DateTimeField(_("ngày khóa sổ"), default=clock.now)
    count = models.PositiveIntegerField(_("số văn bản"))
    rows = models.JSONField(default=list)  # the 10 columns of each line, as printed

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["unit", "year"], name="one_closure_per_unit_year")
        ]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.year}"


class DispatchAttachment(models.Model):
    dispatch = models.ForeignKey(Dispatch, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to="dispatch-results/%Y/%m/")
    name = models.CharField(max_length=255)
    uploaded_at = models.DateTimeField(default=clock.now)

    def __str__(self) -> str:
        return self.name


class Import(models.Model):
    """An uploaded file on its way to a draft document, read by the task worker.

    Queued when stored; extracting while the worker reads it (``page`` of
    ``pages`` as it goes); parsed when the draft ``document`` exists (which then
    owns the file); failed with the reason in both languages, its file deleted.
    The file's SHA-256 recognises the same file sent again to the same unit.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("Đang chờ đọc")
        EXTRACTING = "extracting", _("Đang đọc")
        PARSED = "parsed", _("Đã đọc xong")
        FAILED = "failed", _("Không đọc được")

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="imports")
    direction = models.CharField(max_length=3, choices=Direction.choices)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.QUEUED)
    file = models.FileField(upload_to="imports/%Y/%m/", blank=True)
    file_name = models.CharField(max_length=255)
    file_sha256 = models.CharField(max_length=64, db_index=True)
    size = models.PositiveBigIntegerField(default=0)
    page = models.PositiveIntegerField(default=0)
    pages = models.PositiveIntegerField(default=0)
    error_vi = models.TextField(blank=True)
    error_en = models.TextField(blank=True)
    document = models.ForeignKey(
        Document, null=True, blank=True, on_delete=models.SET_NULL, related_name="imports"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=clock.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    # Who reads it and until when (documents.leases): a reader that dies stops
    # renewing, and the import is queued again.
    claimed_by = models.CharField(max_length=200, blank=True)
    lease_until = models.DateTimeField(null=True, blank=True, db_index=True)
    attempts = models.PositiveSmallIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.file_name} ({self.status})"

    @property
    def done(self) -> bool:
        return self.status in (self.Status.PARSED, self.Status.FAILED)

    def error(self, language: str) -> str:
        return self.error_en if language.startswith("en") and self.error_en else self.error_vi


# Handling inside the receiving unit (instructions, assignments, hand-overs) lives in its
# own package; Django finds models through this module.
from tincoso.documents.handling.models import (  # noqa: E402
    Assignment,
    AssignmentStatus,
    Handover,
    Instruction,
)

__all__ = ["Assignment", "AssignmentStatus", "Handover", "Instruction"]
