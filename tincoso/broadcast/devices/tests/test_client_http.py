"""The reference device client over HTTP against ``tincoso serve``: enrolment, the
signed manifest, media by hash, playing at the start times, offline playing, proofs."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import stat
import threading
import time
from pathlib import Path
from typing import Any

import pytest
from tincoso_device import manifest as device_manifest
from tincoso_device.device import REENROL, Device
from tincoso_device.enrol import enrol
from tincoso_device.http import Api
from tincoso_device.player import RecordingPlayer
from tincoso_device.store import Store

from tincoso.broadcast.devices import services
from tincoso.broadcast.devices.models import Device as DeviceRow
from tincoso.broadcast.devices.models import ProofOfPlay
from tincoso.broadcast.devices.tests.client_support import (
    ProvinceServer,
    enrolment_url,
    province_server,
    schedule_in,
    wait_for,
)
from tincoso.broadcast.stations.models import Station

__all__ = ["province_server"]
LATE = 1.5  # how late a play may start on a loaded 2-core machine (seconds)


@pytest.fixture
def box(tmp_path: Path) -> Store:
    return Store(tmp_path / "box")


def _enrolled(box: Store, server: ProvinceServer, device: DeviceRow) -> Device:
    enrol(box, "", enrolment_url(server.url, device))
    return Device(box, RecordingPlayer(), poll_s=0.5, heartbeat_s=1.0, proofs_s=0.5)


def _running(device: Device) -> threading.Thread:
    thread = threading.Thread(target=device.run, daemon=True)
    thread.start()
    return thread


def _played(device: Device) -> Any:
    player = device.conductor.player
    assert isinstance(player, RecordingPlayer)
    return player.log


def test_the_device_enrols_from_the_qr_url_keeps_its_token_private_and_pins_the_key(
        province_server: ProvinceServer, device: DeviceRow, box: Store) -> None:
    result = enrol(box, "", enrolment_url(province_server.url, device))
    assert result["device_id"] == device.pk
    assert stat.S_IMODE((box.root / "token").stat().st_mode) == 0o600
    key = Api(province_server.url).request("GET", "/api/device/v1/public-key", auth=False).json()
    assert box.state["public_keys"] == [key["public_key"]]
    assert result["key_id"] == key["key_id"]


def test_it_plays_each_item_at_its_start_with_the_verified_file_and_proves_it(
        province_server: ProvinceServer, device: DeviceRow, station: Station,
        make_bulletin: Any, box: Store) -> None:
    first, second = make_bulletin(station.unit, seconds=1), make_bulletin(station.unit, seconds=1)
    start1, start2 = schedule_in(station, first, 4), schedule_in(station, second, 7)
    client = _enrolled(box, province_server, device)
    _running(client)
    try:
        log = wait_for(lambda: len(_played(client)) >= 2 and _played(client), timeout=20)
        wait_for(lambda: ProofOfPlay.objects.filter(device=device).count() == 2)
        wait_for(lambda: not list(box.proofs.glob("*.json")))  # acknowledged, then deleted
    finally:
        client.stop()
    assert [p.bytes_sha for p in log] == [
        hashlib.sha256(b.audio.read()).hexdigest() for b in (first, second)]
    for played, start in zip(log, (start1, start2), strict=True):
        assert start.timestamp() <= played.started < start.timestamp() + LATE
    statuses = set(ProofOfPlay.objects.filter(device=device).values_list("status", flat=True))
    assert statuses == {"completed"}


def test_it_keeps_playing_from_its_disk_with_the_server_stopped_and_after_a_restart(
        province_server: ProvinceServer, device: DeviceRow, station: Station,
        make_bulletin: Any, box: Store) -> None:
    bulletin = make_bulletin(station.unit, seconds=1)
    start = schedule_in(station, bulletin, 6)
    first_life = _enrolled(box, province_server, device)
    assert first_life.sync_manifest()
    first_life.download_media()
    province_server.stop()
    # A restart of the box with no server: a new process knows only its disk.
    second_life = Device(box, RecordingPlayer(), poll_s=0.5, heartbeat_s=1.0)
    _running(second_life)
    try:
        played = wait_for(lambda: _played(second_life), timeout=15)[0]
        wait_for(lambda: list(box.proofs.glob("*.json")))
    finally:
        second_life.stop()
    assert start.timestamp() <= played.started < start.timestamp() + LATE
    assert played.bytes_sha == hashlib.sha256(bulletin.audio.read()).hexdigest()
    kept = json.loads(next(box.proofs.glob("*.json")).read_bytes())
    assert kept["status"] == "completed"  # kept on disk until a server acknowledges it


def test_nothing_plays_after_valid_until(
        province_server: ProvinceServer, device: DeviceRow, station: Station,
        make_bulletin: Any, box: Store) -> None:
    bulletin = make_bulletin(station.unit, seconds=1)
    schedule_in(station, bulletin, 2)
    client = _enrolled(box, province_server, device)
    assert client.sync_manifest()
    client.download_media()
    valid_until = client.conductor.manifest["valid_until"]  # type: ignore[index]
    province_server.stop()
    # The box's clock stands past the manifest's validity (48 h later, offline).
    late = Device(box, RecordingPlayer(), clock=lambda: dt.datetime.now(dt.UTC)
                  + dt.timedelta(hours=48, seconds=2))
    assert late.conductor.manifest is not None
    late.start()
    try:
        time.sleep(4)
    finally:
        late.stop()
    assert _played(late) == []
    assert "manifest-expired" in late.heartbeat_body()["faults"]
    assert late.now() > dt.datetime.fromisoformat(valid_until.replace("Z", "+00:00"))


def test_an_altered_body_or_signature_is_refused_and_the_held_manifest_kept(
        province_server: ProvinceServer, device: DeviceRow, station: Station,
        make_bulletin: Any, box: Store) -> None:
    schedule_in(station, make_bulletin(station.unit, seconds=1), 60)
    client = _enrolled(box, province_server, device)
    answer = client.api.request("GET", "/api/device/v1/manifest")
    body, headers = answer.body, answer.headers
    now = client.now()
    altered = body.replace(b'"duration_ms":1000', b'"duration_ms":9000')
    assert altered != body
    forged = dict(headers, **{"x-tincoso-signature": "A" * 86 + "=="})
    unsigned = {k: v for k, v in headers.items() if k != "x-tincoso-signature"}
    for bad_headers, bad_body in ((headers, altered), (forged, body), (unsigned, body)):
        with pytest.raises(device_manifest.Refused) as refused:
            device_manifest.verify(bad_headers, bad_body, client.keys, device.pk, None, now)
        assert refused.value.fault == "manifest-bad-signature"
    # The genuine one verifies; a foreign device id does not.
    assert device_manifest.verify(headers, body, client.keys, device.pk, None, now)
    with pytest.raises(device_manifest.Refused):
        device_manifest.verify(headers, body, client.keys, device.pk + 1, None, now)
    # Held, then an older or different-bytes same version is a replay.
    assert client.sync_manifest()
    version = client.manifest_version
    held = device_manifest.Held(version + 1, body)  # type: ignore[operator]
    with pytest.raises(device_manifest.Refused) as replay:
        device_manifest.verify(headers, body, client.keys, device.pk, held, now)
    assert replay.value.fault == "manifest-replayed"
    assert (box.root / "manifest.json").read_bytes() == body


def test_a_file_with_the_wrong_hash_is_refused_and_deleted(
        province_server: ProvinceServer, device: DeviceRow, station: Station,
        make_bulletin: Any, box: Store) -> None:
    bulletin = make_bulletin(station.unit, seconds=1)
    schedule_in(station, bulletin, 60)
    client = _enrolled(box, province_server, device)
    assert client.sync_manifest()
    item = client.conductor.manifest["items"][0]  # type: ignore[index]
    # The file on the server changes after the manifest named its hash.
    Path(bulletin.audio.path).write_bytes(b"RIFF" + b"\x01" * (item["media"]["size"] - 4))
    client.download_media()
    assert "media-hash-mismatch" in client.faults
    assert not list(box.media.iterdir())
    assert client.conductor.resolve(item["media"]) is None


def test_proofs_sent_again_are_not_stored_twice(
        province_server: ProvinceServer, device: DeviceRow, station: Station,
        make_bulletin: Any, box: Store) -> None:
    bulletin = make_bulletin(station.unit, seconds=1)
    start = schedule_in(station, bulletin, 1)
    client = _enrolled(box, province_server, device)
    client.proofs.add({"play_id": f"{int(start.timestamp())}-{bulletin.pk}",
                       "bulletin_id": bulletin.pk, "status": "completed",
                       "started_at": start.isoformat(), "ended_at": start.isoformat(),
                       "manifest_version": 1})
    kept = next(box.proofs.glob("*.json"))
    copy = kept.read_bytes()
    assert client.send_proofs() == 1
    kept.write_bytes(copy)  # the answer was lost: the device sends the batch again
    assert client.send_proofs() == 1
    assert not list(box.proofs.glob("*.json"))
    assert ProofOfPlay.objects.filter(device=device).count() == 1


def test_a_revoked_device_backs_off_says_so_and_keeps_playing(
        province_server: ProvinceServer, device: DeviceRow, station: Station,
        make_bulletin: Any, box: Store) -> None:
    bulletin = make_bulletin(station.unit, seconds=1)
    start = schedule_in(station, bulletin, 6)
    client = _enrolled(box, province_server, device)
    assert client.sync_manifest()
    client.download_media()
    services.revoke(None, DeviceRow.objects.get(pk=device.pk))
    _running(client)
    try:
        wait_for(lambda: client.revoked)
        played = wait_for(lambda: _played(client), timeout=15)[0]
    finally:
        client.stop()
    assert box.read_json("status.json")["message"] == REENROL
    assert box.state["revoked"] is True
    assert start.timestamp() <= played.started < start.timestamp() + LATE
    assert "credential-refused" in client.faults


def test_a_partial_download_resumes_from_where_it_stopped(
        province_server: ProvinceServer, device: DeviceRow, station: Station,
        make_bulletin: Any, box: Store) -> None:
    bulletin = make_bulletin(station.unit, seconds=1)
    schedule_in(station, bulletin, 60)
    client = _enrolled(box, province_server, device)
    assert client.sync_manifest()
    item_media = client.conductor.manifest["items"][0]["media"]  # type: ignore[index]
    content = bulletin.audio.read()
    part = box.media / (item_media["sha256"] + ".part")
    kept = box.media / item_media["sha256"]
    # A prefix that is not the file's: resumed (Range), the whole is wrong, so it is
    # dropped and fetched once more from the start, and then verifies.
    part.write_bytes(b"X" * 1000)
    client.download_media()
    assert kept.read_bytes() == content and not part.exists()
    assert "media-hash-mismatch" not in client.faults
    kept.unlink()
    # The true prefix: the rest is fetched with a Range and the file verifies.
    part.write_bytes(content[:1000])
    client.download_media()
    assert kept.read_bytes() == content and not part.exists()
