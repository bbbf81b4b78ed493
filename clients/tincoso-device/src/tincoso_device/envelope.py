"""Signed downlink messages over MQTT (§9.3): verify, address, expiry and replay."""

from __future__ import annotations

import datetime as dt
import json
import threading
from typing import Any

from tincoso_device import timeutil
from tincoso_device.keys import TrustedKeys

FORMAT = "tincoso-device-message/1"


class MessageRefused(Exception):
    def __init__(self, why: str, fault: str = "message-bad-signature") -> None:
        super().__init__(why)
        self.fault = fault


def open_envelope(payload: bytes | bytearray, keys: TrustedKeys) -> dict[str, Any]:
    """The message inside, verified over the exact UTF-8 bytes of ``msg``."""
    try:
        envelope = json.loads(payload)
        text, sig, kid = envelope["msg"], envelope["sig"], envelope["key_id"]
    except (ValueError, KeyError, TypeError) as error:
        raise MessageRefused("not an envelope") from error
    if not isinstance(text, str) or not keys.verify(str(kid), str(sig), text.encode("utf-8")):
        raise MessageRefused("bad signature")
    try:
        msg = json.loads(text)
    except ValueError as error:
        raise MessageRefused("unparsable message") from error
    if not isinstance(msg, dict) or msg.get("format") != FORMAT or "id" not in msg:
        raise MessageRefused("unknown message format")
    return msg


class Inbox:
    """Which messages are for this device, and which it has already acted on."""

    def __init__(self, device_id: int, unit_ids: set[int]) -> None:
        self.device_id, self.unit_ids = device_id, unit_ids
        self._seen: dict[str, tuple[dt.datetime | None, dict[str, Any]]] = {}
        self._lock = threading.Lock()

    def addressed(self, msg: dict[str, Any]) -> bool:
        to = msg.get("to") or {}
        if "device" in to:
            return bool(to["device"] == self.device_id)
        return to.get("unit") in self.unit_ids

    def expired(self, msg: dict[str, Any], now: dt.datetime) -> bool:
        expires = msg.get("expires_at")
        return expires is not None and timeutil.parse(expires) <= now

    def first_answer(self, msg_id: str, now: dt.datetime) -> dict[str, Any] | None:
        with self._lock:
            for key, (until, _answer) in list(self._seen.items()):
                if until is not None and until <= now:
                    del self._seen[key]
            seen = self._seen.get(msg_id)
            return seen[1] if seen else None

    def remember(self, msg: dict[str, Any], answer: dict[str, Any]) -> None:
        expires = msg.get("expires_at")
        with self._lock:
            self._seen[msg["id"]] = (timeutil.parse(expires) if expires else None, answer)
