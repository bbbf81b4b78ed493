"""Rotating the signing key (docs/device-protocol.md §2.1): the keys announced to devices.

Besides the key that signs (``DEVICE_SIGNING_KEY[_FILE]``, ``signing.py``):

- ``DEVICE_SIGNING_NEXT_KEY[_FILE]``: the key that will sign after the switch. It is
  announced in every manifest, signed by the current key, so devices trust it before
  it signs anything.
- ``DEVICE_SIGNING_OLD_KEY[_FILE]`` with ``DEVICE_SIGNING_OLD_KEY_UNTIL`` (ISO 8601 with
  a zone): the key that signed before the switch, announced with its cut-over.
  Devices go on accepting what it signed (a manifest on disk, a server of the
  cluster not switched yet) until then, and never after.

Either may be a private or a public PEM. Outside a rotation nothing is announced and
manifests carry no ``keys`` field.
"""

from __future__ import annotations

import base64
import datetime as dt
import functools
import hashlib
from typing import Any

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from django.core.exceptions import ImproperlyConfigured

from tincoso.broadcast.devices import signing
from tincoso.core import clock
from tincoso.core.env import env_str


def raw_of(key: Ed25519PublicKey) -> bytes:
    return key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def key_id_of(raw: bytes) -> str:
    return hashlib.sha256(raw).hexdigest()[:16]


def public_from_pem(name: str, pem: bytes) -> Ed25519PublicKey:
    """The Ed25519 public key of a private or public PEM, or ImproperlyConfigured."""
    try:
        if b"PRIVATE KEY" in pem:
            private = serialization.load_pem_private_key(pem, password=None)
            key: Any = private.public_key() if isinstance(private, Ed25519PrivateKey) else None
        else:
            key = serialization.load_pem_public_key(pem)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} cannot be read: {exc}") from exc
    if not isinstance(key, Ed25519PublicKey):
        raise ImproperlyConfigured(f"{name} must be an Ed25519 key")
    return key


def _configured(name: str) -> bytes | None:
    text = env_str(name)
    return _raw_of_pem(name, text) if text else None


@functools.lru_cache(maxsize=8)
def _raw_of_pem(name: str, text: str) -> bytes:  # asked on every manifest request
    return raw_of(public_from_pem(name, text.encode()))


def _until() -> dt.datetime:
    text = env_str("DEVICE_SIGNING_OLD_KEY_UNTIL") or ""
    try:
        moment = dt.datetime.fromisoformat(text)
    except ValueError:
        moment = None
    if moment is None or moment.tzinfo is None:
        raise ImproperlyConfigured(
            "DEVICE_SIGNING_OLD_KEY needs DEVICE_SIGNING_OLD_KEY_UNTIL, ISO 8601 with a zone")
    return moment


def _entry(raw: bytes, until: dt.datetime | None = None) -> dict[str, Any]:
    entry: dict[str, Any] = {"key_id": key_id_of(raw),
                             "public_key": base64.b64encode(raw).decode("ascii")}
    if until is not None:
        entry["until"] = until.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return entry


def announced(now: dt.datetime | None = None) -> list[dict[str, Any]]:
    """The ``keys`` of §2.1: the current key, the next, the old one until its cut-over
    (gone once it has passed); empty outside a rotation."""
    now = now or clock.now()
    current = signing.public_key_raw()
    entries = [_entry(current)]
    upcoming = _configured("DEVICE_SIGNING_NEXT_KEY")
    if upcoming is not None and upcoming != current:
        entries.append(_entry(upcoming))
    old = _configured("DEVICE_SIGNING_OLD_KEY")
    if old is not None and old != current:
        until = _until()
        if until > now:
            entries.append(_entry(old, until))
    return entries if len(entries) > 1 else []


def ring_id(now: dt.datetime | None = None) -> str:
    """What tells cached manifests apart when the announced keys change."""
    return "+".join(f"{e['key_id']}@{e.get('until', '')}" for e in announced(now)) \
        or signing.key_id()


def new_key_pem() -> bytes:
    """A fresh Ed25519 private key in PEM (PKCS#8), for ``tincoso device-keys new``."""
    return Ed25519PrivateKey.generate().private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption())


def next_key_id() -> str | None:
    """The id of the key announced to sign next (step 1 of §2.1), or None."""
    upcoming = _configured("DEVICE_SIGNING_NEXT_KEY")
    if upcoming is None or upcoming == signing.public_key_raw():
        return None
    return key_id_of(upcoming)
