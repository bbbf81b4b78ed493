"""Cut months read from the daily tallies: equal to counting the records for any period,
days reckoned in Vietnam time, and a cut month read from its shorter side."""

from __future__ import annotations

import datetime as dt
import random
from zoneinfo import ZoneInfo

from tincoso.documents.models import Dispatch, Document
from tincoso.outreach.services import ActivityData, log_activity
from tincoso.reports import rollup
from tincoso.reports.periods import Period
from tincoso.reports.tally_terms import terms
from tincoso.units import services as unit_services
from tincoso.units.models import SubtreeDay, SubtreeDekad, SubtreeQuarter, SubtreeYear, Unit

VN = ZoneInfo("Asia/Ho_Chi_Minh")


def both_ways(unit: Unit, period: Period) -> None:
    """The roll-up from the tallies equals the records counted, bucket by bucket,
    histogram bins included, and so does the way before daily tallies."""
    slow = rollup.flat_figures(unit, period, [rollup.records_only, *rollup.LIVE])
    assert rollup.flat_figures(unit, period) == slow, (unit.code, period)
    assert rollup.flat_figures(unit, period, rollup.RECORD_EDGES) == slow, (unit.code, period)


def rows(period: Period) -> dict[str, dict[str, int]]:
    """What a roll-up of ``period`` reads: per tally, each row's first day and sign."""
    return {level: {d.isoformat(): s for d, s in sorted(signs.items())}
            for level, signs in terms(period).items() if signs}  # fmt: skip


def test_a_cut_month_is_read_from_its_shorter_side() -> None:
    # 15 Jan–14 Jun: the first quarter less 1–14 January (a dekad and four days);
    # April and May; 1–14 June (a dekad and four days).
    assert rows(Period(dt.date(2025, 1, 15), dt.date(2025, 6, 14))) == {
        "quarter": {"2025-01-01": 1},
        "month": {"2025-04-01": 1, "2025-05-01": 1},
        "dekad": {"2025-01-01": -1, "2025-06-01": 1},
        "day": {"2025-01-11": -1, "2025-01-12": -1, "2025-01-13": -1, "2025-01-14": -1,
                "2025-06-11": 1, "2025-06-12": 1, "2025-06-13": 1, "2025-06-14": 1},
    }  # fmt: skip
    # 3–28 March (inside one month, both ends cut): the month less five days outside.
    assert rows(Period(dt.date(2026, 3, 3), dt.date(2026, 3, 28))) == {
        "month": {"2026-03-01": 1},
        "day": {"2026-03-01": -1, "2026-03-02": -1, "2026-03-29": -1, "2026-03-30": -1,
                "2026-03-31": -1},
    }  # fmt: skip
    # 3–20 March: the month less 1–2 March and the last dekad (21–31).
    assert rows(Period(dt.date(2026, 3, 3), dt.date(2026, 3, 20))) == {
        "month": {"2026-03-01": 1},
        "dekad": {"2026-03-21": -1},
        "day": {"2026-03-01": -1, "2026-03-02": -1},
    }
    # 21–29 February 2024 (a leap year): the last dekad is 21–29.
    assert rows(Period(dt.date(2024, 2, 21), dt.date(2024, 2, 29))) == {
        "dekad": {"2024-02-21": 1}
    }
    assert rows(Period(dt.date(2026, 2, 9), dt.date(2026, 2, 9))) == {"day": {"2026-02-09": 1}}
    # Whole months, quarters and years: one row each, no days.
    assert rows(Period(dt.date(2024, 2, 1), dt.date(2025, 7, 31))) == {
        "quarter": {"2024-04-01": 1, "2024-07-01": 1, "2024-10-01": 1, "2025-01-01": 1,
                    "2025-04-01": 1},
        "month": {"2024-02-01": 1, "2024-03-01": 1, "2025-07-01": 1},
    }  # fmt: skip
    assert rows(Period(dt.date(2024, 1, 1), dt.date(2025, 3, 31))) == {
        "year": {"2024-01-01": 1}, "quarter": {"2025-01-01": 1}
    }  # fmt: skip


def test_days_are_reckoned_in_vietnam_time(tree: dict[str, Unit]) -> None:
    # 17:30 UTC on 14 June is 00:30 on 15 June in Hà Nội: outside 15 Jan–14 Jun.
    for when in (
        dt.datetime(2025, 6, 14, 17, 30, tzinfo=dt.UTC),  # 15 June, 00:30 in Vietnam
        dt.datetime(2025, 6, 14, 16, 59, tzinfo=dt.UTC),  # 14 June, 23:59 in Vietnam
        dt.datetime(2025, 1, 14, 17, 0, tzinfo=dt.UTC),  # 15 January, 00:00 in Vietnam
        dt.datetime(2025, 1, 14, 16, 59, 59, tzinfo=dt.UTC),  # 14 January, 23:59:59
    ):
        log_activity(
            None,
            ActivityData(unit=tree["cell-a"], form="talk", topic="T", starts_at=when,
                         audience_total=1),
        )  # fmt: skip
    days = {row.day for row in SubtreeDay.objects.filter(unit=tree["cell-a"])}
    assert days == {dt.date(2025, 6, 15), dt.date(2025, 6, 14), dt.date(2025, 1, 15),
                    dt.date(2025, 1, 14)}  # fmt: skip
    cut = rollup.rollup_for(tree["province"], Period(dt.date(2025, 1, 15), dt.date(2025, 6, 14)))
    assert cut.totals["activities"]["count"] == 2
    both_ways(tree["province"], Period(dt.date(2025, 1, 15), dt.date(2025, 6, 14)))


def test_random_periods_and_a_moved_unit_agree_with_the_records(tree: dict[str, Unit]) -> None:
    """GIVEN records at random moments (many near midnight) in every unit, THEN every
    random period, cut anywhere, gives the records' figures from the tallies, for the
    province and the units below, before and after a unit moves in the tree."""
    rng = random.Random(3)
    units = list(tree.values())
    start = dt.datetime(2025, 11, 1, tzinfo=VN)
    for n in range(120):
        when = start + dt.timedelta(days=rng.randrange(150), hours=rng.choice([0, 23, 12]),
                                    minutes=rng.choice([0, 59, 30]))  # fmt: skip
        if n % 3:
            log_activity(
                None,
                ActivityData(unit=rng.choice(units), form=rng.choice(["talk", "portal"]),
                             topic="T", starts_at=when, audience_total=rng.randrange(1, 50)),
            )  # fmt: skip
        else:
            doc = Document.objects.create(unit=tree["province"], doc_type="Công văn",
                                          symbol=f"{n}-CV/BTG", title="T", status="registered")
            ack = when + dt.timedelta(hours=rng.randrange(1, 200)) if rng.random() < 0.7 else None
            Dispatch.objects.create(document=doc, sender=tree["province"],
                                    recipient=rng.choice(units), sent_at=when,
                                    acknowledged_at=ack, opened_at=ack)  # fmt: skip
    periods = []
    for _ in range(12):
        first = dt.date(2025, 10, 25) + dt.timedelta(days=rng.randrange(160))
        periods.append(Period(first, first + dt.timedelta(days=rng.randrange(0, 120))))
    for period in periods[:6]:
        for code in ("province", "committee", "commune"):
            both_ways(tree[code], period)
    unit_services.move_unit(None, tree["commune"], tree["committee"])
    for period in periods[6:]:
        for code in ("province", "committee", "commune"):
            both_ways(Unit.objects.get(code=code), period)


def test_a_migrate_that_finds_monthly_tallies_but_no_daily_ones_builds_them(
    tree: dict[str, Unit],
) -> None:
    """An upgrade from before daily (or quarterly and yearly) tallies: ``migrate`` builds
    them."""
    from django.core.management import call_command

    from tincoso.units import subtree_tallies

    log_activity(
        None,
        ActivityData(unit=tree["village"], form="talk", topic="T",
                     starts_at=dt.datetime(2026, 4, 9, 8, tzinfo=VN), audience_total=3),
    )  # fmt: skip
    days = subtree_tallies.snapshot_days()
    assert set(days) == {(tree[c].pk, dt.date(2026, 4, 9)) for c in ("village", "commune",
                                                                       "province")}  # fmt: skip
    spans = subtree_tallies.snapshot_spans()
    assert len(spans) == 9  # a dekad, a quarter and a year for each of the three units
    SubtreeDay.objects.all().delete()
    call_command("migrate", verbosity=0)
    assert subtree_tallies.snapshot_days() == days
    for model in (SubtreeQuarter, SubtreeYear, SubtreeDekad):  # from before them: summed
        model.objects.all().delete()
    call_command("migrate", verbosity=0)
    assert subtree_tallies.snapshot_spans() == spans
