"""The province's public keys the device trusts, by key id (§2), and what a rotation
announces (§2.1): new keys learnt only from a manifest a trusted key signed, and a
cut-over (``until``) after which a retired key is refused. A cut-over once known is
never moved later nor dropped, so a stolen retired key cannot extend its own life."""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import hashlib
from collections.abc import Callable
from typing import Any

from nacl.exceptions import CryptoError
from nacl.signing import VerifyKey

from tincoso_device import timeutil


def key_id(raw: bytes) -> str:
    return hashlib.sha256(raw).hexdigest()[:16]


class TrustedKeys:
    def __init__(self, raw_keys_b64: list[str], until: dict[str, str] | None = None,
                 now: Callable[[], dt.datetime] = timeutil.utcnow) -> None:
        self._keys: dict[str, VerifyKey] = {}
        self._raw: dict[str, str] = {}
        self.until: dict[str, dt.datetime] = {
            kid: timeutil.parse(text) for kid, text in (until or {}).items()}
        self._now = now
        for text in raw_keys_b64:
            self._add(text)

    def _add(self, text: str) -> str:
        raw = base64.b64decode(text, validate=True)
        kid = key_id(raw)
        self._keys[kid] = VerifyKey(raw)
        self._raw[kid] = text
        return kid

    def __bool__(self) -> bool:
        return bool(self._keys)

    def ids(self) -> list[str]:
        """The key ids trusted now (a retired key past its cut-over is not)."""
        now = self._now()
        return sorted(kid for kid in self._keys if kid not in self.until or now < self.until[kid])

    def verify(self, kid: str, signature_b64: str, data: bytes) -> bool:
        """Pure Ed25519 over exactly ``data`` with the trusted key ``kid``."""
        key = self._keys.get(kid)
        if key is None or kid not in self.ids():
            return False
        try:
            key.verify(data, base64.b64decode(signature_b64, validate=True))
        except (CryptoError, ValueError, TypeError):
            return False
        return True

    def learn(self, announced: Any) -> bool:
        """Take the ``keys`` of a verified manifest (§2.1); True when anything changed.
        An entry whose key id is not its key's is ignored."""
        if not isinstance(announced, list):
            return False
        changed = False
        for entry in announced:
            if not isinstance(entry, dict):
                continue
            text, kid = entry.get("public_key"), entry.get("key_id")
            try:
                raw = base64.b64decode(str(text), validate=True)
            except (binascii.Error, ValueError):
                continue
            if len(raw) != 32 or key_id(raw) != kid:
                continue
            if kid not in self._keys:
                self._add(str(text))
                changed = True
            until = entry.get("until")
            if isinstance(until, str):
                try:
                    moment = timeutil.parse(until)
                except ValueError:
                    continue
                if kid not in self.until or moment < self.until[kid]:
                    self.until[kid] = moment
                    changed = True
        return changed

    def state(self) -> dict[str, Any]:
        """What the store keeps: ``public_keys`` and ``key_until``."""
        return {"public_keys": list(self._raw.values()),
                "key_until": {kid: timeutil.iso(m) for kid, m in self.until.items()}}
