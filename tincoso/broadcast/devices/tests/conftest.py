"""Devices around the stations' tree (see stations/tests/conftest.py): a loudspeaker
on the commune's village cluster with a bulletin scheduled at 05:10, and a sibling
commune's station with a bulletin of its own. The clock stands at 05:00."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.cache import caches

from tincoso.broadcast.bulletins.models import Bulletin
from tincoso.broadcast.devices import credentials, services
from tincoso.broadcast.devices.models import Device
from tincoso.broadcast.stations import inbox
from tincoso.broadcast.stations.models import Priority, Station
from tincoso.broadcast.stations.tests import conftest as stations_conftest
from tincoso.broadcast.stations.tests.conftest import at
from tincoso.conftest import person_with
from tincoso.units.models import Role, Unit

# The stations' fixtures, shared (pytest finds fixtures by their names here).
_media_and_clock = stations_conftest._media_and_clock
make_bulletin = stations_conftest.make_bulletin
commune2 = stations_conftest.commune2
station = stations_conftest.station
station2 = stations_conftest.station2


@pytest.fixture(autouse=True)
def _signing_key_in_tmp(settings: Any, tmp_path: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each test signs with a development key of its own, never the developer's."""
    settings.VAR_DIR = tmp_path / "var"
    caches["default"].clear()
    # The protocol's own limits and no published manifests, whatever the shell has.
    settings.DEVICE_FETCH_RATE, settings.DEVICE_UPLINK_RATE = "120/m", "12/m"
    settings.DEVICE_ENROL_RATE, settings.DEVICE_MANIFEST_DIR = "10/h", ""
    for name in ("DEVICE_SIGNING_KEY", "DEVICE_SIGNING_KEY_FILE", "DEVICE_FETCH_RATE",
                 "DEVICE_UPLINK_RATE", "DEVICE_ENROL_RATE", "DEVICE_MANIFEST_DIR",
                 "DEVICE_SIGNING_NEXT_KEY",
                 "DEVICE_SIGNING_NEXT_KEY_FILE", "DEVICE_SIGNING_OLD_KEY",
                 "DEVICE_SIGNING_OLD_KEY_FILE", "DEVICE_SIGNING_OLD_KEY_UNTIL"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def scheduled(station: Station, make_bulletin: Any) -> Bulletin:
    bulletin = make_bulletin(station.unit, seconds=120, title="Lịch tiêm phòng")
    inbox.add_schedule(None, station, bulletin, Priority.NORMAL, at(5, 10), None, None)
    return bulletin


@pytest.fixture
def other_scheduled(station2: Station, make_bulletin: Any) -> Bulletin:
    bulletin = make_bulletin(station2.unit, seconds=60, title="Bản tin xã bên")
    inbox.add_schedule(None, station2, bulletin, Priority.NORMAL, at(5, 20), None, None)
    return bulletin


@pytest.fixture
def device(station: Station, tree: dict[str, Unit]) -> Device:
    cluster = station.clusters.get(name="Cụm loa Nà Khum")
    return services.save_device(None, tree["commune"], services.DeviceData(
        name="Loa Nà Khum 1", kind=Device.Kind.LOUDSPEAKER, cluster=cluster, group="Bản"))


@pytest.fixture
def token(device: Device) -> str:
    return credentials.issue_token(device)


@pytest.fixture
def other_device(station2: Station, commune2: Unit) -> Device:
    return services.save_device(None, commune2, services.DeviceData(
        name="Bảng tin Hồng Thu", kind=Device.Kind.BOARD))


@pytest.fixture
def commune_officer(tree: dict[str, Unit]) -> Any:
    return person_with(Role.OFFICER, tree["commune"], "commune-officer")


@pytest.fixture
def sibling_officer(commune2: Unit) -> Any:
    return person_with(Role.OFFICER, commune2, "sibling-officer")


def auth(token: str) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Device {token}"}


# A real Mosquitto for the session (started on first use).
from tincoso.broadcast.devices.testing import mqtt, mqtt_broker  # noqa: E402, F401
