"""The loudspeakers and boards of the area hear the alert over a real Mosquitto: the
second approval starts their emergency, the one-click cancel stops it."""

from __future__ import annotations

from typing import Any

import pytest

from tincoso.alerts import services
from tincoso.alerts.tests.conftest import composed
from tincoso.broadcast.devices import credentials
from tincoso.broadcast.devices import services as devices
from tincoso.broadcast.devices.broker import BrokerSettings
from tincoso.broadcast.devices.models import Device
from tincoso.broadcast.devices.testing import DeviceLink, mqtt, mqtt_broker
from tincoso.units.models import Unit

__all__ = ["mqtt", "mqtt_broker"]  # the broker fixtures, shared


@pytest.fixture
def board(
    tree: dict[str, Unit], mqtt: BrokerSettings, django_capture_on_commit_callbacks: Any
) -> tuple[Device, str]:
    device = devices.save_device(
        None, tree["village"], devices.DeviceData(name="Bảng tin Nà Khum", kind=Device.Kind.BOARD)
    )
    with django_capture_on_commit_callbacks(execute=True):
        token = credentials.issue_token(device)
    return device, token


def test_approval_starts_the_drill_on_the_board_and_cancel_stops_it(
    tree: dict[str, Unit],
    people: dict[str, Any],
    mqtt: BrokerSettings,
    board: tuple[Device, str],
    django_capture_on_commit_callbacks: Any,
) -> None:
    device, token = board
    alert = composed(tree, people, status="Exercise")
    with django_capture_on_commit_callbacks(execute=True):
        services.approve(people["approver"], alert)
    topic = f"tcs/u/{tree['village'].pk}/emergency"
    link = DeviceLink(mqtt, device.pk, token).connect()
    link.subscribe(topic)
    started = link.expect_msg(topic)
    assert started["action"] == "start" and started["exercise"] is True
    assert started["title"] == f"DIỄN TẬP: {alert.headline}"
    assert "Di chuyển ngay lên chỗ cao." in started["text"]
    with django_capture_on_commit_callbacks(execute=True):
        services.cancel(people["editor"], alert)
    stopped = link.expect_msg(topic)
    assert stopped["action"] == "stop"
    assert stopped["emergency_id"] == started["emergency_id"]
    link.close()
