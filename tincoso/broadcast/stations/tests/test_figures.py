"""Aired plays: recorded once when their time has passed, counted by the roll-up by
priority and by source level."""

from __future__ import annotations

import datetime as dt

from tincoso.broadcast.stations import aired, inbox, programmes
from tincoso.broadcast.stations.models import AiredPlay, Station
from tincoso.broadcast.stations.tests.conftest import MONDAY, MakeBulletin, at
from tincoso.core import clock
from tincoso.reports.periods import Period
from tincoso.reports.rollup import rollup_for
from tincoso.units.models import Unit


def _day(tree: dict[str, Unit], station: Station, make: MakeBulletin) -> None:
    morning = programmes.programme_for(station.slots.get(start=dt.time(6)), MONDAY)
    programmes.add_entry(None, morning, make(tree["commune"], seconds=120))
    inbox.offer(None, make(tree["province"], seconds=60), "priority")
    inbox.offer(None, make(tree["province"], seconds=30), "emergency", start=at(9))


def test_only_plays_that_ended_are_recorded_and_only_once(
    tree: dict[str, Unit], station: Station, make_bulletin: MakeBulletin
) -> None:
    _day(tree, station, make_bulletin)
    clock.set(at(6, 1, 30))  # the priority bulletin (06:00–06:01) ended, the next did not
    assert aired.record_aired() == 1
    clock.set(at(12))
    assert aired.record_aired() == 2
    assert aired.record_aired() == 0
    assert sorted(AiredPlay.objects.values_list("priority", "own", "seconds")) == [
        ("emergency", False, 30), ("normal", True, 120), ("priority", False, 60)]


def test_the_rollup_counts_aired_plays_by_priority_and_source(
    tree: dict[str, Unit], station: Station, make_bulletin: MakeBulletin
) -> None:
    _day(tree, station, make_bulletin)
    clock.set(at(12))
    figures = rollup_for(tree["province"], Period(MONDAY, MONDAY)).as_dict()
    b = figures["totals"]["broadcast"]
    assert (b["aired"], b["seconds"]) == (3, 210)
    assert b["by_priority"]["emergency"] == {"aired": 1, "seconds": 30}
    assert b["by_source"]["own"] == {"aired": 1, "seconds": 120}
    assert b["by_source"]["above"] == {"aired": 2, "seconds": 90}
    [commune] = [c for c in figures["children"] if c["unit"]["code"] == "commune"]
    assert commune["figures"]["broadcast"]["aired"] == 3
    # Another day's period counts nothing; a period without plays shows zeros.
    other = rollup_for(tree["province"], Period(MONDAY - dt.timedelta(days=1),
                                                MONDAY - dt.timedelta(days=1))).as_dict()
    assert other["totals"]["broadcast"] == {"aired": 0, "seconds": 0}


def test_the_dashboard_and_the_report_tables_show_the_aired_figures(
    tree: dict[str, Unit], station: Station, make_bulletin: MakeBulletin, province_admin: object
) -> None:
    from django.test import Client

    from tincoso.reports.official import figure_tables

    _day(tree, station, make_bulletin)
    clock.set(at(12))
    figures = rollup_for(tree["province"], Period(MONDAY, MONDAY)).as_dict()
    [table] = [t for t in figure_tables(figures, {}) if t.title == "Phát thanh trên hệ thống loa"]
    assert table.rows[0] == ["Tổng số lượt phát", "3", "3,5"]
    assert ["Bản tin khẩn cấp", "1", "0,5"] in table.rows
    assert ["Bản tin của cấp trên", "2", "1,5"] in table.rows
    client = Client()
    client.force_login(province_admin)
    page = client.get("/app/dashboard/", {"unit": "province", "start": "2030-03-04",
                                          "end": "2030-03-04"})
    assert page.status_code == 200
    assert '<strong id="fig-broadcast">3</strong>' in page.content.decode()
