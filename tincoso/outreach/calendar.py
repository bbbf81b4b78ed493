"""A unit's activities as a month calendar and as an iCalendar feed (RFC 5545).

The feed is read by calendar programs that cannot log in, so its address
carries a signed key naming the person and the unit (django.core.signing);
each request checks again that the person may still see the unit, so taking
someone's role away also closes their feed.
"""

from __future__ import annotations

import calendar as pycalendar
import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from icalendar import Calendar, Event

from tincoso.core.errors import PermissionDeniedError
from tincoso.outreach.models import Activity
from tincoso.units import permissions
from tincoso.units.models import Unit
from tincoso.units.permissions import Action

FEED_SALT = "tincoso.outreach.ical"
FEED_DAYS_BACK = 180
FEED_DAYS_AHEAD = 366


@dataclass
class Day:
    date: dt.date
    in_month: bool
    activities: list[Activity]


def month_bounds(year: int, month: int) -> tuple[dt.datetime, dt.datetime]:
    tz = timezone.get_current_timezone()
    start = dt.datetime(year, month, 1, tzinfo=tz)
    end = dt.datetime(year + (month == 12), month % 12 + 1, 1, tzinfo=tz)
    return start, end


def unit_activities(unit: Unit) -> QuerySet[Activity]:
    """Activities of the unit and every unit below it."""
    return Activity.objects.filter(unit__path__startswith=unit.path)


def month_grid(unit: Unit, year: int, month: int) -> list[list[Day]]:
    """Weeks (Monday first) of the month, each day with the subtree's activities."""
    weeks = pycalendar.Calendar(firstweekday=0).monthdatescalendar(year, month)
    first, last = weeks[0][0], weeks[-1][-1]
    tz = timezone.get_current_timezone()
    start = dt.datetime.combine(first, dt.time.min, tzinfo=tz)
    end = dt.datetime.combine(last + dt.timedelta(days=1), dt.time.min, tzinfo=tz)
    by_day: dict[dt.date, list[Activity]] = {}
    for activity in unit_activities(unit).filter(starts_at__gte=start, starts_at__lt=end) \
            .select_related("unit").order_by("starts_at", "id"):
        by_day.setdefault(timezone.localtime(activity.starts_at).date(), []).append(activity)
    return [[Day(day, day.month == month, by_day.get(day, [])) for day in week]
            for week in weeks]


def feed_key(user: Any, unit: Unit) -> str:
    return signing.dumps({"u": user.pk, "unit": unit.code}, salt=FEED_SALT, compress=True)


def feed_user(key: str, unit: Unit) -> Any:
    """The person a feed key was made for, if it is genuine and they may still see ``unit``."""
    try:
        data = signing.loads(key, salt=FEED_SALT)
    except signing.BadSignature as exc:
        raise PermissionDeniedError(_("Đường dẫn lịch không hợp lệ.")) from exc
    if data.get("unit") != unit.code:
        raise PermissionDeniedError(_("Đường dẫn lịch không hợp lệ."))
    user = get_user_model().objects.filter(pk=data.get("u"), is_active=True).first()
    if user is None:
        raise PermissionDeniedError(_("Đường dẫn lịch không hợp lệ."))
    permissions.require(user, Action.VIEW, unit)
    return user


def ical_feed(unit: Unit, now: dt.datetime) -> bytes:
    """The unit subtree's activities from half a year back to a year ahead, as iCalendar."""
    cal = Calendar()
    cal.add("prodid", "-//Tin Co So//outreach//VI")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", f"{_('Hoạt động tuyên truyền')} — {unit.name}")
    cal.add("x-wr-timezone", settings.TIME_ZONE)
    qs = unit_activities(unit).filter(
        starts_at__gte=now - dt.timedelta(days=FEED_DAYS_BACK),
        starts_at__lt=now + dt.timedelta(days=FEED_DAYS_AHEAD),
    ).select_related("unit").prefetch_related("reporters").order_by("starts_at", "id")
    base = (settings.SITE_URL or "").rstrip("/")
    for activity in qs:
        event = Event()
        event.add("uid", f"{activity.uid}@tincoso")
        event.add("dtstamp", activity.updated_at)
        event.add("last-modified", activity.updated_at)
        event.add("dtstart", activity.starts_at)
        event.add("dtend", activity.ends_at or activity.starts_at + dt.timedelta(hours=1))
        event.add("summary", f"{activity.get_form_display()}: {activity.topic}")
        if activity.place:
            event.add("location", activity.place)
        lines = [str(activity.unit)]
        speakers = ", ".join(r.full_name for r in activity.reporters.all())
        if speakers:
            lines.append(f"{_('Báo cáo viên')}: {speakers}")
        if activity.audience_total:
            lines.append(f"{_('Tổng số người dự')}: {activity.audience_total}")
        event.add("description", "\n".join(lines))
        event.add("categories", [str(activity.get_form_display())])
        event.add("url", base + reverse("outreach-activity", args=[activity.pk]))
        cal.add_component(event)
    return cal.to_ical()
