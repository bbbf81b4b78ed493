"""Signed MQTT envelopes as the device checks them (§9.3)."""

from __future__ import annotations

import base64
import datetime as dt
import json
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from tincoso_device import timeutil
from tincoso_device.envelope import Inbox, MessageRefused, open_envelope
from tincoso_device.keys import TrustedKeys, key_id

KEY = Ed25519PrivateKey.generate()
RAW = KEY.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
KEYS = TrustedKeys([base64.b64encode(RAW).decode()])


def _sealed(msg: dict[str, Any], text: str | None = None) -> bytes:
    text = text or json.dumps(msg, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    sig = base64.b64encode(KEY.sign(text.encode())).decode()
    return json.dumps({"key_id": key_id(RAW), "msg": text, "sig": sig}).encode()


def _msg(**extra: Any) -> dict[str, Any]:
    now = timeutil.utcnow()
    return {"format": "tincoso-device-message/1", "type": "command", "id": "m1",
            "to": {"device": 42}, "issued_at": timeutil.iso(now),
            "expires_at": timeutil.iso(now + dt.timedelta(minutes=10)), **extra}


def test_a_genuine_message_opens_and_an_altered_or_foreign_one_is_refused() -> None:
    sealed = _sealed(_msg(command="volume", args={"volume": 30}))
    assert open_envelope(sealed, KEYS)["args"] == {"volume": 30}
    envelope = json.loads(sealed)
    envelope["msg"] = envelope["msg"].replace("30", "100")
    with pytest.raises(MessageRefused) as refused:
        open_envelope(json.dumps(envelope).encode(), KEYS)
    assert refused.value.fault == "message-bad-signature"
    other = Ed25519PrivateKey.generate()
    forged = dict(envelope, sig=base64.b64encode(other.sign(envelope["msg"].encode())).decode())
    for bad in (json.dumps(forged).encode(), b"not json", b'{"msg": 1}'):
        with pytest.raises(MessageRefused):
            open_envelope(bad, KEYS)


def test_address_expiry_and_replay() -> None:
    inbox = Inbox(42, {7, 3})
    now = timeutil.utcnow()
    assert inbox.addressed(_msg())
    assert not inbox.addressed(_msg(to={"device": 43}))
    assert inbox.addressed(_msg(to={"unit": 3}))
    assert not inbox.addressed(_msg(to={"unit": 9}))
    assert inbox.expired(_msg(expires_at=timeutil.iso(now - dt.timedelta(seconds=1))), now)
    first = _msg()
    assert inbox.first_answer("m1", now) is None
    inbox.remember(first, {"id": "m1", "status": "done"})
    assert inbox.first_answer("m1", now) == {"id": "m1", "status": "done"}
    later = now + dt.timedelta(minutes=11)  # forgotten once the message has expired
    assert inbox.first_answer("m1", later) is None
