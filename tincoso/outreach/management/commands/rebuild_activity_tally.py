"""``tincoso manage rebuild_activity_tally``: recompute the monthly tally from the activities."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from tincoso.outreach import tally


class Command(BaseCommand):
    help = "Recompute the monthly activity tally that roll-ups read."

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(f"{tally.rebuild()} unit-months")
