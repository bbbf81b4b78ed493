"""Rebuild the search index from the published items and registered documents.

For after a restore, an engine change (SQLite ↔ PostgreSQL) or a change to the
folding rules. It reads and writes only the index, shows no content to anyone,
and so needs no person's permission; it runs in one transaction, so searches
see either the old index or the new one.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from tincoso.publishing import search


class Command(BaseCommand):
    help = "Rebuild the search index (items and documents)."

    def handle(self, *args: Any, **options: Any) -> None:
        counts = search.rebuild()
        self.stdout.write(
            f"Indexed {counts['items']} published items and {counts['documents']} documents."
        )
