"""Implementation reports (báo cáo kết quả thực hiện) and reporting calendars."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from tincoso.core import clock
from tincoso.documents.models import Document
from tincoso.units.models import Unit


class Frequency(models.TextChoices):
    MONTHLY = "monthly", _("Hằng tháng")
    QUARTERLY = "quarterly", _("Hằng quý")
    HALF_YEARLY = "half_yearly", _("Sáu tháng")
    YEARLY = "yearly", _("Hằng năm")


class Report(models.Model):
    """A unit's report on a period (and optionally on one directive), sent to its parent.

    The figures are filled from the roll-up when the report is created or
    refreshed; the officer writes the narrative sections and submits it for
    approval (four eyes). An approver of the unit (or of the unit guiding it, where
    its line has none) approves it: only then is it numbered in the unit's outgoing
    register as a Document ("Báo cáo") and dispatched to its recipient, where it
    appears in the inbox and counts as reported. The approver may send it back.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", _("Đang soạn")
        PENDING = "pending", _("Chờ duyệt")
        SUBMITTED = "submitted", _("Đã gửi")

    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="reports", verbose_name=_("đơn vị báo cáo")
    )
    period_start = models.DateField(_("từ ngày"))
    period_end = models.DateField(_("đến ngày"))
    directive = models.ForeignKey(
        Document,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="implementation_reports",
        verbose_name=_("văn bản được báo cáo"),
    )
    title = models.CharField(_("trích yếu"), max_length=500)
    figures = models.JSONField(_("số liệu"), default=dict, blank=True)
    activities = models.JSONField(_("hoạt động tiêu biểu"), default=list, blank=True)
    results = models.TextField(_("kết quả đạt được"), blank=True)
    limitations = models.TextField(_("hạn chế"), blank=True)
    causes = models.TextField(_("nguyên nhân"), blank=True)
    proposals = models.TextField(_("phương hướng, kiến nghị"), blank=True)
    signer_name = models.CharField(_("người ký"), max_length=128, blank=True)
    signer_title = models.CharField(_("chức vụ người ký"), max_length=128, blank=True)
    signing_authority = models.CharField(_("thẩm quyền ký"), max_length=128, blank=True)
    # Where the top unit of a line reports: a body outside this installation.
    outside_recipient = models.CharField(_("nơi nhận ngoài hệ thống"), max_length=255, blank=True)
    status = models.CharField(
        _("trạng thái"), max_length=16, choices=Status.choices, default=Status.DRAFT
    )
    document = models.OneToOneField(
        Document,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="report",
        verbose_name=_("văn bản báo cáo"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=clock.now)
    # Four eyes: who asked for approval and when; who approved; why it came back.
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("người trình duyệt"),
    )
    proposed_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("người duyệt"),
    )
    review_note = models.TextField(_("lý do trả lại"), blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("báo cáo kết quả")
        verbose_name_plural = _("báo cáo kết quả")
        ordering = ["-period_end", "-id"]
        indexes = [models.Index(fields=["unit", "status", "period_end"])]

    def __str__(self) -> str:
        return self.title

    def get_additional_data(self) -> dict[str, Any]:
        return {"unit_id": self.unit_id}


class Schedule(models.Model):
    """A unit's reporting calendar: a report every period, due some days after it ends."""

    unit = models.ForeignKey(
        Unit, on_delete=models.CASCADE, related_name="report_schedules", verbose_name=_("đơn vị")
    )
    frequency = models.CharField(_("chu kỳ"), max_length=16, choices=Frequency.choices)
    due_days = models.PositiveIntegerField(_("hạn nộp sau kỳ (ngày)"), default=5)
    remind_days = models.PositiveIntegerField(_("nhắc trước hạn (ngày)"), default=3)
    active = models.BooleanField(default=True)
    last_reminded_for = models.DateField(null=True, blank=True, editable=False)
    last_flagged_for = models.DateField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("lịch báo cáo")
        verbose_name_plural = _("lịch báo cáo")
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "frequency"], name="one_schedule_per_unit_and_frequency"
            )
        ]

    def __str__(self) -> str:
        return f"{self.unit} — {self.get_frequency_display()}"

    def get_additional_data(self) -> dict[str, Any]:
        return {"unit_id": self.unit_id}
