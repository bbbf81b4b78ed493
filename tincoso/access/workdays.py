"""Working days in Vietnam: Monday to Friday, less the public holidays, plus the
weekend days the Government's annual notice makes working days (ngày làm bù).

The holidays are data (``holidays.json``, years 2025–2027; ``ACCESS_HOLIDAYS_FILE``
points elsewhere), not code: Tết and Giỗ Tổ follow the lunar calendar and the days
off around them are set by each year's notice, so the file is updated, not computed.
A date outside the years the file covers raises, rather than silently counting a
holiday as a working day.
"""

from __future__ import annotations

import datetime as dt
import json
from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from tincoso.core.errors import DomainError

DEFAULT_FILE = Path(__file__).with_name("holidays.json")


class CalendarMissingError(DomainError):
    code = "calendar_missing"


@lru_cache(maxsize=4)
def _calendar(path: str) -> dict[int, tuple[frozenset[dt.date], frozenset[dt.date]]]:
    raw = json.loads(Path(path).read_text(encoding="utf-8"))
    years: dict[int, tuple[frozenset[dt.date], frozenset[dt.date]]] = {}
    for key, value in raw.items():
        if key.isdigit():
            off = frozenset(dt.date.fromisoformat(d) for d in value.get("off", []))
            work = frozenset(dt.date.fromisoformat(d) for d in value.get("work", []))
            years[int(key)] = (off, work)
    return years


def calendar() -> dict[int, tuple[frozenset[dt.date], frozenset[dt.date]]]:
    return _calendar(str(getattr(settings, "ACCESS_HOLIDAYS_FILE", "") or DEFAULT_FILE))


def is_working_day(day: dt.date) -> bool:
    year = calendar().get(day.year)
    if year is None:
        raise CalendarMissingError(
            _("Chưa có lịch ngày nghỉ lễ năm %(year)s: cần cập nhật tệp ngày lễ."), year=day.year)
    off, work = year
    if day in work:
        return True
    return day.weekday() < 5 and day not in off


def add_working_days(start: dt.date, count: int) -> dt.date:
    """The ``count``-th working day after ``start`` (the day of receipt is not counted)."""
    day = start
    left = count
    while left > 0:
        day += dt.timedelta(days=1)
        if is_working_day(day):
            left -= 1
    return day


def working_days_between(start: dt.date, end: dt.date) -> int:
    """Working days after ``start`` up to and including ``end`` (0 when end <= start)."""
    count, day = 0, start
    while day < end:
        day += dt.timedelta(days=1)
        count += is_working_day(day)
    return count
