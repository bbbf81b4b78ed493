"""``tincoso backup FILE``: the database and the media files in one archive."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from tincoso.core.backup.archive import create
from tincoso.core.errors import DomainError


class Command(BaseCommand):
    help = "Back up the database and media into one archive. Sao lưu dữ liệu và tệp."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="the archive to write (e.g. tincoso-2026-11-30.tar.gz)")

    def handle(self, *args: Any, **options: Any) -> None:
        target = Path(options["file"])
        try:
            content = create(target)
        except DomainError as exc:
            raise CommandError(exc.in_both_languages()) from exc
        size = target.stat().st_size
        self.stdout.write(
            f"{target}: {content['engine']}, {len(content['files'])} tệp / files, "
            f"{size:,} bytes, {content['created']}"
        )
