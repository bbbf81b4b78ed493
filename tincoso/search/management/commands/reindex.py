"""Rebuild the search index from every registered source (published items,
registered documents).

For after a restore, an engine change (SQLite ↔ PostgreSQL) or a change to the
folding rules. It reads and writes only the index, shows no content to anyone,
and so needs no person's permission; it runs in one transaction, so searches
see either the old index or the new one.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from tincoso.search import index


class Command(BaseCommand):
    help = "Rebuild the search index (every registered source)."

    def handle(self, *args: Any, **options: Any) -> None:
        counts = index.rebuild()
        self.stdout.write(
            f"Indexed {counts.get('item', 0)} published items and "
            f"{counts.get('document', 0)} documents."
        )
