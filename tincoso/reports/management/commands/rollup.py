"""``tincoso rollup UNIT_CODE --from YYYY-MM-DD --to YYYY-MM-DD --json``."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from tincoso.core.errors import DomainError
from tincoso.reports.periods import Period
from tincoso.reports.rollup import rollup_for
from tincoso.units.services import get_unit


class Command(BaseCommand):
    help = "Roll up a unit's subtree over a period (figures for the unit and each child)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("unit")
        parser.add_argument("--from", dest="start", required=True)
        parser.add_argument("--to", dest="end", required=True)
        parser.add_argument("--json", action="store_true", help="print JSON (default: a table)")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            data = rollup_for(
                get_unit(options["unit"]), Period.parse(options["start"], options["end"])
            ).as_dict()
        except DomainError as exc:
            raise CommandError(exc.in_both_languages()) from exc
        if options["json"]:
            self.stdout.write(json.dumps(data, ensure_ascii=False))
            return
        rows = [("", data["unit"]["name"], data["totals"])] + [
            ("  ", c["unit"]["name"], c["figures"]) for c in data["children"]
        ]
        for indent, name, f in rows:
            docs, acts = f.get("documents", {}), f.get("activities", {})
            self.stdout.write(
                f"{indent}{name[:50]:52s} văn bản {docs.get('received', 0):6d} "
                f"tiếp nhận {docs.get('acknowledged', 0):6d} hoạt động {acts.get('count', 0):7d}"
            )
