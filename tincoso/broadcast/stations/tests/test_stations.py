"""Stations, clusters and slots: what is accepted, what is refused (and changes nothing)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from tincoso.broadcast.stations import services
from tincoso.broadcast.stations.models import Cluster, Slot, Station
from tincoso.conftest import person_with
from tincoso.core.errors import ConflictError, DomainError, PermissionDeniedError
from tincoso.units.models import Role, Unit


def test_a_station_belongs_to_a_commune_only_once(tree: dict[str, Unit]) -> None:
    made = services.create_station(None, tree["commune"], "  Đài   xã Đồng Tâm ")
    assert made.name == "Đài xã Đồng Tâm" and made.timezone == "Asia/Ho_Chi_Minh"
    with pytest.raises(ConflictError):
        services.create_station(None, tree["commune"], "Đài khác")
    assert Station.objects.count() == 1


def test_it_refuses_a_station_for_a_unit_that_is_not_a_commune(tree: dict[str, Unit]) -> None:
    with pytest.raises(DomainError) as caught:
        services.create_station(None, tree["village"], "Đài bản")
    assert caught.value.bilingual()["en"] != caught.value.bilingual()["vi"]
    assert not Station.objects.exists()


def test_it_refuses_an_unknown_timezone_and_a_blank_name(tree: dict[str, Unit]) -> None:
    with pytest.raises(DomainError):
        services.create_station(None, tree["commune"], "Đài", timezone="Mars/Olympus")
    with pytest.raises(DomainError):
        services.create_station(None, tree["commune"], "   ")
    assert not Station.objects.exists()


def test_a_sibling_commune_editor_cannot_create_the_station(tree: dict[str, Unit],
                                                            commune2: Unit) -> None:
    editor = person_with(Role.EDITOR, commune2)
    with pytest.raises(PermissionDeniedError):
        services.create_station(editor, tree["commune"], "Đài")


@pytest.mark.parametrize("lat,lon", [("91", "103"), ("22", "181"), ("abc", "103"),
                                     ("NaN", "103"), ("22.3", "")])
def test_it_refuses_coordinates_out_of_range_or_half_given(station: Station, lat: str,
                                                           lon: str) -> None:
    before = Cluster.objects.count()
    with pytest.raises(DomainError):
        services.save_cluster(None, station, services.ClusterData(
            name="Cụm mới", latitude=lat, longitude=lon))
    assert Cluster.objects.count() == before


def test_a_cluster_village_must_lie_in_the_commune(station: Station, commune2: Unit) -> None:
    with pytest.raises(DomainError):
        services.save_cluster(None, station, services.ClusterData(name="Cụm", village=commune2))


def test_hostile_cluster_text_is_cleaned_and_nfc(station: Station) -> None:
    made = services.save_cluster(None, station, services.ClusterData(
        name="Cu\u0323m <script>alert(1)</script>\n loa", group="nho\u0301m",
        latitude="22,4", longitude="103.5"))
    assert "\n" not in made.name and made.name.startswith("Cụm")
    assert made.group == "nhóm"
    assert str(made.latitude) == "22.400000"


def test_slots_may_not_overlap_on_a_shared_weekday(station: Station) -> None:
    with pytest.raises(ConflictError):
        services.save_slot(None, station, "6", dt.time(6, 15), dt.time(6, 45))
    # Same hours on no shared day is fine: first a slot on Saturday only, in a gap.
    services.save_slot(None, station, "5", dt.time(9, 0), dt.time(9, 30))
    with pytest.raises(ConflictError):
        services.save_slot(None, station, "56", dt.time(9, 29), dt.time(10, 0))
    made = services.save_slot(None, station, "0", dt.time(9, 0), dt.time(9, 30))
    assert made.weekdays == "0"
    assert Slot.objects.filter(station=station).count() == 4


@pytest.mark.parametrize("days,start,end", [
    ("0123456", dt.time(7, 0), dt.time(7, 0)),
    ("0123456", dt.time(8, 0), dt.time(7, 0)),
    ("", dt.time(7, 0), dt.time(7, 30)),
    ("7", dt.time(7, 0), dt.time(7, 30)),
    ("0x", dt.time(7, 0), dt.time(7, 30)),
])
def test_it_refuses_bad_slots(station: Station, days: str, start: dt.time, end: dt.time) -> None:
    with pytest.raises(DomainError):
        services.save_slot(None, station, days, start, end)
    assert station.slots.count() == 2


def test_cluster_list_filters_by_subtree_village_group_and_active(
    station: Station, station2: Station, province_admin: Any
) -> None:
    services.save_cluster(None, station2, services.ClusterData(name="Cụm Hồng Thu",
                                                               active=False, group="Bản"))
    names = lambda **p: [c.name for c in services.clusters_visible_to(province_admin, p)]  # noqa: E731
    assert len(names()) == 3
    assert names(unit="commune-2") == ["Cụm Hồng Thu"]
    assert names(village="nà khum") == ["Cụm loa Nà Khum"]
    assert sorted(names(group="Bản")) == ["Cụm Hồng Thu", "Cụm loa Nà Khum"]
    assert names(active="0") == ["Cụm Hồng Thu"]


def test_changes_to_a_station_are_in_the_audit_log(station: Station, commune_editor: Any) -> None:
    from auditlog.models import LogEntry
    from django.test import Client
    from django.urls import reverse

    client = Client()
    client.force_login(commune_editor)
    client.post(reverse("station-cluster-save", args=[station.pk]), {"name": "Cụm ghi nhật ký"})
    entry = LogEntry.objects.get_for_model(Cluster).latest("timestamp")
    assert entry.actor == commune_editor and "Cụm ghi nhật ký" in str(entry.changes)


def test_the_cluster_list_does_not_query_per_row(station: Station, province_admin: Any) -> None:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    client = Client()
    client.force_login(province_admin)
    url = reverse("station-list")
    client.get(url)  # warm caches (session, grants)
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    for i in range(10):
        services.save_cluster(None, station, services.ClusterData(name=f"Cụm {i}", group="G"))
    with CaptureQueriesContext(connection) as large:
        client.get(url)
    assert len(large.captured_queries) == len(small.captured_queries)
