"""What the registers (sổ theo dõi giải quyết văn bản đến) read about handling.

``handling_summary(dispatch)`` gives, for one received document in one unit, the
columns "đơn vị/người nhận", "thời hạn giải quyết", "tiến độ giải quyết" and the
result, from the instructions in force (``handling.models``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from tincoso.documents.handling.models import Assignment
from tincoso.documents.models import Dispatch, HandlingRole


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


# For a list of dispatches (the registers): ``prefetch_related(*SUMMARY_PREFETCH)`` makes
# ``handling_summary`` read no more rows per dispatch.
SUMMARY_PREFETCH = (
    "instructions__assignments__unit",
    "instructions__assignments__person",
    "instructions__assignments__made_dispatch",
)


def handling_summary(dispatch: Dispatch) -> HandlingSummary:
    prefetched = "instructions" in getattr(dispatch, "_prefetched_objects_cache", {})
    if prefetched:
        instruction = next((i for i in dispatch.instructions.all() if i.current), None)
    else:
        instruction = dispatch.instructions.filter(current=True).first()
    if instruction is None:
        return HandlingSummary(False, "", deadline=dispatch.deadline)
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
    return HandlingSummary(
        True,
        instruction.text,
        [a.assignee_name for a in leads],
        [a.assignee_name for a in by_role[HandlingRole.COORDINATE]],
        [a.assignee_name for a in by_role[HandlingRole.INFORM]],
        min(deadlines) if deadlines else dispatch.deadline,
        status,
        [f"{a.assignee_name}: {_result(a)}" for a in ordered if _result(a)],
    )


def _result(a: Assignment) -> str:
    if a.made_dispatch is not None:
        return a.made_dispatch.result_note
    return a.result_note
