"""The province's public keys the device trusts, by key id (§2)."""

from __future__ import annotations

import base64
import hashlib

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey


def key_id(raw: bytes) -> str:
    return hashlib.sha256(raw).hexdigest()[:16]


class TrustedKeys:
    def __init__(self, raw_keys_b64: list[str]) -> None:
        self._keys: dict[str, Ed25519PublicKey] = {}
        for text in raw_keys_b64:
            raw = base64.b64decode(text)
            self._keys[key_id(raw)] = Ed25519PublicKey.from_public_bytes(raw)

    def __bool__(self) -> bool:
        return bool(self._keys)

    def verify(self, kid: str, signature_b64: str, data: bytes) -> bool:
        """Pure Ed25519 over exactly ``data`` with the trusted key ``kid``."""
        key = self._keys.get(kid)
        if key is None:
            return False
        try:
            key.verify(base64.b64decode(signature_b64, validate=True), data)
        except (InvalidSignature, ValueError):
            return False
        return True
