"""Django publishes to devices (docs/device-protocol.md §9.3, §9.8): signed envelopes,
sent after the transaction commits, over one reused connection per process.

Without ``MQTT_URL`` nothing is published (devices then poll over HTTP). A publish
that fails (broker down) is counted and logged, never raised into the request: the
desired state and the emergencies are functions of the database, and the uplink
worker republishes them all when it (re)connects.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import threading
import uuid
from typing import Any

import paho.mqtt.client as mqtt
from django.db import transaction

from tincoso.broadcast.devices import broker, mqtt_link, mqtt_metrics, signing
from tincoso.core import clock

FORMAT = "tincoso-device-message/1"
log = logging.getLogger(__name__)
_lock = threading.Lock()
_link: dict[str, mqtt.Client] = {}


def utc(moment: dt.datetime | None) -> str | None:
    if moment is None:
        return None
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def message(kind: str, to: dict[str, int], expires_at: dt.datetime | None,
            message_id: str | None = None, issued_at: dt.datetime | None = None,
            **fields: Any) -> dict[str, Any]:
    """A downlink message (§9.3) with the fields every message has."""
    return {"format": FORMAT, "type": kind, "id": message_id or str(uuid.uuid4()), "to": to,
            "issued_at": utc(issued_at or clock.now()), "expires_at": utc(expires_at),
            **fields}


def envelope(msg: dict[str, Any]) -> bytes:
    """``{"key_id", "msg", "sig"}``: the signature covers the UTF-8 bytes of ``msg``."""
    text = signing.canonical(msg).decode("utf-8")
    return json.dumps({"key_id": signing.key_id(), "msg": text,
                       "sig": signing.sign(text.encode("utf-8"))},
                      ensure_ascii=False).encode("utf-8")


def _connection(settings: broker.BrokerSettings) -> mqtt.Client:
    link = _link.get(settings.url)
    if link is None or not link.is_connected():
        if link is not None:
            link.loop_stop()
        link = mqtt_link.admin(settings, f"tcs-pub-{os.getpid()}-{uuid.uuid4().hex[:8]}")
        _link.clear()
        _link[settings.url] = link
    return link


def publish_now(topic: str, payload: bytes, retain: bool) -> bool:
    """Publish at QoS 1 and wait for the broker's PUBACK; False when it failed."""
    settings = broker.configured()
    if settings is None:
        return False
    try:
        with _lock:
            info = _connection(settings).publish(topic, payload, qos=1, retain=retain)
        info.wait_for_publish(timeout=10)
        if not info.is_published():
            raise mqtt_link.BrokerUnavailableError("no PUBACK")
    except (mqtt_link.BrokerUnavailableError, RuntimeError, ValueError, OSError) as error:
        mqtt_metrics.count("publish_failed")
        log.warning("MQTT publish to %s failed: %s", topic, error)
        return False
    mqtt_metrics.count("published")
    return True


def publish(topic: str, msg: dict[str, Any], retain: bool) -> None:
    """Sign ``msg`` now and publish it once the current transaction commits."""
    payload = envelope(msg)
    transaction.on_commit(lambda: publish_now(topic, payload, retain))


def clear_retained(topic: str) -> None:
    """Drop a retained message (an empty retained payload), after commit."""
    transaction.on_commit(lambda: publish_now(topic, b"", True))

