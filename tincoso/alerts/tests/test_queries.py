"""The list page, the API list and the feed cost the same number of queries for 3 or
6 alerts."""

from __future__ import annotations

from typing import Any

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from tincoso.alerts.tests.conftest import sent
from tincoso.units.models import Unit


def _count(fetch: Any) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert fetch().status_code == 200
    return len(queries)


def test_lists_and_the_feed_do_not_grow_with_rows(
    tree: dict[str, Unit], people: dict[str, Any]
) -> None:
    page, api, anonymous = Client(), APIClient(), Client()
    page.force_login(people["approver"])
    api.force_authenticate(people["approver"])
    api.get("/api/alerts/")  # the user object caches its roles once
    counts = []
    for _ in range(2):
        for _n in range(3):
            sent(tree, people)
        counts.append((_count(lambda: page.get("/app/alerts/")),
                       _count(lambda: api.get("/api/alerts/")),
                       _count(lambda: anonymous.get("/canh-bao/feed.atom"))))  # fmt: skip
    assert counts[0] == counts[1]
    assert api.get("/api/alerts/").json()["count"] == 6
