"""The list page and the API list cost the same number of queries for 3 or 6 rows,
and the to-do home lists what waits for an approver (guided ones included)."""

from __future__ import annotations

from typing import Any

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from rest_framework.test import APIClient

from tincoso.broadcast.bulletins import services, todo
from tincoso.broadcast.bulletins.tests.conftest import write


def _count(fetch: Any) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert fetch().status_code == 200
    return len(queries)


def test_list_and_api_queries_do_not_grow_with_rows(tree: Any, guided: Any) -> None:
    """GIVEN a board approver guiding a commune WHEN 3 then 6 bulletins await them
    THEN the list page and the API list run the same number of queries."""
    page, api = Client(), APIClient()
    page.force_login(guided["board_approver"])
    api.force_authenticate(guided["board_approver"])
    api.get(reverse("api-bulletin-list"))  # the user object caches its roles once
    counts = []
    for _ in range(2):
        for n in range(3):
            services.submit(guided["editor"], write(guided["editor"], tree["commune"], f"Tin {n}"))
        counts.append((_count(lambda: page.get(reverse("bulletin-list"))),
                       _count(lambda: api.get(reverse("api-bulletin-list")))))  # fmt: skip
    assert counts[0] == counts[1]
    assert api.get(reverse("api-bulletin-list")).json()["count"] == 6


def test_the_todo_lists_bulletins_awaiting_the_approver_but_not_their_own(
    tree: Any, people: Any, guided: Any
) -> None:
    mine = write(people["editor"], tree["commune"], "Của người soạn")
    services.submit(people["editor"], mine)
    assert [b.title for b in todo.awaiting_approval(guided["board_approver"])] == []
    # The commune has its own approver ("people"), so the board does not approve it.
    section = todo.approvals(people["approver"], 10)
    assert section is not None and [e.title for e in section.entries] == ["Của người soạn"]
    assert todo.approvals(people["editor"], 10) is None  # no approver role anywhere


def test_guided_approval_reads_only_the_approvers_on_the_guided_units_lines(
    tree: Any, guided: Any
) -> None:
    """Approvers elsewhere in the province (the sibling party cells here) neither change
    the answer nor are read: the membership query is limited to the guided units' own
    lines (their ancestors), whatever the province's size."""
    from tincoso.conftest import person_with
    from tincoso.units.models import Role

    services.submit(guided["editor"], write(guided["editor"], tree["commune"]))
    before = services.approvable_units(guided["board_approver"])
    for n, cell in enumerate(("cell-a", "cell-b")):
        person_with(Role.APPROVER, tree[cell], f"far-{n}")
    with CaptureQueriesContext(connection) as queries:
        assert services.approvable_units(guided["board_approver"]) == before == [
            tree["commune"].pk]
    membership = [q["sql"] for q in queries if '"units_membership"' in q["sql"]
                  and "approver" in q["sql"] and "path" in q["sql"]]
    assert membership and all(" IN (" in sql for sql in membership), membership
