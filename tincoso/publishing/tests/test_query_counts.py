"""The portal's search page costs the same queries for 3 matching items or 6."""

from __future__ import annotations

from typing import Any

from django.test import Client

from tincoso.conftest import same_queries_for_more_rows
from tincoso.publishing.tests.conftest import publish
from tincoso.units.models import Unit


def test_the_search_page_costs_the_same_for_more_matches(
    tree: dict[str, Unit], people: dict[str, Any]
) -> None:
    made: list[int] = []
    units = [tree["commune"], tree["village"]]

    def add(n: int) -> None:
        for _ in range(n):
            made.append(1)
            publish(people, units[len(made) % 2], f"Lịch tiêm chủng đợt {len(made)}",
                    body="Trạm y tế xã tiêm chủng mở rộng vào ngày 15.")

    page = same_queries_for_more_rows(lambda: Client().get("/search", {"q": "tiem chung"}), add)
    assert page.content.decode().count("Lịch tiêm chủng đợt") == 6
