"""The instructions shown on a document's page: for each unit that received it, and
for the unit that registered it itself as an incoming document (its leaders are
offered "Cho ý kiến chỉ đạo" there)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from tincoso.documents.handling import subject as lines
from tincoso.documents.models import Dispatch, Document
from tincoso.units import permissions
from tincoso.units.permissions import Action


def _shown(user: Any, line: lines.Subject) -> dict[str, Any]:
    now = line.instructions.filter(current=True).select_related("given_by").first()
    rows = list(now.assignments.select_related("unit", "person", "made_dispatch")) if now else []
    unit = lines.unit_of(line)
    return {
        "unit": unit,
        "current": now,
        "assignments": rows,
        "is_leader": permissions.can(user, Action.APPROVE, unit),
        "url": lines.url("instructions", line),
        "slip_url": lines.url("slip", line),
    }


def on_document(user: Any, doc: Document, received: Iterable[Dispatch]) -> list[dict[str, Any]]:
    shown = [_shown(user, dispatch) for dispatch in received]
    if lines.is_self_registered(doc) and permissions.can(user, Action.VIEW, doc.unit):
        shown.insert(0, _shown(user, doc))
    return shown
