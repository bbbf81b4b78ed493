"""``tincoso demo``: load the demo province and print its log-ins (idempotent)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.module_loading import import_string

from tincoso.core.registry import demo_loaders


class Command(BaseCommand):
    help = "Load the demo province (idempotent). Nạp dữ liệu mẫu."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--force", action="store_true", help="allow in the production profile")

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.PRODUCTION and not options["force"]:
            raise CommandError(
                "Demo data is refused in production (use --force). "
                "Không nạp dữ liệu mẫu trong môi trường vận hành."
            )
        from tincoso.units.demo import DEMO_PASSWORD, DEMO_PEOPLE

        for loader in demo_loaders():
            import_string(loader)()
        self.stdout.write(
            f"Tin Cơ Sở demo — tài khoản mẫu / demo log-ins (mật khẩu / password: {DEMO_PASSWORD})"
        )
        self.stdout.write(f"  {'quantri':18s} superuser")
        for p in DEMO_PEOPLE:
            self.stdout.write(f"  {p.username:18s} {p.role:9s} {p.unit:10s} {p.full_name}")
