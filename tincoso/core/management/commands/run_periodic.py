"""``tincoso manage run_periodic``: run the apps' periodic jobs (deadlines, schedules…).

``tincoso serve`` starts it beside the web server. ``--once`` runs every job that
is due once and exits (for cron or a systemd timer). Any number of schedulers may
run against one database: each job is claimed through ``core.PeriodicRun`` by a
conditional UPDATE (due, and no live lease), so it runs once per interval
whichever scheduler gets it, never twice at the same time, and a scheduler that
dies mid-job only delays it until its lease runs out. SIGTERM and SIGINT finish
the job in hand, then exit. A failing job is logged, recorded on its row and
retried at its next turn; the database away (restarting) is waited out.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import signal
import socket
import threading
import traceback
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import IntegrityError, close_old_connections, connection, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.module_loading import import_string

from tincoso.core.models import PeriodicRun
from tincoso.core.registry import periodic_jobs
from tincoso.core.waitout import database_waited_out

logger = logging.getLogger(__name__)

# How long a claimed job is held before another scheduler may take it over: far
# longer than any job runs, short enough that a killed scheduler delays little.
LEASE = dt.timedelta(minutes=15)


def claim(job: str, interval: int, me: str) -> bool:
    """True when this scheduler may run ``job`` now (and has taken it)."""
    now = timezone.now()
    try:
        with transaction.atomic():
            PeriodicRun.objects.get_or_create(job=job, defaults={"next_due": now})
    except IntegrityError:  # another scheduler created the row at the same moment
        pass
    taken = PeriodicRun.objects.filter(
        Q(lease_until__isnull=True) | Q(lease_until__lt=now), job=job, next_due__lte=now
    ).update(
        next_due=now + dt.timedelta(seconds=interval),
        lease_until=now + LEASE,
        claimed_by=me,
        runs=F("runs") + 1,
        last_started=now,
    )
    return taken == 1


def release(job: str, me: str, error: str = "") -> None:
    PeriodicRun.objects.filter(job=job, claimed_by=me).update(
        lease_until=None, last_finished=timezone.now(), last_error=error
    )


class Command(BaseCommand):
    help = "Run periodic jobs (deadline checks and the like)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--once", action="store_true", help="run each due job once and exit")

    def handle(self, *args: Any, **options: Any) -> None:
        stop = threading.Event()
        if threading.current_thread() is threading.main_thread():
            for signum in (signal.SIGTERM, signal.SIGINT):
                signal.signal(signum, lambda *_: stop.set())
        me = f"{socket.gethostname()}:{os.getpid()}"
        jobs = periodic_jobs()
        while not stop.is_set():
            pause = 2.0  # the database away (restarting): try again soon
            with database_waited_out(logger, "periodic jobs"):
                self._round(jobs, me, stop)
                pause = self._pause(jobs)
            if options["once"]:
                return
            stop.wait(pause)

    def _round(self, jobs: list[tuple[str, int]], me: str, stop: threading.Event) -> None:
        for path, interval in jobs:
            if stop.is_set():
                break
            if not connection.in_atomic_block:  # (tests run it inside one)
                close_old_connections()
            if not claim(path, interval, me):
                continue
            try:
                result = import_string(path)()
                self.stdout.write(f"{path}: {result}")
            except Exception:
                logger.exception("periodic job %s failed", path)
                release(path, me, traceback.format_exc(limit=5)[-2000:])
            else:
                release(path, me)

    @staticmethod
    def _pause(jobs: list[tuple[str, int]]) -> float:
        """Seconds until the next job falls due (1 to 60): other schedulers may have run
        it meanwhile, so the rows decide, not this process's memory."""
        soonest = (
            PeriodicRun.objects.filter(job__in=[p for p, _ in jobs])
            .order_by("next_due")
            .values_list("next_due", flat=True)
            .first()
        )
        if soonest is None:
            return 1.0
        return max(1.0, min(60.0, (soonest - timezone.now()).total_seconds()))
