"""The published manifest (docs/device-protocol.md §4.5) behind a real nginx: the app
writes each device's signed manifest to a file named by an unguessable path, nginx
answers the polls itself (ETag, Last-Modified, 304), a change gives a 200 with the new
manifest, and a revoked or rotated device's path answers 404 at once, with no reload."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from tincoso.broadcast.bulletins.models import Bulletin
from tincoso.broadcast.devices import credentials, published, services, signing
from tincoso.broadcast.devices.models import Device
from tincoso.broadcast.devices.tests.conftest import auth
from tincoso.broadcast.devices.tests.nginx_front import get, nginx_front
from tincoso.broadcast.stations import inbox
from tincoso.broadcast.stations.models import Priority, Station
from tincoso.broadcast.stations.tests.conftest import at
from tincoso.scale.processes import free_port

pytestmark = pytest.mark.django_db
MANIFEST = "/api/device/v1/manifest"


@pytest.fixture
def manifests(tmp_path: Path, settings: Any) -> Path:
    folder = tmp_path / "device-manifests"
    settings.DEVICE_MANIFEST_DIR = str(folder)
    return folder


@pytest.fixture
def nginx(tmp_path: Path, manifests: Path) -> Iterator[int]:
    tmp_path.chmod(0o755)  # nginx's workers walk down to the files
    with nginx_front(tmp_path / "nginx", free_port(), manifests) as port:
        yield port


def _published_path(client: Any, token: str) -> str:
    answer = client.get(MANIFEST, **auth(token))
    assert answer.status_code == 200
    url = answer[published.URL_HEADER]
    path = urlsplit(url).path
    assert path.startswith(published.URL_PREFIX) and path.endswith(".json")
    return path


def _opened(body: bytes) -> tuple[bytes, dict[str, Any]]:
    """The manifest bytes of a published envelope, its signature checked."""
    envelope = json.loads(body)
    inner = envelope["msg"].encode("utf-8")
    assert envelope["key_id"] == signing.key_id()
    assert signing.verify(inner, envelope["sig"], signing.public_key_raw())
    return inner, json.loads(inner)


def test_nginx_answers_304_while_unchanged_and_200_with_the_new_manifest_after_a_change(
        client: Any, token: str, device: Device, scheduled: Bulletin, station: Station,
        make_bulletin: Any, nginx: int) -> None:
    django_body = client.get(MANIFEST, **auth(token)).content
    path = _published_path(client, token)
    first = get(nginx, path)
    assert first.status == 200
    assert first.headers["content-type"].startswith("application/json")
    assert first.headers["cache-control"] == "private, no-cache"
    assert first.headers["etag"] and first.headers["last-modified"]
    body, document = _opened(first.body)
    assert body == django_body  # the very bytes (and signature) §4 sends
    assert document["device_id"] == device.pk
    unchanged = get(nginx, path, {"If-None-Match": first.headers["etag"]})
    assert (unchanged.status, unchanged.body) == (304, b"")
    published.publish_all()  # nothing moved: the file is not rewritten, the ETag holds
    assert get(nginx, path, {"If-None-Match": first.headers["etag"]}).status == 304

    later = make_bulletin(station.unit, seconds=60, title="Thông báo mới")
    inbox.add_schedule(None, station, later, Priority.NORMAL, at(5, 30), None, None)
    assert published.publish_all() == 1  # the scheduler's job, with no device request
    changed = get(nginx, path, {"If-None-Match": first.headers["etag"]})
    assert changed.status == 200 and changed.headers["etag"] != first.headers["etag"]
    _body, new = _opened(changed.body)
    assert new["version"] == document["version"] + 1
    assert [i["bulletin_id"] for i in new["items"]] == [scheduled.pk, later.pk]


def test_a_revoked_device_is_refused_by_nginx_at_once_and_stays_refused(
        client: Any, token: str, device: Device, scheduled: Bulletin, commune_officer: Any,
        nginx: int) -> None:
    path = _published_path(client, token)
    assert get(nginx, path).status == 200
    services.revoke(commune_officer, Device.objects.get(pk=device.pk))
    assert get(nginx, path).status == 404  # no reload, no job: the file is gone
    assert client.get(MANIFEST, **auth(token)).status_code == 401
    published.publish_all()  # the periodic job does not bring it back
    assert get(nginx, path).status == 404
    assert list(Path(published.folder() or "").glob("*.json")) == []


def test_a_rotated_token_gets_a_new_path_and_the_old_one_is_refused(
        client: Any, token: str, device: Device, scheduled: Bulletin, nginx: int) -> None:
    old = _published_path(client, token)
    new_token = credentials.issue_token(Device.objects.get(pk=device.pk))
    assert get(nginx, old).status == 404
    new = _published_path(client, new_token)
    assert new != old and get(nginx, new).status == 200


def test_another_devices_manifest_cannot_be_read_or_found(
        client: Any, token: str, device: Device, other_device: Device, scheduled: Bulletin,
        other_scheduled: Bulletin, nginx: int) -> None:
    mine = _published_path(client, token)
    theirs = _published_path(client, credentials.issue_token(other_device))
    assert mine != theirs
    # Each file holds its own device's manifest only, under a name nobody can derive.
    assert _opened(get(nginx, mine).body)[1]["device_id"] == device.pk
    name = Path(mine).stem
    assert len(name) == 64 and name not in (device.token_hash, credentials.digest(token))
    for probe in (published.URL_PREFIX, published.URL_PREFIX + "0" * 64 + ".json",
                  published.URL_PREFIX + name, published.URL_PREFIX + name.upper() + ".json",
                  published.URL_PREFIX + ".tmp-x"):
        assert get(nginx, probe).status == 404, probe
    # Leaving the folder leaves nginx's location: the app (not running here) gets it.
    assert get(nginx, published.URL_PREFIX + "../m/../" + name + ".json").status == 502
    assert get(nginx, mine, method="POST").status == 403
    # The app tells each device its own path only.
    assert client.get(MANIFEST, **auth(token))[published.URL_HEADER].endswith(mine)


def test_without_a_folder_nothing_is_published(client: Any, token: str,
                                                scheduled: Bulletin) -> None:
    answer = client.get(MANIFEST, **auth(token))
    assert answer.status_code == 200 and published.URL_HEADER not in answer
    assert published.publish_all() == 0


def test_the_shipped_nginx_site_serves_the_published_manifests_as_the_tests_do() -> None:
    shipped = (Path(__file__).resolve().parents[4] / "deploy" / "nginx.conf").read_text()
    block = published.nginx_location(Path("/opt/tincoso/var/device-manifests"))
    assert "    " + block in shipped


def test_a_deleted_devices_file_is_swept_by_the_periodic_job(
        client: Any, token: str, device: Device, scheduled: Bulletin, manifests: Path) -> None:
    path = _published_path(client, token)
    file = manifests / Path(path).name
    assert file.exists()
    Device.objects.filter(pk=device.pk).delete()
    assert published.publish_all() == 0
    assert not file.exists()
