"""The instructions shown on a document's page, for each unit that received it."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from tincoso.documents.models import Dispatch
from tincoso.units import permissions
from tincoso.units.permissions import Action


def on_document(user: Any, received: Iterable[Dispatch]) -> list[dict[str, Any]]:
    shown = []
    for dispatch in received:
        now = dispatch.instructions.filter(current=True).select_related("given_by").first()
        rows = (
            list(now.assignments.select_related("unit", "person", "made_dispatch")) if now else []
        )
        shown.append(
            {
                "dispatch": dispatch,
                "current": now,
                "assignments": rows,
                "is_leader": permissions.can(user, Action.APPROVE, dispatch.recipient),
            }
        )
    return shown
