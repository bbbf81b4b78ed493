"""Loudspeaker stations: how long the playlist a device fetches takes to compute, and
how long recording a month of aired plays and rolling them up take.

A province of 100 stations, each with two daily slots whose programmes hold 10
bulletins every day for 30 days, and an emergency repeated every two hours for the
whole month at each station. Figures: one station's playlist over 24 hours and over
7 days (best of five), ``record_aired`` over the month for every station (the
catch-up the roll-up does first), and the roll-up of the province over the month
once everything is recorded.

    .venv/bin/python -m bench stations
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from typing import Any
from zoneinfo import ZoneInfo

from bench._worker import main, on_sqlite

VN = ZoneInfo("Asia/Ho_Chi_Minh")
STATIONS = 100
DAYS = 30
PER_PROGRAMME = 10


def _best(fn: Callable[[], Any], runs: int = 5) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return min(times)


def _generate() -> list[Any]:
    from django.core.files.base import ContentFile

    from tincoso.broadcast.bulletins.models import Bulletin
    from tincoso.broadcast.stations.models import Entry, Programme, Schedule, Slot, Station
    from tincoso.units.models import Unit

    root = Unit.objects.add_root({"code": "p", "name": "Tỉnh", "kind": "province"})
    audio = Bulletin(unit=root, title="Mẫu", status="approved", duration=60)
    audio.audio.save("bench.mp3", ContentFile(b"\xff\xfb" * 4000), save=False)
    audio.save()
    bulletins = [
        Bulletin(
            unit=root,
            title=f"Bản tin {i}",
            status="approved",
            duration=60 + i,
            audio=audio.audio.name,
        )
        for i in range(PER_PROGRAMME + 1)
    ]
    Bulletin.objects.bulk_create(bulletins)
    first = dt.date(2030, 3, 1)
    stations = []
    for s in range(STATIONS):
        root.refresh_from_db()
        unit = Unit.objects.add_child(root, {"code": f"x{s}", "name": f"Xã {s}", "kind": "commune"})
        station = Station.objects.create(unit=unit, name=f"Đài {s}")
        slots = [
            Slot.objects.create(station=station, start=dt.time(h), end=dt.time(h, 30))
            for h in (6, 17)
        ]
        programmes = Programme.objects.bulk_create(
            [
                Programme(slot=slot, date=first + dt.timedelta(days=d))
                for d in range(DAYS)
                for slot in slots
            ]
        )
        Entry.objects.bulk_create(
            [
                Entry(programme=p, bulletin=b, position=i)
                for p in programmes
                for i, b in enumerate(bulletins[:PER_PROGRAMME])
            ]
        )
        start = dt.datetime.combine(first, dt.time(8), tzinfo=VN)
        Schedule.objects.create(
            station=station,
            bulletin=bulletins[-1],
            priority="emergency",
            starts_at=start,
            every_minutes=120,
            until=start + dt.timedelta(days=DAYS - 1),
        )
        stations.append(station)
    return stations


def worker() -> None:
    from django.core.management import call_command

    from tincoso.broadcast.stations import aired, playlist
    from tincoso.core import clock
    from tincoso.reports.periods import Period
    from tincoso.reports.rollup import rollup_for
    from tincoso.units.models import Unit

    call_command("migrate", verbosity=0)
    stations = _generate()
    at = dt.datetime(2030, 3, 10, 5, tzinfo=VN)
    one = stations[0]
    day = _best(lambda: playlist.playlist(one, at, dt.timedelta(hours=24)))
    week = _best(lambda: playlist.playlist(one, at, dt.timedelta(days=7)))
    plays = len(playlist.playlist(one, at, dt.timedelta(hours=24)))
    clock.set(dt.datetime(2030, 3, 31, 0, tzinfo=VN))
    started = time.perf_counter()
    recorded = aired.record_aired(stations)
    record = time.perf_counter() - started
    root = Unit.objects.get(code="p")
    month = Period(dt.date(2030, 3, 1), dt.date(2030, 3, 31))
    roll = _best(lambda: rollup_for(root, month))
    print(
        f"playlist, one station: 24 h ({plays} plays) {day * 1000:.1f} ms, "
        f"7 days {week * 1000:.1f} ms"
    )
    print(
        f"record_aired, {STATIONS} stations × {DAYS} days: {recorded:,} plays in "
        f"{record:.1f} s ({recorded / record:,.0f} plays/s)"
    )
    print(f"roll-up of the province over the month, all recorded: {roll * 1000:.0f} ms")


def run() -> None:
    on_sqlite("bench.stations")


if __name__ == "__main__":
    main(run, worker)
