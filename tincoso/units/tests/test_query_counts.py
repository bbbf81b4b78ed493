"""The people page costs the same queries for 3 role holders or 6: no query per row."""

from __future__ import annotations

from django.test import Client

from tincoso.conftest import person_with, same_queries_for_more_rows
from tincoso.units.models import Role, Unit


def test_the_people_page_costs_the_same_for_more_people(tree: dict[str, Unit]) -> None:
    client = Client()
    client.force_login(person_with(Role.ADMIN, tree["province"], "admin"))
    made: list[str] = []

    def add(n: int) -> None:
        for _ in range(n):
            made.append(f"person-{len(made)}")
            unit = tree[["cell-a", "commune", "village"][len(made) % 3]]
            person_with([Role.OFFICER, Role.EDITOR][len(made) % 2], unit, made[-1])

    page = same_queries_for_more_rows(lambda: client.get("/app/people/"), add)
    assert all(name in page.content.decode() for name in made)
