"""A real Mosquitto for tests, one per test session, and a device-side MQTT link.

Any app's tests use it by importing the fixtures into their conftest::

    from tincoso.broadcast.devices.testing import mqtt, mqtt_broker  # noqa: F401

``mqtt_broker`` is the session's broker (``BrokerSettings``); ``mqtt`` (per test)
also points this process at it (``MQTT_*`` in the environment), so the server
publishes there and manages device clients there.
"""

from __future__ import annotations

import json
import queue
import threading
from collections.abc import Iterator
from typing import Any

import paho.mqtt.client as mqtt_client
import pytest

from tincoso.broadcast.devices import mqtt_link
from tincoso.broadcast.devices.broker import BrokerSettings, LocalBroker


@pytest.fixture(scope="session")
def mqtt_broker(tmp_path_factory: pytest.TempPathFactory) -> Iterator[BrokerSettings]:
    broker = LocalBroker(tmp_path_factory.mktemp("mqtt"))
    settings = broker.start()
    try:
        yield settings
    finally:
        broker.stop()


@pytest.fixture
def mqtt(mqtt_broker: BrokerSettings, monkeypatch: pytest.MonkeyPatch) -> BrokerSettings:
    """The session's broker, with no retained ``tcs/`` message left by earlier tests
    (database ids repeat between tests)."""
    for name, value in mqtt_broker.environ().items():
        monkeypatch.setenv(name, value)
    clear_retained(mqtt_broker)
    return mqtt_broker


def clear_retained(settings: BrokerSettings, settle: float = 0.3) -> None:
    found: queue.Queue[str] = queue.Queue()
    link = mqtt_link.admin(settings, "tcs-test-clear")
    link.on_message = lambda _c, _u, m: found.put(m.topic) if m.retain and m.payload else None
    link.subscribe("tcs/#", qos=1)
    threading.Event().wait(settle)
    while not found.empty():
        link.publish(found.get(), b"", qos=1, retain=True).wait_for_publish(10)
    link.disconnect()
    link.loop_stop()


class DeviceLink:
    """A device's MQTT connection (username = id, password = token), recording what
    it receives; ``expect(topic)`` waits for the next message on a topic."""

    def __init__(self, settings: BrokerSettings, device_id: int, token: str,
                 clean_session: bool = True, will: bool = True,
                 client_id: str | None = None) -> None:
        self.settings = settings
        self.device_id = device_id
        self.received: queue.Queue[mqtt_client.MQTTMessage] = queue.Queue()
        self.link = mqtt_link.client(settings, client_id or f"tcsd-{device_id}",
                                     str(device_id), token, clean_session)
        if will:
            self.link.will_set(f"tcs/up/{device_id}/status", '{"online":false}', qos=1,
                               retain=True)
        self.link.on_message = lambda _c, _u, m: self.received.put(m)
        self.disconnected = threading.Event()
        self.link.on_disconnect = lambda *_a: self.disconnected.set()

    def connect(self) -> DeviceLink:
        mqtt_link.connect(self.link, self.settings)
        return self

    def subscribe(self, topic: str) -> list[int]:
        """Subscribe (QoS 1) and return the broker's granted codes (128 = refused)."""
        granted: queue.Queue[list[int]] = queue.Queue()
        self.link.on_subscribe = lambda _c, _u, _mid, codes, _p: granted.put(
            [c.value for c in codes])
        self.link.subscribe(topic, qos=1)
        return granted.get(timeout=10)

    def publish(self, topic: str, payload: Any, qos: int = 1, retain: bool = False) -> None:
        body = payload if isinstance(payload, (bytes, str)) else json.dumps(payload)
        self.link.publish(topic, body, qos=qos, retain=retain).wait_for_publish(10)

    def expect(self, topic: str, timeout: float = 10.0) -> mqtt_client.MQTTMessage:
        while True:
            message = self.received.get(timeout=timeout)
            if message.topic == topic:
                return message

    def expect_msg(self, topic: str, timeout: float = 10.0) -> dict[str, Any]:
        """The next signed message on ``topic``: its envelope checked against the
        server's public key (as a device does), then ``msg`` parsed."""
        from tincoso.broadcast.devices import signing

        envelope = json.loads(self.expect(topic, timeout).payload)
        assert signing.verify(envelope["msg"].encode("utf-8"), envelope["sig"],
                              signing.public_key_raw()), "bad signature"
        assert envelope["key_id"] == signing.key_id()
        msg: dict[str, Any] = json.loads(envelope["msg"])
        return msg

    def nothing_on(self, topic: str, wait: float = 1.0) -> bool:
        try:
            self.expect(topic, timeout=wait)
        except queue.Empty:
            return True
        return False

    def close(self, clean: bool = True) -> None:
        if clean:
            self.link.disconnect()
        self.link.loop_stop()
