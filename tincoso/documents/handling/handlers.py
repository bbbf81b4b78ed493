"""A handler's part: their open assignments, marking one done, and hand-over when away.

A person acts on an assignment naming them, or on one of a colleague who handed
their work in that unit over to them for a range of days that includes today
(``Handover``). Who acted is recorded (``done_by``) beside whom it named.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from tincoso.core import clock
from tincoso.core.errors import ConflictError, PermissionDeniedError
from tincoso.documents.handling.models import Assignment, AssignmentStatus, Handover
from tincoso.documents.models import HandlingRole
from tincoso.documents.rules import DocumentError
from tincoso.units import permissions
from tincoso.units.models import Membership, Unit
from tincoso.units.permissions import Action

# What an assignment's pages and reminders read of its line (a dispatch or a document).
SUBJECT_RELATED = (
    "instruction__dispatch__document",
    "instruction__dispatch__recipient",
    "instruction__document__unit",
)


def active_handovers(today: dt.date | None = None) -> QuerySet[Handover]:
    today = today or clock.today()
    return Handover.objects.filter(starts__lte=today, ends__gte=today)


def open_assignments(user: Any) -> QuerySet[Assignment]:
    """A person's open assignments in force: their own, and those handed over to them
    today (each only in the unit the hand-over names). Earliest deadline first; one
    query to count, whatever the hand-overs."""
    held = active_handovers().filter(
        Q(unit=OuterRef("instruction__dispatch__recipient"))
        | Q(unit=OuterRef("instruction__document__unit")),
        to_person=user,
        from_person=OuterRef("person"),
    )
    mine = Q(person=user) | Q(Exists(held))
    return (
        Assignment.objects.filter(
            mine, instruction__current=True, person__isnull=False, status=AssignmentStatus.OPEN
        )
        .select_related(*SUBJECT_RELATED)
        .order_by("deadline", "pk")
    )


def may_act(user: Any, assignment: Assignment) -> bool:
    if assignment.person_id is None or not user.is_authenticated:
        return False
    if assignment.person_id == user.pk:
        return True
    return (
        active_handovers()
        .filter(
            from_person_id=assignment.person_id,
            to_person=user,
            unit_id=assignment.instruction.unit_id,
        )
        .exists()
    )


def may_view(user: Any, assignment: Assignment) -> bool:
    return may_act(user, assignment) or permissions.can(
        user, Action.VIEW, assignment.instruction.unit
    )


@transaction.atomic
def complete(user: Any, assignment: Assignment, note: str) -> Assignment:
    """The handler's part done, with a result note (the proposal of the Phiếu's part 3)."""
    if not may_act(user, assignment):
        raise PermissionDeniedError(_("Việc này không được giao cho bạn."))
    row = Assignment.objects.select_for_update().get(pk=assignment.pk)
    if not row.instruction.current:
        raise ConflictError(_("Ý kiến chỉ đạo này đã được thay bằng ý kiến mới."))
    if row.status == AssignmentStatus.DONE:
        raise ConflictError(_("Việc này đã xong."))
    note = (note or "").strip()
    if not note and row.role != HandlingRole.INFORM:
        raise DocumentError(_("Hãy ghi kết quả, ý kiến đề xuất."))
    row.status, row.result_note = AssignmentStatus.DONE, note
    row.done_at, row.done_by = clock.now(), user
    row.save(update_fields=["status", "result_note", "done_at", "done_by"])
    return row


def colleagues(unit: Unit, user: Any) -> list[Any]:
    """Other people holding a role on ``unit`` itself."""
    ids = Membership.objects.filter(unit=unit).exclude(user=user).values("user_id")
    return list(get_user_model().objects.filter(pk__in=ids, is_active=True).order_by("username"))


@transaction.atomic
def hand_over(
    actor: Any, unit: Unit, to_person: Any, starts: dt.date, ends: dt.date, note: str = ""
) -> Handover:
    """``actor`` hands their open assignments in ``unit`` to a colleague for a while."""
    if not Membership.objects.filter(unit=unit, user=actor).exists():
        raise PermissionDeniedError(_("Bạn không phải thành viên của “%(unit)s”."), unit=unit.name)
    if (
        to_person.pk == actor.pk
        or not Membership.objects.filter(unit=unit, user=to_person).exists()
    ):
        raise DocumentError(
            _("Chỉ bàn giao được cho một đồng nghiệp khác của “%(unit)s”."), unit=unit.name
        )
    if ends < starts:
        raise DocumentError(_("Ngày kết thúc phải sau ngày bắt đầu."))
    if ends < clock.today():
        raise DocumentError(_("Khoảng ngày bàn giao đã qua."))
    return Handover.objects.create(
        unit=unit,
        from_person=actor,
        to_person=to_person,
        starts=starts,
        ends=ends,
        note=note.strip()[:255],
        created_by=actor,
    )


def handovers_of(user: Any) -> QuerySet[Handover]:
    """Hand-overs a person gave or took, newest first."""
    return Handover.objects.filter(Q(from_person=user) | Q(to_person=user)).select_related(
        "unit", "from_person", "to_person"
    )
