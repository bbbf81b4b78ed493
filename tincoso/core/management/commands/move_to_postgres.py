"""``tincoso move-to-postgres --from FILE [--replace]``: a SQLite installation into the
PostgreSQL database that DATABASE_URL names (core.movedb)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser

from tincoso.core.errors import DomainError
from tincoso.core.movedb import move


class Command(BaseCommand):
    help = (
        "Copy a SQLite installation into this PostgreSQL database, ids kept, row counts "
        "checked. Chuyển dữ liệu SQLite sang PostgreSQL."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--from", dest="source", required=True, help="the SQLite file")
        parser.add_argument(
            "--replace", action="store_true", help="wipe what the target already holds"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        call_command("migrate", interactive=False, verbosity=0)
        try:
            counts = move(Path(options["source"]), replace=options["replace"])
        except DomainError as exc:
            raise CommandError(exc.in_both_languages()) from exc
        width = max(len(c.table) for c in counts)
        self.stdout.write(f"{'bảng / table':{width}s}  nguồn/source  đích/target")
        for c in counts:
            if c.source:
                self.stdout.write(f"{c.table:{width}s}  {c.source:13d}  {c.target:11d}")
        total = sum(c.target for c in counts)
        self.stdout.write(f"Đã chép / copied: {total} dòng / rows, {len(counts)} bảng / tables.")
