"""Device figures in the roll-up, the dashboard and the exports: uptime from status
changes, plays done vs scheduled, emergency reach time; no query per device."""

from __future__ import annotations

import datetime as dt
import io

from django.test import Client
from openpyxl import load_workbook  # type: ignore[import-untyped]

from tincoso.broadcast.bulletins.models import Bulletin
from tincoso.broadcast.devices import credentials, emergency, services, uplink
from tincoso.broadcast.devices.models import Device
from tincoso.broadcast.devices.monitor_models import DeviceStatusChange
from tincoso.broadcast.stations.aired import record_aired
from tincoso.broadcast.stations.tests.conftest import MONDAY, at
from tincoso.conftest import person_with, same_queries_for_more_rows
from tincoso.core import clock
from tincoso.reports.official import figure_tables
from tincoso.reports.periods import Period
from tincoso.reports.rollup import rollup_for
from tincoso.units.models import Role, Unit

DAY = Period(MONDAY, MONDAY)


def _change(device: Device, online: bool, hour: int, minute: int) -> None:
    DeviceStatusChange.objects.create(device=device, online=online, at=at(hour, minute))


def _prove(device: Device, play_id: str, bulletin: Bulletin, start: dt.datetime) -> None:
    uplink.record_plays(device, {"plays": [{
        "play_id": play_id, "bulletin_id": bulletin.pk, "status": "completed",
        "started_at": start.isoformat(), "ended_at": (start + dt.timedelta(minutes=2)).isoformat(),
    }]})  # fmt: skip


def _day_of_a_device(device: Device, scheduled: Bulletin) -> None:
    """Online 05:00–05:30 and 05:45–06:00; the 05:10 play proved, plus a play-now;
    an emergency at 05:50 acknowledged 1.5 s later."""
    _change(device, True, 5, 0)
    _change(device, False, 5, 30)
    _change(device, True, 5, 45)
    clock.set(at(6))
    record_aired()
    _prove(device, f"{int(at(5, 10).timestamp())}-{scheduled.pk}", scheduled, at(5, 10))
    _prove(device, "now-7f3a", scheduled, at(5, 20))  # asked for, not scheduled
    clock.set(at(5, 50))
    alarm = emergency.start(None, device.unit, "Lũ quét")
    clock.set(at(5, 50, 1) + dt.timedelta(milliseconds=500))
    assert emergency.record_ack(device, alarm, "started", clock.now())
    clock.set(at(6))


def test_rollup_counts_uptime_plays_and_reach(device: Device, token: str, scheduled: Bulletin,
                                              tree: dict[str, Unit]) -> None:
    _day_of_a_device(device, scheduled)
    figures = rollup_for(tree["province"], DAY).as_dict()
    devices = figures["totals"]["devices"]
    assert devices["uptime"] == {"online_s": 45 * 60, "known_s": 60 * 60}
    assert devices["uptime_percent"] == 75.0
    assert devices["plays"] == {"scheduled": 1, "done": 1, "done_percent": 100.0}
    assert devices["emergency"] == {"acks": 1, "within_2s": 1, "reach_ms": 1500,
                                    "reach_avg_s": 1.5}
    commune = next(c for c in figures["children"] if c["unit"]["code"] == "commune")
    assert commune["figures"]["devices"]["uptime_percent"] == 75.0
    other = next(c for c in figures["children"] if c["unit"]["code"] == "committee")
    assert "devices" not in other["figures"]

    tables = {t.title: t.rows for t in figure_tables(figures, {})}
    rows = {label: value for label, value in tables["Hoạt động của cụm loa, bảng tin điện tử"]}
    assert rows["Thời gian hoạt động (%)"] == "75,0"
    assert rows["Lượt phát thiết bị xác nhận đã phát"] == "1"
    assert rows["Thời gian báo động đến thiết bị, trung bình (giây)"] == "1,50"


def test_a_state_carried_in_from_before_the_period_counts(device: Device, token: str,
                                                            tree: dict[str, Unit]) -> None:
    DeviceStatusChange.objects.create(device=device, online=False,
                                      at=at(23, day=MONDAY - dt.timedelta(days=1)))
    _change(device, True, 3, 0)
    devices = rollup_for(tree["commune"], DAY).as_dict()["totals"]["devices"]
    assert devices["uptime"] == {"online_s": 2 * 3600, "known_s": 5 * 3600}  # to 05:00 now
    assert devices["uptime_percent"] == 40.0


def test_dashboard_and_xlsx_show_them_for_the_same_queries(
        device: Device, token: str, scheduled: Bulletin, tree: dict[str, Unit]) -> None:
    _day_of_a_device(device, scheduled)
    client = Client()
    client.force_login(person_with(Role.ADMIN, tree["province"], "admin"))
    query = f"?unit=province&start={MONDAY}&end={MONDAY}"
    made = iter(range(1000))

    def add(n: int) -> None:
        for _ in range(n):
            i = next(made)
            more = services.save_device(None, tree["village"], services.DeviceData(
                name=f"Loa {i}", kind=Device.Kind.LOUDSPEAKER))
            credentials.issue_token(more)
            _change(more, True, 1, i % 50)
            _prove(more, f"{int(at(5, 10).timestamp())}-{scheduled.pk}", scheduled, at(5, 10))

    page = same_queries_for_more_rows(lambda: client.get("/app/dashboard/" + query), add)
    html = page.content.decode()
    assert 'id="fig-uptime"' in html and "lượt theo lịch" in html
    book = load_workbook(io.BytesIO(
        client.get("/app/dashboard/figures.xlsx" + query).content))
    cells = {str(c.value) for ws in book for row in ws.iter_rows() for c in row}
    assert "Hoạt động của cụm loa, bảng tin điện tử" in cells
    assert "Lượt phát theo lịch" in cells
