"""Imports on the scale-out profile's task backend: django-tasks' RQ backend on a real
Redis, worked by ``tincoso worker`` processes. A worker killed (kill -9) in the middle
of a file loses nothing: the scheduler's job queues the import again once its lease
runs out, another worker reads it, and the draft is made once."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.db import connection

from tincoso.conftest import person_with
from tincoso.core.tests.serving import server_env
from tincoso.documents import importing, leases
from tincoso.documents.models import Document, Import
from tincoso.scale import samples, services
from tincoso.scale.processes import Proc, Processes
from tincoso.units.models import Role, Unit

LEASE_SECONDS = 3


@pytest.fixture
def rq(
    transactional_db: Any, tmp_path: Path, settings: Any
) -> Iterator[tuple[Processes, dict[str, str]]]:
    """A Redis of its own; this process enqueues through the RQ backend, and workers
    started with the environment given work the same queue and database."""
    if connection.vendor != "sqlite":
        pytest.skip("the processes share the SQLite test database file")
    with Processes() as run:
        _, url = services.redis(run, tmp_path / "redis")
        settings.TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend",
                                      "QUEUES": ["default"]}}  # fmt: skip
        settings.RQ_QUEUES = {"default": {"URL": url, "DEFAULT_TIMEOUT": 600}}
        settings.IMPORT_LEASE_SECONDS = LEASE_SECONDS
        env = server_env(
            tmp_path,
            DATABASE_URL=f"sqlite:///{connection.settings_dict['NAME']}",
            REDIS_URL=url,
            MEDIA_ROOT=str(settings.MEDIA_ROOT),
            IMPORT_LEASE_SECONDS=str(LEASE_SECONDS),
        )
        yield run, env
    assert run.left_running() == []


def worker(run: Processes, env: dict[str, str], log: Path, *args: str) -> Proc:
    return run.add(Proc("worker", [sys.executable, "-m", "tincoso.cli", "worker", *args],
                        env, log))  # fmt: skip


def test_the_rq_backend_is_chosen_by_redis_url_and_a_worker_runs_the_import(
    rq: tuple[Processes, dict[str, str]], tree: dict[str, Unit], tmp_path: Path
) -> None:
    run, env = rq
    probe = subprocess.run(
        [sys.executable, "-m", "tincoso.cli", "manage", "shell", "-v", "0", "-c",
         "from django.conf import settings; print(settings.TASKS['default']['BACKEND'])"],
        env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert probe.stdout.strip() == "django_tasks_rq.RQBackend", probe.stderr
    editor = person_with(Role.EDITOR, tree["committee"])
    record = importing.start_import(editor, tree["committee"], samples.notice("1"), "tb-1.txt")
    burst = worker(run, env, tmp_path / "worker.log", "--burst")
    assert burst.process is not None and burst.process.wait(timeout=180) == 0, burst.tail()
    record.refresh_from_db()
    assert record.status == Import.Status.PARSED, (record.error_en, burst.tail())
    assert record.document is not None and record.document.symbol == "1-TB/ĐU"
    assert record.attempts == 1 and record.lease_until is None


def wait_for(condition: Any, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, what
        time.sleep(0.2)


def test_an_import_whose_worker_is_killed_is_read_again_and_drafted_once(
    rq: tuple[Processes, dict[str, str]], tree: dict[str, Unit], tmp_path: Path, settings: Any
) -> None:
    """GIVEN a scan being OCR'd by a worker WHEN the worker (and its work-horse) is
    killed with SIGKILL THEN the import stays "extracting" only until its lease runs
    out; the scheduler's job queues it again, a second worker reads it, and there is
    one draft of the file and one stored copy."""
    run, env = rq
    editor = person_with(Role.EDITOR, tree["committee"])
    record = importing.start_import(editor, tree["committee"], samples.scan("2", 2), "quet.pdf")
    first = worker(run, env, tmp_path / "first.log")

    def reading() -> bool:
        return Import.objects.filter(pk=record.pk, status=Import.Status.EXTRACTING).exists()

    wait_for(reading, 120, f"the first worker never started reading:\n{first.tail()}")
    first.kill9()
    time.sleep(LEASE_SECONDS / 2)
    assert reading(), "nobody else may take it while its lease runs"
    assert leases.requeue_lost().startswith("requeued 0")  # the lease has not run out yet
    wait_for(lambda: "requeued 1" in leases.requeue_lost(), 30, "the lease never ran out")
    record.refresh_from_db()
    assert record.status == Import.Status.QUEUED and record.claimed_by == ""

    second = worker(run, env, tmp_path / "second.log", "--burst")
    assert second.process is not None and second.process.wait(timeout=300) == 0, second.tail()
    record.refresh_from_db()
    assert record.status == Import.Status.PARSED, (record.error_en, second.tail())
    assert record.attempts == 2
    documents = Document.objects.filter(file_sha256=record.file_sha256)
    assert documents.count() == 1 and record.document == documents.get()
    assert "Trang 2" in documents.get().text
    stored = [p for p in Path(settings.MEDIA_ROOT).rglob("*") if p.is_file()]
    assert len(stored) == 1  # the scan once: no copy left by the killed run


def test_a_worker_that_quits_on_its_own_is_started_again_until_told_to_stop(
    rq: tuple[Processes, dict[str, str]], tree: dict[str, Unit], tmp_path: Path
) -> None:
    """GIVEN ``tincoso worker`` running WHEN its RQ worker quits on its own with code 0
    (as RQ does on a Redis error outside its wait for a job: the CI run's lost worker)
    THEN ``tincoso worker`` starts another that reads the next import, and SIGTERM to
    ``tincoso worker`` stops it and its worker, leaving nothing running."""
    import redis
    from rq import Worker
    from rq.command import send_shutdown_command

    run, env = rq
    proc = worker(run, env, tmp_path / "worker.log")
    connection = redis.Redis.from_url(env["REDIS_URL"])

    def names() -> list[str]:
        return [w.name for w in Worker.all(connection=connection)]

    wait_for(lambda: len(names()) == 1, 120, f"no RQ worker registered:\n{proc.tail()}")
    first = names()[0]
    send_shutdown_command(connection, first)  # a warm shutdown: the worker exits 0
    wait_for(lambda: names() not in ([], [first]), 120,
             f"no second RQ worker after the first quit:\n{proc.tail()}")  # fmt: skip
    assert proc.alive()
    assert "task worker stopped (code 0), restarting" in (tmp_path / "worker.log").read_text()

    editor = person_with(Role.EDITOR, tree["committee"])
    record = importing.start_import(editor, tree["committee"], samples.notice("7"), "tb-7.txt")
    wait_for(lambda: Import.objects.get(pk=record.pk).status == Import.Status.PARSED, 120,
             f"the started-again worker did not read the import:\n{proc.tail()}")  # fmt: skip

    assert proc.process is not None
    proc.process.send_signal(signal.SIGTERM)  # what systemd sends to the unit's main process
    assert proc.process.wait(timeout=60) == 0, proc.tail()
    wait_for(lambda: names() == [], 30, "the RQ worker did not stop with tincoso worker")
