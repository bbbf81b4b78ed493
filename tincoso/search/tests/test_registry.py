"""The registry: each source decides who sees its entries; reindex asks every source."""

from __future__ import annotations

from typing import Any

import pytest
from django.db.models import Q

from tincoso import search
from tincoso.conftest import person_with
from tincoso.search import index, registry
from tincoso.search.models import SearchEntry
from tincoso.units.models import Role, Unit


@pytest.fixture
def extra_source() -> Any:
    """A third source (beside items and documents), visible to logged-in people only."""
    made: list[int] = []

    def reindex() -> int:
        made.append(1)
        return 0

    source = registry.Source("note", lambda u: Q() if u and u.is_authenticated else None, reindex)
    registry.register(source)
    yield made
    registry._SOURCES.pop("note")


def _entry(kind: str, unit: Unit, title: str) -> None:
    index.save_entry(kind, 1, unit_id=unit.pk, audience="staff", title=title, text="")


@pytest.mark.django_db
def test_a_source_decides_who_sees_its_entries(tree: dict[str, Unit], extra_source: Any) -> None:
    _entry("note", tree["commune"], "Ghi chú họp Đảng ủy")
    member = person_with(Role.VIEWER, tree["commune"], "note-reader")
    assert search.search("dang uy", None).total == 0
    [hit] = search.search("dang uy", member).hits
    assert (hit.kind, hit.title) == ("note", "Ghi chú họp Đảng ủy")


@pytest.mark.django_db
def test_an_entry_of_no_registered_source_is_found_by_nobody(tree: dict[str, Unit]) -> None:
    _entry("orphan", tree["commune"], "Thông tin mồ côi")
    admin = person_with(Role.ADMIN, tree["province"], "orphan-admin")
    assert SearchEntry.objects.filter(kind="orphan").exists()
    assert search.search("thong tin mo coi", admin).total == 0


@pytest.mark.django_db
def test_rebuild_asks_every_source_and_drops_what_none_gives_back(
    tree: dict[str, Unit], extra_source: Any
) -> None:
    _entry("note", tree["commune"], "Ghi chú cũ")
    counts = index.rebuild()
    assert set(counts) >= {"item", "document", "note"}
    assert extra_source == [1]
    assert not SearchEntry.objects.filter(kind="note").exists()
