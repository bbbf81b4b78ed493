"""What waits for a person among directives: dispatches to open, acknowledge or finish."""

from __future__ import annotations

from typing import Any

from django.db.models import Case, F, IntegerField, Q, QuerySet, Value, When
from django.urls import reverse
from django.utils.translation import gettext as _

from tincoso.core import clock
from tincoso.core.todo import Entry, Section, section_of
from tincoso.documents.models import CLOSED_STATUSES, Dispatch, DispatchStatus
from tincoso.units import permissions
from tincoso.units.permissions import Action

_NOT_YET_ACKNOWLEDGED = [DispatchStatus.SENT, DispatchStatus.OPENED]


def waiting_dispatches(user: Any) -> QuerySet[Dispatch]:
    """Dispatches not done to units where ``user`` may acknowledge, overdue ones first,
    then by deadline and age."""
    qs = permissions.restrict(
        Dispatch.objects.exclude(status__in=CLOSED_STATUSES), user, Action.ACKNOWLEDGE, "recipient"
    )
    late = Q(deadline__lt=clock.now(), status__in=_NOT_YET_ACKNOWLEDGED)
    return qs.annotate(
        late=Case(When(late, then=Value(0)), default=Value(1), output_field=IntegerField())
    ).order_by("late", F("deadline").asc(nulls_last=True), "sent_at", "pk")


def _step(status: str) -> str:
    steps: dict[str, str] = {
        DispatchStatus.SENT: _("Mở và tiếp nhận"),
        DispatchStatus.OPENED: _("Tiếp nhận"),
        DispatchStatus.ACKNOWLEDGED: _("Triển khai, báo cáo kết quả"),
        DispatchStatus.IMPLEMENTING: _("Báo cáo kết quả"),
    }
    return steps.get(status, "")


def _entry(d: Dispatch) -> Entry:
    return Entry(
        title=f"{d.document.label}: {d.document.title[:140]}",
        url=reverse("dispatch-detail", args=[d.pk]),
        unit=d.recipient.name,
        step=_step(d.status),
        # The deadline is for acknowledging: past that step it no longer presses.
        due=d.deadline if d.status in _NOT_YET_ACKNOWLEDGED else None,
        overdue=d.is_overdue,
    )


def directives(user: Any, limit: int) -> Section | None:
    if permissions.root_paths(user, Action.ACKNOWLEDGE) == []:
        return None
    return section_of(
        waiting_dispatches(user),
        limit,
        _entry,
        related=("document", "recipient"),
        key="directives",
        title=_("Văn bản chờ tiếp nhận, thực hiện"),
        nav="inbox-home",
        more_url=reverse("inbox-home"),
    )
