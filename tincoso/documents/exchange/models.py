"""What passes through the exchange: who is who, each envelope in or out, what came back.

Organ         an edXML body (OrganId, mã định danh), ours (``unit``) or outside
Message       one envelope: a document (edoc) or a status message, in or out; the
              incoming edoc's draft document, the outgoing one's delivery state
StatusEvent   a status reported about an outgoing document by the body that got it
Attachment    a file that came with an incoming document besides its main file
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from tincoso.core import clock
from tincoso.documents.models import Document
from tincoso.units.models import Unit


class Organ(models.Model):
    organ_id = models.CharField(_("mã định danh"), max_length=64, unique=True)
    name = models.CharField(_("tên cơ quan"), max_length=255)
    unit = models.OneToOneField(
        Unit,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="exchange_organ",
        verbose_name=_("đơn vị trong hệ thống"),
    )

    class Meta:
        verbose_name = _("cơ quan liên thông")
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.organ_id})"


class Kind(models.TextChoices):
    EDOC = "edoc", _("Văn bản")
    STATUS = "status", _("Trạng thái")


class Way(models.TextChoices):
    IN = "in", _("Nhận")
    OUT = "out", _("Gửi")


class State(models.TextChoices):
    PENDING = "pending", _("Chờ gửi")
    SENT = "sent", _("Đã gửi")
    FAILED = "failed", _("Gửi lỗi")
    RECEIVED = "received", _("Đã nhận")


class Message(models.Model):
    way = models.CharField(_("chiều"), max_length=3, choices=Way.choices)
    kind = models.CharField(_("loại gói tin"), max_length=8, choices=Kind.choices)
    state = models.CharField(_("tình trạng"), max_length=16, choices=State.choices)
    unit = models.ForeignKey(
        Unit, on_delete=models.CASCADE, related_name="exchange_messages", verbose_name=_("đơn vị")
    )
    from_organ = models.CharField(_("nơi gửi"), max_length=64)
    from_name = models.CharField(max_length=255, blank=True)
    to_organ = models.CharField(_("nơi nhận"), max_length=64)
    to_name = models.CharField(max_length=255, blank=True)
    edxml_id = models.CharField(_("mã văn bản liên thông"), max_length=255, db_index=True)
    business_type = models.CharField(max_length=2, blank=True)  # BussinessDocType 0–3
    status_code = models.CharField(max_length=2, blank=True)  # a status message's code
    remote_status = models.CharField(_("trạng thái bên nhận"), max_length=2, blank=True)
    description = models.TextField(blank=True)
    # A replacement (BussinessDocType 3): the envelope of the document it replaces,
    # the one we sent (out) or received (in) from the same body.
    replaces = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="replaced_by"
    )
    document = models.ForeignKey(
        Document,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="exchange_messages",
    )
    envelope = models.FileField(upload_to="exchange/%Y/%m/", blank=True)
    envelope_sha256 = models.CharField(max_length=64, blank=True)
    transport = models.CharField(max_length=32, blank=True)
    attempts = models.PositiveIntegerField(default=0)
    error_vi = models.TextField(blank=True)
    error_en = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=clock.now)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            # The same document read twice for the same body is one message (idempotent).
            models.UniqueConstraint(
                fields=["way", "kind", "edxml_id", "to_organ", "business_type"],
                condition=models.Q(kind="edoc"),
                name="exchange_one_edoc_per_document_and_body",
            ),
            models.UniqueConstraint(
                fields=["way", "envelope_sha256"],
                condition=models.Q(kind="status"),
                name="exchange_one_status_per_envelope",
            ),
        ]
        indexes = [models.Index(fields=["way", "state"])]

    def __str__(self) -> str:
        return f"{self.way} {self.kind} {self.edxml_id}"

    def error(self, language: str) -> str:
        return self.error_en if language.startswith("en") and self.error_en else self.error_vi


class StatusEvent(models.Model):
    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="events")
    code = models.CharField(max_length=2)
    description = models.TextField(blank=True)
    staff = models.CharField(max_length=255, blank=True)
    reported_at = models.DateTimeField(null=True, blank=True)
    received_at = models.DateTimeField(default=clock.now)

    class Meta:
        ordering = ["received_at", "pk"]

    def __str__(self) -> str:
        return f"{self.message_id}: {self.code}"


class Attachment(models.Model):
    document = models.ForeignKey(
        Document, on_delete=models.CASCADE, related_name="exchange_attachments"
    )
    name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=128, blank=True)
    description = models.CharField(max_length=255, blank=True)
    file = models.FileField(upload_to="exchange-attachments/%Y/%m/")
    sha256 = models.CharField(max_length=64)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.name
