"""Officers' commands and emergencies, through the pages and the API: who may, what
is stored, and bad input refused with nothing changed (no broker needed: without
MQTT_URL nothing is published)."""

from __future__ import annotations

from typing import Any

import pytest

from tincoso.broadcast.bulletins.models import Bulletin
from tincoso.broadcast.devices import commands
from tincoso.broadcast.devices.models import Device
from tincoso.broadcast.devices.push_models import Command, Emergency
from tincoso.units.models import Unit

pytestmark = pytest.mark.django_db
API = "/api/broadcast/"


@pytest.fixture(autouse=True)
def _no_broker(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("MQTT_URL", raising=False)


def test_an_officer_sends_a_command_from_the_device_page_and_sees_its_answer(
        client: Any, device: Device, token: str, commune_officer: Any) -> None:
    client.force_login(commune_officer)
    url = f"/app/broadcast/devices/{device.pk}/"
    answer = client.post(url + "command/", {"command": "volume", "volume": "35"})
    assert answer.status_code == 302
    row = Command.objects.get()
    assert (row.command, row.args, row.created_by) == ("volume", {"volume": 35}, commune_officer)
    device.refresh_from_db()
    assert device.desired_volume == 35
    commands.record_ack(device, row.message_id, "done", "")
    page = client.get(url).content.decode()
    assert 'id="command-form"' in page and "done" in page


def test_commands_from_outside_or_bad_ones_change_nothing(
        client: Any, device: Device, token: str, commune_officer: Any,
        sibling_officer: Any) -> None:
    client.force_login(sibling_officer)
    url = f"/app/broadcast/devices/{device.pk}/command/"
    assert client.post(url, {"command": "restart"}).status_code == 403
    client.force_login(commune_officer)
    assert client.post(url, {"command": "volume", "volume": "999"}).status_code == 400
    api = client.post(API + f"devices/{device.pk}/commands", {"command": "play_now"},
                      content_type="application/json")
    assert api.status_code == 400 and api.json()["detail_en"]
    assert not Command.objects.exists()


def test_the_command_api_sends_and_lists(
        client: Any, device: Device, token: str, commune_officer: Any,
        sibling_officer: Any) -> None:
    client.force_login(commune_officer)
    url = API + f"devices/{device.pk}/commands"
    sent = client.post(url, {"command": "refresh"}, content_type="application/json")
    assert sent.status_code == 201 and sent.json()["command"] == "refresh"
    assert [c["command"] for c in client.get(url).json()] == ["refresh"]
    client.force_login(sibling_officer)
    assert client.get(url).status_code == 403


def test_emergencies_through_the_api(
        client: Any, tree: dict[str, Unit], commune_officer: Any, sibling_officer: Any,
        scheduled: Bulletin) -> None:
    client.force_login(sibling_officer)
    body = {"unit": "commune", "title": "Lũ quét", "bulletin": scheduled.pk, "minutes": 30}
    assert client.post(API + "emergencies/", body,
                       content_type="application/json").status_code == 403
    client.force_login(commune_officer)
    bad = client.post(API + "emergencies/", {**body, "minutes": 0},
                      content_type="application/json")
    assert bad.status_code == 400 and bad.json()["detail"] and bad.json()["detail_en"]
    assert not Emergency.objects.exists()
    started = client.post(API + "emergencies/", body, content_type="application/json")
    assert started.status_code == 201
    assert [e["title"] for e in client.get(API + "emergencies/").json()["results"]] == [
        "Lũ quét"]
    data = started.json()
    assert data["emergency_id"].startswith("e-2030-") and data["reach"]["devices"] == 0
    client.force_login(sibling_officer)
    assert client.get(API + "emergencies/").json()["results"] == []
    assert client.post(API + f"emergencies/{data['id']}/stop/").status_code == 404
    client.force_login(commune_officer)
    stopped = client.post(API + f"emergencies/{data['id']}/stop/")
    assert stopped.status_code == 200 and stopped.json()["stopped_at"]
    assert client.post(API + f"emergencies/{data['id']}/stop/").status_code == 400


def test_the_emergency_page_starts_and_stops(
        client: Any, tree: dict[str, Unit], commune_officer: Any) -> None:
    client.force_login(commune_officer)
    page = client.get("/app/broadcast/emergencies/")
    assert page.status_code == 200 and 'id="emergency-form"' in page.content.decode()
    answer = client.post("/app/broadcast/emergencies/start/",
                         {"unit": "commune", "title": "Diễn tập PCCC", "exercise": "1",
                          "minutes": "15", "repeat_every_s": "0"})
    assert answer.status_code == 302
    row = Emergency.objects.get()
    assert row.exercise and row.created_by == commune_officer
    assert "DIỄN TẬP" in client.get("/app/broadcast/emergencies/").content.decode()
    assert client.post(f"/app/broadcast/emergencies/{row.pk}/stop/").status_code == 302
    row.refresh_from_db()
    assert row.stopped_by == commune_officer
