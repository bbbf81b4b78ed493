"""A handler's to-do: their open assignments (and those handed over to them)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from tincoso.core.todo import Entry, Section
from tincoso.documents.handling.handlers import open_assignments
from tincoso.documents.handling.models import Assignment
from tincoso.documents.models import HandlingRole


def _step(row: Assignment, user: Any) -> str:
    steps: dict[str, str] = {
        HandlingRole.LEAD: _("Chủ trì xử lý"),
        HandlingRole.COORDINATE: _("Phối hợp xử lý"),
        HandlingRole.INFORM: _("Đọc để biết"),
    }
    step = steps.get(row.role, "")
    if row.person_id != user.pk:
        step = _("%(step)s (thay %(person)s)") % {"step": step, "person": row.assignee_name}
    return step


def _entry(row: Assignment, user: Any) -> Entry:
    doc = row.instruction.incoming
    return Entry(
        title=f"{doc.label}: {doc.title[:140]}",
        url=reverse("handling-assignment", args=[row.pk]),
        unit=row.instruction.unit.name,
        step=_step(row, user),
        due=row.deadline,
        overdue=row.is_overdue,
    )


def assignments(user: Any, limit: int) -> Section | None:
    """None for a person with nothing assigned (no empty section on every home page)."""
    if not user.is_authenticated:
        return None
    rows = open_assignments(user)
    total = rows.count()
    if not total:
        return None
    section = Section(
        key="handling",
        title=_("Văn bản được giao xử lý"),
        nav="handling-mine",
        total=total,
        more_url=reverse("handling-mine"),
    )
    if limit:
        section.entries = [_entry(r, user) for r in rows.select_related("person")[:limit]]
    return section
