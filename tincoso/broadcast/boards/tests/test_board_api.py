"""The board's part of the device protocol (§9.9) as a board sees it: the signed
manifest of slides with ETag/304, only what the public may read of its own unit
and the units above, its pictures by SHA-256, the state it polls, screenshots."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
from typing import Any

import pytest

from tincoso.broadcast.boards import services
from tincoso.broadcast.boards.models import BoardState
from tincoso.broadcast.boards.tests.conftest import auth, png
from tincoso.broadcast.devices import signing
from tincoso.broadcast.devices.models import Device
from tincoso.core import clock
from tincoso.publishing import services as publishing
from tincoso.publishing.models import Item

pytestmark = pytest.mark.django_db
V1 = "/api/device/v1/"


def _manifest(client: Any, token: str, **headers: Any) -> Any:
    return client.get(V1 + "board-manifest", **auth(token), **headers)


def test_the_manifest_is_signed_and_lists_only_what_the_public_may_read_here(
        client: Any, items: dict[str, Item], board_device: Device, board_token: str) -> None:
    answer = _manifest(client, board_token)
    assert answer.status_code == 200
    body = answer.content
    assert signing.verify(body, answer["X-Tincoso-Signature"], signing.public_key_raw())
    assert answer["X-Tincoso-Key-Id"] == signing.key_id()
    assert body == signing.canonical(json.loads(body))  # canonical bytes
    manifest = json.loads(body)
    assert manifest["format"] == "tincoso-board-manifest/1"
    assert manifest["device_id"] == board_device.pk and manifest["version"] == 1
    ids = [slide["id"] for slide in manifest["slides"]]
    # The province's notice first, then the commune's bulletin, then the QR code.
    assert ids == [f"item-{items['notice'].pk}", f"item-{items['bulletin'].pk}", "qr-feedback"]
    assert all(slide["duration_ms"] >= 10_000 for slide in manifest["slides"])
    qr = manifest["slides"][-1]
    assert qr["url"].endswith("/gop-y/?unit=commune")
    assert qr["media"]["content_type"] == "image/svg+xml"


def test_an_altered_manifest_fails_verification(
        client: Any, items: dict[str, Item], board_token: str) -> None:
    answer = _manifest(client, board_token)
    altered = answer.content.replace("Thông báo".encode(), "Thông bao".encode())
    assert altered != answer.content
    assert not signing.verify(altered, answer["X-Tincoso-Signature"], signing.public_key_raw())


def test_an_unchanged_manifest_is_304_and_a_new_item_moves_the_version(
        client: Any, items: dict[str, Item], writers: dict[str, Any], tree: Any,
        board_token: str) -> None:
    first = _manifest(client, board_token)
    etag = first["ETag"]
    again = _manifest(client, board_token, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304 and again["ETag"] == etag and again.content == b""
    from tincoso.broadcast.boards.tests.conftest import publish

    publish(writers, tree["commune"], "Họp dân bàn việc làm đường", kind=Item.Kind.NOTICE)
    changed = _manifest(client, board_token, HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200 and changed["ETag"] != etag
    assert json.loads(changed.content)["version"] == 2
    assert json.loads(changed.content)["slides"][0]["title"] == "Họp dân bàn việc làm đường"


def test_a_withdrawn_item_leaves_the_board(
        client: Any, items: dict[str, Item], writers: dict[str, Any], board_token: str) -> None:
    publishing.withdraw(writers["approver"], items["bulletin"])
    ids = [s["id"] for s in json.loads(_manifest(client, board_token).content)["slides"]]
    assert f"item-{items['bulletin'].pk}" not in ids and f"item-{items['notice'].pk}" in ids


def test_pictures_are_served_by_sha256_and_only_those_of_the_boards_manifest(
        client: Any, items: dict[str, Item], board_token: str,
        sibling_board: tuple[Device, str]) -> None:
    slides = json.loads(_manifest(client, board_token).content)["slides"]
    picture = next(s["media"] for s in slides if s["id"] == f"item-{items['bulletin'].pk}")
    got = client.get(V1 + f"board-media/{picture['sha256']}", **auth(board_token))
    assert got.status_code == 200 and hashlib.sha256(got.content).hexdigest() == picture["sha256"]
    assert len(got.content) == picture["size"] and got["Content-Type"] == "image/jpeg"
    qr = client.get(V1 + f"board-media/{slides[-1]['media']['sha256']}", **auth(board_token))
    assert qr.content.startswith(b"<?xml") and b"<svg" in qr.content
    # The sibling commune's board cannot fetch this commune's picture.
    _other, other_token = sibling_board
    assert client.get(V1 + f"board-media/{picture['sha256']}",
                      **auth(other_token)).status_code == 404
    assert client.get(V1 + "board-media/" + "0" * 64, **auth(board_token)).status_code == 404


def test_a_board_token_reads_only_its_own_units_content(
        client: Any, items: dict[str, Item], sibling_board: tuple[Device, str]) -> None:
    device, token = sibling_board
    manifest = json.loads(_manifest(client, token).content)
    ids = [s["id"] for s in manifest["slides"]]
    assert manifest["device_id"] == device.pk
    assert ids == [f"item-{items['notice'].pk}", f"item-{items['sibling'].pk}", "qr-feedback"]


def test_only_boards_with_a_valid_token_get_board_endpoints(
        client: Any, board_device: Device, board_token: str) -> None:
    from tincoso.broadcast.devices import credentials
    from tincoso.broadcast.devices import services as device_services

    speaker = device_services.save_device(None, board_device.unit, device_services.DeviceData(
        name="Loa", kind=Device.Kind.LOUDSPEAKER))
    speaker_token = credentials.issue_token(speaker)
    for path in ("board-manifest", "board-state"):
        refused = client.get(V1 + path, **auth(speaker_token))
        assert refused.status_code == 403
        assert refused.json()["code"] == "not_a_board" and refused.json()["detail_en"]
        assert client.get(V1 + path).status_code == 401
        assert client.get(V1 + path, **auth("tcsd_" + "x" * 43)).status_code == 401
    device_services.revoke(None, board_device)
    assert client.get(V1 + "board-manifest", **auth(board_token)).status_code == 401


def test_the_state_is_signed_304_while_unchanged_and_carries_refresh_and_screenshot(
        client: Any, board_device: Device, board_token: str, province_admin: Any) -> None:
    first = client.get(V1 + "board-state", **auth(board_token))
    assert first.status_code == 200
    assert signing.verify(first.content, first["X-Tincoso-Signature"], signing.public_key_raw())
    state = json.loads(first.content)
    assert state == {"format": "tincoso-board-state/1", "device_id": board_device.pk,
                     "manifest_version": 1, "refresh": 0, "screenshot": 0, "emergency": None}
    same = client.get(V1 + "board-state", **auth(board_token), HTTP_IF_NONE_MATCH=first["ETag"])
    assert same.status_code == 304
    services.request_refresh(province_admin, board_device)
    services.request_screenshot(province_admin, board_device)
    moved = client.get(V1 + "board-state", **auth(board_token), HTTP_IF_NONE_MATCH=first["ETag"])
    assert moved.status_code == 200
    assert json.loads(moved.content)["refresh"] == 1
    assert json.loads(moved.content)["screenshot"] == 1


def test_polls_are_recorded_as_pulls_and_last_seen(
        client: Any, board_device: Device, board_token: str) -> None:
    start = dt.datetime(2030, 3, 4, 8, 0, tzinfo=dt.UTC)
    clock.set(start)
    _manifest(client, board_token)
    client.get(V1 + "board-state", **auth(board_token))
    state = BoardState.objects.get(device=board_device)
    board_device.refresh_from_db()
    assert state.pulled_at == start and state.polled_at == start
    assert board_device.last_seen == start
    # Polls within 20 s are not written again; later ones are.
    clock.advance(dt.timedelta(seconds=10))
    client.get(V1 + "board-state", **auth(board_token))
    assert BoardState.objects.get(device=board_device).polled_at == start
    clock.advance(dt.timedelta(seconds=15))
    client.get(V1 + "board-state", **auth(board_token))
    assert BoardState.objects.get(device=board_device).polled_at == clock.now()


def test_the_weather_of_the_day_is_a_slide_of_its_day_only(
        client: Any, board_device: Device, board_token: str, province_admin: Any) -> None:
    services.set_weather(province_admin, board_device, "  Nắng nhẹ,   24–30 °C  ")
    slides = json.loads(_manifest(client, board_token).content)["slides"]
    assert slides[0]["kind"] == "weather" and slides[0]["text"] == "Nắng nhẹ, 24–30 °C"
    clock.advance(dt.timedelta(days=1))
    slides = json.loads(_manifest(client, board_token).content)["slides"]
    assert [s["kind"] for s in slides] == ["qr"]


def test_screenshots_are_kept_per_board_and_bad_ones_change_nothing(
        client: Any, board_device: Device, board_token: str) -> None:
    def send(data: bytes) -> Any:
        return client.post(V1 + "screenshot", data, content_type="image/png",
                           HTTP_X_TINCOSO_SLIDE="qr-feedback", **auth(board_token))

    assert send(png((640, 360))).status_code == 204
    state = BoardState.objects.get(device=board_device)
    assert state.screenshot_slide == "qr-feedback"
    kept = state.screenshot.read()
    for bad in (b"GIF89a not a png", png()[:40], b"\x89PNG\r\n\x1a\n" + b"\x00" * 50):
        refused = send(bad)
        assert refused.status_code == 400 and refused.json()["detail_en"]
    assert send(b"\x89PNG\r\n\x1a\n" + b"\x00" * (2 * 1024 * 1024)).status_code == 413
    state.refresh_from_db()
    assert state.screenshot.read() == kept


def test_the_public_key_on_the_kiosk_page_is_the_signing_key(client: Any) -> None:
    page = client.get("/bang-tin/")
    assert page.status_code == 200
    assert base64.b64encode(signing.public_key_raw()).decode() in page.content.decode()
    assert "blob:" in page["Content-Security-Policy"]
    worker = client.get("/bang-tin/sw.js")
    assert worker["Content-Type"].startswith("text/javascript")
    assert "/static/broadcast/board/board.js" in worker.content.decode()


def _emergency(unit: Any, **extra: Any) -> Any:
    from tincoso.broadcast.devices.push_models import Emergency

    now = clock.now()
    return Emergency.objects.create(unit=unit, title=extra.pop("title", "Cảnh báo lũ quét"),
                                    text="Người dân di chuyển lên chỗ cao.", starts_at=now,
                                    expires_at=now + dt.timedelta(hours=1), **extra)


def test_the_state_carries_the_emergency_of_the_unit_or_above_until_stopped(
        client: Any, tree: Any, commune2: Any, board_device: Device, board_token: str) -> None:
    def state() -> Any:
        return json.loads(client.get(V1 + "board-state", **auth(board_token)).content)

    _emergency(commune2, title="Lũ ở xã bên")
    _emergency(tree["village"], title="Sự cố trong bản")
    assert state()["emergency"] is None  # a sibling's or a child's is not for this board
    drill = _emergency(tree["province"], title="Diễn tập phòng cháy", exercise=True)
    shown = state()["emergency"]
    assert shown["title"] == "Diễn tập phòng cháy" and shown["exercise"] is True
    assert shown["id"] == drill.public_id
    drill.stopped_at = clock.now()
    drill.save()
    assert state()["emergency"] is None
    _emergency(tree["commune"], title="Cảnh báo lũ quét")
    clock.advance(dt.timedelta(hours=1, seconds=1))
    assert state()["emergency"] is None  # expired


def test_an_item_without_summary_shows_the_start_of_its_text_as_plain_words(
        client: Any, writers: dict[str, Any], tree: Any, board_token: str) -> None:
    from tincoso.broadcast.boards.tests.conftest import publish

    publish(writers, tree["commune"], "Lịch họp", summary="",
            body="Họp **dân** bản & tổ dân phố lúc 8 giờ.\n\n" + "Nội dung dài. " * 80)
    slide = json.loads(_manifest(client, board_token).content)["slides"][0]
    assert slide["text"].startswith("Họp dân bản & tổ dân phố lúc 8 giờ. Nội dung dài.")
    assert len(slide["text"]) <= 420 and slide["text"].endswith("…")
    assert slide["duration_ms"] == 8000 + (len("Lịch họp") + len(slide["text"])) * 1000 // 15
