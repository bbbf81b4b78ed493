"""The officers' side of a board, on its device page: what slides it shows, when it
last pulled, its last screenshot; "refresh now", screenshot requests and the
weather of the day, each for the board's unit and those above only."""

from __future__ import annotations

import json
from typing import Any

import pytest

from tincoso.broadcast.boards.models import BoardState, Weather
from tincoso.broadcast.boards.tests.conftest import auth, png
from tincoso.broadcast.devices.models import Device
from tincoso.conftest import person_with
from tincoso.publishing.models import Item
from tincoso.units.models import Role, Unit

pytestmark = pytest.mark.django_db
V1 = "/api/device/v1/"


def _page(client: Any, device: Device) -> str:
    answer = client.get(f"/app/broadcast/devices/{device.pk}/")
    assert answer.status_code == 200
    return str(answer.content.decode())


def test_the_device_page_shows_the_slides_the_last_pull_and_the_screenshot(
        client: Any, items: dict[str, Item], board_device: Device, board_token: str,
        commune_editor: Any) -> None:
    client.get(V1 + "board-manifest", **auth(board_token))
    client.post(V1 + "screenshot", png((400, 225)), content_type="image/png",
                HTTP_X_TINCOSO_SLIDE="qr-feedback", **auth(board_token))
    client.force_login(commune_editor)
    page = _page(client, board_device)
    assert "Thông báo lịch cắt điện" in page and "Xã Đồng Tâm ra quân làm đường" in page
    assert "Tin riêng xã Hồng Thu" not in page and "Mã QR góp ý" in page
    state = BoardState.objects.get(device=board_device)
    assert state.pulled_at is not None
    assert f"/app/broadcast/devices/{board_device.pk}/screen.png" in page
    shot = client.get(f"/app/broadcast/devices/{board_device.pk}/screen.png")
    assert shot.status_code == 200 and b"".join(shot.streaming_content) == png((400, 225))


def test_refresh_and_screenshot_requests_move_the_state_the_board_polls(
        client: Any, board_device: Device, board_token: str, commune_editor: Any) -> None:
    client.force_login(commune_editor)
    base = f"/app/broadcast/devices/{board_device.pk}/board/"
    assert client.post(base + "refresh/").status_code == 302
    assert client.post(base + "screenshot/").status_code == 302
    state = json.loads(client.get(V1 + "board-state", **auth(board_token)).content)
    assert state["refresh"] == 1 and state["screenshot"] == 1


def test_officers_of_another_unit_can_do_nothing_to_the_board(
        client: Any, board_device: Device, commune2: Unit, tree: dict[str, Unit],
        board_token: str) -> None:
    client.post(V1 + "screenshot", png(), content_type="image/png", **auth(board_token))
    for person in (person_with(Role.EDITOR, commune2, "sibling-editor"),
                   person_with(Role.OFFICER, tree["village"], "village-officer")):
        client.force_login(person)
        base = f"/app/broadcast/devices/{board_device.pk}/"
        assert client.get(base).status_code == 403
        assert client.get(base + "screen.png").status_code == 403
        for action in ("refresh/", "screenshot/"):
            assert client.post(base + "board/" + action).status_code == 403
        assert client.post(base + "board/weather/", {"text": "Mưa to"}).status_code == 403
    state = BoardState.objects.get(device=board_device)
    assert (state.refresh_seq, state.screenshot_seq) == (0, 0)
    assert not Weather.objects.exists()


def test_the_weather_is_set_cleared_and_too_long_a_text_changes_nothing(
        client: Any, board_device: Device, commune_editor: Any) -> None:
    client.force_login(commune_editor)
    url = f"/app/broadcast/devices/{board_device.pk}/board/weather/"
    assert client.post(url, {"text": "Nắng, 25–31 °C"}).status_code == 302
    assert Weather.objects.get().text == "Nắng, 25–31 °C"
    too_long = client.post(url, {"text": "x" * 301})
    assert too_long.status_code == 400 and "300" in too_long.content.decode()
    assert Weather.objects.get().text == "Nắng, 25–31 °C"
    assert client.post(url, {"text": "  "}).status_code == 302
    assert not Weather.objects.exists()


def test_board_actions_on_a_loudspeaker_are_refused(
        client: Any, board_device: Device, province_admin: Any) -> None:
    from tincoso.broadcast.devices import services

    speaker = services.save_device(None, board_device.unit, services.DeviceData(
        name="Loa", kind=Device.Kind.LOUDSPEAKER))
    client.force_login(province_admin)
    assert client.post(f"/app/broadcast/devices/{speaker.pk}/board/refresh/").status_code == 404
    assert not BoardState.objects.filter(device=speaker).exists()


def test_refresh_and_screenshot_commands_reach_a_board_over_http_and_are_acknowledged(
        client: Any, board_device: Device, board_token: str, commune_editor: Any) -> None:
    from tincoso.broadcast.devices import commands
    from tincoso.broadcast.devices.push_models import Command

    commands.send(commune_editor, board_device, Command.Kind.REFRESH)
    sent = commands.send(commune_editor, board_device, Command.Kind.SCREENSHOT)
    state = json.loads(client.get(V1 + "board-state", **auth(board_token)).content)
    assert (state["refresh"], state["screenshot"]) == (1, 1)
    client.post(V1 + "screenshot", png(), content_type="image/png", **auth(board_token))
    sent.refresh_from_db()
    assert sent.ack_status == "done"
