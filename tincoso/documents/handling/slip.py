"""The Phiếu giải quyết văn bản đến (NĐ 30/2020, Phụ lục IV) of one incoming register line.

Part 1, the body's leader: the instructions that sent the document to this unit
(those on the dispatch above), or this line's own when it came from outside (a
dispatch from another tree, or a document the unit registered itself).
Part 2, the unit's leader: this line's own instructions naming persons, when a
body leader's instructions sent it here. Part 3, the handlers: each person's
result note (ý kiến đề xuất).
"""

from __future__ import annotations

from dataclasses import dataclass

from tincoso.documents.handling import subject as lines
from tincoso.documents.handling.models import Assignment, Instruction
from tincoso.documents.handling.subject import Subject
from tincoso.documents.models import Dispatch, Document
from tincoso.units.models import Unit


@dataclass(frozen=True)
class Slip:
    subject: Subject
    body: Instruction | None  # part 1
    body_assignments: list[Assignment]
    unit: Instruction | None  # part 2
    handlers: list[Assignment]  # part 2's persons and part 3's proposals

    @property
    def doc(self) -> Document:
        return lines.document_of(self.subject)

    @property
    def receiver(self) -> Unit:
        return lines.unit_of(self.subject)

    @property
    def sender(self) -> str:
        return lines.sender_name(self.subject)

    @property
    def number(self) -> str:
        number, year = lines.number_of(self.subject)
        return f"{number}/{year}"

    @property
    def back_url(self) -> str:
        return lines.url("instructions", self.subject)


def _assignments(instruction: Instruction | None) -> list[Assignment]:
    if instruction is None:
        return []
    return list(instruction.assignments.select_related("unit", "person", "done_by"))


def slip_of(subject: Subject) -> Slip:
    own = subject.instructions.filter(current=True).select_related("given_by").first()
    parent = None
    if isinstance(subject, Dispatch):
        parent = (
            Instruction.objects.filter(current=True, assignments__made_dispatch=subject)
            .select_related("given_by", "dispatch__recipient")
            .first()
        )
    body, unit = (parent, own) if parent is not None else (own, None)
    body_rows = _assignments(body)
    unit_rows = _assignments(unit)
    handlers = [a for a in (unit_rows or body_rows) if a.person_id]
    return Slip(subject, body, body_rows, unit, handlers)
