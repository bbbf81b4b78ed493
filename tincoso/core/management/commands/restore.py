"""``tincoso restore FILE``: put a backup archive's database and media back."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from tincoso.core.backup.archive import restore
from tincoso.core.errors import DomainError


class Command(BaseCommand):
    help = (
        "Restore a backup archive (checked first; a bad one changes nothing). "
        "Khôi phục từ bản sao lưu."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="an archive written by `tincoso backup`")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            content = restore(Path(options["file"]))
        except DomainError as exc:
            raise CommandError(exc.in_both_languages()) from exc
        self.stdout.write(
            f"Đã khôi phục / restored: {content['engine']}, {content['created']}, "
            f"Tin Cơ Sở {content['tincoso_version']}"
        )
