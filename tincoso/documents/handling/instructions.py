"""The leader's instructions on an incoming document, in one act (NĐ 30/2020 Art. 23).

They are given on a line of the unit's incoming register (``handling.subject``): a
document received as a Dispatch through the tree, or one the unit registered itself
(paper, mail, a signed PDF from outside the tree) — the decree's most common path,
where the văn thư registers and the leader of the same unit instructs.

``give_instructions`` records a new version: the text and who leads (chủ trì),
coordinates (phối hợp) and is informed (để biết), each a sub-unit of the receiving
unit or a member of it, each with a deadline. A named sub-unit gets the document as
a Dispatch carrying that role and deadline, sent by the instructing unit: dispatching
down the tree is this same act. Earlier versions stay readable; a person's progress
carries over to the new version when they are named again. Only a leader (approver)
of the receiving unit gives instructions; bad input is refused whole and changes
nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from tincoso.core import clock
from tincoso.core.errors import PermissionDeniedError
from tincoso.core.notifications import notify
from tincoso.documents.dispatching import _send
from tincoso.documents.handling.models import Assignment, Instruction
from tincoso.documents.handling.subject import Subject, document_of, is_self_registered, unit_of
from tincoso.documents.models import Dispatch, Document, HandlingRole
from tincoso.documents.rules import DocumentError
from tincoso.units import permissions
from tincoso.units.models import Membership, Unit
from tincoso.units.permissions import Action


@dataclass(frozen=True)
class Assignee:
    """One line of the form: ``unit`` or ``person`` (exactly one), a role, a deadline."""

    role: str
    deadline: dt.datetime | None
    unit: Unit | None = None
    person: Any = None

    @property
    def key(self) -> str:
        return f"unit:{self.unit.pk}" if self.unit else f"user:{self.person.pk}"


def require_leader(actor: Any, subject: Subject) -> None:
    """Instructions are a leader's (approver's) act on the receiving unit."""
    if not permissions.can(actor, Action.APPROVE, unit_of(subject)):
        raise PermissionDeniedError(
            _("Chỉ lãnh đạo của “%(unit)s” mới cho ý kiến chỉ đạo được."),
            unit=unit_of(subject).name,
        )


def current(subject: Subject) -> Instruction | None:
    return subject.instructions.filter(current=True).first()


def sub_units(subject: Subject) -> list[Unit]:
    """Units below the receiving unit, which instructions may name."""
    unit = unit_of(subject)
    return list(
        Unit.objects.filter(path__startswith=unit.path, active=True)
        .exclude(pk=unit.pk)
        .order_by("path")
    )


def members(subject: Subject) -> list[Any]:
    """People holding a role on the receiving unit itself, which instructions may name."""
    ids = Membership.objects.filter(unit=unit_of(subject)).values("user_id")
    return list(get_user_model().objects.filter(pk__in=ids, is_active=True).order_by("username"))


def _check(subject: Subject, text: str, assignees: Sequence[Assignee]) -> None:
    if not text.strip():
        raise DocumentError(_("Hãy ghi ý kiến chỉ đạo."))
    if not assignees:
        raise DocumentError(_("Hãy chọn ít nhất một đơn vị hoặc cá nhân xử lý."))
    keys = [a.key for a in assignees]
    if len(set(keys)) != len(keys):
        raise DocumentError(_("Mỗi đơn vị, cá nhân chỉ được giao một vai trò."))
    below = {u.pk for u in sub_units(subject)}
    people = {p.pk for p in members(subject)}
    now = clock.now()
    for a in assignees:
        if a.role not in HandlingRole.values:
            raise DocumentError(_("Vai trò “%(role)s” không hợp lệ."), role=a.role)
        if a.unit is not None and a.unit.pk not in below:
            raise DocumentError(_("“%(unit)s” không thuộc đơn vị nhận văn bản."), unit=a.unit.name)
        if a.person is not None and a.person.pk not in people:
            raise DocumentError(
                _("“%(person)s” không phải thành viên của “%(unit)s”."),
                person=a.person.username,
                unit=unit_of(subject).name,
            )
        if a.deadline is None and a.role != HandlingRole.INFORM:
            raise DocumentError(
                _("Hãy đặt thời hạn giải quyết cho từng đơn vị, cá nhân chủ trì và phối hợp.")
            )
        if a.deadline is not None and a.deadline < now:
            raise DocumentError(
                _("Thời hạn giải quyết đã qua: hãy chọn một ngày từ hôm nay trở đi.")
            )
    before = current(subject)
    if before is not None:
        dropped = before.assignments.filter(made_dispatch__isnull=False).exclude(
            unit__in=[a.unit for a in assignees if a.unit is not None]
        )
        if dropped.exists():
            raise DocumentError(
                _("Không bỏ được “%(unit)s”: văn bản đã được chuyển tới đơn vị này."),
                unit=dropped[0].assignee_name,
            )


@transaction.atomic
def give_instructions(
    actor: Any, subject: Subject, text: str, assignees: Sequence[Assignee]
) -> Instruction:
    """Record a new version of the instructions on ``subject`` (a received dispatch or
    a self-registered incoming document) and carry them out."""
    require_leader(actor, subject)
    subject = _locked(subject)
    if document_of(subject).status != Document.Status.REGISTERED:
        raise DocumentError(_("Văn bản phải được vào sổ trước khi gửi."))
    _check(subject, text, assignees)
    before = current(subject)
    previous = {a.key: a for a in before.assignments.all()} if before else {}
    if before is not None:
        before.current = False
        before.save(update_fields=["current"])
    instruction = Instruction.objects.create(
        dispatch=subject if isinstance(subject, Dispatch) else None,
        document=subject if isinstance(subject, Document) else None,
        version=(before.version + 1) if before else 1,
        text=text.strip(),
        given_by=actor,
        given_at=clock.now(),
    )
    for a in assignees:
        _assign(actor, instruction, a, previous.get(a.key))
    return instruction


def _locked(subject: Subject) -> Subject:
    """The line, locked; a document must be one the unit registered as incoming."""
    if isinstance(subject, Dispatch):
        return (
            Dispatch.objects.select_for_update()
            .select_related("recipient", "document")
            .get(pk=subject.pk)
        )
    doc = Document.objects.select_for_update().select_related("unit").get(pk=subject.pk)
    if not is_self_registered(doc):
        raise DocumentError(_("Chỉ cho ý kiến chỉ đạo được trên văn bản đến đã vào sổ của đơn vị."))
    return doc


def _assign(actor: Any, instruction: Instruction, a: Assignee, before: Assignment | None) -> None:
    row = Assignment(
        instruction=instruction, role=a.role, unit=a.unit, person=a.person, deadline=a.deadline
    )
    if before is not None:  # progress carries over; reminders anew if the deadline moved
        row.status, row.result_note = before.status, before.result_note
        row.done_at, row.done_by_id = before.done_at, before.done_by_id
        if before.deadline == a.deadline:
            row.reminded_at = before.reminded_at
            row.overdue_notified_at = before.overdue_notified_at
    if a.unit is not None:
        row.made_dispatch = _dispatch_down(actor, instruction.subject, a)
    row.save()
    if a.person is not None and before is None:
        notify(
            [a.person],
            str(_("Được giao xử lý: %(label)s") % {"label": instruction.incoming.label}),
            instruction.text,
            reverse("handling-assignment", args=[row.pk]),
        )


def _dispatch_down(actor: Any, subject: Subject, a: Assignee) -> Dispatch:
    """The sub-unit's dispatch of the same document, with the role and deadline given."""
    assert a.unit is not None
    doc = document_of(subject)
    made = Dispatch.objects.filter(document=doc, recipient=a.unit).first()
    if made is None:
        made = _send(actor, doc, unit_of(subject), a.unit, a.deadline)
    made.role, made.deadline = a.role, a.deadline
    made.save(update_fields=["role", "deadline"])
    return made


def history(subject: Subject) -> list[Instruction]:
    """Every version, newest first, with its assignees and who gave it."""
    return list(
        subject.instructions.select_related("given_by").prefetch_related(
            "assignments__unit", "assignments__person", "assignments__made_dispatch"
        )
    )
