"""A minimal MQTT 3.1.1 client on an asyncio protocol (TLS included): CONNECT with a
last will, SUBSCRIBE, PUBLISH QoS 0/1 both ways, PUBACK, PINGREQ. Enough for the
simulator; a real device uses paho (tincoso_device.mqtt).

Packets are cut from what each read brings (``data_received``), not awaited byte by
byte from a stream: the simulator runs thousands of these per process, and three
awaits per packet were a large part of its CPU at 10,000 devices."""

from __future__ import annotations

import asyncio
import contextlib
import ssl
import struct
from collections.abc import Awaitable, Callable
from typing import Any

OnMessage = Callable[[str, bytes], Awaitable[None] | None]


class MqttError(Exception):
    pass


def _string(text: str | bytes) -> bytes:
    data = text.encode() if isinstance(text, str) else text
    return struct.pack("!H", len(data)) + data


def _length(n: int) -> bytes:
    out = bytearray()
    while True:
        byte, n = n % 128, n // 128
        out.append(byte | (0x80 if n else 0))
        if not n:
            return bytes(out)


def packet(kind: int, body: bytes) -> bytes:
    return bytes([kind]) + _length(len(body)) + body


def split(buffer: bytearray) -> list[tuple[int, bytes]]:
    """Cut every whole packet off the front of ``buffer`` (what remains is the start
    of the next one)."""
    packets: list[tuple[int, bytes]] = []
    start, size = 0, len(buffer)
    while size - start >= 2:
        length, shift, at = 0, 0, start + 1
        while True:
            if at >= size:
                del buffer[:start]
                return packets
            byte = buffer[at]
            length |= (byte & 0x7F) << shift
            shift, at = shift + 7, at + 1
            if not byte & 0x80:
                break
            if shift > 21:
                raise MqttError("malformed remaining length")
        if size - at < length:
            break
        packets.append((buffer[start], bytes(buffer[at:at + length])))
        start = at + length
    del buffer[:start]
    return packets


class _Wire(asyncio.Protocol):
    def __init__(self, client: Client) -> None:
        self.client, self.buffer = client, bytearray()

    def data_received(self, data: bytes) -> None:
        self.buffer += data
        try:
            for kind, body in split(self.buffer):
                self.client._packet(kind, body)
        except (MqttError, IndexError, struct.error, UnicodeDecodeError):
            self.client._transport_close()

    def connection_lost(self, exc: Exception | None) -> None:
        self.client._lost()


class Client:
    def __init__(self, client_id: str, username: str, password: str,
                 will: tuple[str, bytes] | None = None, clean: bool = False,
                 keepalive: int = 60) -> None:
        self.client_id, self.username, self.password = client_id, username, password
        self.will, self.clean, self.keepalive = will, clean, keepalive
        self.on_message: OnMessage = lambda topic, payload: None
        self._transport: asyncio.Transport | None = None
        self._ids = 0
        self._waiting: dict[int, asyncio.Future[bytes]] = {}
        self._connack: asyncio.Future[bytes] | None = None
        self._closed: asyncio.Future[None] | None = None
        self._ping: asyncio.TimerHandle | None = None
        self._tasks: set[asyncio.Task[Any]] = set()

    async def connect(self, host: str, port: int, context: ssl.SSLContext | None) -> None:
        loop = asyncio.get_running_loop()
        self._connack, self._closed = loop.create_future(), loop.create_future()
        transport, _wire = await loop.create_connection(
            lambda: _Wire(self), host, port, ssl=context,
            server_hostname=host if context else None)
        self._transport = transport
        flags = 0x80 | 0x40 | (0x02 if self.clean else 0)
        payload = _string(self.client_id)
        if self.will:
            flags |= 0x04 | 0x08 | 0x20  # will, QoS 1, retained
            payload += _string(self.will[0]) + _string(self.will[1])
        payload += _string(self.username) + _string(self.password)
        body = _string("MQTT") + bytes([4, flags]) + struct.pack("!H", self.keepalive)
        transport.write(packet(0x10, body + payload))
        data = await self._connack
        if len(data) < 2 or data[1] != 0:
            self._transport_close()
            raise MqttError(f"connection refused ({data[1] if len(data) > 1 else '?'})")
        self._schedule_ping()

    def _packet(self, kind: int, data: bytes) -> None:
        kind_type = kind >> 4
        if kind_type == 3:  # PUBLISH
            qos = (kind >> 1) & 3
            (size,) = struct.unpack_from("!H", data)
            topic = data[2:2 + size].decode()
            rest = data[2 + size:]
            if qos:
                self._write(packet(0x40, rest[:2]))
                rest = rest[2:]
            result = self.on_message(topic, rest)
            if result is not None:
                task = asyncio.ensure_future(result)
                self._tasks.add(task)
                task.add_done_callback(self._tasks.discard)
        elif kind_type in (4, 9):  # PUBACK, SUBACK
            (packet_id,) = struct.unpack_from("!H", data)
            future = self._waiting.pop(packet_id, None)
            if future is not None and not future.done():
                future.set_result(data[2:])
        elif kind_type == 2 and self._connack is not None and not self._connack.done():
            self._connack.set_result(data)

    def _lost(self) -> None:
        if self._ping is not None:
            self._ping.cancel()
        error = MqttError("connection lost")
        for future in [*self._waiting.values(), self._connack]:
            if future is not None and not future.done():
                future.set_exception(error)
        self._waiting.clear()
        if self._closed is not None and not self._closed.done():
            self._closed.set_result(None)

    def _write(self, data: bytes) -> None:
        if self._transport is None or self._transport.is_closing():
            raise MqttError("not connected")
        self._transport.write(data)

    def _transport_close(self) -> None:
        if self._transport is not None:
            self._transport.close()

    def _schedule_ping(self) -> None:
        def ping() -> None:
            with contextlib.suppress(MqttError):
                self._write(packet(0xC0, b""))
                self._schedule_ping()

        self._ping = asyncio.get_running_loop().call_later(self.keepalive * 0.75, ping)

    def _next_id(self) -> int:
        self._ids = self._ids % 65535 + 1
        return self._ids

    def _expect(self, packet_id: int) -> asyncio.Future[bytes]:
        future: asyncio.Future[bytes] = asyncio.get_running_loop().create_future()
        self._waiting[packet_id] = future
        return future

    async def subscribe(self, topics: list[str]) -> list[int]:
        packet_id = self._next_id()
        answer = self._expect(packet_id)
        body = struct.pack("!H", packet_id) + b"".join(_string(t) + b"\x01" for t in topics)
        self._write(packet(0x82, body))
        return list(await asyncio.wait_for(answer, 60))

    def send(self, topic: str, payload: bytes, qos: int = 0,
             retain: bool = False) -> asyncio.Future[bytes] | None:
        """Write a PUBLISH now; at QoS 1, the future of the broker's PUBACK."""
        body, packet_id = _string(topic), 0
        if qos:
            packet_id = self._next_id()
            body += struct.pack("!H", packet_id)
        self._write(packet(0x30 | (qos << 1) | int(retain), body + payload))
        return self._expect(packet_id) if qos else None  # its PUBACK comes in a later read

    async def publish(self, topic: str, payload: bytes, qos: int = 0,
                      retain: bool = False) -> None:
        """QoS 1 waits for the broker's PUBACK."""
        answer = self.send(topic, payload, qos, retain)
        if answer is not None:
            await asyncio.wait_for(answer, 60)

    async def close(self) -> None:
        if self._ping is not None:
            self._ping.cancel()
        for task in list(self._tasks):
            task.cancel()
        if self._transport is None or self._transport.is_closing():
            return
        self._transport.write(packet(0xE0, b""))
        self._transport.close()
        if self._closed is not None:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(asyncio.shield(self._closed), 10)
