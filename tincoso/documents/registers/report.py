"""Báo cáo tình hình giải quyết văn bản đến (NĐ 30/2020 Phụ lục VI, V.2): of what a
unit received in a period, how much was done on time, done late, is overdue, is
still in hand, or left the register's follow-up (returned, revoked, replaced)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from django.utils.timezone import localdate
from django.utils.translation import gettext_lazy as _

from tincoso.core import clock
from tincoso.documents.registers.rows import entries, handling, state
from tincoso.units.models import Unit

GROUPS = {
    "received": _("Văn bản đến"),
    "on_time": _("Đã giải quyết đúng hạn"),
    "late": _("Đã giải quyết quá hạn"),
    "overdue": _("Chưa giải quyết, đã quá hạn"),
    "in_progress": _("Đang giải quyết, trong hạn"),
    "withdrawn": _("Trả lại, thu hồi, thay thế"),
}


@dataclass(frozen=True)
class HandlingReport:
    unit: Unit
    start: dt.date
    end: dt.date
    counts: dict[str, int]

    def rows(self) -> list[list[str | int]]:
        return [[str(label), self.counts[key]] for key, label in GROUPS.items()]


def handling_report(unit: Unit, start: dt.date, end: dt.date) -> HandlingReport:
    """Counts over the lines that arrived from ``start`` to ``end`` (both included)."""
    now = clock.now()
    counts = dict.fromkeys(GROUPS, 0)
    for year in range(start.year, end.year + 1):
        for entry in entries(unit, year):
            day = localdate(entry.arrived)
            if start <= day <= end:
                counts["received"] += 1
                counts[state(handling(entry), now)] += 1
    return HandlingReport(unit, start, end, counts)


def _day(raw: str | None, default: dt.date) -> dt.date:
    try:
        return dt.date.fromisoformat(raw) if raw else default
    except ValueError:
        return default


def period(params: Mapping[str, str]) -> tuple[dt.date, dt.date]:
    """``from`` and ``to`` of a query (ISO dates): this year so far unless given; a
    date that does not parse falls back, and ``to`` is never before ``from``."""
    today = clock.today()
    start = _day(params.get("from"), today.replace(month=1, day=1))
    return start, max(start, _day(params.get("to"), today))
