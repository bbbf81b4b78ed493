"""The subtree tallies stay equal to the activities, whatever is written, moved or deleted."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

from tincoso.outreach.importer import import_activities
from tincoso.outreach.models import Activity
from tincoso.outreach.services import (
    ActivityData,
    delete_activity,
    log_activity,
    update_activity,
)
from tincoso.units import subtree_tallies
from tincoso.units.models import SubtreeMonth, Unit

VN = ZoneInfo("Asia/Ho_Chi_Minh")


def snapshot() -> dict[tuple[int, dt.date], dict[str, int]]:
    return subtree_tallies.snapshot()


def data(unit: Unit, when: dt.datetime, form: str = "talk", total: int = 10) -> ActivityData:
    return ActivityData(
        unit=unit,
        form=form,
        topic="Chỉ thị 07",
        starts_at=when,
        audience_total=total,
        audience_members=total // 2,
    )


def test_every_write_keeps_the_tally_equal_to_a_rebuild(tree: dict[str, Unit]) -> None:
    a = log_activity(None, data(tree["cell-a"], dt.datetime(2026, 1, 31, 23, 30, tzinfo=VN)))
    b = log_activity(
        None,
        data(
            tree["cell-b"], dt.datetime(2026, 2, 1, 0, 30, tzinfo=VN), form="conference", total=40
        ),
    )
    log_activity(None, data(tree["village"], dt.datetime(2026, 2, 3, tzinfo=VN), total=7))
    # Move one to another unit, month and form; delete another.
    update_activity(
        None,
        Activity.objects.get(pk=a.pk),
        data(tree["commune"], dt.datetime(2026, 3, 2, tzinfo=VN), form="portal", total=12),
    )
    delete_activity(None, Activity.objects.get(pk=b.pk))
    incremental = snapshot()
    subtree_tallies.rebuild()
    assert snapshot() == incremental
    commune, village = Unit.objects.get(code="commune"), Unit.objects.get(code="village")
    own = {
        (u, m.month)
        for u, m in incremental
        if u in (commune.pk, village.pk, tree["cell-a"].pk, tree["cell-b"].pk)
    }
    assert own == {(commune.pk, 3), (commune.pk, 2), (village.pk, 2)}  # village is in commune
    assert incremental[(commune.pk, dt.date(2026, 3, 1))]["activities.by_form.portal"] == 1
    assert incremental[(commune.pk, dt.date(2026, 2, 1))]["activities.audience.total"] == 7


def test_month_boundaries_are_in_vietnam_time(tree: dict[str, Unit]) -> None:
    # 17:30 UTC on 31 January is 00:30 on 1 February in Hà Nội.
    log_activity(None, data(tree["cell-a"], dt.datetime(2026, 1, 31, 17, 30, tzinfo=dt.UTC)))
    assert {row.month for row in SubtreeMonth.objects.all()} == {dt.date(2026, 2, 1)}


def test_an_imported_spreadsheet_is_tallied(tree: dict[str, Unit], cell_officer: Any) -> None:
    from tincoso.outreach.tests.test_import import row, workbook

    result = import_activities(cell_officer, workbook([row(), row(date="2026-04-06")]), "x.xlsx")
    assert result.ok and result.created == 2
    incremental = snapshot()
    cell = tree["cell-a"].pk
    assert sum(v.get("activities.count", 0) for (u, _), v in incremental.items() if u == cell) == 2
    subtree_tallies.rebuild()
    assert snapshot() == incremental
