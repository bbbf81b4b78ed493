"""What the registers (sổ theo dõi giải quyết văn bản đến) read about handling.

``handling_summary(subject)`` gives, for one incoming register line of one unit (a
received dispatch or a document the unit registered itself, ``handling.subject``), the
columns "đơn vị/người nhận", "thời hạn giải quyết", "tiến độ giải quyết" and the
result, from the instructions in force (``handling.models``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from tincoso.documents.handling.models import Assignment
from tincoso.documents.handling.subject import Subject, deadline_of
from tincoso.documents.models import HandlingRole


@dataclass(frozen=True)
class HandlingSummary:
    instructed: bool  # has a leader given instructions?
    instruction: str  # the text in force
    lead: list[str] = field(default_factory=list)  # names of lead units / persons
    coordinating: list[str] = field(default_factory=list)
    informed: list[str] = field(default_factory=list)
    deadline: dt.datetime | None = None  # the lead's (earliest), else the dispatch's
    status: str = "waiting"  # waiting (no instructions) | open | done | overdue
    results: list[str] = field(default_factory=list)  # "name: note", lead first
    done_at: dt.datetime | None = None  # when the last lead/coordinating part was done


# For a list of dispatches or documents (the registers):
# ``prefetch_related(*SUMMARY_PREFETCH)`` makes ``handling_summary`` read no more rows per line.
SUMMARY_PREFETCH = (
    "instructions__assignments__unit",
    "instructions__assignments__person",
    "instructions__assignments__made_dispatch",
)


def handling_summary(subject: Subject) -> HandlingSummary:
    prefetched = "instructions" in getattr(subject, "_prefetched_objects_cache", {})
    if prefetched:
        instruction = next((i for i in subject.instructions.all() if i.current), None)
    else:
        instruction = subject.instructions.filter(current=True).first()
    if instruction is None:
        return HandlingSummary(False, "", deadline=deadline_of(subject))
    if prefetched:
        rows = list(instruction.assignments.all())
    else:
        rows = list(instruction.assignments.select_related("unit", "person", "made_dispatch"))
    by_role = {r: [a for a in rows if a.role == r] for r in HandlingRole.values}
    leads = by_role[HandlingRole.LEAD]
    pressing = [a for a in rows if a.role != HandlingRole.INFORM]
    deadlines = [a.deadline for a in (leads or pressing) if a.deadline]
    if pressing and all(a.is_done for a in pressing):
        status = "done"
    elif any(a.is_overdue for a in pressing):
        status = "overdue"
    else:
        status = "open"
    ordered = sorted(rows, key=lambda a: HandlingRole.values.index(a.role))
    finished = [_done_at(a) for a in pressing] if status == "done" else []
    return HandlingSummary(
        True,
        instruction.text,
        [a.assignee_name for a in leads],
        [a.assignee_name for a in by_role[HandlingRole.COORDINATE]],
        [a.assignee_name for a in by_role[HandlingRole.INFORM]],
        min(deadlines) if deadlines else deadline_of(subject),
        status,
        [f"{a.assignee_name}: {_result(a)}" for a in ordered if _result(a)],
        max((d for d in finished if d), default=None),
    )


def _done_at(a: Assignment) -> dt.datetime | None:
    return a.made_dispatch.done_at if a.made_dispatch is not None else a.done_at


def _result(a: Assignment) -> str:
    if a.made_dispatch is not None:
        return a.made_dispatch.result_note
    return a.result_note
