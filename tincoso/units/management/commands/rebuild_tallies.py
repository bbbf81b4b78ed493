"""``tincoso manage rebuild_tallies``: recompute the subtree tallies from the records."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from tincoso.units import subtree_tallies


class Command(BaseCommand):
    help = "Recompute the daily and monthly subtree tallies that roll-ups read, from the records."

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(f"{subtree_tallies.rebuild()} unit-months")
