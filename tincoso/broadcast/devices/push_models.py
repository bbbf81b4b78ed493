"""What the server pushes over MQTT and what devices answer: commands, emergencies and
their per-device acknowledgements (docs/device-protocol.md §9.5, §9.6)."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from tincoso.broadcast.bulletins.models import Bulletin
from tincoso.broadcast.devices.models import Device
from tincoso.units.models import Unit

__all__ = ["Command", "Emergency", "EmergencyAck"]


class Command(models.Model):
    """A command sent to one device, what it was, who sent it and how the device
    answered (``ack_*``; ``play_now`` is answered ``started`` then ``done``)."""

    class Kind(models.TextChoices):
        VOLUME = "volume", _("Chỉnh âm lượng")
        POWER = "power", _("Bật/tắt")
        RESTART = "restart", _("Khởi động lại")
        REFRESH = "refresh", _("Tải lại lịch phát")
        PLAY_NOW = "play_now", _("Phát ngay bản tin")
        SCREENSHOT = "screenshot", _("Chụp màn hình")

    device = models.ForeignKey(Device, on_delete=models.CASCADE, related_name="commands")
    message_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    command = models.CharField(_("lệnh"), max_length=16, choices=Kind.choices)
    args = models.JSONField(default=dict, blank=True)
    issued_at = models.DateTimeField(db_index=True)
    expires_at = models.DateTimeField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    ack_status = models.CharField(_("trả lời"), max_length=16, blank=True)
    ack_detail = models.CharField(max_length=255, blank=True)
    acked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-issued_at", "-id"]

    def __str__(self) -> str:
        return f"{self.device_id}:{self.command}"


class Emergency(models.Model):
    """An emergency broadcast to the devices of a unit's subtree, retained on
    ``tcs/u/<unit>/emergency`` until it expires or is stopped. Issue 15 (CAP alerts,
    two-person approval) builds on this; here starting it is one officer's act."""

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="emergencies",
                             verbose_name=_("đơn vị"))
    title = models.CharField(_("tiêu đề"), max_length=255)
    text = models.TextField(_("nội dung"), blank=True)
    bulletin = models.ForeignKey(Bulletin, on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="+", verbose_name=_("bản tin phát"))
    exercise = models.BooleanField(_("diễn tập"), default=False)
    repeat_every_s = models.PositiveIntegerField(default=600)
    starts_at = models.DateTimeField(db_index=True)
    expires_at = models.DateTimeField()
    stopped_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    stopped_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+")
    message_id = models.UUIDField(default=uuid.uuid4, editable=False)

    class Meta:
        verbose_name = _("báo động khẩn cấp")
        verbose_name_plural = _("báo động khẩn cấp")
        ordering = ["-starts_at", "-id"]

    def __str__(self) -> str:
        return self.title

    @property
    def public_id(self) -> str:
        """The ``emergency_id`` of the protocol, e.g. ``e-2030-0007``."""
        return f"e-{self.starts_at:%Y}-{self.pk:04d}"

    def get_additional_data(self) -> dict[str, int]:
        return {"unit_id": self.unit_id}


class EmergencyAck(models.Model):
    """A device said the emergency started (or ended) playing, at ``at`` by its clock;
    ``received_at - emergency.starts_at`` is the reach time."""

    emergency = models.ForeignKey(Emergency, on_delete=models.CASCADE, related_name="acks")
    device = models.ForeignKey(Device, on_delete=models.CASCADE, related_name="+")
    status = models.CharField(max_length=8)  # started | ended
    at = models.DateTimeField()
    received_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["emergency", "device", "status"],
                                               name="one_emergency_ack_per_status")]

    def __str__(self) -> str:
        return f"{self.emergency_id}:{self.device_id}:{self.status}"
