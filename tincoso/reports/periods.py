"""Reporting periods: a closed range of dates, and the usual calendars.

Period boundaries are dates in Vietnam's time zone; a period covers whole days
from ``start`` to ``end`` inclusive, whatever months it cuts across.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.utils.translation import gettext_lazy as _

from tincoso.core.errors import DomainError

VN = ZoneInfo("Asia/Ho_Chi_Minh")


class PeriodError(DomainError):
    code = "invalid_period"


@dataclass(frozen=True)
class Period:
    start: dt.date
    end: dt.date  # inclusive

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise PeriodError(_("Ngày kết thúc phải sau ngày bắt đầu."))
        if (self.end - self.start).days > 366 * 5:
            raise PeriodError(_("Kỳ báo cáo dài tối đa 5 năm."))

    @classmethod
    def parse(cls, start: str, end: str) -> Period:
        try:
            return cls(dt.date.fromisoformat(start), dt.date.fromisoformat(end))
        except (TypeError, ValueError):
            raise PeriodError(_("Ngày phải có dạng YYYY-MM-DD.")) from None

    @property
    def since(self) -> dt.datetime:
        """The first instant of the period (aware)."""
        return dt.datetime.combine(self.start, dt.time.min, tzinfo=VN)

    @property
    def until(self) -> dt.datetime:
        """The first instant after the period (aware): use with ``<``."""
        return dt.datetime.combine(self.end + dt.timedelta(days=1), dt.time.min, tzinfo=VN)

    def label(self) -> str:
        return f"{self.start:%d/%m/%Y} – {self.end:%d/%m/%Y}"

    def as_dict(self) -> dict[str, str]:
        return {"from": self.start.isoformat(), "to": self.end.isoformat()}


def month(year: int, number: int) -> Period:
    first = dt.date(year, number, 1)
    nxt = dt.date(year + (number == 12), number % 12 + 1, 1)
    return Period(first, nxt - dt.timedelta(days=1))


def quarter(year: int, number: int) -> Period:
    first = month(year, 3 * number - 2)
    last = month(year, 3 * number)
    return Period(first.start, last.end)


def half(year: int, number: int) -> Period:
    return Period(quarter(year, 2 * number - 1).start, quarter(year, 2 * number).end)


def year(number: int) -> Period:
    return Period(dt.date(number, 1, 1), dt.date(number, 12, 31))


def period_containing(frequency: str, day: dt.date) -> Period:
    """The monthly/quarterly/half-yearly/yearly period that holds ``day``."""
    if frequency == "monthly":
        return month(day.year, day.month)
    if frequency == "quarterly":
        return quarter(day.year, (day.month - 1) // 3 + 1)
    if frequency == "half_yearly":
        return half(day.year, 1 if day.month <= 6 else 2)
    if frequency == "yearly":
        return year(day.year)
    raise PeriodError(_("Chu kỳ báo cáo không hợp lệ: %(f)s."), f=frequency)
