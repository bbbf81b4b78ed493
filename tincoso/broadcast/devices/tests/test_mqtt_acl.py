"""The broker's access rules, checked against a real Mosquitto with its
dynamic-security plugin (no database needed)."""

from __future__ import annotations

import pytest

from tincoso.broadcast.devices import dynsec
from tincoso.broadcast.devices.broker import BrokerSettings
from tincoso.broadcast.devices.mqtt_link import BrokerUnavailableError
from tincoso.broadcast.devices.testing import DeviceLink

REFUSED = 128


def test_a_device_reads_its_own_topics_and_its_units_emergencies_only(
        mqtt_broker: BrokerSettings) -> None:
    with dynsec.Control(mqtt_broker) as control:
        control.put_device(9001, "pw-9001", [71, 72])
    link = DeviceLink(mqtt_broker, 9001, "pw-9001").connect()
    try:
        assert link.subscribe("tcs/d/9001/#") == [1]
        assert link.subscribe("tcs/u/71/emergency") == [1]
        assert link.subscribe("tcs/u/72/emergency") == [1]
        assert link.subscribe("tcs/d/9002/#") == [REFUSED]
        assert link.subscribe("tcs/u/73/emergency") == [REFUSED]
        assert link.subscribe("tcs/up/9001/#") == [REFUSED]
        assert link.subscribe("#") == [REFUSED]
    finally:
        link.close()


def test_mosquitto_2_0_dynsec_acls_take_no_user_pattern(mqtt_broker: BrokerSettings) -> None:
    """Why each device has a role of its own: a ``%u`` ACL matches nothing here."""
    with dynsec.Control(mqtt_broker) as control:
        control.ensure_role("probe-pattern", [
            dynsec._acl("subscribePattern", "tcs/d/%u/#")])
        control.run([{"command": "deleteClient", "username": "9100"}], tolerate=("not found",))
        control.one("createClient", username="9100", password="pw", clientid="tcsd-9100",
                    roles=[{"rolename": "probe-pattern"}])
    link = DeviceLink(mqtt_broker, 9100, "pw").connect()
    try:
        assert link.subscribe("tcs/d/9100/#") == [REFUSED]
    finally:
        link.close()


def test_the_client_id_is_pinned_and_a_wrong_password_is_refused(
        mqtt_broker: BrokerSettings) -> None:
    with dynsec.Control(mqtt_broker) as control:
        control.put_device(9003, "pw-9003", [71])
    with pytest.raises(BrokerUnavailableError):
        DeviceLink(mqtt_broker, 9003, "pw-9003", client_id="tcsd-9004").connect()
    with pytest.raises(BrokerUnavailableError):
        DeviceLink(mqtt_broker, 9003, "wrong").connect()
    DeviceLink(mqtt_broker, 9003, "pw-9003").connect().close()
