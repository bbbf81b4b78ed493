"""A fleet of simulated devices: each connects with its real credentials (username =
id, password = token, client id ``tcsd-<id>``, last will, persistent session), says
it is online, subscribes, heartbeats every 60 s (QoS 0, spread over the period), and
acknowledges an emergency ``started`` the moment it receives it (after checking the
envelope's signature, as a device does). Receipt times are kept for the report."""

from __future__ import annotations

import asyncio
import json
import random
import ssl
import time
import urllib.parse
from dataclasses import dataclass, field
from typing import Any

from tincoso_device import FIRMWARE, timeutil
from tincoso_device.envelope import MessageRefused, open_envelope
from tincoso_device.keys import TrustedKeys
from tincoso_device.sim.mqtt311 import Client, MqttError


def small_tls_buffers(size: int = 32 * 1024) -> None:
    """asyncio gives each TLS connection a 256 KiB read buffer (``SSLProtocol.max_size``):
    2.5 GB for 10,000 devices. A TLS record is at most 16 KiB, so a smaller buffer only
    means more, smaller reads. Measured with ``bench devices_sim``."""
    import asyncio.sslproto

    asyncio.sslproto.SSLProtocol.max_size = size


# How the simulated devices check an envelope's Ed25519 signature:
# - "each": every device checks it, as real devices do, each on its own CPU; here
#   10,000 devices' checks share the simulator's cores (~0.25 ms each on this
#   project's 2-core machines), so the receipt times include that queue;
# - "once": a process checks each distinct payload once (the same bytes give the
#   same answer; altered bytes are other bytes and are checked), so the times are the
#   system's (Django, broker, network) and not the simulator's CPU: a bench option,
#   reported apart, never a device's behaviour;
# - "none": no check (what the check costs).
VERIFY = ("each", "once", "none")


@dataclass(frozen=True)
class Credential:
    device_id: int
    token: str
    subscriptions: list[str]


@dataclass
class Fleet:
    url: str
    ca_pem: str
    credentials: list[Credential]
    keys: TrustedKeys | None = None
    verify: str = "each"  # see VERIFY
    heartbeat_s: float = 60.0
    clients: dict[int, Client] = field(default_factory=dict)
    received: dict[str, dict[int, float]] = field(default_factory=dict)  # msg id -> times
    acked: dict[str, dict[int, float]] = field(default_factory=dict)
    refused: int = 0
    failed: list[str] = field(default_factory=list)
    heartbeats: int = 0
    _opened: dict[bytes, dict[str, Any] | MessageRefused] = field(default_factory=dict)

    def _context(self) -> ssl.SSLContext | None:
        if urllib.parse.urlsplit(self.url).scheme != "mqtts":
            return None
        context = ssl.create_default_context(cadata=self.ca_pem or None)
        context.minimum_version = ssl.TLSVersion.TLSv1_2
        return context

    async def connect_all(self, concurrency: int = 100) -> float:
        """Connect and subscribe every device; the seconds it took."""
        small_tls_buffers()
        parts = urllib.parse.urlsplit(self.url)
        host, port = parts.hostname or "127.0.0.1", parts.port or 8883
        context, gate = self._context(), asyncio.Semaphore(concurrency)
        started = time.perf_counter()

        async def one(credential: Credential) -> None:
            async with gate:
                try:
                    await self._connect(credential, host, port, context)
                except (TimeoutError, OSError, MqttError) as error:
                    self.failed.append(f"{credential.device_id}: {error}")

        await asyncio.gather(*(one(c) for c in self.credentials))
        return time.perf_counter() - started

    async def _connect(self, credential: Credential, host: str, port: int,
                       context: ssl.SSLContext | None) -> None:
        device_id = credential.device_id
        client = Client(f"tcsd-{device_id}", str(device_id), credential.token,
                        will=(f"tcs/up/{device_id}/status", b'{"online":false}'))
        client.on_message = lambda topic, payload: self._on_message(device_id, topic, payload)
        await asyncio.wait_for(client.connect(host, port, context), 60)
        self.clients[device_id] = client
        await client.publish(f"tcs/up/{device_id}/status", json.dumps(
            {"online": True, "firmware": FIRMWARE}).encode(), qos=1, retain=True)
        granted = await client.subscribe(credential.subscriptions)
        if 0x80 in granted:
            self.failed.append(f"{device_id}: subscription refused")

    async def heartbeat_forever(self) -> None:
        async def beat(device_id: int, client: Client) -> None:
            await asyncio.sleep(random.uniform(0, self.heartbeat_s))
            while True:
                body: dict[str, Any] = {"sent_at": timeutil.iso(timeutil.utcnow()),
                                        "playing": None,
                        "volume": 70, "power": "on", "firmware": FIRMWARE, "faults": []}
                try:
                    await client.publish(f"tcs/up/{device_id}/heartbeat",
                                         json.dumps(body).encode())
                    self.heartbeats += 1
                except (OSError, MqttError):
                    return
                await asyncio.sleep(self.heartbeat_s)

        await asyncio.gather(*(beat(i, c) for i, c in list(self.clients.items())))

    def _on_message(self, device_id: int, topic: str, payload: bytes) -> None:
        if not payload or not topic.endswith("/emergency"):
            return None
        now = time.perf_counter()
        try:
            msg = self._open(payload)
        except (MessageRefused, ValueError, KeyError):
            self.refused += 1
            return None
        if msg.get("action") != "start":
            return None
        seen = self.received.setdefault(msg["id"], {})
        if device_id in seen:
            return None  # a repeated id is never acted on twice
        seen[device_id] = now
        answer = {"id": msg["id"], "emergency_id": msg.get("emergency_id", ""),
                  "status": "started", "at": timeutil.iso_ms(timeutil.utcnow())}
        # Written now, as a device acks the moment it starts: a task would run only
        # after this process has read every other device's message of the same batch.
        try:
            puback = self.clients[device_id].send(
                f"tcs/up/{device_id}/ack", json.dumps(answer).encode(), qos=1)
        except MqttError:
            return None  # connection lost: no ack
        if puback is not None:
            puback.add_done_callback(lambda done: self._acked(done, device_id, msg["id"]))
        return None

    def _acked(self, puback: asyncio.Future[bytes], device_id: int, msg_id: str) -> None:
        if not puback.cancelled() and puback.exception() is None:
            self.acked.setdefault(msg_id, {})[device_id] = time.perf_counter()

    def _open(self, payload: bytes) -> dict[str, Any]:
        if self.keys is None or self.verify == "none":
            return dict(json.loads(json.loads(payload)["msg"]))
        if self.verify == "each":
            return open_envelope(payload, self.keys)
        opened = self._opened.get(payload)  # "once": these very bytes, checked before
        if opened is None:
            try:
                opened = open_envelope(payload, self.keys)
            except MessageRefused as refused:
                opened = refused
            self._opened[payload] = opened
        if isinstance(opened, MessageRefused):
            raise opened
        return opened

    async def close(self) -> None:
        await asyncio.gather(*(c.close() for c in self.clients.values()),
                             return_exceptions=True)


def percentiles(latencies: list[float]) -> dict[str, float]:
    """p50, p99 and max of ``latencies`` (seconds)."""
    ordered = sorted(latencies)
    if not ordered:
        return {"p50": float("nan"), "p99": float("nan"), "max": float("nan")}

    def at(p: float) -> float:
        return ordered[min(len(ordered) - 1, int(p * len(ordered)))]

    return {"p50": at(0.50), "p99": at(0.99), "max": ordered[-1]}
