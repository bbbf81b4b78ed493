"""Shared set-up of the opinion tests: a commune with two villages, a collaborator."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from tincoso.conftest import make_user
from tincoso.opinion import services
from tincoso.opinion.models import Note, Topic
from tincoso.opinion.seeds import ensure_topics
from tincoso.units.models import Unit, UnitKind


@pytest.fixture(autouse=True)
def _topics(db: Any) -> None:
    """The seed taxonomy (a migration makes it; a transactional test's flush drops it)."""
    ensure_topics(Topic)


@pytest.fixture
def village_b(tree: dict[str, Unit]) -> Unit:
    commune = Unit.objects.get(code="commune")
    made = Unit.objects.add_child(commune, {"code": "village-b", "name": "Bản Chu Va",
                                            "kind": UnitKind.VILLAGE})
    return Unit.objects.get(pk=made.pk)


@pytest.fixture
def collaborator(tree: dict[str, Unit]) -> Any:
    user = make_user("ctv-village")
    services.name_collaborator(None, tree["village"], user)
    return user


def note(unit: Unit, slug: str, *, reach: str = "many", mood: str = "worried",
         week: dt.date | None = None, by: Any = None, summary: str = "Bà con bàn tán") -> Note:
    return services.file_note(by, unit, services.NoteData(
        topic=Topic.objects.get(slug=slug), summary=summary, reach=reach, mood=mood,
        week=week))
