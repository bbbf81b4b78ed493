"""The monthly tally stays equal to the activities, whatever is written, moved or deleted."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

from tincoso.outreach import tally
from tincoso.outreach.importer import import_activities
from tincoso.outreach.models import Activity
from tincoso.outreach.services import (
    ActivityData,
    delete_activity,
    log_activity,
    update_activity,
)
from tincoso.units.models import Unit

VN = ZoneInfo("Asia/Ho_Chi_Minh")
COLUMNS = ["count", *tally.AUDIENCE, *[f"n_{f}" for f in tally.FORMS]]


def snapshot() -> dict[tuple[int, dt.date], tuple[int, ...]]:
    return {
        (r.unit_id, r.month): tuple(getattr(r, c) for c in COLUMNS)
        for r in tally.ActivityMonth.objects.all()
        if r.count
    }


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
    tally.rebuild()
    assert snapshot() == incremental
    months = {(u, m.month) for u, m in incremental}
    assert months == {
        (Unit.objects.get(code="commune").pk, 3),
        (Unit.objects.get(code="village").pk, 2),
    }


def test_month_boundaries_are_in_vietnam_time(tree: dict[str, Unit]) -> None:
    # 17:30 UTC on 31 January is 00:30 on 1 February in Hà Nội.
    log_activity(None, data(tree["cell-a"], dt.datetime(2026, 1, 31, 17, 30, tzinfo=dt.UTC)))
    [row] = tally.ActivityMonth.objects.all()
    assert row.month == dt.date(2026, 2, 1)


def test_an_imported_spreadsheet_is_tallied(tree: dict[str, Unit], cell_officer: Any) -> None:
    from tincoso.outreach.tests.test_import import row, workbook

    result = import_activities(cell_officer, workbook([row(), row(date="2026-04-06")]), "x.xlsx")
    assert result.ok and result.created == 2
    incremental = snapshot()
    assert sum(v[0] for v in incremental.values()) == 2
    tally.rebuild()
    assert snapshot() == incremental
