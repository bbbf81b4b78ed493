"""A minimal MQTT 3.1.1 client over asyncio streams (TLS included): CONNECT with a
last will, SUBSCRIBE, PUBLISH QoS 0/1 both ways, PUBACK, PINGREQ. Enough for the
simulator; a real device uses paho (tincoso_device.mqtt)."""

from __future__ import annotations

import asyncio
import contextlib
import ssl
import struct
from collections.abc import Awaitable, Callable

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


class Client:
    def __init__(self, client_id: str, username: str, password: str,
                 will: tuple[str, bytes] | None = None, clean: bool = False,
                 keepalive: int = 60) -> None:
        self.client_id, self.username, self.password = client_id, username, password
        self.will, self.clean, self.keepalive = will, clean, keepalive
        self.on_message: OnMessage = lambda topic, payload: None
        self._reader: asyncio.StreamReader | None = None
        self._writer: asyncio.StreamWriter | None = None
        self._ids = 0
        self._waiting: dict[int, asyncio.Future[bytes]] = {}
        self._tasks: list[asyncio.Task[None]] = []

    async def connect(self, host: str, port: int, context: ssl.SSLContext | None) -> None:
        self._reader, self._writer = await asyncio.open_connection(
            host, port, ssl=context, server_hostname=host if context else None)
        flags = 0x80 | 0x40 | (0x02 if self.clean else 0)
        payload = _string(self.client_id)
        if self.will:
            flags |= 0x04 | 0x08 | 0x20  # will, QoS 1, retained
            payload += _string(self.will[0]) + _string(self.will[1])
        payload += _string(self.username) + _string(self.password)
        body = _string("MQTT") + bytes([4, flags]) + struct.pack("!H", self.keepalive)
        self._writer.write(packet(0x10, body + payload))
        kind, data = await self._read()
        if kind >> 4 != 2 or len(data) < 2 or data[1] != 0:
            raise MqttError(f"connection refused ({data[1] if len(data) > 1 else '?'})")
        self._tasks = [asyncio.create_task(self._reading()), asyncio.create_task(self._pinging())]

    async def _read(self) -> tuple[int, bytes]:
        assert self._reader is not None
        head = await self._reader.readexactly(1)
        length, shift = 0, 0
        while True:
            byte = (await self._reader.readexactly(1))[0]
            length |= (byte & 0x7F) << shift
            shift += 7
            if not byte & 0x80:
                break
        return head[0], await self._reader.readexactly(length)

    def _next_id(self) -> int:
        self._ids = self._ids % 65535 + 1
        return self._ids

    def _expect(self, packet_id: int) -> asyncio.Future[bytes]:
        future: asyncio.Future[bytes] = asyncio.get_running_loop().create_future()
        self._waiting[packet_id] = future
        return future

    async def subscribe(self, topics: list[str]) -> list[int]:
        assert self._writer is not None
        packet_id = self._next_id()
        answer = self._expect(packet_id)
        body = struct.pack("!H", packet_id) + b"".join(_string(t) + b"\x01" for t in topics)
        self._writer.write(packet(0x82, body))
        return list(await asyncio.wait_for(answer, 60))

    async def publish(self, topic: str, payload: bytes, qos: int = 0,
                      retain: bool = False) -> None:
        """QoS 1 waits for the broker's PUBACK."""
        assert self._writer is not None
        body = _string(topic)
        answer = None
        if qos:
            packet_id = self._next_id()
            answer = self._expect(packet_id)
            body += struct.pack("!H", packet_id)
        self._writer.write(packet(0x30 | (qos << 1) | int(retain), body + payload))
        if answer is not None:
            await asyncio.wait_for(answer, 60)

    async def _reading(self) -> None:
        assert self._writer is not None
        try:
            while True:
                kind, data = await self._read()
                kind_type = kind >> 4
                if kind_type == 3:  # PUBLISH
                    qos = (kind >> 1) & 3
                    (size,) = struct.unpack("!H", data[:2])
                    topic = data[2:2 + size].decode()
                    rest = data[2 + size:]
                    if qos:
                        self._writer.write(packet(0x40, rest[:2]))
                        rest = rest[2:]
                    result = self.on_message(topic, rest)
                    if result is not None:
                        await result
                elif kind_type in (4, 9):  # PUBACK, SUBACK
                    (packet_id,) = struct.unpack("!H", data[:2])
                    future = self._waiting.pop(packet_id, None)
                    if future is not None and not future.done():
                        future.set_result(data[2:])
        except (asyncio.IncompleteReadError, ConnectionError, ssl.SSLError):
            for future in self._waiting.values():
                if not future.done():
                    future.set_exception(MqttError("connection lost"))

    async def _pinging(self) -> None:
        assert self._writer is not None
        while True:
            await asyncio.sleep(self.keepalive * 0.75)
            self._writer.write(packet(0xC0, b""))

    async def close(self) -> None:
        for task in self._tasks:
            task.cancel()
        if self._writer is not None:
            self._writer.write(packet(0xE0, b""))
            self._writer.close()
            with contextlib.suppress(ConnectionError, ssl.SSLError):
                await self._writer.wait_closed()
