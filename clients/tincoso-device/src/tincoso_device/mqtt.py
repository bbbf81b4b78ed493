"""The device's MQTT link (§9): TLS to the province's broker, last will, persistent
session, signed downlink (desired state, commands, emergencies), acks and uplinks.

paho runs the network thread; anything slow (a download) runs in a thread of its own
so acknowledgements and a following ``stop`` are never held up.
"""

from __future__ import annotations

import json
import logging
import ssl
import threading
import urllib.parse
from typing import Any

import paho.mqtt.client as paho

from tincoso_device import FIRMWARE, media, timeutil
from tincoso_device.conductor import Interrupt
from tincoso_device.device import Device
from tincoso_device.envelope import Inbox, MessageRefused, open_envelope
from tincoso_device.http import ServerError, Unauthorized
from tincoso_device.manifest import Refused
from tincoso_device.player import audio_seconds

log = logging.getLogger("tincoso_device.mqtt")
COMMANDS = {"volume", "power", "restart", "refresh", "play_now", "screenshot"}


def unit_ids(subscriptions: list[str]) -> set[int]:
    """The units whose emergencies this device was told to hear (``tcs/u/<id>/emergency``)."""
    found = set()
    for topic in subscriptions:
        parts = topic.split("/")
        if len(parts) == 4 and parts[:2] == ["tcs", "u"] and parts[3] == "emergency":
            found.add(int(parts[2]))
    return found


class MqttLink:
    def __init__(self, device: Device, config: dict[str, Any]) -> None:
        self.device, self.config = device, config
        self.id = device.device_id
        self.inbox = Inbox(self.id, unit_ids(config["subscriptions"]))
        self.desired_seq: int | None = None
        self.desired_msg: dict[str, Any] | None = None
        self.connected = threading.Event()
        self._heartbeats = threading.Event()
        url = urllib.parse.urlsplit(config["url"])
        self.host, self.port = url.hostname or "", url.port or 8883
        self.client = paho.Client(paho.CallbackAPIVersion.VERSION2,
                                  client_id=config.get("client_id") or f"tcsd-{self.id}",
                                  clean_session=False, protocol=paho.MQTTv311)
        self.client.username_pw_set(str(config.get("username") or self.id), device.api.token)
        if url.scheme == "mqtts":
            context = ssl.create_default_context(cadata=config.get("ca_pem") or None)
            context.minimum_version = ssl.TLSVersion.TLSv1_2
            self.client.tls_set_context(context)
        self.client.will_set(self.topic("status"), '{"online":false}', qos=1, retain=True)
        self.client.reconnect_delay_set(1, 300)
        self.client.on_connect = self._on_connect
        self.client.on_disconnect = self._on_disconnect
        self.client.on_message = self._on_message
        device.on_proof = self.send_proofs

    @classmethod
    def from_server(cls, device: Device) -> MqttLink | None:
        """The link described by ``GET /api/device/v1/mqtt`` (kept for offline starts)."""
        try:
            answer = device.api.request("GET", "/api/device/v1/mqtt")
            if answer.status == 200:
                device.store.update_state(mqtt=answer.json())
        except (ServerError, Unauthorized) as error:
            log.info("MQTT settings not fetched (%s); using the kept ones", error)
        config = device.store.state.get("mqtt")
        return cls(device, config) if config and config.get("url") else None

    def topic(self, leaf: str) -> str:
        return f"tcs/up/{self.id}/{leaf}"

    # --- life ----------------------------------------------------------------------------

    def start(self) -> None:
        self.client.connect_async(self.host, self.port, keepalive=60)
        self.client.loop_start()
        threading.Thread(target=self._heartbeat_loop, daemon=True, name="mqtt-hb").start()

    def stop(self) -> None:
        self._heartbeats.set()
        self.client.disconnect()
        self.client.loop_stop()

    def _on_connect(self, client: paho.Client, _u: Any, _f: Any, reason: Any, _p: Any) -> None:
        if reason.is_failure:
            log.warning("broker refused the device: %s", reason)
            if reason.value in (134, 135, 4, 5):  # bad credentials / not authorised
                self.device.faults.add("credential-refused")
            return
        client.publish(self.topic("status"), json.dumps(
            {"online": True, "firmware": FIRMWARE}), qos=1, retain=True)
        client.subscribe([(topic, 1) for topic in self.config["subscriptions"]])
        self.connected.set()
        self.send_proofs()

    def _on_disconnect(self, *_args: Any) -> None:
        self.connected.clear()

    def _heartbeat_loop(self) -> None:
        while not self._heartbeats.wait(self.device.heartbeat_s):
            if self.connected.is_set():
                body = self.device.heartbeat_body()
                self.client.publish(self.topic("heartbeat"), json.dumps(body), qos=0)

    # --- uplinks ---------------------------------------------------------------------------

    def ack(self, msg_id: str, status: str, detail: str = "", **extra: Any) -> dict[str, Any]:
        answer = {"id": msg_id, "status": status, "at": timeutil.iso_ms(self.device.now()),
                  "detail": detail, **extra}
        self.client.publish(self.topic("ack"), json.dumps(answer, ensure_ascii=False), qos=1)
        return answer

    def send_proofs(self) -> None:
        """Publish kept proofs (QoS 1); each batch is deleted once the broker PUBACKs."""
        if not self.connected.is_set():
            return
        batch = self.device.proofs.pending()
        if not batch:
            return
        info = self.client.publish(self.topic("plays"), json.dumps({"plays": batch}), qos=1)

        def settle() -> None:
            try:
                info.wait_for_publish(30)
            except (RuntimeError, ValueError):
                return
            if info.is_published():
                self.device.proofs.acknowledged(batch)

        threading.Thread(target=settle, daemon=True).start()

    # --- downlink ----------------------------------------------------------------------------

    def _on_message(self, _c: paho.Client, _u: Any, message: paho.MQTTMessage) -> None:
        if not message.payload:
            return  # a cleared retained message
        try:
            msg = open_envelope(message.payload, self.device.keys)
        except MessageRefused as refused:
            log.warning("message refused on %s: %s", message.topic, refused)
            self.device.faults.add(refused.fault)
            return
        now = self.device.now()
        if not self.inbox.addressed(msg):
            self.device.faults.add("message-misaddressed")
            return
        first = self.inbox.first_answer(msg["id"], now)
        if first is not None:
            if msg.get("type") == "command":
                self.client.publish(self.topic("ack"), json.dumps(first), qos=1)
            return
        if self.inbox.expired(msg, now):
            if msg.get("type") == "command":
                self.ack(msg["id"], "refused", "expired")
            return
        handler = {"desired": self._desired, "command": self._command,
                   "emergency": self._emergency}.get(msg.get("type", ""))
        if handler is not None:
            handler(msg)

    def _desired(self, msg: dict[str, Any]) -> None:
        seq = int(msg.get("seq", 0))
        if self.desired_seq is not None and seq <= self.desired_seq:
            return  # stale retained state or a replay
        self.desired_seq, self.desired_msg = seq, msg
        conductor = self.device.conductor
        conductor.volume = int(msg.get("volume", conductor.volume))
        conductor.power = msg.get("power", conductor.power)
        conductor.mode = msg.get("mode", conductor.mode)
        conductor.wake()
        wanted = msg.get("manifest_version")
        if isinstance(wanted, int) and wanted > (self.device.manifest_version or 0):
            self.device.refresh()
        self.inbox.remember(msg, {})

    def _command(self, msg: dict[str, Any]) -> None:
        command, args = msg.get("command"), msg.get("args") or {}
        conductor = self.device.conductor
        if command not in COMMANDS:
            answer = self.ack(msg["id"], "refused", f"unknown command {command!r}")
        elif command == "volume" and isinstance(args.get("volume"), int) \
                and 0 <= args["volume"] <= 100:
            conductor.volume = args["volume"]
            answer = self.ack(msg["id"], "done")
        elif command == "power" and args.get("power") in ("on", "off"):
            conductor.power = args["power"]
            conductor.wake()
            answer = self.ack(msg["id"], "done")
        elif command == "refresh":
            self.device.refresh()
            answer = self.ack(msg["id"], "done")
        elif command == "restart":
            answer = self.ack(msg["id"], "done")
            # The service manager (systemd Restart=always) starts the software again.
            self.device.restart_requested = True
            threading.Timer(1.0, self.device.stop).start()
        elif command == "play_now" and isinstance(args.get("media"), dict):
            answer = {"id": msg["id"], "status": "accepted"}
            threading.Thread(target=self._play_now, args=(msg,), daemon=True).start()
        elif command == "screenshot":
            answer = self.ack(msg["id"], "refused", "a loudspeaker has no screen")
        else:
            answer = self.ack(msg["id"], "refused", "bad args")
        self.inbox.remember(msg, answer)

    def _fetch(self, item_media: dict[str, Any]) -> Any:
        try:
            return media.fetch(self.device.api, self.device.store, item_media)
        except (Refused, ServerError, Unauthorized) as error:
            log.warning("media for a message not fetched: %s", error)
            if isinstance(error, Refused):
                self.device.faults.add(error.fault)
            return None

    def _play_now(self, msg: dict[str, Any]) -> None:
        args = msg["args"]
        path = self._fetch(args["media"])
        if path is None:
            self.ack(msg["id"], "failed", "media not available")
            return
        self.device.conductor.interrupt(Interrupt(
            kind="play_now", id=msg["id"], path=path, seconds=audio_seconds(path),
            bulletin_id=args.get("bulletin_id"),
            on_start=lambda: self.ack(msg["id"], "started"),
            on_end=lambda status: self.ack(msg["id"], status)))

    def _emergency(self, msg: dict[str, Any]) -> None:
        emergency_id = msg.get("emergency_id", "")
        if msg.get("action") == "stop":
            if not self.device.conductor.cancel(emergency_id):
                self.inbox.remember(msg, {})
            return
        self.inbox.remember(msg, {})
        threading.Thread(target=self._start_emergency, args=(msg,), daemon=True).start()

    def _start_emergency(self, msg: dict[str, Any]) -> None:
        item_media = msg.get("media")
        path = self._fetch(item_media) if item_media else None
        extra = {"emergency_id": msg.get("emergency_id", "")}
        self._keep(item_media)
        self.device.conductor.interrupt(Interrupt(
            kind="emergency", id=msg["id"], path=path,
            seconds=audio_seconds(path) if path else 0.0,
            bulletin_id=_bulletin_of(item_media), emergency_id=extra["emergency_id"],
            repeat_every_s=int(msg.get("repeat_every_s") or 0),
            until=timeutil.parse(msg["expires_at"]) if msg.get("expires_at") else None,
            on_start=lambda: self.ack(msg["id"], "started", **extra),
            on_end=lambda status: self.ack(msg["id"], "ended", **extra)))

    def _keep(self, item_media: dict[str, Any] | None) -> None:
        if item_media:
            self.device.store.write_json("keep-media.json", [item_media["sha256"]])


def _bulletin_of(item_media: dict[str, Any] | None) -> int | None:
    if not item_media:
        return None
    tail = str(item_media.get("url", "")).rstrip("/").rsplit("/", 1)[-1]
    return int(tail) if tail.isdigit() else None

