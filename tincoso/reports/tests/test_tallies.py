"""The subtree tallies the roll-ups read: equal to a rebuild after every kind of write,
equal to counting the records themselves, and medians within the stated 2%."""

from __future__ import annotations

import datetime as dt
import random
import statistics
from collections import Counter, defaultdict
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command

from tincoso.conftest import person_with
from tincoso.core import clock
from tincoso.documents import services as documents
from tincoso.documents.models import Dispatch, Document
from tincoso.feedback import services as feedback
from tincoso.feedback.models import Feedback
from tincoso.outreach.services import ActivityData, delete_activity, log_activity
from tincoso.reports import rollup
from tincoso.reports.contributions import DAYS_TO_ACKNOWLEDGE
from tincoso.reports.periods import Period, quarter, year
from tincoso.units import services as unit_services
from tincoso.units import subtree_tallies
from tincoso.units.models import Role, SubtreeMonth, Unit
from tincoso.units.services import UnitData
from tincoso.units.treefile import import_tree

VN = ZoneInfo("Asia/Ho_Chi_Minh")


def at(y: int, m: int, d: int, h: int = 9) -> dt.datetime:
    return dt.datetime(y, m, d, h, tzinfo=VN)


def agrees_with_a_rebuild() -> dict[Any, dict[str, int]]:
    """The yearly, quarterly, monthly, dekad and daily tallies as written equal a rebuild
    from the records, and each equals the sum of its days; returns the monthly rows."""
    incremental, days = subtree_tallies.snapshot(), subtree_tallies.snapshot_days()
    spans = subtree_tallies.snapshot_spans()
    subtree_tallies.rebuild()
    assert subtree_tallies.snapshot() == incremental
    assert subtree_tallies.snapshot_days() == days
    assert subtree_tallies.snapshot_spans() == spans
    summed: dict[Any, Counter[str]] = defaultdict(Counter)
    for (unit_id, day), figures in days.items():
        summed[(unit_id, day.replace(day=1))].update(figures)
        summed[("SubtreeQuarter", unit_id, day.replace(month=(day.month - 1) // 3 * 3 + 1,
                                                      day=1))].update(figures)  # fmt: skip
        summed[("SubtreeYear", unit_id, day.replace(month=1, day=1))].update(figures)
        summed[("SubtreeDekad", unit_id, subtree_tallies.dekad_of(day))].update(figures)
    assert {k: dict(+c) for k, c in summed.items()} == {**incremental, **spans}
    return incremental


@pytest.fixture
def directive(tree: dict[str, Unit]) -> Document:
    return Document.objects.create(
        unit=tree["province"], doc_type="Hướng dẫn", symbol="30-HD/BTG", title="T",
        status="registered",
    )  # fmt: skip


def test_a_dispatch_through_its_life_keeps_the_tally_equal_to_a_rebuild(
    tree: dict[str, Unit], directive: Document
) -> None:
    clock.set(at(2026, 1, 5))
    officer = person_with(Role.OFFICER, tree["cell-a"], "officer-a")
    [sent] = documents.dispatch_document(None, directive, [tree["cell-a"]])
    rows = agrees_with_a_rebuild()
    for code in ("cell-a", "committee", "province"):  # the unit and each ancestor
        unit = tree[code]
        assert rows[(unit.pk, dt.date(2026, 1, 1))]["documents.received"] == 1
    assert (tree["commune"].pk, dt.date(2026, 1, 1)) not in rows
    clock.advance(dt.timedelta(days=2))
    documents.open_dispatch(officer, sent)
    documents.acknowledge(officer, Dispatch.objects.get(pk=sent.pk))
    clock.advance(dt.timedelta(days=5))
    documents.complete(officer, Dispatch.objects.get(pk=sent.pk), "Đã tổ chức quán triệt.")
    rows = agrees_with_a_rebuild()
    figures = rows[(tree["province"].pk, dt.date(2026, 1, 1))]
    assert figures["documents.acknowledged"] == figures["documents.done"] == 1
    r = rollup.rollup_for(tree["province"], quarter(2026, 1))
    assert r.totals["documents"]["median_days_to_acknowledge"] == 2.0
    assert r.totals["documents"]["median_days_to_finish"] == 7.0


def test_feedback_moved_to_another_unit_and_answered_late_is_counted_there(
    tree: dict[str, Unit],
) -> None:
    clock.set(at(2026, 2, 1))
    item = feedback.submit_feedback(tree["village"], "question", "Lịch tiêm chủng tháng này?")
    handler = person_with(Role.OFFICER, tree["province"], "province-officer")
    feedback.transfer(handler, Feedback.objects.get(pk=item.pk), tree["cell-b"])
    clock.advance(dt.timedelta(days=40))  # past any deadline
    feedback.answer(handler, Feedback.objects.get(pk=item.pk), "Ngày 15 hằng tháng.")
    rows = agrees_with_a_rebuild()
    feb = dt.date(2026, 2, 1)
    assert rows[(tree["cell-b"].pk, feb)]["feedback.overdue"] == 1
    assert "feedback.received" not in rows.get((tree["commune"].pk, feb), {})
    r = rollup.rollup_for(tree["province"], quarter(2026, 1)).as_dict()
    children = {c["unit"]["code"]: c["figures"] for c in r["children"]}
    assert children["committee"]["feedback"]["answered"] == 1
    assert children["committee"]["feedback"]["median_hours_to_answer"] == 960.0
    assert children["commune"]["feedback"]["received"] == 0


def test_moving_a_unit_carries_its_figures_to_the_new_ancestors(tree: dict[str, Unit]) -> None:
    log_activity(
        None,
        ActivityData(unit=tree["village"], form="talk", topic="Chỉ thị 07",
                     starts_at=at(2026, 3, 3), audience_total=30),
    )  # fmt: skip
    unit_services.move_unit(None, tree["village"], tree["cell-a"])
    rows = agrees_with_a_rebuild()
    march = dt.date(2026, 3, 1)
    assert rows[(tree["committee"].pk, march)]["activities.audience.total"] == 30
    assert (tree["commune"].pk, march) not in rows
    # And back again, by importing a tree file that puts it under the commune.
    import_tree(None, [UnitData("village", "Bản Nà Khum", "village", parent="commune")])
    rows = agrees_with_a_rebuild()
    assert rows[(tree["commune"].pk, march)]["activities.count"] == 1
    assert (tree["committee"].pk, march) not in rows


def test_deleting_takes_the_figures_out_and_leaves_no_empty_rows(tree: dict[str, Unit]) -> None:
    a = log_activity(
        None,
        ActivityData(unit=tree["cell-a"], form="talk", topic="T", starts_at=at(2026, 3, 3),
                     audience_total=5),
    )  # fmt: skip
    assert SubtreeMonth.objects.count() == 3  # cell-a, committee, province
    delete_activity(None, a)
    assert SubtreeMonth.objects.count() == 0


def _random_province(tree: dict[str, Unit], directive: Document, rng: random.Random) -> None:
    units = list(tree.values())
    docs = [directive] + [
        Document.objects.create(unit=tree["province"], doc_type="Công văn",
                                symbol=f"{n}-CV/BTG", title="T", status="registered")
        for n in range(1, 6)
    ]  # fmt: skip
    for doc in docs:
        for unit in rng.sample(units, 4):
            sent = at(2025, 12, 1) + dt.timedelta(minutes=rng.randrange(0, 200 * 24 * 60))
            ack = (
                sent + dt.timedelta(minutes=rng.randrange(1, 20000)) if rng.random() < 0.8 else None
            )
            done = (
                ack + dt.timedelta(hours=rng.randrange(1, 900))
                if ack and rng.random() < 0.5
                else None
            )
            Dispatch.objects.create(
                document=doc, sender=tree["province"], recipient=unit, sent_at=sent,
                deadline=sent + dt.timedelta(days=7), acknowledged_at=ack, opened_at=ack,
                done_at=done,
            )  # fmt: skip
    for _ in range(40):
        when = at(2025, 12, 1) + dt.timedelta(minutes=rng.randrange(0, 200 * 24 * 60))
        log_activity(
            None,
            ActivityData(unit=rng.choice(units), form=rng.choice(["talk", "conference"]),
                         topic="T", starts_at=when, audience_total=rng.randrange(1, 90),
                         audience_members=rng.randrange(0, 2)),
        )  # fmt: skip
    for _ in range(30):
        clock.set(at(2025, 12, 1) + dt.timedelta(minutes=rng.randrange(0, 200 * 24 * 60)))
        item = feedback.submit_feedback(
            rng.choice(units), rng.choice(["question", "opinion"]), "Ý kiến về con đường"
        )
        if rng.random() < 0.7:
            clock.advance(dt.timedelta(minutes=rng.randrange(1, 30 * 24 * 60)))
            handler = person_with(Role.OFFICER, tree["province"], f"h{item.pk}")
            feedback.answer(handler, Feedback.objects.get(pk=item.pk), "Trả lời.")
    clock.set(at(2026, 9, 1))


@pytest.mark.parametrize(
    "period",
    [quarter(2026, 1), year(2026), Period(dt.date(2025, 12, 17), dt.date(2026, 4, 9))],
    ids=["quarter", "year", "cut-months"],
)
def test_tallies_give_the_same_figures_as_counting_the_records(
    tree: dict[str, Unit], directive: Document, period: Period
) -> None:
    _random_province(tree, directive, random.Random(11))
    for code in ("province", "committee", "commune"):
        fast = rollup.rollup_for(tree[code], period).as_dict()
        slow = rollup.rollup_for(tree[code], period, [rollup.records_only, *rollup.LIVE]).as_dict()
        assert fast == slow, code
        every = rollup.flat_figures(tree[code], period)  # histogram bins too, not only medians
        assert every == rollup.flat_figures(tree[code], period, [rollup.records_only, *rollup.LIVE])
        assert fast["totals"]["documents"]["received"] > 0


def test_a_median_from_the_histogram_is_within_two_percent(
    tree: dict[str, Unit], directive: Document
) -> None:
    rng = random.Random(5)
    durations = []
    for n in range(101):
        doc = Document.objects.create(
            unit=tree["province"], doc_type="Công văn", symbol=f"{n + 100}-CV/BTG", title="T",
            status="registered",
        )  # fmt: skip
        sent = at(2026, 1, 3)
        minutes = rng.randrange(30, 30 * 24 * 60)
        durations.append(minutes / 1440)
        Dispatch.objects.create(
            document=doc, sender=tree["province"], recipient=tree["cell-a"], sent_at=sent,
            acknowledged_at=sent + dt.timedelta(minutes=minutes),
        )  # fmt: skip
    exact = statistics.median(durations)
    r = rollup.rollup_for(tree["province"], quarter(2026, 1))
    assert r.totals["documents"]["median_days_to_acknowledge"] == pytest.approx(exact, rel=0.02)
    row = SubtreeMonth.objects.get(unit=tree["province"], month=dt.date(2026, 1, 1))
    median = subtree_tallies.median_seconds(row.figures, DAYS_TO_ACKNOWLEDGE)
    assert median is not None and median / 86400 == pytest.approx(exact, rel=0.02)


def test_rebuild_tallies_command_and_a_migrate_that_finds_records_without_tallies(
    tree: dict[str, Unit], directive: Document, capsys: Any
) -> None:
    Dispatch.objects.create(document=directive, sender=tree["province"], recipient=tree["cell-b"],
                            sent_at=at(2026, 1, 3))  # fmt: skip
    before = subtree_tallies.snapshot()
    SubtreeMonth.objects.all().delete()
    call_command("migrate", verbosity=0)  # post_migrate: records but no tallies → built
    assert subtree_tallies.snapshot() == before
    call_command("rebuild_tallies")
    assert "3 unit-months" in capsys.readouterr().out


@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_under_the_same_ancestors_lose_nothing(tree: dict[str, Unit]) -> None:
    """GIVEN two writers logging activities at once in units sharing ancestors (and the
    same new tally rows) THEN the tallies equal a rebuild: no lost update, no deadlock."""
    import threading

    from django.db import connection

    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        pytest.skip(
            "the in-memory test database locks whole tables across threads; on disk, "
            "SQLite serializes writers (IMMEDIATE transactions) and PostgreSQL runs this"
        )
    errors: list[BaseException] = []

    def write(code: str) -> None:
        try:
            for day in range(1, 13):
                log_activity(
                    None,
                    ActivityData(unit=Unit.objects.get(code=code), form="talk", topic="T",
                                 starts_at=at(2026, 5, day), audience_total=day),
                )  # fmt: skip
        except BaseException as error:  # reported by the assertion below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=write, args=(c,)) for c in ("cell-a", "cell-b", "village")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    rows = agrees_with_a_rebuild()
    assert rows[(tree["province"].pk, dt.date(2026, 5, 1))]["activities.count"] == 36


def test_bulk_writes_that_would_skip_the_tallies_are_refused_and_bulk_create_counts(
    tree: dict[str, Unit], directive: Document
) -> None:
    """GIVEN tracked models THEN ``update()``/``bulk_update()`` of a counted field raise and
    change nothing, other fields still update, and ``bulk_create()`` keeps the tallies on."""
    from tincoso.outreach.models import Activity
    from tincoso.units.subtree_tallies import TallyBypassError

    clock.set(at(2026, 2, 2))
    item = feedback.submit_feedback(tree["cell-a"], "question", "Ý kiến về con đường")
    sent = Dispatch.objects.create(document=directive, sender=tree["province"],
                                   recipient=tree["cell-b"], sent_at=at(2026, 2, 3))
    before = agrees_with_a_rebuild()
    with pytest.raises(TallyBypassError, match="answered_at"):
        Feedback.objects.filter(pk=item.pk).update(answered_at=at(2026, 2, 4))
    with pytest.raises(TallyBypassError, match="recipient"):
        Dispatch.objects.filter(pk=sent.pk).update(recipient=tree["cell-a"])
    sent.done_at = at(2026, 2, 5)
    with pytest.raises(TallyBypassError, match="done_at"):
        Dispatch.objects.bulk_update([sent], ["done_at"])
    assert Feedback.objects.get(pk=item.pk).answered_at is None
    assert Dispatch.objects.get(pk=sent.pk).recipient_id == tree["cell-b"].pk
    assert Dispatch.objects.get(pk=sent.pk).done_at is None
    assert Feedback.objects.filter(pk=item.pk).update(text="Ý kiến khác") == 1  # not counted
    assert agrees_with_a_rebuild() == before
    made = [Activity(unit=tree["village"], form="talk", topic="T", starts_at=at(2026, 2, n),
                     audience_total=n) for n in (6, 7)]
    with pytest.raises(TallyBypassError, match="conflicts"):
        Activity.objects.bulk_create(made, ignore_conflicts=True)
    Activity.objects.bulk_create(made)
    rows = agrees_with_a_rebuild()
    assert rows[(tree["province"].pk, dt.date(2026, 2, 1))]["activities.count"] == 2
    assert rows[(tree["province"].pk, dt.date(2026, 2, 1))]["activities.audience.total"] == 13
