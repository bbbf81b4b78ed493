"""Which line a unit belongs to, for the layout of what it prints: the party's
(36-HD/VPTW) or the state's (NĐ 30/2020). A board (ban) takes the line of the body
it serves."""

from __future__ import annotations

from tincoso.units.models import Unit, UnitKind

PARTY_KINDS = {UnitKind.PARTY_COMMITTEE, UnitKind.BLOC_COMMITTEE, UnitKind.PARTY_CELL}


def system_of(unit: Unit) -> str:
    """Party or state: a board (ban) takes the system of the body it serves."""
    current: Unit | None = unit
    while current is not None:
        if current.kind in PARTY_KINDS:
            return "party"
        if current.kind != UnitKind.DEPARTMENT:
            return "state"
        current = Unit.objects.get_parent(current)
    return "state"
