"""The back office (/admin/) reads in Vietnamese, third-party apps included."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client

from tincoso.units.models import Unit

# What django-axes, django-auditlog, DRF's authtoken and Django 5.2's admin print in
# English when their own catalogs have no Vietnamese.
ENGLISH = [
    "Axes", "Access attempt", "Access log", "Access failure", "Audit log", "Auth Token",
    "Tokens", "Model name", "Add link", "Change or view list link", "Correlation ID",
    "changes:", "change:", "system", "User Agent", "IP Address", "Attempt Time",
    "Logout Time", "Resource", "Log entr", "Show counts", "Skip to main content",
]


def visible_text(html: str) -> str:
    html = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"<[^>]+>", " ", html)


@pytest.mark.parametrize(
    "url",
    [
        "/admin/",
        "/admin/axes/accessattempt/",
        "/admin/axes/accesslog/",
        "/admin/axes/accessfailurelog/",
        "/admin/auditlog/logentry/",
        "/admin/authtoken/tokenproxy/",
    ],
)
def test_the_admin_shows_no_english_to_a_vietnamese_reader(
    url: str, tree: dict[str, Unit], settings: Any
) -> None:
    from tincoso.conftest import make_user

    admin = make_user("root", is_staff=True, is_superuser=True)
    client = Client(headers={"accept-language": "vi"})
    client.force_login(admin)
    response = client.get(url)
    assert response.status_code == 200
    text = visible_text(response.content.decode())
    found = [word for word in ENGLISH if word.lower() in text.lower()]
    assert found == []
