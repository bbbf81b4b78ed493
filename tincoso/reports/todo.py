"""What waits for a person in reporting: the reports their units' calendars ask for
that are not yet submitted, and the reports waiting for their approval."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from tincoso.core import clock
from tincoso.core.todo import Entry, Section, section_of
from tincoso.reports.models import Report, Schedule
from tincoso.reports.periods import VN, Period
from tincoso.reports.services import due_date, previous_period, to_approve
from tincoso.units import permissions
from tincoso.units.models import Unit
from tincoso.units.permissions import Action


def reports_due(user: Any, today: dt.date | None = None) -> list[tuple[Schedule, Period, dt.date]]:
    """(schedule, period, due date) for each calendar on a unit where ``user`` reports
    whose last ended period has no report submitted (for approval or approved);
    earliest due (so overdue) first.
    Two queries whatever the number of calendars."""
    today = today or clock.today()
    schedules = list(
        permissions.restrict(Schedule.objects.filter(active=True), user, Action.REPORT)
        .select_related("unit")
        .order_by("unit__path", "pk")
    )
    if not schedules:
        return []
    periods = {s.pk: previous_period(s, today) for s in schedules}
    submitted = set(
        Report.objects.filter(
            unit__in=[s.unit_id for s in schedules],
            # Handed in: waiting for the approver is the approver's to-do, not theirs.
            status__in=[Report.Status.PENDING, Report.Status.SUBMITTED],
            period_end__gte=min(p.start for p in periods.values()),
            period_end__lte=max(p.end for p in periods.values()),
        ).values_list("unit_id", "period_end")
    )
    due = []
    for s in schedules:
        period = periods[s.pk]
        if not any(u == s.unit_id and period.start <= end <= period.end for u, end in submitted):
            due.append((s, period, due_date(s, period)))
    return sorted(due, key=lambda row: (row[2], row[0].unit.path))


def reports(user: Any, limit: int) -> Section | None:
    if permissions.root_paths(user, Action.REPORT) == []:
        return None
    rows = reports_due(user)
    today = clock.today()
    section = Section(
        key="reports",
        title=_("Báo cáo đến hạn"),
        nav="report-home",
        total=len(rows),
        more_url=reverse("report-home"),
    )
    for schedule, period, due in rows[:limit]:
        unit: Unit = schedule.unit
        section.entries.append(
            Entry(
                title=_("Báo cáo %(frequency)s, kỳ %(period)s")
                % {"frequency": schedule.get_frequency_display().lower(), "period": period.label()},
                url=reverse("report-list", args=[unit.code]),
                unit=unit.name,
                step=_("Soạn và gửi báo cáo"),
                # Due by the end of the due day, in Vietnam.
                due=dt.datetime.combine(due + dt.timedelta(days=1), dt.time.min, tzinfo=VN),
                overdue=today > due,
            )
        )
    return section


def _approval_entry(report: Report) -> Entry:
    return Entry(
        title=report.title,
        url=reverse("report-detail", args=[report.pk]),
        unit=report.unit.name,
        step=_("Duyệt, ký"),
    )


def approvals(user: Any, limit: int) -> Section | None:
    """Reports submitted for approval that ``user`` may approve (four eyes)."""
    if permissions.root_paths(user, Action.APPROVE) == []:
        return None
    return section_of(
        to_approve(user),
        limit,
        _approval_entry,
        related=("unit",),
        key="report-approvals",
        title=_("Báo cáo chờ bạn duyệt"),
        nav="report-home",
        more_url=reverse("report-home"),
    )
