"""The keys a device trusts through a rotation (§2.1): learning, cut-over, and what a
stolen retired key or a forged entry cannot do."""

from __future__ import annotations

import base64
import datetime as dt

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from tincoso_device import timeutil
from tincoso_device.keys import TrustedKeys, key_id

NOW = dt.datetime(2030, 3, 4, tzinfo=dt.UTC)


def _key() -> tuple[Ed25519PrivateKey, str, str]:
    key = Ed25519PrivateKey.generate()
    raw = key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    return key, base64.b64encode(raw).decode(), key_id(raw)


def _signed(key: Ed25519PrivateKey, data: bytes = b"manifest") -> str:
    return base64.b64encode(key.sign(data)).decode()


def test_a_learnt_key_verifies_and_a_retired_one_stops_at_its_cut_over() -> None:
    old, old_b64, old_id = _key()
    new, new_b64, new_id = _key()
    clock = [NOW]
    keys = TrustedKeys([old_b64], now=lambda: clock[0])
    assert not keys.verify(new_id, _signed(new), b"manifest")
    until = timeutil.iso(NOW + dt.timedelta(days=1))
    assert keys.learn([{"key_id": new_id, "public_key": new_b64},
                       {"key_id": old_id, "public_key": old_b64, "until": until}])
    assert keys.verify(new_id, _signed(new), b"manifest")
    assert keys.verify(old_id, _signed(old), b"manifest")
    clock[0] = NOW + dt.timedelta(days=1)
    assert not keys.verify(old_id, _signed(old), b"manifest")
    assert keys.ids() == [new_id]
    kept = keys.state()
    again = TrustedKeys(kept["public_keys"], kept["key_until"], now=lambda: clock[0])
    assert again.ids() == [new_id]  # the cut-over survives a restart


def test_a_cut_over_is_never_moved_later_nor_dropped() -> None:
    _old, old_b64, old_id = _key()
    keys = TrustedKeys([old_b64], now=lambda: NOW)
    early = timeutil.iso(NOW + dt.timedelta(hours=1))
    keys.learn([{"key_id": old_id, "public_key": old_b64, "until": early}])
    assert not keys.learn([{"key_id": old_id, "public_key": old_b64,
                            "until": timeutil.iso(NOW + dt.timedelta(days=365))}])
    assert not keys.learn([{"key_id": old_id, "public_key": old_b64}])
    assert keys.state()["key_until"] == {old_id: early}


def test_entries_whose_id_is_not_their_key_or_that_are_malformed_are_ignored() -> None:
    _old, old_b64, _old_id = _key()
    _forged, forged_b64, _forged_id = _key()
    keys = TrustedKeys([old_b64], now=lambda: NOW)
    assert not keys.learn([{"key_id": "0123456789abcdef", "public_key": forged_b64},
                           {"key_id": "x", "public_key": "not base64!"}, "junk",
                           {"key_id": key_id(b"short"), "public_key": base64.b64encode(
                               b"short").decode()}])
    assert not keys.learn("not a list")
    assert len(keys.ids()) == 1
