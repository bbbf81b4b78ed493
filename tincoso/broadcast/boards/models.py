"""Electronic public boards (bảng tin điện tử): what the server keeps per board beside
its ``Device`` row, and the weather of the day an officer types for a unit.

``BoardState`` holds the board manifest's version (it moves only when the slides
move, as for a loudspeaker's manifest), when the board last pulled, the counters an
officer moves to ask for "refresh now" and for a screenshot, and the last
screenshot the board sent. It is a row of its own, not more ``Device`` fields, so
a board's polls never touch the loudspeaker manifest's version.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from tincoso.broadcast.devices.models import Device
from tincoso.units.models import Unit

__all__ = ["BoardState", "Weather"]


class BoardState(models.Model):
    device = models.OneToOneField(
        Device, on_delete=models.CASCADE, primary_key=True, related_name="board_state"
    )
    manifest_version = models.PositiveBigIntegerField(default=0)
    manifest_digest = models.CharField(max_length=64, blank=True)
    manifest_issued_at = models.DateTimeField(null=True, blank=True)
    manifest_valid_until = models.DateTimeField(null=True, blank=True)
    pulled_at = models.DateTimeField(_("lần cuối tải danh sách"), null=True, blank=True)
    polled_at = models.DateTimeField(_("lần cuối hỏi trạng thái"), null=True, blank=True)
    refresh_seq = models.PositiveIntegerField(default=0)
    screenshot_seq = models.PositiveIntegerField(default=0)
    screenshot = models.FileField(upload_to="board-screenshots/", blank=True)
    screenshot_at = models.DateTimeField(_("lúc chụp màn hình"), null=True, blank=True)
    screenshot_slide = models.CharField(max_length=64, blank=True)

    def __str__(self) -> str:
        return f"board {self.device_id}"


class Weather(models.Model):
    """The weather of one day for a unit's boards (and the boards of units below it
    that have none of their own), as an officer typed it."""

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+")
    day = models.DateField(_("ngày"))
    text = models.CharField(_("thời tiết trong ngày"), max_length=300)
    updated_at = models.DateTimeField()
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["unit", "day"], name="one_weather_per_unit_day")
        ]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.day}: {self.text}"


def _register() -> None:
    from tincoso.broadcast.boards import commands

    commands.connect()


_register()
