"""The manifest poll answered before Django's stack: only what Django would have said.

Requests go through Django's real WSGI handler wrapped exactly as ``tincoso/wsgi.py``
does, with a counter of how often Django itself was entered (the portal cache's
test helpers)."""

from __future__ import annotations

from typing import Any

import pytest

from tincoso.broadcast.bulletins.models import Bulletin
from tincoso.broadcast.devices import credentials, freshness, published, services
from tincoso.broadcast.devices.models import Device
from tincoso.broadcast.devices.poll_wsgi import ManifestPolls
from tincoso.broadcast.devices.tests.conftest import at
from tincoso.broadcast.stations import inbox
from tincoso.broadcast.stations.models import Priority, Station
from tincoso.core import clock
from tincoso.publishing.tests.test_wsgi_cache import Counted, get

pytestmark = pytest.mark.django_db(transaction=True)
MANIFEST = "/api/device/v1/manifest"


@pytest.fixture(autouse=True, params=["120/m", "off"])
def fetch_rate(request: pytest.FixtureRequest, settings: Any) -> str:
    """Every test with the fetch limit counted, and off: then polls are remembered per
    process while the SQLite database's change stamp stands still."""
    settings.DEVICE_FETCH_RATE = request.param
    return str(request.param)


@pytest.fixture
def app() -> ManifestPolls:
    return ManifestPolls(Counted())


def django_calls(app: ManifestPolls) -> int:
    inner = app.app
    assert isinstance(inner, Counted)
    return inner.calls


def poll(app: ManifestPolls, token: str, etag: str, **headers: str) -> tuple[int, dict[str, str]]:
    status, seen, body = get(app, MANIFEST, authorization=f"Device {token}",
                             if_none_match=etag, **headers)
    assert status != 304 or body == b""
    return status, seen


def first_fetch(app: ManifestPolls, token: str) -> str:
    status, seen, _body = get(app, MANIFEST, authorization=f"Device {token}")
    assert status == 200
    return seen["etag"]


def test_an_unchanged_manifest_is_answered_304_without_entering_django(
        app: ManifestPolls, token: str, scheduled: Bulletin) -> None:
    etag = first_fetch(app, token)
    assert django_calls(app) == 1
    for _ in range(3):
        status, seen = poll(app, token, etag)
        assert (status, seen["etag"], seen["cache-control"]) == (304, etag, "private, no-cache")
    assert (django_calls(app), app.answered) == (1, 3)


def test_a_changed_schedule_goes_to_django_which_sends_the_new_manifest(
        app: ManifestPolls, token: str, station: Station, scheduled: Bulletin,
        make_bulletin: Any) -> None:
    etag = first_fetch(app, token)
    added = make_bulletin(station.unit, seconds=30)
    inbox.add_schedule(None, station, added, Priority.NORMAL, at(6, 45))
    status, seen = poll(app, token, etag)
    assert status == 200 and seen["etag"] != etag
    assert (django_calls(app), app.answered) == (2, 0)
    assert poll(app, token, seen["etag"])[0] == 304  # the new one is current now
    assert app.answered == 1


def test_a_revoked_device_is_refused_from_its_next_poll(
        app: ManifestPolls, token: str, device: Device, scheduled: Bulletin,
        commune_officer: Any) -> None:
    etag = first_fetch(app, token)
    assert poll(app, token, etag)[0] == 304
    services.revoke(commune_officer, device)
    assert poll(app, token, etag)[0] == 401
    assert app.answered == 1


def test_a_rotated_token_is_refused_and_the_new_one_answered(
        app: ManifestPolls, token: str, device: Device, scheduled: Bulletin) -> None:
    etag = first_fetch(app, token)
    new = credentials.issue_token(device)
    assert poll(app, token, etag)[0] == 401
    assert poll(app, new, etag)[0] == 304  # Django's: the cache is keyed by the token
    assert poll(app, new, etag)[0] == 304  # the fast path's, from the manifest Django kept
    assert (django_calls(app), app.answered) == (3, 1)


def test_another_devices_etag_or_a_stale_one_gets_the_manifest_from_django(
        app: ManifestPolls, token: str, other_device: Device, scheduled: Bulletin,
        other_scheduled: Bulletin) -> None:
    other_token = credentials.issue_token(other_device)
    etag = first_fetch(app, token)
    other_etag = first_fetch(app, other_token)
    assert poll(app, other_token, etag)[0] == 200
    assert poll(app, token, '"m0-0"')[0] == 200
    assert poll(app, token, f"{other_etag}, {etag}")[0] == 304  # a list, as HTTP allows
    assert app.answered == 1


def test_what_django_would_refuse_is_left_to_django(
        app: ManifestPolls, token: str, scheduled: Bulletin, settings: Any) -> None:
    etag = first_fetch(app, token)
    assert poll(app, "tcsd_" + "x" * 43, etag)[0] == 401  # an unknown token
    assert poll(app, token, etag, host="evil.example")[0] == 400  # a host Django refuses
    status, _seen, _body = get(app, MANIFEST + "?v=1", authorization=f"Device {token}",
                               if_none_match=etag)
    assert status == 304  # Django's own answer: a query string skips the fast path
    settings.DEVICE_FETCH_RATE = "2/m"
    assert [poll(app, token, etag)[0] for _ in range(3)] == [304, 304, 429]
    assert app.answered == 2


def test_where_manifests_are_published_django_answers_with_their_url(
        app: ManifestPolls, token: str, scheduled: Bulletin, tmp_path: Any,
        settings: Any) -> None:
    settings.DEVICE_MANIFEST_DIR = str(tmp_path / "published")
    etag = first_fetch(app, token)
    status, seen = poll(app, token, etag)
    assert status == 304 and seen[published.URL_HEADER.lower()].startswith("http")
    assert (django_calls(app), app.answered) == (2, 0)


def test_the_view_and_the_fast_path_spend_one_allowance(
        app: ManifestPolls, token: str, scheduled: Bulletin, settings: Any) -> None:
    settings.DEVICE_FETCH_RATE = "2/m"
    etag = first_fetch(app, token)  # Django counts the first fetch
    assert poll(app, token, etag)[0] == 304  # the fast path the second
    assert poll(app, token, etag)[0] == 429  # over: Django refuses it
    assert (django_calls(app), app.answered) == (2, 1)
    settings.DEVICE_FETCH_RATE = "off"
    assert [poll(app, token, etag)[0] for _ in range(3)] == [304, 304, 304]


def test_a_remembered_poll_is_answered_without_a_query_until_anything_is_committed(
        app: ManifestPolls, token: str, device: Device, scheduled: Bulletin,
        fetch_rate: str) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    if fetch_rate != "off" or connection.vendor != "sqlite":
        pytest.skip("remembered only with the fetch limit off, on SQLite")
    etag = first_fetch(app, token)
    assert poll(app, token, etag)[0] == 304  # learnt here, from the database
    with CaptureQueriesContext(connection) as queries:
        assert [poll(app, token, etag)[0] for _ in range(3)] == [304, 304, 304]
    assert len(queries) == 0 and app.answered == 4
    Device.objects.filter(pk=device.pk).update(name="Cụm loa đổi tên")  # any commit
    with CaptureQueriesContext(connection) as queries:
        assert poll(app, token, etag)[0] == 304
    assert len(queries) > 0  # read again: the stamp moved
    calls = django_calls(app)
    clock.set(clock.now() + freshness.MAX_REUSE)  # nothing committed, but time passed
    poll(app, token, etag)
    assert django_calls(app) == calls + 1


def test_what_it_learnt_from_the_settings_is_forgotten_when_they_change(
        app: ManifestPolls, token: str, scheduled: Bulletin, settings: Any) -> None:
    """The settings are read once per process, not per poll; a change (only tests make
    one) is seen from the next poll on, with the hosts and answers learnt under them."""
    etag = first_fetch(app, token)
    assert poll(app, token, etag)[0] == 304
    settings.ALLOWED_HOSTS = ["tin.example.gov.vn"]
    assert poll(app, token, etag)[0] == 400  # Django refuses the host it accepted before
    assert poll(app, token, etag, host="tin.example.gov.vn")[0] == 304
    assert (app.answered, django_calls(app)) == (2, 2)
