"""The reference device client polls its published manifest (docs/device-protocol.md
§4.5) through a real nginx in front of ``tincoso serve``: the app tells it the URL
once, nginx answers the later polls (the app's access log sees none of them), a change
arrives as a 200 there, and once revoked the client is sent back to the app and refused."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from tincoso_device.device import Device
from tincoso_device.enrol import enrol
from tincoso_device.http import Unauthorized
from tincoso_device.player import RecordingPlayer
from tincoso_device.store import Store

from tincoso.broadcast.devices import published, services
from tincoso.broadcast.devices.models import Device as DeviceRow
from tincoso.broadcast.devices.tests.client_support import (
    ProvinceServer,
    enrolment_url,
    province_server,
    schedule_in,
)
from tincoso.broadcast.devices.tests.nginx_front import nginx_front
from tincoso.broadcast.stations.models import Station

__all__ = ["province_server"]


@pytest.fixture
def manifests(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch,
              settings: Any) -> Path:
    """Set before the server starts, which takes it from the environment; and here, where
    the test publishes as the scheduler would."""
    root = tmp_path_factory.mktemp("published")
    root.chmod(0o755)
    monkeypatch.setenv("DEVICE_MANIFEST_DIR", str(root / "device-manifests"))
    settings.DEVICE_MANIFEST_DIR = str(root / "device-manifests")
    return root / "device-manifests"


def _app_polls(log: Path, at_least: int) -> int:
    """The manifest polls nginx passed to the app. nginx logs a request after its
    client has the answer, so wait (up to 10 s) until ``at_least`` are written."""
    deadline = time.monotonic() + 10
    while True:
        seen = sum("/api/device/v1/manifest" in line for line in log.read_text().splitlines())
        if seen >= at_least or time.monotonic() > deadline:
            return seen
        time.sleep(0.05)


def test_the_client_polls_nginx_and_goes_back_to_the_app_once_revoked(
        manifests: Path, province_server: ProvinceServer, device: DeviceRow, station: Station,
        make_bulletin: Any, commune_officer: Any, tmp_path: Path) -> None:
    schedule_in(station, make_bulletin(station.unit, seconds=1), 600)
    upstream = urlsplit(province_server.url).port
    assert upstream is not None
    tmp_path.chmod(0o755)
    with nginx_front(tmp_path / "nginx", upstream, manifests) as port:
        access = tmp_path / "nginx" / "nginx-access.log"
        box = Store(tmp_path / "box")
        enrol(box, "", enrolment_url(f"http://127.0.0.1:{port}", device))
        client = Device(box, RecordingPlayer(), poll_s=60.0)
        assert client.sync_manifest() is True  # from the app, which gives the URL
        path = urlsplit(box.state["manifest_url"]).path
        assert path.startswith(published.URL_PREFIX)
        assert _app_polls(access, 1) == 1
        client.sync_manifest()  # nginx's ETag is not the app's: the same bytes once more
        assert client.sync_manifest() is False  # 304 from nginx
        assert client.manifest_version == 1
        schedule_in(station, make_bulletin(station.unit, seconds=1), 900)
        published.publish_all()  # what the scheduler does within 15 s
        assert client.sync_manifest() is True
        assert client.manifest_version == 2
        held = client.conductor.manifest
        assert held is not None and len(held["items"]) == 2
        assert _app_polls(access, 1) == 1  # every later poll was nginx's alone
        assert path not in access.read_text()  # the capability is not logged

        services.revoke(commune_officer, DeviceRow.objects.get(pk=device.pk))
        with pytest.raises(Unauthorized):  # 404 from nginx, then 401 from the app
            client.sync_manifest()
        assert box.state["manifest_url"] == ""
        assert _app_polls(access, 2) == 2
