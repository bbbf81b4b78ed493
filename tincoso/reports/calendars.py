"""Reporting calendars: who reported for a period, what is due when, and reminders.

reported_units / not_reported   which units of a subtree reported for a period
not_acknowledged  the directives a subtree has not acknowledged, per unit
set_schedule      a unit's reporting calendar (monthly, quarterly, ...) and its due day
schedule_status   where a calendar stands today
check_schedules   remind units before a report is due and flag overdue ones (periodic)
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from tincoso.core import clock
from tincoso.core.notifications import notify
from tincoso.documents.models import Dispatch
from tincoso.reports.models import Report, Schedule
from tincoso.reports.periods import Period, period_containing
from tincoso.units import permissions
from tincoso.units.models import Membership, Role, Unit
from tincoso.units.permissions import Action


def reported_units(unit: Unit, period: Period) -> set[int]:
    """Ids of units in ``unit``'s subtree that submitted a report ending within ``period``."""
    return set(
        Report.objects.filter(
            unit__path__startswith=unit.path,
            status=Report.Status.SUBMITTED,
            period_end__gte=period.start,
            period_end__lte=period.end,
        ).values_list("unit_id", flat=True)
    )


def not_reported(unit: Unit, period: Period) -> list[Unit]:
    """Child units (and units with a reporting calendar below) without a report this period."""
    done = reported_units(unit, period)
    expected = {
        u.pk: u
        for u in Unit.objects.filter(path__startswith=unit.path, depth=unit.depth + 1, active=True)
    }
    for schedule in Schedule.objects.filter(
        unit__path__startswith=unit.path, active=True
    ).select_related("unit"):
        if schedule.unit_id != unit.pk:
            expected.setdefault(schedule.unit_id, schedule.unit)
    return sorted((u for pk, u in expected.items() if pk not in done), key=lambda u: u.path)


def not_acknowledged(unit: Unit, period: Period) -> list[tuple[Unit, int]]:
    """Units below with dispatches from the period still not acknowledged, and how many."""
    rows: dict[int, int] = {}
    for recipient_id in Dispatch.objects.filter(
        recipient__path__startswith=unit.path,
        sent_at__gte=period.since,
        sent_at__lt=period.until,
        acknowledged_at__isnull=True,
    ).values_list("recipient_id", flat=True):
        rows[recipient_id] = rows.get(recipient_id, 0) + 1
    units = Unit.objects.in_bulk(list(rows))
    return sorted(((units[k], n) for k, n in rows.items()), key=lambda x: x[0].path)


# --- calendars -----------------------------------------------------------------------


def due_date(schedule: Schedule, period: Period) -> dt.date:
    return period.end + dt.timedelta(days=schedule.due_days)


def previous_period(schedule: Schedule, today: dt.date) -> Period:
    """The last period that has ended by ``today``."""
    current = period_containing(schedule.frequency, today)
    return period_containing(schedule.frequency, current.start - dt.timedelta(days=1))


@transaction.atomic
def set_schedule(
    actor: Any, unit: Unit, frequency: str, *, due_days: int = 5, remind_days: int = 3
) -> Schedule:
    permissions.require_unless_system(actor, Action.REPORT, unit)
    period_containing(frequency, clock.today())  # validates the frequency
    schedule, _created = Schedule.objects.update_or_create(
        unit=unit,
        frequency=frequency,
        defaults={"due_days": due_days, "remind_days": remind_days, "active": True},
    )
    return schedule


def schedule_status(schedule: Schedule, today: dt.date | None = None) -> dict[str, Any]:
    today = today or clock.today()
    period = previous_period(schedule, today)
    due = due_date(schedule, period)
    submitted = schedule.unit.pk in reported_units(schedule.unit, period)
    return {
        "period": period,
        "due": due,
        "submitted": submitted,
        "overdue": not submitted and today > due,
        "remind": not submitted and due - dt.timedelta(days=schedule.remind_days) <= today <= due,
    }


def check_schedules() -> int:
    """Remind a unit's officers before a report is due; flag it to the parent when late."""
    sent = 0
    today = clock.today()
    for schedule in Schedule.objects.filter(active=True).select_related("unit"):
        status = schedule_status(schedule, today)
        period: Period = status["period"]
        url = reverse("report-list", args=[schedule.unit.code])
        if status["remind"] and schedule.last_reminded_for != period.end:
            people = [
                m.user
                for m in Membership.objects.filter(
                    unit=schedule.unit, role__in=[Role.OFFICER, Role.ADMIN]
                ).select_related("user")
            ]
            notify(
                people,
                str(
                    _("Sắp đến hạn báo cáo %(period)s (hạn %(due)s)")
                    % {"period": period.label(), "due": f"{status['due']:%d/%m/%Y}"}
                ),
                "",
                url,
            )
            schedule.last_reminded_for = period.end
            schedule.save(update_fields=["last_reminded_for"])
            sent += 1
        if status["overdue"] and schedule.last_flagged_for != period.end:
            parent = Unit.objects.get_parent(schedule.unit)
            if parent is not None:
                people = [
                    m.user
                    for m in Membership.objects.filter(
                        unit=parent, role__in=[Role.OFFICER, Role.ADMIN]
                    ).select_related("user")
                ]
                notify(
                    people,
                    str(
                        _("%(unit)s chưa nộp báo cáo %(period)s")
                        % {"unit": schedule.unit.name, "period": period.label()}
                    ),
                    "",
                    url,
                )
            schedule.last_flagged_for = period.end
            schedule.save(update_fields=["last_flagged_for"])
            sent += 1
    return sent
