"""/healthz, /readyz and /metrics: liveness, readiness with each check named, and
figures in the Prometheus text format for loopback or a bearer token only."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from tincoso.core.health import Sample, render

pytestmark = pytest.mark.django_db


def test_healthz_answers_without_touching_anything(django_assert_num_queries: Any) -> None:
    with django_assert_num_queries(0):
        response = Client().get("/healthz")
    assert response.status_code == 200 and response.content == b"ok\n"
    assert "no-store" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]


def test_readyz_names_every_check_and_says_ready() -> None:
    response = Client().get("/readyz")
    assert response.status_code == 200
    body = response.json()
    assert body["ready"] is True
    assert set(body["checks"]) >= {"database", "cache_default", "cache_shared"}
    assert all(check["ok"] for check in body["checks"].values())


def test_readyz_is_503_and_names_the_part_that_failed(settings: Any) -> None:
    # A real cache that cannot be reached: a Redis server on a port nobody listens on.
    settings.CACHES = {
        **settings.CACHES,
        "broken": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:9/0",
        },
    }
    response = Client().get("/readyz")
    assert response.status_code == 503
    body = response.json()
    assert body["ready"] is False
    assert body["checks"]["cache_broken"]["ok"] is False
    assert "error" in body["checks"]["cache_broken"]
    assert body["checks"]["database"]["ok"] is True


def test_metrics_are_for_loopback_or_the_token(settings: Any) -> None:
    assert Client(REMOTE_ADDR="203.0.113.9").get("/metrics").status_code == 403
    loopback = Client(REMOTE_ADDR="127.0.0.1").get("/metrics")
    assert loopback.status_code == 200
    assert loopback["Content-Type"].startswith("text/plain; version=0.0.4")
    text = loopback.content.decode()
    assert 'tincoso_check_up{check="database"} 1' in text
    assert "# TYPE tincoso_feedback_open gauge" in text
    assert "tincoso_dispatches_overdue 0" in text

    settings.METRICS_TOKEN = "s3cret-token"
    assert Client(REMOTE_ADDR="127.0.0.1").get("/metrics").status_code == 403
    wrong = Client(REMOTE_ADDR="203.0.113.9", HTTP_AUTHORIZATION="Bearer nope")
    assert wrong.get("/metrics").status_code == 403
    right = Client(REMOTE_ADDR="203.0.113.9", HTTP_AUTHORIZATION="Bearer s3cret-token")
    assert right.get("/metrics").status_code == 200


def test_the_text_format_escapes_labels_and_groups_help_once() -> None:
    text = render(
        [
            Sample("m", 1, "help", {"a": 'x"y\\z\nw'}),
            Sample("m", 2.5, "help", {"a": "b"}),
        ]
    )
    assert text == (
        "# HELP m help\n# TYPE m gauge\n"
        'm{a="x\\"y\\\\z\\nw"} 1\n'
        'm{a="b"} 2.5\n'
    )

