"""The uplink worker (``tincoso uplink``, docs/device-protocol.md §9.7, §9.8).

It holds a persistent session (fixed client id, ``clean_session=false``) on the
shared subscription ``$share/tincoso/tcs/up/+/#``, so several workers share the
load and the broker keeps messages for it while it is away. Each message is
handled in paho's network thread and acknowledged (PUBACK) only after it was
written, so a worker that dies mid-message gets it again.

Per message: the topic names the device (``tcs/up/<id>/<kind>``); the device must
be enrolled and not revoked; at most ``MQTT_UPLINK_RATE`` (30) messages a minute
per device are taken; the payload goes through the same checks as over HTTP
(``uplink.py``). Anything else is dropped and counted (``mqtt_metrics``).

Besides, on every (re)connection it republishes every device's desired state and
the emergencies that still hold, and every minute it reconciles the broker's device
clients with the database and republishes desired states whose content changed
(a new manifest version after a schedule change).
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
import threading
import time
import uuid
from typing import Any

import paho.mqtt.client as mqtt
from django.db import close_old_connections, connection, transaction

from tincoso.broadcast.devices import (
    broker,
    broker_sync,
    commands,
    desired,
    dynsec,
    emergency,
    freshness,
    monitoring,
    mqtt_link,
    mqtt_metrics,
    uplink,
)
from tincoso.broadcast.devices.models import Device
from tincoso.core import clock
from tincoso.core.env import env_int
from tincoso.core.waitout import database_waited_out

SUBSCRIPTION = "$share/tincoso/tcs/up/+/#"
KINDS = ("status", "heartbeat", "plays", "ack")
log = logging.getLogger(__name__)


class RateLimit:
    """At most ``per_minute`` messages per device in each clock minute."""

    def __init__(self, per_minute: int) -> None:
        self.per_minute = per_minute
        self.minute = 0
        self.seen: dict[int, int] = {}

    def allow(self, device_id: int, now: float | None = None) -> bool:
        minute = int((now if now is not None else time.monotonic()) // 60)
        if minute != self.minute:
            self.minute, self.seen = minute, {}
        n = self.seen.get(device_id, 0) + 1
        self.seen[device_id] = n
        return n <= self.per_minute


def _device(device_id: int) -> Device | None:
    """The enrolled, unrevoked device (no ordering, no join: this runs per message)."""
    found = Device.objects.filter(pk=device_id, revoked_at__isnull=True).exclude(
        token_hash="").order_by().only("pk", "unit_id", "cluster_id", "kind", "firmware",
                                           "mqtt_online")
    return next(iter(found[:1]), None)


def _status(device: Device, data: dict[str, Any]) -> None:
    online = data.get("online")
    if not isinstance(online, bool):
        raise uplink.UplinkError("“online” must be true or false")
    firmware = data.get("firmware")
    if device.mqtt_online is not online:  # a transition: what uptime is read from
        monitoring.record_change(device.pk, online, clock.now())
    device.mqtt_online, device.mqtt_changed_at = online, clock.now()
    fields = ["mqtt_online", "mqtt_changed_at"]
    if online:
        device.last_seen = clock.now()
        fields.append("last_seen")
    if isinstance(firmware, str) and 0 < len(firmware) <= 64:
        device.firmware = firmware.strip()
        fields.append("firmware")
    Device.objects.filter(pk=device.pk).update(**{f: getattr(device, f) for f in fields})


def _ack(device: Device, data: dict[str, Any]) -> None:
    status = data.get("status")
    if "emergency_id" in data:
        row = emergency.by_public_id(data["emergency_id"])
        at = uplink._moment(data, "at", required=True)
        assert at is not None
        if row is None or not emergency.record_ack(device, row, str(status), at):
            raise uplink.UplinkError("unknown emergency or status")
        return
    try:
        message_id = uuid.UUID(str(data.get("id")))
    except ValueError:
        raise uplink.UplinkError("“id” must be a message id") from None
    detail = data.get("detail") or ""
    if status not in commands.ACK_STATUSES or not isinstance(detail, str):
        raise uplink.UplinkError("bad “status” or “detail”")
    if not commands.record_ack(device, message_id, status, detail):
        raise uplink.UplinkError("no such command for this device")


HEARTBEAT_FIELDS = ("last_seen", "volume", "free_disk_mb", "signal_dbm",
                    "reported_manifest_version", "power", "faults", "playing_play_id",
                    "playing_bulletin", "clock_skew_ms")


def _heartbeat_sql() -> str:
    table = connection.ops.quote_name(Device._meta.db_table)
    columns = [Device._meta.get_field(f).column for f in HEARTBEAT_FIELDS]  # type: ignore[union-attr]
    sets = [f"{connection.ops.quote_name(str(column))} = %s" for column in columns]
    firmware = connection.ops.quote_name("firmware")
    sets.append(f"{firmware} = COALESCE(%s, {firmware})")
    keys = connection.ops.quote_name("reported_key_ids")  # kept when not reported
    sets.append(f"{keys} = COALESCE(%s, {keys})")
    # Only the model's own names go in the text; every value is a parameter.
    return (f"UPDATE {table} SET {', '.join(sets)} WHERE id = %s "  # noqa: S608
            "AND revoked_at IS NULL AND token_hash <> ''")


@functools.cache
def _heartbeat_fields() -> list[Any]:
    return [Device._meta.get_field(name) for name in HEARTBEAT_FIELDS]


def _heartbeat_row(device_id: int, values: dict[str, Any]) -> list[Any]:
    row = []
    for name, field in zip(HEARTBEAT_FIELDS, _heartbeat_fields(), strict=True):
        value = values[name]
        if name == "playing_bulletin":
            value = value.pk if value is not None else None
        row.append(field.get_db_prep_save(value, connection))
    return [*row, values.get("firmware"), values.get("reported_key_ids"), device_id]


def write_heartbeats(batch: dict[int, dict[str, Any]]) -> str:
    """Write heartbeats: one prepared UPDATE run for the whole batch in one
    transaction (the same fields as ``uplink.record_heartbeat``; it also checks that
    the device is enrolled and not revoked). Django's per-row query building cost
    more CPU than the rest of a heartbeat (bench/mqtt.py)."""
    rows = [_heartbeat_row(device_id, values) for device_id, values in batch.items()]
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.executemany(_heartbeat_sql(), rows)
        written = cursor.rowcount if cursor.rowcount >= 0 else len(rows)
    mqtt_metrics.count("unknown_device", len(batch) - written)
    return "heartbeat"


class HeartbeatBuffer:
    """Heartbeats wait here (the latest per device) and are written together every
    ``every`` seconds: one commit per batch, not per message. A heartbeat is state,
    not a record, so one replaced by a newer one before it was written loses
    nothing; a worker that dies loses at most ``every`` seconds of them."""

    def __init__(self, every: float = 1.0) -> None:
        self.every = every
        self.pending: dict[int, dict[str, Any]] = {}
        self.lock = threading.Lock()
        self.stopping = threading.Event()
        self.thread = threading.Thread(target=self._run, name="heartbeats", daemon=True)

    def add(self, device_id: int, values: dict[str, Any]) -> None:
        with self.lock:
            self.pending[device_id] = values

    def flush(self) -> None:
        with self.lock:
            batch, self.pending = self.pending, {}
        if batch:
            write_heartbeats(batch)

    def _run(self) -> None:
        """One database connection for a minute of batches, not one a batch (SQLite's
        connections are closed after each use otherwise: a connection a second cost
        as much CPU as writing the heartbeats, bench/mqtt.py); after an error, a new
        one."""
        tidied = time.monotonic()
        while not self.stopping.wait(self.every):
            try:
                self.flush()
            except Exception:
                log.exception("writing heartbeats failed")
                close_old_connections()
            if time.monotonic() - tidied >= 60:
                close_old_connections()
                tidied = time.monotonic()
        self.flush()
        close_old_connections()

    def start(self) -> None:
        self.thread.start()

    def stop(self) -> None:
        self.stopping.set()
        if self.thread.is_alive():
            self.thread.join(10)


def handle(topic: str, payload: bytes, limit: RateLimit,
           heartbeats: HeartbeatBuffer | None = None) -> str:
    """Take one uplink message; what happened to it (a ``mqtt_metrics`` kind; a
    heartbeat for a device that is gone is counted ``unknown_device`` when written)."""
    parts = topic.split("/")
    if len(parts) != 4 or parts[:2] != ["tcs", "up"] or not parts[2].isdigit() \
            or parts[3] not in KINDS:
        return "bad_payload"
    device_id, kind = int(parts[2]), parts[3]
    if kind == "status" and not payload:
        return "status"  # a retained status cleared: nothing to record
    if not limit.allow(device_id):
        return "rate_limited"
    if kind == "heartbeat":  # the most frequent: checked now, written in a batch
        try:
            values = uplink.heartbeat_values(uplink.parse_body(payload),
                                             lambda: _device(device_id))
        except uplink.UplinkError:
            return "bad_payload"
        if heartbeats is None:
            return write_heartbeats({device_id: values})
        heartbeats.add(device_id, values)
        return "heartbeat"
    device = _device(device_id)
    if device is None:
        return "unknown_device"
    try:
        data = uplink.parse_body(payload)
        if kind == "plays":
            uplink.record_plays(device, data)
        elif kind == "status":
            _status(device, data)
        else:
            _ack(device, data)
    except uplink.UplinkError:
        return "bad_payload"
    return kind


class UplinkWorker:
    def __init__(self, settings: broker.BrokerSettings, name: str = "tincoso-uplink-1") -> None:
        self.settings = settings
        self.limit = RateLimit(env_int("MQTT_UPLINK_RATE", 30))
        self.stopping = threading.Event()
        self.connected_again = threading.Event()
        self.link = mqtt_link.client(settings, name, settings.admin_username,
                                     settings.admin_password, clean_session=False)
        self.link.on_message = self._on_message
        self.link.on_connect = self._on_connect
        self.link.reconnect_delay_set(1, 60)
        self.heartbeats = HeartbeatBuffer()

    def _on_connect(self, c: mqtt.Client, _u: Any, _f: Any, reason: Any, _p: Any) -> None:
        if not reason.is_failure:
            c.subscribe(SUBSCRIPTION, qos=1)
            self.connected_again.set()

    def _on_message(self, _c: mqtt.Client, _u: Any, message: mqtt.MQTTMessage) -> None:
        try:
            kind = handle(message.topic, message.payload, self.limit, self.heartbeats)
        except Exception:  # a message must never stop the worker
            log.exception("uplink message on %s failed", message.topic)
            close_old_connections()
            kind = "bad_payload"
        mqtt_metrics.count(kind)

    def start(self) -> None:
        self.heartbeats.start()
        mqtt_link.connect(self.link, self.settings)

    def republish(self) -> None:
        """Every device's desired state and the emergencies that still hold."""
        for device in Device.objects.select_related("unit").filter(revoked_at__isnull=True) \
                .exclude(token_hash=""):
            desired.update(device, republish=True)
        emergency.republish_all()

    def sweep(self) -> None:
        """Desired states whose content changed (a new manifest version)."""
        for device in Device.objects.select_related("unit").filter(revoked_at__isnull=True) \
                .exclude(token_hash=""):
            desired.update(device)

    def reconcile(self) -> dict[str, Any]:
        with dynsec.Control(self.settings) as control:
            return broker_sync.reconcile(control)

    def run(self, every: dt.timedelta = dt.timedelta(seconds=60)) -> None:
        """Until ``stop()``: republish on each connection, reconcile, sweep, flush."""
        self.start()
        generation, last_full = None, 0.0
        while not self.stopping.is_set():
            with database_waited_out(log, "uplink worker"):  # never dies of a restart
                try:
                    if self.connected_again.is_set():
                        self.connected_again.clear()
                        self.reconcile()
                        self.republish()
                        last_full = time.monotonic()
                        generation = freshness.generation()
                    elif time.monotonic() - last_full >= every.total_seconds():
                        self.reconcile()
                        self.sweep()
                        last_full = time.monotonic()
                    elif freshness.generation() != generation:
                        generation = freshness.generation()
                        self.sweep()
                    mqtt_metrics.flush()
                except (mqtt_link.BrokerUnavailableError, dynsec.DynsecError, OSError) as error:
                    log.warning("uplink worker: %s", error)
            close_old_connections()
            self.stopping.wait(1)
        mqtt_metrics.flush()

    def stop(self, forget_session: bool = False) -> None:
        """Stop; with ``forget_session``, also end the persistent session. A session
        left behind keeps its share of ``$share/tincoso/…`` (Mosquitto queues that
        share for it), so a worker taken out of service for good must forget it."""
        self.stopping.set()
        self.link.disconnect()
        self.link.loop_stop()
        self.heartbeats.stop()
        if forget_session:
            end_session(self.settings, self.link._client_id.decode())


def end_session(settings: Any, name: str) -> None:
    """End the persistent session of the uplink worker called ``name`` (connect with a
    clean session under its client id, then leave): its share of the shared
    subscription is no longer queued for it."""
    ending = mqtt_link.client(settings, name, settings.admin_username,
                              settings.admin_password, clean_session=True)
    mqtt_link.connect(ending, settings)
    ending.disconnect()
    ending.loop_stop()
