"""Periodic jobs with several schedulers: each job runs once per interval, and a
scheduler stops cleanly on SIGTERM. Real processes on one database file."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from django.db import connection

from tincoso.core.models import PeriodicRun
from tincoso.core.registry import periodic_jobs
from tincoso.core.tests.serving import server_env


@pytest.fixture
def scheduler_env(transactional_db: Any, tmp_path: Path) -> dict[str, str]:
    if connection.vendor != "sqlite":
        pytest.skip("the processes share the SQLite test database file")
    return server_env(tmp_path, DATABASE_URL=f"sqlite:///{connection.settings_dict['NAME']}")


def _scheduler(env: dict[str, str], *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "tincoso.cli", "manage", "run_periodic", *args],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_two_schedulers_at_once_run_each_job_once(scheduler_env: dict[str, str]) -> None:
    first, second = _scheduler(scheduler_env, "--once"), _scheduler(scheduler_env, "--once")
    outputs = [p.communicate(timeout=120) for p in (first, second)]
    assert first.returncode == second.returncode == 0, outputs
    ran = [line.split(":")[0] for out, _ in outputs for line in out.splitlines() if line]
    jobs = [path for path, _ in periodic_jobs()]
    assert sorted(ran) == sorted(jobs)
    rows = {r.job: r for r in PeriodicRun.objects.all()}
    assert set(rows) == set(jobs)
    assert all(r.runs == 1 and r.lease_until is None and not r.last_error for r in rows.values())

    # Run again at once: nothing is due, nothing runs.
    again = _scheduler(scheduler_env, "--once")
    out, err = again.communicate(timeout=120)
    assert again.returncode == 0, err
    assert out.strip() == ""
    assert all(r.runs == 1 for r in PeriodicRun.objects.all())


def test_a_job_held_by_a_live_lease_is_not_started_twice(db: Any) -> None:
    from django.utils import timezone

    from tincoso.core.management.commands.run_periodic import LEASE, claim, release

    path, interval = periodic_jobs()[0]
    assert claim(path, interval, "a")
    PeriodicRun.objects.filter(job=path).update(next_due=timezone.now())  # due again, still held
    assert not claim(path, interval, "b")
    release(path, "a")
    assert claim(path, interval, "b")
    # A scheduler killed mid-job: its lease runs out and another takes the job over.
    PeriodicRun.objects.filter(job=path).update(
        next_due=timezone.now(), lease_until=timezone.now() - LEASE / 100
    )
    assert claim(path, interval, "c")
    assert PeriodicRun.objects.get(job=path).runs == 3


def test_sigterm_stops_a_scheduler_cleanly(scheduler_env: dict[str, str]) -> None:
    process = _scheduler(scheduler_env)
    jobs = len(periodic_jobs())
    deadline = time.monotonic() + 120
    while PeriodicRun.objects.filter(last_finished__isnull=False).count() < jobs:
        assert process.poll() is None, process.communicate()
        assert time.monotonic() < deadline, "the scheduler never ran its jobs"
        time.sleep(0.2)
    process.send_signal(signal.SIGTERM)
    _out, err = process.communicate(timeout=30)
    assert process.returncode == 0, err
    assert "Traceback" not in err
