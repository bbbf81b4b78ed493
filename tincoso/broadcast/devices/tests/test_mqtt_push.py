"""What the server pushes, received by a device over a real Mosquitto: credentials
put and taken away, the signed retained desired state, commands, emergencies."""

from __future__ import annotations

from typing import Any

import pytest

from tincoso.broadcast.bulletins.models import Bulletin
from tincoso.broadcast.devices import (
    commands,
    credentials,
    desired,
    dynsec,
    emergency,
    services,
)
from tincoso.broadcast.devices.broker import BrokerSettings
from tincoso.broadcast.devices.models import Device
from tincoso.broadcast.devices.mqtt_link import BrokerUnavailableError
from tincoso.broadcast.devices.push_models import Command, Emergency
from tincoso.broadcast.devices.testing import DeviceLink
from tincoso.broadcast.devices.tests.conftest import at, auth
from tincoso.broadcast.stations import inbox
from tincoso.broadcast.stations.models import Priority
from tincoso.core.errors import DomainError, PermissionDeniedError
from tincoso.units.models import Unit

pytestmark = pytest.mark.django_db
REFUSED = 128


@pytest.fixture
def enrolled(device: Device, mqtt: BrokerSettings,
             django_capture_on_commit_callbacks: Any) -> tuple[Device, str]:
    with django_capture_on_commit_callbacks(execute=True):
        token = credentials.issue_token(device)
    device.refresh_from_db()
    return device, token


def _link(mqtt: BrokerSettings, device: Device, token: str, **kw: Any) -> DeviceLink:
    return DeviceLink(mqtt, device.pk, token, **kw).connect()


def test_enrolment_puts_the_device_in_the_broker_with_its_units_emergencies(
        enrolled: tuple[Device, str], mqtt: BrokerSettings, tree: dict[str, Unit]) -> None:
    device, token = enrolled
    assert device.broker_token_hash == device.token_hash
    link = _link(mqtt, device, token)
    try:
        assert link.subscribe(f"tcs/d/{device.pk}/#") == [1]
        for unit in (tree["commune"], tree["province"]):
            assert link.subscribe(f"tcs/u/{unit.pk}/emergency") == [1]
        assert link.subscribe(f"tcs/u/{tree['village'].pk}/emergency") == [REFUSED]
        assert link.subscribe(f"tcs/d/{device.pk + 1}/#") == [REFUSED]
    finally:
        link.close()


def test_a_device_of_another_unit_reads_nothing_of_this_one(
        enrolled: tuple[Device, str], other_device: Device, mqtt: BrokerSettings,
        tree: dict[str, Unit], commune2: Unit,
        django_capture_on_commit_callbacks: Any) -> None:
    device, _ = enrolled
    with django_capture_on_commit_callbacks(execute=True):
        token = credentials.issue_token(other_device)
    link = _link(mqtt, other_device, token)
    try:
        assert link.subscribe(f"tcs/u/{commune2.pk}/emergency") == [1]
        assert link.subscribe(f"tcs/u/{tree['commune'].pk}/emergency") == [REFUSED]
        assert link.subscribe(f"tcs/d/{device.pk}/#") == [REFUSED]
        assert link.subscribe(f"tcs/d/{device.pk}/desired") == [REFUSED]
        assert link.subscribe("tcs/u/+/emergency") == [REFUSED]
    finally:
        link.close()


def test_a_schedule_change_moves_the_manifest_version_in_the_desired_state(
        enrolled: tuple[Device, str], mqtt: BrokerSettings, scheduled: Bulletin,
        station: Any, make_bulletin: Any,
        django_capture_on_commit_callbacks: Any) -> None:
    device, token = enrolled
    with django_capture_on_commit_callbacks(execute=True):
        desired.update(device)
    before = device.desired_seq
    link = _link(mqtt, device, token)
    topic = f"tcs/d/{device.pk}/desired"
    link.subscribe(topic)
    first = link.expect_msg(topic)
    later = make_bulletin(station.unit, seconds=30, title="Thông báo mới")
    with django_capture_on_commit_callbacks(execute=True):
        inbox.add_schedule(None, station, later, Priority.NORMAL, at(5, 40), None, None)
        desired.update(device)  # what the worker's sweep does on a schedule change
    second = link.expect_msg(topic)
    assert second["manifest_version"] > first["manifest_version"]
    assert second["seq"] == before + 1
    link.close()


def test_rotation_disconnects_the_device_and_its_old_token_is_refused(
        enrolled: tuple[Device, str], mqtt: BrokerSettings,
        django_capture_on_commit_callbacks: Any) -> None:
    device, old = enrolled
    link = _link(mqtt, device, old)
    with django_capture_on_commit_callbacks(execute=True):
        new = services.rotate(None, device)
    assert link.disconnected.wait(5)
    link.close(clean=False)
    with pytest.raises(BrokerUnavailableError):
        _link(mqtt, device, old)
    _link(mqtt, device, new).close()


def test_revocation_disconnects_the_device_and_refuses_it(
        enrolled: tuple[Device, str], mqtt: BrokerSettings,
        django_capture_on_commit_callbacks: Any) -> None:
    device, token = enrolled
    link = _link(mqtt, device, token)
    with django_capture_on_commit_callbacks(execute=True):
        services.revoke(None, device)
    assert link.disconnected.wait(5)
    link.close(clean=False)
    with pytest.raises(BrokerUnavailableError):
        _link(mqtt, device, token)
    device.refresh_from_db()
    assert device.broker_token_hash == ""


def test_the_desired_state_is_signed_retained_and_its_seq_rises_with_changes(
        enrolled: tuple[Device, str], mqtt: BrokerSettings, scheduled: Bulletin,
        django_capture_on_commit_callbacks: Any) -> None:
    device, token = enrolled
    with django_capture_on_commit_callbacks(execute=True):
        desired.update(device)
    link = _link(mqtt, device, token)
    topic = f"tcs/d/{device.pk}/desired"
    link.subscribe(topic)
    first = link.expect_msg(topic)
    assert first["type"] == "desired" and first["to"] == {"device": device.pk}
    assert first["manifest_version"] >= 1 and first["volume"] == 70
    assert first["expires_at"] is None
    with django_capture_on_commit_callbacks(execute=True):
        desired.update(device)  # nothing changed: nothing sent
        desired.set_state(device, volume=40, mode="silent")
    second = link.expect_msg(topic)
    assert second["seq"] == first["seq"] + 1
    assert (second["volume"], second["mode"]) == (40, "silent")
    link.close()
    # Reconnecting gets the retained state.
    again = _link(mqtt, device, token)
    again.subscribe(topic)
    assert again.expect_msg(topic)["seq"] == second["seq"]
    again.close()


def test_a_bad_desired_state_is_refused_and_changes_nothing(
        enrolled: tuple[Device, str]) -> None:
    device, _ = enrolled
    for bad in ({"volume": 101}, {"power": "maybe"}, {"mode": "loud"}):
        with pytest.raises(DomainError) as caught:
            desired.set_state(device, **bad)
        assert caught.value.text("vi") and caught.value.text("en")
    device.refresh_from_db()
    assert (device.desired_volume, device.desired_seq) == (70, 0)


def test_a_command_reaches_the_device_and_is_stored_with_its_sender(
        enrolled: tuple[Device, str], mqtt: BrokerSettings, commune_officer: Any,
        django_capture_on_commit_callbacks: Any) -> None:
    device, token = enrolled
    link = _link(mqtt, device, token)
    link.subscribe(f"tcs/d/{device.pk}/#")
    with django_capture_on_commit_callbacks(execute=True):
        row = commands.send(commune_officer, device, "volume", {"volume": 30})
    msg = link.expect_msg(f"tcs/d/{device.pk}/cmd")
    assert (msg["command"], msg["args"], msg["id"]) == ("volume", {"volume": 30},
                                                         str(row.message_id))
    assert msg["expires_at"] > msg["issued_at"]
    # The desired state follows, so a reconnect does not undo it.
    assert link.expect_msg(f"tcs/d/{device.pk}/desired")["volume"] == 30
    assert Command.objects.get().created_by == commune_officer
    link.close()


def test_a_sibling_officer_cannot_command_and_bad_commands_change_nothing(
        enrolled: tuple[Device, str], sibling_officer: Any, commune_officer: Any) -> None:
    device, _ = enrolled
    with pytest.raises(PermissionDeniedError):
        commands.send(sibling_officer, device, "restart")
    for command, args in (("explode", {}), ("volume", {"volume": -1}),
                          ("power", {"power": 1}), ("play_now", {"bulletin_id": 999999}),
                          ("screenshot", {})):
        with pytest.raises(DomainError):
            commands.send(commune_officer, device, command, args)
    assert not Command.objects.exists()


def test_an_emergency_is_retained_for_the_subtree_then_stopped(
        enrolled: tuple[Device, str], mqtt: BrokerSettings, tree: dict[str, Unit],
        commune_officer: Any, scheduled: Bulletin,
        django_capture_on_commit_callbacks: Any) -> None:
    device, token = enrolled
    commune = tree["commune"]
    with django_capture_on_commit_callbacks(execute=True):
        row = emergency.start(commune_officer, commune, "Cảnh báo lũ quét", "Sơ tán ngay",
                              bulletin=scheduled, minutes=30)
    topic = f"tcs/u/{commune.pk}/emergency"
    link = _link(mqtt, device, token)  # connects after the start: retained
    link.subscribe(topic)
    msg = link.expect_msg(topic)
    assert (msg["action"], msg["emergency_id"], msg["to"]) == (
        "start", row.public_id, {"unit": commune.pk})
    assert msg["media"]["sha256"] and msg["media"]["url"].endswith(f"/media/{scheduled.pk}")
    assert emergency.media_allowed(device, scheduled.pk)
    with django_capture_on_commit_callbacks(execute=True):
        emergency.stop(commune_officer, row)
    stopped = link.expect_msg(topic)
    assert stopped["action"] == "stop" and stopped["expires_at"] == msg["expires_at"]
    assert not emergency.media_allowed(device, scheduled.pk)
    link.close()


def test_an_emergency_is_refused_to_outsiders_and_on_bad_input(
        enrolled: tuple[Device, str], tree: dict[str, Unit], commune_officer: Any,
        sibling_officer: Any) -> None:
    commune = tree["commune"]
    with pytest.raises(PermissionDeniedError):
        emergency.start(sibling_officer, commune, "Lũ")
    for bad in ({"title": ""}, {"title": "x" * 300}, {"title": "Lũ", "minutes": 0},
                {"title": "Lũ", "repeat_every_s": -5}):
        with pytest.raises(DomainError):
            emergency.start(commune_officer, commune, **bad)
    emergency.start(commune_officer, commune, "Lũ")
    with pytest.raises(DomainError):  # one at a time per unit
        emergency.start(commune_officer, commune, "Lũ nữa")
    assert Emergency.objects.count() == 1


# --- what a device is told over HTTP -----------------------------------------------

V1 = "/api/device/v1/"


def test_the_mqtt_endpoint_says_how_to_connect_and_puts_back_a_lost_client(
        client: Any, enrolled: tuple[Device, str], mqtt: BrokerSettings,
        tree: dict[str, Unit]) -> None:
    device, token = enrolled
    with dynsec.Control(mqtt) as control:  # the broker lost it (restored from old data)
        control.delete_device(device.pk)
    Device.objects.filter(pk=device.pk).update(broker_token_hash="")  # as reconcile finds
    with pytest.raises(BrokerUnavailableError):
        _link(mqtt, device, token)
    answer = client.get(V1 + "mqtt", **auth(token))
    assert answer.status_code == 200
    info = answer.json()
    assert (info["url"], info["username"], info["client_id"]) == (
        mqtt.url, str(device.pk), f"tcsd-{device.pk}")
    assert info["ca_pem"].startswith("-----BEGIN CERTIFICATE-----")
    assert info["subscriptions"] == [f"tcs/d/{device.pk}/#",
                                     f"tcs/u/{tree['commune'].pk}/emergency",
                                     f"tcs/u/{tree['province'].pk}/emergency"]
    _link(mqtt, device, token).close()


def test_without_a_broker_the_mqtt_endpoint_says_so_and_enrolment_has_no_block(
        client: Any, device: Device, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("MQTT_URL", raising=False)
    code, _ = credentials.new_code(device)
    enrolment = client.post(V1 + "enrol", {"code": code}, content_type="application/json")
    assert enrolment.status_code == 201 and enrolment.json()["mqtt"] is None
    answer = client.get(V1 + "mqtt", **auth(enrolment.json()["token"]))
    assert answer.status_code == 404
    assert answer.json()["detail"] and answer.json()["detail_en"]


def test_enrolment_answers_with_the_mqtt_block(
        client: Any, device: Device, mqtt: BrokerSettings) -> None:
    code, _ = credentials.new_code(device)
    answer = client.post(V1 + "enrol", {"code": code}, content_type="application/json")
    assert answer.json()["mqtt"]["client_id"] == f"tcsd-{device.pk}"


def test_emergency_and_play_now_media_are_served_while_they_hold(
        client: Any, enrolled: tuple[Device, str], tree: dict[str, Unit],
        commune_officer: Any, make_bulletin: Any) -> None:
    device, token = enrolled
    alert_audio = make_bulletin(tree["province"], seconds=5, title="Còi báo động")
    spoken = make_bulletin(tree["commune"], seconds=5, title="Thông báo khẩn")
    elsewhere = make_bulletin(tree["commune"], seconds=5, title="Không gửi")
    url = V1 + "media/{}"
    assert client.get(url.format(alert_audio.pk), **auth(token)).status_code == 404
    row = emergency.start(None, tree["province"], "Bão", bulletin=alert_audio)
    commands.send(commune_officer, device, "play_now", {"bulletin_id": spoken.pk})
    assert client.get(url.format(alert_audio.pk), **auth(token)).status_code == 200
    assert client.get(url.format(spoken.pk), **auth(token)).status_code == 200
    assert client.get(url.format(elsewhere.pk), **auth(token)).status_code == 404
    emergency.stop(None, row)
    assert client.get(url.format(alert_audio.pk), **auth(token)).status_code == 404


def test_readyz_checks_the_broker(client: Any, mqtt: BrokerSettings,
                                  monkeypatch: pytest.MonkeyPatch) -> None:
    assert client.get("/readyz").json()["checks"]["broker_ready"]["ok"] is True
    monkeypatch.setenv("MQTT_URL", "mqtts://127.0.0.1:1")  # nothing listens there
    answer = client.get("/readyz")
    assert answer.status_code == 503 and not answer.json()["checks"]["broker_ready"]["ok"]
