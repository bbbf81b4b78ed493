"""The reference device (clients/tincoso-device) against ``tincoso serve`` itself.

``province_server`` runs the real app server on the test database (as app_server
does) but lets a test stop it, to see the device keep playing without it. Plays are
scheduled a few seconds ahead of the real clock: the server runs on real time, and
the device's recording player records real files at real times.
"""

from __future__ import annotations

import datetime as dt
import secrets
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.utils import timezone

from tincoso.broadcast.bulletins.models import Bulletin
from tincoso.broadcast.devices import credentials
from tincoso.broadcast.devices.models import Device
from tincoso.broadcast.stations import inbox
from tincoso.broadcast.stations.models import Priority, Station
from tincoso.core import clock


@dataclass
class ProvinceServer:
    url: str
    media_root: Path
    var: Path
    process: Any

    def stop(self) -> None:
        from tincoso.core.tests.serving import stop

        stop(self.process)


@pytest.fixture
def province_server(transactional_db: Any, settings: Any, request: pytest.FixtureRequest,
                    monkeypatch: pytest.MonkeyPatch,
                    tmp_path_factory: pytest.TempPathFactory) -> Iterator[ProvinceServer]:
    """With the ``mqtt`` fixture in the test, the server uses that broker too. The test
    and the server sign with one key (the test publishes MQTT messages itself)."""
    key = Ed25519PrivateKey.generate().private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption()).decode()
    monkeypatch.setenv("DEVICE_SIGNING_KEY", key)
    from django.db import connection

    from tincoso.core.tests.serving import serve, server_env

    if connection.vendor != "sqlite":
        pytest.skip("the device client runs against the SQLite test database")
    clock.reset()  # the server runs on real time; so do the plays made here
    broker: dict[str, str] = {}
    if "mqtt" in request.fixturenames:
        broker = request.getfixturevalue("mqtt").environ()
    var = tmp_path_factory.mktemp("province")
    media = var / "media"
    settings.MEDIA_ROOT = media
    env = server_env(var, DATABASE_URL=f"sqlite:///{connection.settings_dict['NAME']}",
                     MEDIA_ROOT=str(media), DEVICE_FETCH_RATE="off",
                     DEVICE_UPLINK_RATE="off", DEVICE_ENROL_RATE="off", DEVICE_SIGNING_KEY=key,
                     SECRET_KEY=secrets.token_urlsafe(48),  # no race of workers making one
                     **broker)
    with serve(env, var / "serve.log", *([] if broker else ["--no-mqtt"])) as served:
        yield ProvinceServer(served.url, media, var, served.process)
    if broker:  # the server's uplink worker is gone for good: so is its session, or the
        # session broker would keep queueing its share of the uplinks for later tests
        from tincoso.broadcast.devices.uplink_worker import end_session

        end_session(request.getfixturevalue("mqtt"), "tincoso-uplink-1")


def schedule_in(station: Station, bulletin: Bulletin, seconds: float) -> dt.datetime:
    """Schedule ``bulletin`` on ``station`` ``seconds`` from now (whole seconds)."""
    start = (timezone.now() + dt.timedelta(seconds=seconds)).replace(microsecond=0)
    inbox.add_schedule(None, station, bulletin, Priority.NORMAL, start, None, None)
    return start


def enrolment_url(server: str, device: Device) -> str:
    code, _row = credentials.new_code(device)
    return f"{server}/api/device/v1/enrol#code={code}"


def wait_for(condition: Callable[[], Any], timeout: float = 20.0,
             why: Callable[[], Any] = lambda: "") -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError(f"condition not met in time {why()}")
