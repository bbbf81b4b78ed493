"""``tincoso units import FILE`` / ``tincoso units export``: the tree as CSV or YAML."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from tincoso.core.errors import DomainError
from tincoso.units import services, treefile


class Command(BaseCommand):
    help = "Import or export the unit tree (CSV or YAML). Nhập/xuất cây đơn vị."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        imp = sub.add_parser("import", help="import FILE (.csv, .yaml, .yml)")
        imp.add_argument("file")
        exp = sub.add_parser("export", help="export the tree")
        exp.add_argument("--format", choices=["csv", "yaml"], default="yaml")
        exp.add_argument("--root", help="code of the unit whose subtree to export")
        exp.add_argument("--output", "-o", help="file to write (default: standard output)")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            if options["action"] == "import":
                path = Path(options["file"])
                if not path.is_file():
                    raise CommandError(f"Không có tệp / no such file: {path}")
                result = treefile.import_tree_file(None, path.read_bytes(), path.name)
                self.stdout.write(
                    f"created={result.created} updated={result.updated} "
                    f"moved={result.moved} unchanged={result.unchanged}"
                )
                return
            root = services.get_unit(options["root"]) if options.get("root") else None
            text = treefile.export_tree(options["format"], root)
            if options.get("output"):
                Path(options["output"]).write_text(text, encoding="utf-8")
            else:
                sys.stdout.write(text)
        except DomainError as exc:
            raise CommandError(exc.in_both_languages()) from exc
