"""Programmes: the ordered bulletins of one slot on one date, and their length.

A programme's length is the sum of its bulletins' durations plus the station's
gap between two bulletins (``gap_seconds`` × (entries − 1)). The operator cannot
make a programme longer than its slot; a priority bulletin from above is placed
even so (TT 39: it must play) and the programme is then flagged ``over``.

Order: priority entries first, in the operator's order, then the others in theirs
(a normal bulletin accepted from the inbox joins the end of the others).
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext_lazy as _

from tincoso.broadcast.bulletins.models import Bulletin
from tincoso.broadcast.stations.models import Entry, Offer, Programme, Slot, Station
from tincoso.broadcast.stations.services import StationError, require_operator
from tincoso.core import clock
from tincoso.core.errors import ConflictError

MAX_DAYS_AHEAD = 366


class ProgrammeTooLongError(ConflictError):
    code = "programme_too_long"


def require_playable(bulletin: Bulletin) -> None:
    """Nothing unapproved, or without rendered audio, reaches a loudspeaker."""
    if not bulletin.playable:
        raise StationError(
            _("Bản tin “%(title)s” chưa được duyệt hoặc chưa có âm thanh: không thể phát."),
            title=bulletin.title[:100],
        )


def zone(station: Station) -> zoneinfo.ZoneInfo:
    return zoneinfo.ZoneInfo(station.timezone)


def slot_start(slot: Slot, day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, slot.start, tzinfo=zone(slot.station))


def slot_end(slot: Slot, day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, slot.end, tzinfo=zone(slot.station))


def occurrences(
    station: Station, since: dt.datetime, until: dt.datetime
) -> list[tuple[Slot, dt.date]]:
    """Each (slot, date) of the station whose start lies in [since, until), in order."""
    tz = zone(station)
    slots = list(station.slots.all())
    out: list[tuple[dt.datetime, Slot, dt.date]] = []
    day = since.astimezone(tz).date()
    last = until.astimezone(tz).date()
    while day <= last:
        for slot in slots:
            if slot.runs_on(day.weekday()):
                start = slot_start(slot, day)
                if since <= start < until:
                    out.append((start, slot, day))
        day += dt.timedelta(days=1)
    return [(slot, day) for _start, slot, day in sorted(out, key=lambda r: (r[0], r[1].pk))]


def next_occurrence(station: Station, after: dt.datetime) -> tuple[Slot, dt.date] | None:
    """The first slot of the station starting after ``after`` (within a week)."""
    found = occurrences(station, after + dt.timedelta(microseconds=1), after + dt.timedelta(days=8))
    return found[0] if found else None


@dataclass(frozen=True)
class Length:
    seconds: float
    slot_seconds: int

    @property
    def over(self) -> bool:
        return self.seconds > self.slot_seconds


def length_of(programme: Programme, extra: list[Bulletin] | None = None) -> Length:
    durations = [e.bulletin.duration or 0 for e in programme.entries.select_related("bulletin")]
    durations += [b.duration or 0 for b in extra or []]
    gaps = programme.slot.station.gap_seconds * max(len(durations) - 1, 0)
    return Length(float(sum(durations)) + gaps, programme.slot.seconds)


def programme_for(slot: Slot, day: dt.date) -> Programme:
    return Programme.objects.get_or_create(slot=slot, date=day)[0]


def ordered(programme: Programme) -> list[Entry]:
    return list(programme.entries.select_related("bulletin", "offer").order_by(
        "-priority", "position", "id"))  # fmt: skip


def _check_fits(programme: Programme, bulletin: Bulletin) -> None:
    length = length_of(programme, [bulletin])
    if length.over:
        raise ProgrammeTooLongError(
            _("Chương trình sẽ dài %(have)s giây, quá khung giờ %(slot)s giây: "
              "hãy bớt bản tin hoặc chọn khung giờ khác."),
            have=round(length.seconds), slot=length.slot_seconds,
        )  # fmt: skip


def _next_position(programme: Programme, priority: bool) -> int:
    top = programme.entries.filter(priority=priority).aggregate(m=Max("position"))["m"]
    return 0 if top is None else top + 1


def _check_day(programme: Programme) -> None:
    """A programme of a day the slot runs, not yet over (what aired stays as it aired)."""
    if not programme.slot.runs_on(programme.date.weekday()):
        raise StationError(_("Khung giờ này không phát vào ngày đã chọn."))
    if slot_end(programme.slot, programme.date) <= clock.now():
        raise StationError(_("Chương trình này đã phát xong, không sửa được nữa."))


@transaction.atomic
def add_entry(
    actor: Any, programme: Programme, bulletin: Bulletin, priority: bool = False,
    offer: Offer | None = None, allow_over: bool = False,
) -> Entry:
    """Put ``bulletin`` at the end of the programme's priority or other entries.

    Without an offer, only the station's own bulletins (its unit or below); bulletins
    from above come through the inbox (``inbox.accept``)."""
    station = programme.slot.station
    require_operator(actor, station)
    require_playable(bulletin)
    _check_day(programme)
    if offer is None and not bulletin.unit.is_within(station.unit):
        raise StationError(
            _("Bản tin của đơn vị khác chỉ vào chương trình qua hộp thư của đài."))
    if programme.entries.filter(bulletin=bulletin).exists():
        raise ConflictError(_("Bản tin này đã có trong chương trình."))
    if not allow_over:
        _check_fits(programme, bulletin)
    return Entry.objects.create(
        programme=programme, bulletin=bulletin, priority=priority,
        position=_next_position(programme, priority), offer=offer,
    )  # fmt: skip


@transaction.atomic
def add_to(actor: Any, slot: Slot, day: dt.date, bulletin: Bulletin, priority: bool = False
           ) -> Entry:
    """``add_entry`` to the programme of ``slot`` on ``day`` (made if need be; nothing is
    left behind when the entry is refused)."""
    require_operator(actor, slot.station)
    check_date(day, clock.today())
    return add_entry(actor, programme_for(slot, day), bulletin, priority)


@transaction.atomic
def remove_entry(actor: Any, entry: Entry) -> None:
    require_operator(actor, entry.programme.slot.station)
    _check_day(entry.programme)
    if entry.offer is not None and entry.offer.priority == "priority":
        raise StationError(_("Bản tin ưu tiên của cấp trên phải được phát; chỉ được đổi thứ tự."))
    offer = entry.offer
    entry.delete()
    if offer is not None and not offer.entries.exists():
        offer.status = Offer.Status.PENDING
        offer.save(update_fields=["status"])


@transaction.atomic
def move_entry(actor: Any, entry: Entry, step: int) -> list[Entry]:
    """Move an entry up (step −1) or down (+1) among the entries of its kind: a
    priority bulletin only among the programme's priority bulletins."""
    require_operator(actor, entry.programme.slot.station)
    _check_day(entry.programme)
    if step not in (-1, 1):
        raise StationError(_("Chỉ được chuyển lên hoặc xuống một vị trí."))
    group = [e for e in ordered(entry.programme) if e.priority == entry.priority]
    at = next(i for i, e in enumerate(group) if e.pk == entry.pk)
    to = at + step
    if 0 <= to < len(group):
        group[at], group[to] = group[to], group[at]
        for position, item in enumerate(group):
            if item.position != position:
                item.position = position
                item.save(update_fields=["position"])
    return ordered(entry.programme)


def check_date(day: dt.date, today: dt.date) -> None:
    if abs((day - today).days) > MAX_DAYS_AHEAD:
        raise StationError(_("Ngày phải trong vòng một năm kể từ hôm nay."))
