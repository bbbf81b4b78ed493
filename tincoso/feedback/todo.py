"""What waits for a person in feedback: questions to answer (with the time left) and
corrections to review."""

from __future__ import annotations

from functools import reduce
from operator import or_
from typing import Any

from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _

from tincoso.core.todo import Entry, Section, section_of
from tincoso.feedback.models import OPEN_STATUSES, CorrectionVersion, Feedback, VersionStatus
from tincoso.units import permissions
from tincoso.units.permissions import Action

# services.can_handle: officers (acknowledge) and editors (edit content) answer feedback.
_HANDLE = (Action.ACKNOWLEDGE, Action.EDIT_CONTENT)


def _handle_paths(user: Any) -> list[str] | None:
    """Subtrees where ``user`` handles feedback; None means everywhere."""
    paths: list[str] = []
    for action in _HANDLE:
        roots = permissions.root_paths(user, action)
        if roots is None:
            return None
        paths += roots
    return paths


def to_answer(user: Any) -> QuerySet[Feedback]:
    """Open feedback of units ``user`` handles, not taken on by a colleague, nearest
    deadline (so overdue) first."""
    qs = Feedback.objects.filter(status__in=OPEN_STATUSES).filter(
        Q(assigned_to__isnull=True) | Q(assigned_to=user)
    )
    paths = _handle_paths(user)
    if paths is not None:
        qs = qs.filter(reduce(or_, (Q(unit__path__startswith=p) for p in paths), Q(pk__in=[])))
    return qs.order_by("deadline", "pk")


def _feedback_entry(f: Feedback) -> Entry:
    return Entry(
        title=f"#{f.pk} {f.get_category_display()}: {f.text[:120]}",
        url=reverse("feedback-detail", args=[f.pk]),
        unit=f.unit.name,
        step=_("Trả lời"),
        due=f.deadline,
        overdue=f.is_overdue,
    )


def feedback(user: Any, limit: int) -> Section | None:
    if _handle_paths(user) == []:
        return None
    return section_of(
        to_answer(user),
        limit,
        _feedback_entry,
        related=("unit",),
        key="feedback",
        title=_("Ý kiến của nhân dân cần trả lời"),
        nav="feedback-inbox",
        more_url=reverse("feedback-inbox") + "?status=new",
    )


def corrections_to_review(user: Any) -> QuerySet[CorrectionVersion]:
    """Submitted correction versions on units where ``user`` approves, but not their own."""
    return (
        permissions.restrict(
            CorrectionVersion.objects.filter(status=VersionStatus.SUBMITTED),
            user,
            Action.APPROVE,
            "correction__unit",
        )
        .exclude(author=user)
        .order_by("submitted_at", "pk")
    )


def _correction_entry(v: CorrectionVersion) -> Entry:
    return Entry(
        title=v.headline,
        url=reverse("correction-detail", args=[v.correction_id]),
        unit=v.correction.unit.name,
        step=_("Duyệt"),
    )


def corrections(user: Any, limit: int) -> Section | None:
    if permissions.root_paths(user, Action.APPROVE) == []:
        return None
    return section_of(
        corrections_to_review(user),
        limit,
        _correction_entry,
        related=("correction__unit",),
        key="corrections",
        title=_("Đính chính chờ bạn duyệt"),
        nav="correction-list",
        more_url=reverse("correction-list"),
    )
