"""Staff pages under /app/ are never kept by a shared cache."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from tincoso.outreach import calendar

pytestmark = pytest.mark.django_db


def test_staff_pages_are_private_and_not_stored(province_admin: Any) -> None:
    client = Client()
    client.force_login(province_admin)
    for url, status in (
        ("/app/", 200),
        ("/app/units/", 200),
        ("/app/people/", 200),
        ("/app/feedback/", 200),
        ("/app/no-such-page/", 404),
    ):
        response = client.get(url)
        assert response.status_code == status, url
        assert response["Cache-Control"] == "private, no-store", url


def test_the_log_in_redirect_of_a_staff_page_is_private_too() -> None:
    response = Client().get("/app/")
    assert response.status_code == 302 and "private" in response["Cache-Control"]


def test_a_staff_feed_keeps_its_own_lifetime_and_is_private(
    tree: dict[str, Any], province_admin: Any
) -> None:
    key = calendar.feed_key(province_admin, tree["province"])
    response = Client().get(f"/app/outreach/calendar/province.ics?key={key}")
    assert response.status_code == 200
    directives = {d.strip() for d in response["Cache-Control"].split(",")}
    assert directives == {"private", "max-age=300"}


def test_public_portal_pages_stay_public(tree: dict[str, Any]) -> None:
    response = Client().get("/")
    assert "public" in response["Cache-Control"]
