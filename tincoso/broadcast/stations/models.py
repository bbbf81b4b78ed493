"""Stations, clusters, weekly slots, programmes, play schedules and the TT 39 inbox.

A station (đài truyền thanh cơ sở) belongs to one commune or ward; its clusters
(cụm loa) stand in its villages. What a station plays comes from three places:
the programmes of its weekly slots (an ordered list of bulletins per slot and
date), the schedule (one-off and repeated plays, emergencies among them) and the
inbox (bulletins offered from above by the TT 39/2020 priorities, which end up
as programme entries or schedule rows). ``playlist.py`` turns all of it into the
concrete plays a device fetches; ``aired.py`` records the plays whose time passed.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from tincoso.broadcast.bulletins.models import Bulletin
from tincoso.units.models import Unit

__all__ = [
    "AiredPlay",
    "Cluster",
    "Entry",
    "Offer",
    "Priority",
    "Programme",
    "Schedule",
    "Slot",
    "Station",
]

DEFAULT_TIMEZONE = "Asia/Ho_Chi_Minh"


class Priority(models.TextChoices):
    """The three kinds of bulletin of Thông tư 39/2020/TT-BTTTT."""

    NORMAL = "normal", _("Thông thường")
    PRIORITY = "priority", _("Ưu tiên")
    EMERGENCY = "emergency", _("Khẩn cấp")


class Station(models.Model):
    """The commune or ward radio station: one per unit."""

    unit = models.OneToOneField(
        Unit, on_delete=models.PROTECT, related_name="station", verbose_name=_("đơn vị")
    )
    name = models.CharField(_("tên đài"), max_length=255)
    timezone = models.CharField(_("múi giờ"), max_length=64, default=DEFAULT_TIMEZONE)
    gap_seconds = models.PositiveSmallIntegerField(
        _("khoảng nghỉ giữa hai bản tin (giây)"),
        default=5,
        validators=[MaxValueValidator(120)],
    )
    # Plays that ended before this instant are recorded in AiredPlay (aired.py).
    aired_until = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("ngày tạo"), auto_now_add=True)

    class Meta:
        verbose_name = _("đài truyền thanh cơ sở")
        verbose_name_plural = _("đài truyền thanh cơ sở")

    def __str__(self) -> str:
        return self.name

    def get_additional_data(self) -> dict[str, int]:
        return {"unit_id": self.unit_id}


class Cluster(models.Model):
    """A loudspeaker cluster (cụm loa) of a station, in one of its villages."""

    station = models.ForeignKey(
        Station, on_delete=models.CASCADE, related_name="clusters", verbose_name=_("đài")
    )
    name = models.CharField(_("tên cụm loa"), max_length=255)
    village = models.ForeignKey(
        Unit,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="clusters",
        verbose_name=_("thôn, bản (đơn vị)"),
    )
    village_name = models.CharField(_("thôn, bản"), max_length=255, blank=True)
    latitude = models.DecimalField(
        _("vĩ độ"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    longitude = models.DecimalField(
        _("kinh độ"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )
    group = models.CharField(_("nhóm"), max_length=64, blank=True)
    active = models.BooleanField(_("đang hoạt động"), default=True)

    class Meta:
        verbose_name = _("cụm loa")
        verbose_name_plural = _("cụm loa")
        ordering = ["station_id", "name", "id"]

    def __str__(self) -> str:
        return self.name

    @property
    def permission_unit(self) -> Unit:
        return self.station.unit

    def get_additional_data(self) -> dict[str, int]:
        return {"unit_id": self.station.unit_id}


class Slot(models.Model):
    """A weekly slot (khung giờ phát sóng): the weekdays it runs and its times."""

    station = models.ForeignKey(
        Station, on_delete=models.CASCADE, related_name="slots", verbose_name=_("đài")
    )
    # Python weekday numbers, Monday 0 … Sunday 6, written as digits: "0123456".
    weekdays = models.CharField(_("các ngày trong tuần"), max_length=7, default="0123456")
    start = models.TimeField(_("bắt đầu"))
    end = models.TimeField(_("kết thúc"))

    class Meta:
        verbose_name = _("khung giờ phát sóng")
        verbose_name_plural = _("khung giờ phát sóng")
        ordering = ["station_id", "start", "id"]

    def __str__(self) -> str:
        return f"{self.start:%H:%M}–{self.end:%H:%M}"

    @property
    def permission_unit(self) -> Unit:
        return self.station.unit

    @property
    def seconds(self) -> int:
        return (self.end.hour * 3600 + self.end.minute * 60 + self.end.second) - (
            self.start.hour * 3600 + self.start.minute * 60 + self.start.second
        )

    def runs_on(self, weekday: int) -> bool:
        return str(weekday) in self.weekdays


class Programme(models.Model):
    """The programme of one slot on one date: its entries in order."""

    slot = models.ForeignKey(
        Slot, on_delete=models.CASCADE, related_name="programmes", verbose_name=_("khung giờ")
    )
    date = models.DateField(_("ngày"))

    class Meta:
        verbose_name = _("chương trình phát sóng")
        verbose_name_plural = _("chương trình phát sóng")
        constraints = [
            models.UniqueConstraint(fields=["slot", "date"], name="one_programme_per_slot_and_day")
        ]

    def __str__(self) -> str:
        return f"{self.slot} {self.date:%d/%m/%Y}"

    @property
    def permission_unit(self) -> Unit:
        return self.slot.station.unit


class Offer(models.Model):
    """A bulletin offered down to one station (its inbox), by a TT 39 priority."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Chờ quyết định")
        ACCEPTED = "accepted", _("Đã nhận vào chương trình")
        DECLINED = "declined", _("Không phát")
        PLACED = "placed", _("Đã xếp vào chương trình")
        SCHEDULED = "scheduled", _("Phát ngay")

    bulletin = models.ForeignKey(
        Bulletin, on_delete=models.CASCADE, related_name="offers", verbose_name=_("bản tin")
    )
    station = models.ForeignKey(
        Station, on_delete=models.CASCADE, related_name="offers", verbose_name=_("đài")
    )
    source = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("đơn vị gửi")
    )
    priority = models.CharField(_("mức ưu tiên"), max_length=16, choices=Priority.choices)
    # Empty: every cluster of the station; else only these (a commune to some villages).
    clusters = models.ManyToManyField(Cluster, blank=True, related_name="+")
    status = models.CharField(_("trạng thái"), max_length=16, choices=Status.choices)
    offered_at = models.DateTimeField(_("lúc gửi"))
    offered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("lúc quyết định"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reason = models.CharField(_("lý do không phát"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("bản tin gửi đến đài")
        verbose_name_plural = _("hộp thư bản tin")
        ordering = ["-offered_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["bulletin", "station"], name="one_offer_per_bulletin_and_station"
            )
        ]

    def __str__(self) -> str:
        return f"{self.bulletin} → {self.station}"

    @property
    def permission_unit(self) -> Unit:
        return self.station.unit


class Entry(models.Model):
    """One bulletin in a programme. Priority entries play first, in their operator's
    order (``position``); the others follow, in theirs."""

    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="entries", verbose_name=_("chương trình")
    )
    bulletin = models.ForeignKey(
        Bulletin, on_delete=models.PROTECT, related_name="+", verbose_name=_("bản tin")
    )
    priority = models.BooleanField(_("ưu tiên"), default=False)
    position = models.PositiveIntegerField(_("thứ tự"), default=0)
    offer = models.ForeignKey(
        Offer, on_delete=models.SET_NULL, null=True, blank=True, related_name="entries"
    )

    class Meta:
        verbose_name = _("bản tin trong chương trình")
        verbose_name_plural = _("bản tin trong chương trình")
        ordering = ["-priority", "position", "id"]

    def __str__(self) -> str:
        return f"{self.programme}: {self.bulletin}"

    @property
    def permission_unit(self) -> Unit:
        return self.programme.slot.station.unit


class Schedule(models.Model):
    """A one-off or repeated play of one bulletin at a station: at ``starts_at``, then
    every ``every_minutes`` until ``until`` (inclusive)."""

    station = models.ForeignKey(
        Station, on_delete=models.CASCADE, related_name="schedules", verbose_name=_("đài")
    )
    bulletin = models.ForeignKey(
        Bulletin, on_delete=models.PROTECT, related_name="+", verbose_name=_("bản tin")
    )
    priority = models.CharField(
        _("mức ưu tiên"), max_length=16, choices=Priority.choices, default=Priority.NORMAL
    )
    starts_at = models.DateTimeField(_("bắt đầu"))
    every_minutes = models.PositiveIntegerField(_("lặp lại sau (phút)"), null=True, blank=True)
    until = models.DateTimeField(_("lặp đến"), null=True, blank=True)
    offer = models.ForeignKey(
        Offer, on_delete=models.CASCADE, null=True, blank=True, related_name="schedules"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("lịch phát")
        verbose_name_plural = _("lịch phát")
        ordering = ["starts_at", "id"]

    def __str__(self) -> str:
        return f"{self.bulletin} @ {self.starts_at:%d/%m/%Y %H:%M}"

    @property
    def permission_unit(self) -> Unit:
        return self.station.unit


class AiredPlay(models.Model):
    """A play whose time has passed, recorded once (``aired.record_aired``): what the
    roll-up counts as aired. Devices (issue 14) may later confirm or correct it."""

    station = models.ForeignKey(Station, on_delete=models.CASCADE, related_name="aired")
    bulletin = models.ForeignKey(Bulletin, on_delete=models.CASCADE, related_name="+")
    source = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    priority = models.CharField(max_length=16, choices=Priority.choices)
    own = models.BooleanField()  # the source is the station's unit or below it
    started_at = models.DateTimeField(db_index=True)
    seconds = models.PositiveIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["station", "bulletin", "started_at"], name="one_aired_play_per_start"
            )
        ]

    def __str__(self) -> str:
        return f"{self.station_id} {self.bulletin_id} {self.started_at:%Y-%m-%d %H:%M}"


def _register_audit() -> None:
    """Every change a person makes to a station is in the audit log. Registered here
    rather than in ``BroadcastConfig.ready`` (that file belongs to the app's owner);
    ``AiredPlay`` rows are written by the system and stay out."""
    from auditlog.registry import auditlog

    for model in (Station, Cluster, Slot, Programme, Entry, Schedule):
        if not auditlog.contains(model):
            auditlog.register(model)
    if not auditlog.contains(Offer):
        auditlog.register(Offer, m2m_fields={"clusters"})


_register_audit()
