"""A document received by the provincial committee, its leader, members and sub-units.

The province sends 30-HD/BTG to the committee (Tỉnh ủy Thử Nghiệm); the committee
has two cells below it, a leader (approver), an officer, and a specialist (viewer);
each cell has a leader and an officer.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from tincoso.conftest import person_with, registered_document
from tincoso.core import clock
from tincoso.documents import services
from tincoso.documents.handling.instructions import Assignee
from tincoso.documents.models import Dispatch, HandlingRole
from tincoso.units.models import Role, Unit

START = dt.datetime(2026, 3, 2, 8, 0)


@dataclass
class Received:
    dispatch: Dispatch
    leader: Any
    officer: Any
    specialist: Any
    cell_leader: Any
    cell_officer: Any
    tree: dict[str, Unit]

    def unit(self, code: str, role: str, days: int | None) -> Assignee:
        return Assignee(role=role, deadline=_in(days), unit=self.tree[code])

    def person(self, user: Any, role: str, days: int | None) -> Assignee:
        return Assignee(role=role, deadline=_in(days), person=user)


def _in(days: int | None) -> dt.datetime | None:
    return None if days is None else clock.now() + dt.timedelta(days=days)


def received(tree: dict[str, Unit]) -> Received:
    clock.set(START)
    editor = person_with(Role.EDITOR, tree["province"], "province-editor")
    doc = registered_document(editor, tree["province"])
    [dispatch] = services.dispatch_document(editor, doc, [tree["committee"]])
    return Received(
        dispatch=dispatch,
        leader=person_with(Role.APPROVER, tree["committee"], "leader"),
        officer=person_with(Role.OFFICER, tree["committee"], "officer"),
        specialist=person_with(Role.VIEWER, tree["committee"], "specialist"),
        cell_leader=person_with(Role.APPROVER, tree["cell-a"], "cell-leader"),
        cell_officer=person_with(Role.OFFICER, tree["cell-a"], "cell-officer"),
        tree=tree,
    )


LEAD, COORDINATE, INFORM = HandlingRole.LEAD, HandlingRole.COORDINATE, HandlingRole.INFORM
