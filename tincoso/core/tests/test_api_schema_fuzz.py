"""Schemathesis against /api/schema/: generated requests, bounded, on the real app.

Every operation the schema documents is called with generated parameters and
bodies by a signed-in administrator of a small tree; no answer may be a server
error, and every answer must match what the schema says (status documented,
body of the documented shape, content type, headers). Bounded: a few examples
per operation, derandomized, so the run is the same each time."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.conf import settings as django_settings
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.utils import translation
from hypothesis import HealthCheck, given, settings
from rest_framework.authtoken.models import Token
from schemathesis.specs.openapi.checks import positive_data_acceptance

from tincoso.wsgi import application

pytestmark = pytest.mark.django_db


@pytest.fixture
def api_schema() -> Iterator[Any]:
    # As Django's test client does: the handler must not close the connection
    # that holds the test's transaction.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield schemathesis.openapi.from_wsgi("/api/schema/", application)
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)
        # A generated Accept-Language may have switched this thread to English.
        translation.activate(django_settings.LANGUAGE_CODE)


@pytest.fixture
def token(tree: dict[str, Any], province_admin: Any) -> str:
    return Token.objects.create(user=province_admin).key


def test_the_api_keeps_to_its_schema(api_schema: Any, token: str) -> None:
    headers = {"Authorization": f"Token {token}"}
    failures: list[str] = []
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert len(operations) > 50  # the whole API, not a part of it
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(
            max_examples=6,
            deadline=None,
            derandomize=True,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def call(case: Any) -> None:
            # A schema-valid body may still break a rule the schema cannot say (a unit
            # code that does not exist, an end before the start): a 400 then is right.
            case.call_and_validate(headers=headers, excluded_checks=[positive_data_acceptance])

        try:
            call()
        except (KeyboardInterrupt, SystemExit):
            raise
        except BaseException as failure:
            failures.append(f"{operation.label}: {str(failure)[:600]}")
    assert not failures, "\n\n".join(failures)


def test_an_unknown_api_address_answers_json_in_both_languages(client: Any) -> None:
    response = client.get("/api/no-such-thing/")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert body["code"] == "not_found" and body["detail"] and body["detail_en"]
    assert body["detail"] != body["detail_en"]
    page = client.get("/no-such-page/")
    assert page.status_code == 404 and page["Content-Type"].startswith("text/html")


def test_a_nul_character_in_the_address_is_a_clear_400(client: Any, province_admin: Any) -> None:
    # PostgreSQL cannot compare text holding NUL: found by Schemathesis on /api/rollups/.
    client.force_login(province_admin)
    api = client.get("/api/rollups/", {"unit": "C\x00x", "from": "2026-01-01", "to": "2026-01-31"})
    assert api.status_code == 400
    assert api.json()["detail"] and api.json()["detail_en"]
    page = client.get("/app/units/", {"q": "a\x00b"})
    assert page.status_code == 400 and "NUL" in page.content.decode()
