"""``tincoso manage run_periodic``: run the apps' periodic jobs (deadlines, schedules…).

``tincoso serve`` starts it beside the web server. ``--once`` runs every job
once and exits (for cron or a systemd timer in the scale-out profile, where
one machine runs it). A failing job is logged and retried at its next turn.
"""

from __future__ import annotations

import logging
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import close_old_connections, connection
from django.utils.module_loading import import_string

from tincoso.core.registry import periodic_jobs

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = "Run periodic jobs (deadline checks and the like)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--once", action="store_true", help="run each job once and exit")

    def handle(self, *args: Any, **options: Any) -> None:
        jobs = periodic_jobs()
        next_run = dict.fromkeys((path for path, _ in jobs), 0.0)
        while True:
            now = time.monotonic()
            for path, interval in jobs:
                if now < next_run[path]:
                    continue
                next_run[path] = now + interval
                if not connection.in_atomic_block:  # (tests run it inside one)
                    close_old_connections()
                try:
                    result = import_string(path)()
                    self.stdout.write(f"{path}: {result}")
                except Exception:
                    logger.exception("periodic job %s failed", path)
            if options["once"]:
                return
            time.sleep(max(1.0, min(next_run.values()) - time.monotonic()))
