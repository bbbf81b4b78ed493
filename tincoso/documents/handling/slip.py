"""The Phiếu giải quyết văn bản đến (NĐ 30/2020, Phụ lục IV) of one received dispatch.

Part 1, the body's leader: the instructions that sent the document to this unit
(those on the dispatch above), or this dispatch's own when it came from outside.
Part 2, the unit's leader: this dispatch's own instructions naming persons, when a
body leader's instructions sent it here. Part 3, the handlers: each person's
result note (ý kiến đề xuất).
"""

from __future__ import annotations

from dataclasses import dataclass

from tincoso.documents.handling.models import Assignment, Instruction
from tincoso.documents.models import Dispatch


@dataclass(frozen=True)
class Slip:
    dispatch: Dispatch
    body: Instruction | None  # part 1
    body_assignments: list[Assignment]
    unit: Instruction | None  # part 2
    handlers: list[Assignment]  # part 2's persons and part 3's proposals


def _assignments(instruction: Instruction | None) -> list[Assignment]:
    if instruction is None:
        return []
    return list(instruction.assignments.select_related("unit", "person", "done_by"))


def slip_of(dispatch: Dispatch) -> Slip:
    own = dispatch.instructions.filter(current=True).select_related("given_by").first()
    parent = (
        Instruction.objects.filter(current=True, assignments__made_dispatch=dispatch)
        .select_related("given_by", "dispatch__recipient")
        .first()
    )
    body, unit = (parent, own) if parent is not None else (own, None)
    body_rows = _assignments(body)
    unit_rows = _assignments(unit)
    handlers = [a for a in (unit_rows or body_rows) if a.person_id]
    return Slip(dispatch, body, body_rows, unit, handlers)
