"""Reminders to handlers: once when a deadline is near, once when it has passed.

Run by the periodic worker beside ``dispatching.check_deadlines``. Idempotent: each
assignment is announced at most once of each kind (``reminded_at``,
``overdue_notified_at``); moving the deadline in new instructions re-arms them.
The person named, and a colleague holding their work today, are told; the leaders
of the unit are told too when it is overdue.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tincoso.core import clock
from tincoso.core.notifications import notify
from tincoso.documents.handling.handlers import SUBJECT_RELATED, active_handovers
from tincoso.documents.handling.models import Assignment, AssignmentStatus
from tincoso.units.models import Membership, Role

REMIND_BEFORE = dt.timedelta(days=1)


def _open() -> Any:
    return Assignment.objects.filter(
        instruction__current=True, person__isnull=False, status=AssignmentStatus.OPEN
    ).select_related("person", *SUBJECT_RELATED)


def _people(row: Assignment, *, leaders: bool) -> list[Any]:
    unit_id = row.instruction.unit_id
    people: list[Any] = [row.person]
    for h in active_handovers().filter(from_person_id=row.person_id, unit_id=unit_id):
        people.append(h.to_person)
    if leaders:
        people += [
            m.user
            for m in Membership.objects.filter(unit_id=unit_id, role=Role.APPROVER).select_related(
                "user"
            )
        ]
    return list({p.pk: p for p in people}.values())


def _tell(row: Assignment, subject: Any, *, leaders: bool) -> None:
    assert row.deadline is not None
    doc = row.instruction.incoming
    notify(
        _people(row, leaders=leaders),
        str(subject % {"label": doc.label}),
        str(
            _("%(person)s — hạn %(deadline)s: %(title)s")
            % {
                "person": row.assignee_name,
                "deadline": timezone.localtime(row.deadline).strftime("%d/%m/%Y %H:%M"),
                "title": doc.title[:200],
            }
        ),
        reverse("handling-assignment", args=[row.pk]),
    )


@transaction.atomic
def send_reminders() -> int:
    """Remind of near and passed deadlines; returns how many reminders went out."""
    now = clock.now()
    sent = 0
    for row in (
        _open()
        .select_for_update(of=("self",))
        .filter(reminded_at__isnull=True, deadline__gt=now, deadline__lte=now + REMIND_BEFORE)
    ):
        _tell(row, _("Sắp đến hạn xử lý: %(label)s"), leaders=False)
        row.reminded_at = now
        row.save(update_fields=["reminded_at"])
        sent += 1
    for row in (
        _open()
        .select_for_update(of=("self",))
        .filter(overdue_notified_at__isnull=True, deadline__lt=now)
    ):
        _tell(row, _("Quá hạn xử lý: %(label)s"), leaders=True)
        row.overdue_notified_at = now
        row.save(update_fields=["overdue_notified_at"])
        sent += 1
    return sent
