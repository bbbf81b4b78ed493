"""``tincoso manage exchange [run|send|fetch]``: one pass of the document exchange over
the transports in DOCUMENT_EXCHANGE_TRANSPORTS (the scheduler runs ``run`` every 5 min)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from tincoso.documents.exchange import running, transports


class Command(BaseCommand):
    help = "Send pending edXML envelopes and fetch incoming ones (document exchange)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("what", nargs="?", choices=["run", "send", "fetch"], default="run")

    def handle(self, *args: Any, **options: Any) -> None:
        active = transports.configured()
        if not active:
            raise CommandError(
                "Chưa cấu hình kênh liên thông / no transport: set DOCUMENT_EXCHANGE_TRANSPORTS"
            )
        what = options["what"]
        tally = running.run_once(active, send=what != "fetch", receive=what != "send")
        self.stdout.write(
            f"received={tally.received} refused={tally.refused} "
            f"status_queued={tally.queued} sent={tally.sent} failed={tally.failed}"
        )
