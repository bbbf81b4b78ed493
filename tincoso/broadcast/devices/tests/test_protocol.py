"""The device protocol over HTTP: enrolment, credentials, the signed manifest, media,
heartbeat and proof of play, as a device sees them (Django's test client)."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
from typing import Any

import pytest
from rest_framework.authtoken.models import Token

from tincoso.broadcast.bulletins.models import Bulletin
from tincoso.broadcast.devices import credentials, services, signing
from tincoso.broadcast.devices.models import Device, ProofOfPlay
from tincoso.broadcast.devices.tests.conftest import at, auth
from tincoso.broadcast.stations import inbox
from tincoso.broadcast.stations.models import Priority, Station
from tincoso.core import clock

pytestmark = pytest.mark.django_db
V1 = "/api/device/v1/"


def _json(client: Any, url: str, data: Any, **extra: Any) -> Any:
    body = data if isinstance(data, (bytes, str)) else json.dumps(data)
    return client.post(url, body, content_type="application/json", **extra)


# --- enrolment and credentials -----------------------------------------------------


def test_a_device_enrols_once_with_its_code_and_the_code_is_then_spent(
        client: Any, device: Device, scheduled: Bulletin) -> None:
    code, _row = credentials.new_code(device)
    answer = _json(client, V1 + "enrol", {"code": code.lower().replace("-", " ")})
    assert answer.status_code == 201
    token = answer.json()["token"]
    assert answer.json()["device_id"] == device.pk
    assert client.get(V1 + "manifest", **auth(token)).status_code == 200
    again = _json(client, V1 + "enrol", {"code": code})
    assert again.status_code == 400
    assert again.json()["detail"] and again.json()["detail_en"]
    # The second attempt issued nothing: the first token still works.
    assert client.get(V1 + "manifest", **auth(token)).status_code == 200
    device.refresh_from_db()
    assert device.token_hash == hashlib.sha256(token.encode()).hexdigest()


def test_an_expired_code_is_refused(client: Any, device: Device) -> None:
    code, _row = credentials.new_code(device)
    clock.advance(dt.timedelta(hours=24, seconds=1))
    assert _json(client, V1 + "enrol", {"code": code}).status_code == 400
    device.refresh_from_db()
    assert device.token_hash == ""


def test_a_new_code_makes_the_earlier_one_useless(client: Any, device: Device) -> None:
    first, _ = credentials.new_code(device)
    second, _ = credentials.new_code(device)
    assert _json(client, V1 + "enrol", {"code": first}).status_code == 400
    assert _json(client, V1 + "enrol", {"code": second}).status_code == 201


def test_guessing_codes_is_rate_limited_per_address(
        client: Any, device: Device, settings: Any) -> None:
    settings.DEVICE_ENROL_RATE = "2/h"
    code, _ = credentials.new_code(device)
    for guess in ("AAAAA-AAAAA", "BBBBB-BBBBB"):
        assert _json(client, V1 + "enrol", {"code": guess}).status_code == 400
    limited = _json(client, V1 + "enrol", {"code": code})
    assert limited.status_code == 429
    device.refresh_from_db()
    assert device.token_hash == ""


def test_a_rotated_token_is_refused_at_once_and_the_new_one_works(
        client: Any, device: Device, token: str) -> None:
    assert client.get(V1 + "manifest", **auth(token)).status_code == 200
    fresh = services.rotate(None, device)
    assert client.get(V1 + "manifest", **auth(token)).status_code == 401
    assert client.get(V1 + "manifest", **auth(fresh)).status_code == 200


def test_a_revoked_device_is_refused_at_once_even_with_a_code_made_before(
        client: Any, device: Device, token: str) -> None:
    code, _ = credentials.new_code(device)
    services.revoke(None, device)
    answer = _json(client, V1 + "heartbeat", {"volume": 5}, **auth(token))
    assert answer.status_code == 401
    assert answer["WWW-Authenticate"].startswith("Device")
    assert _json(client, V1 + "enrol", {"code": code}).status_code == 400
    device.refresh_from_db()
    assert device.last_seen is None


def test_a_user_token_does_not_open_the_device_api(
        client: Any, device: Device, token: str, province_admin: Any) -> None:
    user_token = Token.objects.create(user=province_admin).key
    assert client.get(V1 + "manifest", HTTP_AUTHORIZATION=f"Token {user_token}"
                      ).status_code == 401
    assert client.get(V1 + "manifest", **auth(user_token)).status_code == 401
    client.force_login(province_admin)
    assert client.get(V1 + "manifest").status_code in (401, 403)


def test_a_device_token_does_not_open_the_user_api(client: Any, token: str) -> None:
    for header in (f"Device {token}", f"Token {token}"):
        answer = client.get("/api/broadcast/stations/", HTTP_AUTHORIZATION=header)
        assert answer.status_code in (401, 403)


# --- the signed manifest -----------------------------------------------------------


def test_the_manifest_is_signed_and_one_altered_byte_breaks_the_signature(
        client: Any, token: str, scheduled: Bulletin) -> None:
    key = client.get(V1 + "public-key").json()
    raw_key = base64.b64decode(key["public_key"])
    answer = client.get(V1 + "manifest", **auth(token))
    body, signature = answer.content, answer["X-Tincoso-Signature"]
    assert answer["X-Tincoso-Key-Id"] == key["key_id"]
    assert signing.verify(body, signature, raw_key)
    altered = bytearray(body)
    altered[len(altered) // 2] ^= 0x01
    assert not signing.verify(bytes(altered), signature, raw_key)
    # The body is the canonical form itself: a device may re-check it.
    document = json.loads(body)
    assert signing.canonical(document) == body


def test_the_manifest_lists_what_the_cluster_plays_with_size_and_hash(
        client: Any, token: str, device: Device, scheduled: Bulletin) -> None:
    document = client.get(V1 + "manifest", **auth(token)).json()
    assert document["device_id"] == device.pk
    assert document["cluster_id"] == device.cluster_id
    assert document["issued_at"] == "2030-03-03T22:00:00Z"
    assert document["valid_until"] == "2030-03-05T22:00:00Z"
    [item] = document["items"]
    data = scheduled.audio.open("rb").read()
    assert item["bulletin_id"] == scheduled.pk
    assert item["start"] == "2030-03-03T22:10:00Z"
    assert item["duration_ms"] == 120_000
    assert item["priority"] == "normal"
    assert item["media"]["size"] == len(data)
    assert item["media"]["sha256"] == hashlib.sha256(data).hexdigest()
    assert item["media"]["url"].endswith(f"/api/device/v1/media/{scheduled.pk}")


def test_an_unchanged_manifest_answers_304_and_a_change_moves_its_version(
        client: Any, token: str, station: Station, scheduled: Bulletin,
        make_bulletin: Any) -> None:
    first = client.get(V1 + "manifest", **auth(token))
    etag, version = first["ETag"], first.json()["version"]
    same = client.get(V1 + "manifest", HTTP_IF_NONE_MATCH=etag, **auth(token))
    assert same.status_code == 304
    assert same.content == b""
    assert same["ETag"] == etag
    # Same content: same bytes and the same signature (Ed25519 is deterministic).
    again = client.get(V1 + "manifest", **auth(token))
    assert again.content == first.content
    assert again["X-Tincoso-Signature"] == first["X-Tincoso-Signature"]
    added = make_bulletin(station.unit, seconds=30)
    inbox.add_schedule(None, station, added, Priority.NORMAL, at(6, 45))
    changed = client.get(V1 + "manifest", HTTP_IF_NONE_MATCH=etag, **auth(token))
    assert changed.status_code == 200
    assert changed.json()["version"] == version + 1
    assert changed["ETag"] != etag


def test_a_play_that_ended_or_a_withdrawn_bulletin_leaves_the_manifest_at_once(
        client: Any, token: str, station: Station, scheduled: Bulletin,
        make_bulletin: Any) -> None:
    later = make_bulletin(station.unit, seconds=30)
    inbox.add_schedule(None, station, later, Priority.NORMAL, at(7, 0))
    first = client.get(V1 + "manifest", **auth(token)).json()
    assert [i["bulletin_id"] for i in first["items"]] == [scheduled.pk, later.pk]
    clock.set(at(5, 12, 1))  # the 05:10 play (two minutes) is over
    after = client.get(V1 + "manifest", **auth(token)).json()
    assert [i["bulletin_id"] for i in after["items"]] == [later.pk]
    assert after["version"] == first["version"] + 1
    later.status = Bulletin.Status.WITHDRAWN
    later.save()
    assert client.get(V1 + "manifest", **auth(token)).json()["items"] == []
    assert client.get(f"{V1}media/{later.pk}", **auth(token)).status_code == 404


def test_a_manifest_half_way_through_its_validity_is_issued_again(
        client: Any, token: str, scheduled: Bulletin) -> None:
    clock.set(at(0, 0, day=dt.date(2030, 3, 6)))
    # Nothing plays in either window, so the content is the same; only time moved.
    first = client.get(V1 + "manifest", **auth(token)).json()
    clock.advance(dt.timedelta(hours=25))
    later = client.get(V1 + "manifest", **auth(token)).json()
    assert later["items"] == first["items"] == []
    assert later["version"] == first["version"] + 1
    assert later["valid_until"] > first["valid_until"]


# --- media -------------------------------------------------------------------------


def test_media_of_the_manifest_downloads_whole_and_by_range(
        client: Any, token: str, scheduled: Bulletin) -> None:
    data = scheduled.audio.open("rb").read()
    url = f"{V1}media/{scheduled.pk}"
    whole = client.get(url, **auth(token))
    assert whole.status_code == 200
    assert b"".join(whole.streaming_content) == data
    assert whole["Accept-Ranges"] == "bytes"
    part = client.get(url, HTTP_RANGE="bytes=10-19", **auth(token))
    assert part.status_code == 206
    assert b"".join(part.streaming_content) == data[10:20]
    assert part["Content-Range"] == f"bytes 10-19/{len(data)}"
    tail = client.get(url, HTTP_RANGE="bytes=-7", **auth(token))
    assert b"".join(tail.streaming_content) == data[-7:]
    resume = client.get(url, HTTP_RANGE="bytes=100-", **auth(token))
    assert b"".join(resume.streaming_content) == data[100:]
    beyond = client.get(url, HTTP_RANGE=f"bytes={len(data)}-", **auth(token))
    assert beyond.status_code == 416
    assert beyond["Content-Range"] == f"bytes */{len(data)}"


def test_a_resumed_download_of_a_changed_file_gets_the_whole_new_file(
        client: Any, token: str, scheduled: Bulletin) -> None:
    data = scheduled.audio.open("rb").read()
    url = f"{V1}media/{scheduled.pk}"
    etag = client.get(url, **auth(token))["ETag"]
    same = client.get(url, HTTP_RANGE="bytes=5-", HTTP_IF_RANGE=etag, **auth(token))
    assert same.status_code == 206
    changed = client.get(url, HTTP_RANGE="bytes=5-", HTTP_IF_RANGE='"0000"', **auth(token))
    assert changed.status_code == 200
    assert b"".join(changed.streaming_content) == data
    several = client.get(url, HTTP_RANGE="bytes=0-1,5-6", **auth(token))
    assert several.status_code == 200


def test_media_outside_the_manifest_is_not_found(
        client: Any, token: str, station: Station, scheduled: Bulletin,
        other_scheduled: Bulletin, make_bulletin: Any) -> None:
    own_unscheduled = make_bulletin(station.unit)
    for bulletin in (other_scheduled, own_unscheduled):
        assert client.get(f"{V1}media/{bulletin.pk}", **auth(token)).status_code == 404
    assert client.get(f"{V1}media/999999", **auth(token)).status_code == 404


def test_a_device_of_another_unit_cannot_fetch_this_units_media(
        client: Any, other_device: Device, scheduled: Bulletin,
        other_scheduled: Bulletin) -> None:
    other_token = credentials.issue_token(other_device)
    assert client.get(f"{V1}media/{scheduled.pk}", **auth(other_token)).status_code == 404
    # Its own station's bulletin is in its manifest (a board plays its unit's station).
    assert client.get(f"{V1}media/{other_scheduled.pk}", **auth(other_token)).status_code == 200


# --- uplink ------------------------------------------------------------------------


def test_a_heartbeat_tells_a_device_its_schedule_changed(
        client: Any, token: str, station: Station, scheduled: Bulletin,
        make_bulletin: Any) -> None:
    held = client.get(V1 + "manifest", **auth(token)).json()["version"]
    assert _json(client, V1 + "heartbeat", {}, **auth(token)).json()["manifest_version"] == held
    inbox.add_schedule(None, station, make_bulletin(station.unit), Priority.NORMAL, at(9, 0))
    newer = _json(client, V1 + "heartbeat", {}, **auth(token)).json()["manifest_version"]
    assert newer == held + 1


def test_a_heartbeat_updates_the_devices_status(
        client: Any, device: Device, token: str, scheduled: Bulletin) -> None:
    answer = _json(client, V1 + "heartbeat", {
        "sent_at": "2030-03-03T22:00:02Z", "volume": 70, "power": "on",
        "free_disk_mb": 812, "signal_dbm": -71, "firmware": "tcs-1.4.2",
        "manifest_version": 3, "faults": ["amp-temp-high"],
        "playing": {"play_id": "1893621000-1", "bulletin_id": scheduled.pk},
    }, **auth(token))  # fmt: skip
    assert answer.status_code == 200
    held = client.get(V1 + "manifest", **auth(token)).json()["version"]
    assert answer.json()["manifest_version"] == held
    device.refresh_from_db()
    assert device.last_seen == clock.now()
    assert services.is_online(device)
    assert (device.volume, device.free_disk_mb, device.signal_dbm) == (70, 812, -71)
    assert device.firmware == "tcs-1.4.2"
    assert device.clock_skew_ms == 2000
    assert device.playing_bulletin == scheduled
    assert device.faults == ["amp-temp-high"]
    clock.advance(dt.timedelta(minutes=3, seconds=1))
    assert not services.is_online(device)


def _play(n: int, bulletin: Bulletin, **extra: Any) -> dict[str, Any]:
    return {"play_id": f"p-{n}", "bulletin_id": bulletin.pk, "started_at": "2030-03-03T21:00:00Z",
            "ended_at": "2030-03-03T21:02:00Z", "status": "completed", **extra}


def test_proof_of_play_is_stored_once_per_play_however_often_it_is_sent(
        client: Any, device: Device, token: str, scheduled: Bulletin) -> None:
    batch = {"plays": [_play(1, scheduled), _play(2, scheduled, status="interrupted")]}
    first = _json(client, V1 + "plays", batch, **auth(token))
    assert first.json() == {"received": 2, "new": 2, "duplicates": 0}
    again = _json(client, V1 + "plays", batch, **auth(token))
    assert again.json() == {"received": 2, "new": 0, "duplicates": 2}
    rows = ProofOfPlay.objects.filter(device=device).order_by("play_id")
    assert [(p.play_id, p.status, p.bulletin_id) for p in rows] == [
        ("p-1", "completed", scheduled.pk), ("p-2", "interrupted", scheduled.pk)]


def test_a_device_cannot_make_another_units_bulletin_show_on_its_pages(
        client: Any, device: Device, token: str, other_scheduled: Bulletin) -> None:
    _json(client, V1 + "heartbeat", {"playing": {"play_id": "x", "bulletin_id":
                                                 other_scheduled.pk}}, **auth(token))
    _json(client, V1 + "plays", {"plays": [_play(1, other_scheduled)]}, **auth(token))
    device.refresh_from_db()
    assert device.playing_bulletin is None
    proof = ProofOfPlay.objects.get(device=device)
    assert (proof.bulletin, proof.reported_bulletin_id) == (None, other_scheduled.pk)


@pytest.mark.parametrize("body", [
    b"{not json", b"[1, 2]", "\"chuỗi\"".encode(), b"\xff\xfe",
])  # fmt: skip
def test_malformed_uplink_is_refused_in_both_languages_and_changes_nothing(
        client: Any, device: Device, token: str, body: bytes) -> None:
    for url in ("heartbeat", "plays"):
        answer = client.post(V1 + url, body, content_type="application/json", **auth(token))
        assert answer.status_code == 400
        assert answer.json()["detail"] != answer.json()["detail_en"]
    device.refresh_from_db()
    assert device.last_seen is None
    assert not ProofOfPlay.objects.exists()


def test_a_batch_with_one_bad_play_or_too_many_plays_stores_nothing(
        client: Any, token: str, scheduled: Bulletin) -> None:
    bad = {"plays": [_play(1, scheduled), _play(2, scheduled, ended_at="2030-03-03T20:00:00Z")]}
    answer = _json(client, V1 + "plays", bad, **auth(token))
    assert answer.status_code == 400
    assert answer.json()["detail_en"].startswith("Play number 2: The play's start")
    assert answer.json()["detail"].startswith("Lượt phát thứ 2: Thời điểm")
    huge = {"plays": [_play(n, scheduled) for n in range(501)]}
    assert _json(client, V1 + "plays", huge, **auth(token)).status_code == 413
    padded = b'{"plays": [], "x": "' + b"a" * 600_000 + b'"}'
    assert _json(client, V1 + "plays", padded, **auth(token)).status_code == 413
    assert not ProofOfPlay.objects.exists()


def test_hostile_heartbeat_fields_are_refused(client: Any, device: Device, token: str) -> None:
    for payload in ({"volume": 101}, {"volume": True}, {"power": "maybe"},
                    {"sent_at": "yesterday"}, {"faults": ["x" * 65]}, {"firmware": 7},
                    {"playing": "song"}):
        assert _json(client, V1 + "heartbeat", payload, **auth(token)).status_code == 400
    device.refresh_from_db()
    assert device.last_seen is None


def test_uplinks_are_rate_limited_per_device(
        client: Any, token: str, other_device: Device, settings: Any) -> None:
    settings.DEVICE_UPLINK_RATE = "2/m"
    for _ in range(2):
        assert _json(client, V1 + "heartbeat", {}, **auth(token)).status_code == 200
    limited = _json(client, V1 + "heartbeat", {}, **auth(token))
    assert limited.status_code == 429
    assert limited.json()["detail_en"]
    # Another device has its own counter.
    other = credentials.issue_token(other_device)
    assert _json(client, V1 + "heartbeat", {}, **auth(other)).status_code == 200
