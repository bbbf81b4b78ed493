"""One paho-mqtt connection to the broker, as the server (admin user) or, in tests and
benches, as a device: TLS checked against the broker's CA, MQTT 3.1.1."""

from __future__ import annotations

import ssl
import threading
from typing import Any

import paho.mqtt.client as mqtt

from tincoso.broadcast.devices.broker import BrokerSettings


class BrokerUnavailableError(RuntimeError):
    """The broker could not be reached, or refused us."""


class Client(mqtt.Client):
    """paho's client, reading every packet already received after each ``select()``.
    paho reads one packet per ``select()`` (then ``loop_misc()``) unless QoS 1/2
    messages are in flight: a system call and a loop turn per QoS 0 heartbeat in the
    uplink worker (bench/mqtt.py). A packet that is not whole yet waits, as in paho."""

    READ_AT_MOST = 100  # then back to select(), so that writes and keepalive go on

    def loop_read(self, max_packets: int = 1) -> mqtt.MQTTErrorCode:
        for _ in range(self.READ_AT_MOST):
            if self._sock is None:
                return mqtt.MQTTErrorCode.MQTT_ERR_NO_CONN
            rc = self._packet_read()
            if rc > 0:
                return self._loop_rc_handle(rc)
            if rc == mqtt.MQTTErrorCode.MQTT_ERR_AGAIN:
                break
        return mqtt.MQTTErrorCode.MQTT_ERR_SUCCESS


def client(settings: BrokerSettings, client_id: str, username: str, password: str,
           clean_session: bool = True) -> mqtt.Client:
    """A paho client configured for ``settings`` (not yet connected)."""
    link = Client(mqtt.CallbackAPIVersion.VERSION2, client_id=client_id,
                       clean_session=clean_session, protocol=mqtt.MQTTv311)
    link.username_pw_set(username, password)
    if settings.tls:
        context = ssl.create_default_context(cafile=settings.ca_file or None)
        context.minimum_version = ssl.TLSVersion.TLSv1_2
        link.tls_set_context(context)
    return link


def connect(link: mqtt.Client, settings: BrokerSettings, timeout: float = 10.0,
            keepalive: int = 60) -> None:
    """Connect and start paho's network thread; raise unless the broker accepts us."""
    answered = threading.Event()
    result: dict[str, Any] = {}
    previous: Any = link.on_connect

    def on_connect(c: mqtt.Client, userdata: Any, flags: Any, reason: Any, props: Any) -> None:
        result["reason"] = reason
        answered.set()
        if previous is not None:
            previous(c, userdata, flags, reason, props)

    link.on_connect = on_connect
    try:
        link.connect(settings.host, settings.port, keepalive=keepalive)
    except (OSError, ssl.SSLError) as error:
        raise BrokerUnavailableError(f"{settings.url}: {error}") from error
    link.loop_start()
    if not answered.wait(timeout):
        link.loop_stop()
        raise BrokerUnavailableError(f"{settings.url}: no CONNACK")
    link.on_connect = previous
    reason = result["reason"]
    if reason.is_failure:
        link.loop_stop()
        link.disconnect()
        raise BrokerUnavailableError(f"{settings.url}: refused ({reason})")


def admin(settings: BrokerSettings, client_id: str, clean_session: bool = True) -> mqtt.Client:
    """A connected client as the server's admin user."""
    link = client(settings, client_id, settings.admin_username, settings.admin_password,
                  clean_session)
    connect(link, settings)
    return link
