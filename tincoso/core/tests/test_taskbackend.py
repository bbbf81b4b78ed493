"""Which task backend the environment chooses, and its worker's command line."""

from __future__ import annotations

import pytest

from tincoso import taskbackend
from tincoso.cli import main


@pytest.mark.parametrize(
    ("environ", "backend", "worker"),
    [
        ({}, "django_tasks_db.DatabaseBackend", "db_worker"),
        ({"REDIS_URL": "redis://r:6379/0"}, "django_tasks_rq.RQBackend", "rqworker"),
        ({"REDIS_URL": "redis://r:6379/0", "TASKS_BACKEND": "db"},
         "django_tasks_db.DatabaseBackend", "db_worker"),
        ({"TASKS_BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
         "django_tasks.backends.immediate.ImmediateBackend", None),
    ],
)  # fmt: skip
def test_the_environment_chooses_the_backend_and_its_worker(
    environ: dict[str, str], backend: str, worker: str | None
) -> None:
    assert taskbackend.backend(environ) == backend
    command = taskbackend.worker_command(environ, burst=True)
    assert (command[0] if command else None) == worker
    if command and worker == "rqworker":
        assert "--burst" in command and "django_tasks_rq.backend.Job" in command


def test_worker_refuses_an_unknown_option(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["worker", "--fast"]) == 2
    assert "tincoso worker [--burst]" in capsys.readouterr().err


def test_django_rq_adds_no_pages() -> None:
    """django-rq's admin dashboard (30 pages and a stats API with access rules of its
    own) stays off: RQ_SHOW_ADMIN_LINK = False."""
    from django.urls import URLResolver, get_resolver

    def patterns(resolver: URLResolver, prefix: str = "") -> list[str]:
        found = []
        for entry in resolver.url_patterns:
            path = prefix + str(entry.pattern)
            found += patterns(entry, path) if isinstance(entry, URLResolver) else [path]
        return found

    assert not [path for path in patterns(get_resolver()) if "django_rq" in path]
