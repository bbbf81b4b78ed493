"""The units CSV export cannot carry a live formula, and reads back unchanged."""

from __future__ import annotations

import csv
import io

import pytest

from tincoso.core.tests.test_spreadsheet import HOSTILE
from tincoso.units import treefile
from tincoso.units.models import Unit, UnitKind

pytestmark = pytest.mark.django_db
# Unit names are single clean lines (services.validate_unit_data): no tab or CR in them.
NAMES = [name for name in HOSTILE if name[0] not in "\t\r"]


def test_formula_like_unit_names_are_escaped_in_the_csv_and_round_trip(
    tree: dict[str, Unit],
) -> None:
    commune = tree["commune"]
    for index, name in enumerate(NAMES):
        commune.refresh_from_db()
        Unit.objects.add_child(
            commune, {"code": f"evil-{index}", "name": name, "short_name": name,
                      "kind": UnitKind.VILLAGE},
        )  # fmt: skip
    text = treefile.export_tree("csv")
    rows = {row["code"]: row for row in csv.DictReader(io.StringIO(text))}
    for index, name in enumerate(NAMES):
        row = rows[f"evil-{index}"]
        assert row["name"] == "'" + name and row["short_name"] == "'" + name
    for row in rows.values():
        assert not any(value.startswith(("=", "+", "-", "@", "\t", "\r")) for value in row.values())
    Unit.objects.all().delete()
    treefile.import_tree_file(None, text.encode(), "t.csv")
    names = dict(Unit.objects.filter(code__startswith="evil-").values_list("code", "name"))
    assert names == {f"evil-{index}": name for index, name in enumerate(NAMES)}
