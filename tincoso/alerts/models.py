"""An emergency alert, the CAP 1.2 message it becomes once sent, and the device
emergencies it started (one per unit of its area)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from tincoso.alerts.levels import CHOICES as LEVEL_CHOICES

# Defined beside (outbound subscribers and deliveries), found by Django through here.
from tincoso.alerts.outbound_models import Delivery as Delivery
from tincoso.alerts.outbound_models import Dispatch as Dispatch
from tincoso.alerts.outbound_models import Subscriber as Subscriber
from tincoso.broadcast.devices.push_models import Emergency
from tincoso.units.models import Unit


class CapStatus(models.TextChoices):
    ACTUAL = "Actual", _("Thật")
    EXERCISE = "Exercise", _("Diễn tập")
    TEST = "Test", _("Thử nghiệm")


class MsgType(models.TextChoices):
    ALERT = "Alert", _("Cảnh báo")
    UPDATE = "Update", _("Cập nhật")
    CANCEL = "Cancel", _("Hủy")


class Urgency(models.TextChoices):
    IMMEDIATE = "Immediate", _("Ngay lập tức")
    EXPECTED = "Expected", _("Sắp xảy ra")
    FUTURE = "Future", _("Trong tương lai")
    PAST = "Past", _("Đã qua")
    UNKNOWN = "Unknown", _("Chưa rõ")


class Severity(models.TextChoices):
    EXTREME = "Extreme", _("Đặc biệt nghiêm trọng")
    SEVERE = "Severe", _("Nghiêm trọng")
    MODERATE = "Moderate", _("Trung bình")
    MINOR = "Minor", _("Nhẹ")
    UNKNOWN = "Unknown", _("Chưa rõ")


class Certainty(models.TextChoices):
    OBSERVED = "Observed", _("Đã xảy ra")
    LIKELY = "Likely", _("Nhiều khả năng")
    POSSIBLE = "Possible", _("Có thể")
    UNLIKELY = "Unlikely", _("Ít khả năng")
    UNKNOWN = "Unknown", _("Chưa rõ")


class Category(models.TextChoices):
    GEO = "Geo", _("Địa chất, thủy văn")
    MET = "Met", _("Khí tượng")
    SAFETY = "Safety", _("An toàn")
    FIRE = "Fire", _("Cháy")
    HEALTH = "Health", _("Y tế")
    OTHER = "Other", _("Khác")


class Alert(models.Model):
    """One CAP message. A draft until sent: by a second person (``approved_by``) for
    an Actual or Exercise alert, by its author alone for a Test. Update and Cancel
    are new alerts whose ``previous`` is the alert they replace."""

    class State(models.TextChoices):
        DRAFT = "draft", _("Chờ duyệt")
        SENT = "sent", _("Đã phát")
        DISCARDED = "discarded", _("Đã bỏ")

    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="alerts", verbose_name=_("đơn vị phát")
    )
    area_units = models.ManyToManyField(
        Unit, related_name="alerts_covering", verbose_name=_("vùng cảnh báo")
    )
    area_desc = models.CharField(_("mô tả vùng"), max_length=500)
    polygon = models.TextField(_("đa giác"), blank=True)
    identifier = models.CharField(_("mã cảnh báo"), max_length=100, unique=True)
    sender = models.CharField(max_length=200)
    sender_name = models.CharField(max_length=255)
    status = models.CharField(_("loại tin"), max_length=10, choices=CapStatus.choices)
    msg_type = models.CharField(max_length=10, choices=MsgType.choices, default=MsgType.ALERT)
    previous = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="followups"
    )
    references = models.CharField(max_length=500, blank=True)
    template = models.CharField(max_length=40, blank=True)
    category = models.CharField(_("nhóm"), max_length=10, choices=Category.choices)
    event = models.CharField(_("sự kiện"), max_length=120)
    hazard = models.CharField(max_length=60, blank=True)
    risk_level = models.PositiveSmallIntegerField(
        _("cấp độ rủi ro"), choices=LEVEL_CHOICES, null=True, blank=True
    )
    urgency = models.CharField(_("mức khẩn"), max_length=10, choices=Urgency.choices)
    severity = models.CharField(_("mức nghiêm trọng"), max_length=10, choices=Severity.choices)
    certainty = models.CharField(_("mức chắc chắn"), max_length=10, choices=Certainty.choices)
    headline = models.CharField(_("tiêu đề"), max_length=200)
    description = models.TextField(_("mô tả"))
    instruction = models.TextField(_("hướng dẫn"), blank=True)
    effective = models.DateTimeField(_("hiệu lực từ"))
    expires = models.DateTimeField(_("hết hiệu lực"), db_index=True)  # the portal's stamp
    state = models.CharField(max_length=10, choices=State.choices, default=State.DRAFT)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField()
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True, db_index=True)
    cap_xml = models.TextField(blank=True)  # the signed message, as sent

    class Meta:
        verbose_name = _("cảnh báo")
        verbose_name_plural = _("cảnh báo")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.headline

    @property
    def exercise(self) -> bool:
        return self.status == CapStatus.EXERCISE

    @property
    def reference(self) -> str:
        """How a later Update or Cancel names this one (CAP: sender,identifier,sent)."""
        from tincoso.alerts.cap import cap_time

        assert self.sent_at is not None
        return f"{self.sender},{self.identifier},{cap_time(self.sent_at)}"

    def get_additional_data(self) -> dict[str, Any]:
        return {"unit_id": self.unit_id}


class AlertInfo(models.Model):
    """The alert in another language (a second CAP <info> block after the Vietnamese)."""

    alert = models.ForeignKey(Alert, on_delete=models.CASCADE, related_name="infos")
    language = models.CharField(max_length=8)
    event = models.CharField(max_length=120)
    headline = models.CharField(max_length=200)
    description = models.TextField()
    instruction = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["alert", "language"], name="one_alert_info_per_language"
            )
        ]

    def __str__(self) -> str:
        return f"{self.alert_id}:{self.language}"


class AlertEmergency(models.Model):
    """The device emergency an alert started on one unit of its area: at most one
    per (alert, unit), so approving twice or a retry never starts two."""

    alert = models.ForeignKey(Alert, on_delete=models.CASCADE, related_name="emergencies")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    emergency = models.ForeignKey(Emergency, on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["alert", "unit"], name="one_emergency_per_alert_and_unit"
            )
        ]

    def __str__(self) -> str:
        return f"{self.alert_id}:{self.unit_id}"


class AlertNotice(models.Model):
    """The officers' notifications (in-app and e-mail) of one alert message: taken
    before they go, so a retry sends nothing twice; ``count`` people were told."""

    alert = models.OneToOneField(Alert, on_delete=models.CASCADE, related_name="notice")
    sent_at = models.DateTimeField()
    count = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.alert_id}:{self.count}"
