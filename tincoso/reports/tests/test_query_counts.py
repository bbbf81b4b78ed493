"""The reports list and API cost the same queries for 3 reports or 6: no query per row."""

from __future__ import annotations

import re
from collections.abc import Callable

from django.test import Client

from tincoso.conftest import person_with, same_queries_for_more_rows
from tincoso.reports import services
from tincoso.reports.periods import month
from tincoso.units.models import Role, Unit


def _adding_reports(tree: dict[str, Unit]) -> Callable[[int], None]:
    officers = {c: person_with(Role.OFFICER, tree[c], f"o-{c}") for c in ("cell-a", "commune")}
    made: list[int] = []

    def add(n: int) -> None:
        for _ in range(n):
            made.append(1)
            code = ["cell-a", "commune"][len(made) % 2]
            services.create_report(officers[code], tree[code], month(2025, len(made)))

    return add


def test_the_reports_page_costs_the_same_for_more_reports(tree: dict[str, Unit]) -> None:
    client = Client()
    client.force_login(person_with(Role.ADMIN, tree["province"], "admin"))
    add = _adding_reports(tree)
    page = same_queries_for_more_rows(lambda: client.get("/app/reports/unit/province/"), add)
    assert len(set(re.findall(r"/app/reports/(\d+)/", page.content.decode()))) == 6


def test_the_reports_api_costs_the_same_for_more_reports(tree: dict[str, Unit]) -> None:
    client = Client()
    client.force_login(person_with(Role.ADMIN, tree["province"], "admin"))
    add = _adding_reports(tree)
    listing = same_queries_for_more_rows(lambda: client.get("/api/reports/"), add)
    assert listing.json()["count"] == 6
