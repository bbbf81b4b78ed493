"""What monitoring keeps: when devices went online or offline (for uptime) and the
outages officers were told about (once each, and once when it ended)."""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from tincoso.broadcast.devices.models import Device

__all__ = ["DeviceOutage", "DeviceStatusChange"]


class DeviceStatusChange(models.Model):
    """The device went online or offline at ``at``: from its MQTT status (last will
    included) when the value changes, or from the monitor seeing its heartbeats stop
    and come back. Uptime is read from these, never from every heartbeat."""

    device = models.ForeignKey(Device, on_delete=models.CASCADE, related_name="status_changes")
    online = models.BooleanField()
    at = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["device", "at"], name="device_status_at")]

    def __str__(self) -> str:
        return f"{self.device_id} {'on' if self.online else 'off'} {self.at:%Y-%m-%d %H:%M}"


class DeviceOutage(models.Model):
    """A device silent for longer than ``DEVICE_OFFLINE_ALERT_MINUTES``: ``since`` its
    last sign of life, officers alerted at ``alerted_at``, over at ``ended_at``. At
    most one open outage per device (the database says so, whichever scheduler runs)."""

    device = models.ForeignKey(Device, on_delete=models.CASCADE, related_name="outages")
    since = models.DateTimeField()
    alerted_at = models.DateTimeField()
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-since", "-id"]
        constraints = [models.UniqueConstraint(
            fields=["device"], condition=Q(ended_at__isnull=True), name="one_open_outage")]

    def __str__(self) -> str:
        return f"{self.device_id} {self.since:%Y-%m-%d %H:%M}"
