"""A backing service away (the database restarting) is a clear 503 in both languages
with Retry-After, on pages and on the API; a bug stays a 500. The error is a real
one: Django's connection to a database that cannot be opened."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from django.db.utils import ConnectionHandler
from django.http import HttpResponse
from django.test import RequestFactory

from tincoso.core.unavailable import server_error

pytestmark = pytest.mark.django_db  # (pytest-django refuses any connection otherwise)


def answer_to(error_of: Any, path: str) -> HttpResponse:
    """What Django's handler500 answers while ``error_of()`` is being handled."""
    try:
        error_of()
    except Exception:
        return server_error(RequestFactory().get(path))
    raise AssertionError("no error")


def database_away(tmp_path: Path) -> Any:
    def query() -> None:
        handler = ConnectionHandler({"default": {
            "ENGINE": "django.db.backends.sqlite3", "NAME": str(tmp_path / "gone" / "db")}})
        with handler["default"].cursor() as cursor:
            cursor.execute("SELECT 1")

    return query


def test_a_page_meets_the_database_away(tmp_path: Path) -> None:
    response = answer_to(database_away(tmp_path), "/tin/")
    assert response.status_code == 503 and response["Retry-After"] == "5"
    text = response.content.decode()
    assert "thử lại" in text and "try again" in text


def test_the_api_answers_json(tmp_path: Path) -> None:
    response = answer_to(database_away(tmp_path), "/api/items/")
    assert response.status_code == 503
    body = json.loads(response.content)
    assert body["code"] == "unavailable" and "try again" in body["detail_en"]


def test_a_bug_is_still_a_500() -> None:
    response = answer_to(lambda: 1 / 0, "/tin/")
    assert response.status_code == 500 and not response.has_header("Retry-After")
