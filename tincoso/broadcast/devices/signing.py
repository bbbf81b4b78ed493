"""The province's Ed25519 key that signs device manifests, kept outside the database.

``DEVICE_SIGNING_KEY`` (or ``DEVICE_SIGNING_KEY_FILE``, the path of a file holding
it) is the private key in PEM (PKCS#8). Without it, development generates one in
``var/device_signing_key.pem`` on first use (mode 0600); production refuses to
start signing without a configured key, since every device trusts the public key
it was given and a key made up on the spot would be unknown to them.

Manifests are serialised canonically (``canonical``): JSON with sorted keys, no
spaces, UTF-8 without escapes, integers only (no floats). The signature covers
exactly those bytes, which the server sends as the body; a device verifies the
bytes it received, never a re-serialisation.
"""

from __future__ import annotations

import base64
import hashlib
import json
import threading
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from tincoso.core.env import env_str

KEY_FILE_NAME = "device_signing_key.pem"
_lock = threading.Lock()
_loaded: dict[str, Ed25519PrivateKey] = {}


def canonical(value: Any) -> bytes:
    """Canonical JSON bytes (see the module docstring)."""
    _check_no_floats(value)
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def _check_no_floats(value: Any) -> None:
    if isinstance(value, float):
        raise TypeError("canonical JSON holds no floats")
    if isinstance(value, dict):
        for item in value.values():
            _check_no_floats(item)
    elif isinstance(value, list):
        for item in value:
            _check_no_floats(item)


def _development_key_path() -> Path:
    return Path(settings.VAR_DIR) / KEY_FILE_NAME


def _read_pem() -> tuple[str, bytes]:
    configured = env_str("DEVICE_SIGNING_KEY")
    if configured:
        return "env", configured.encode()
    if getattr(settings, "PRODUCTION", False):
        raise ImproperlyConfigured(
            "DEVICE_SIGNING_KEY_FILE (or DEVICE_SIGNING_KEY) is required in production")
    path = _development_key_path()
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        pem = Ed25519PrivateKey.generate().private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption())  # fmt: skip
        path.touch(mode=0o600)
        path.write_bytes(pem)
    return str(path), path.read_bytes()


def private_key() -> Ed25519PrivateKey:
    with _lock:
        source, pem = _read_pem()
        cache_key = f"{source}|{hashlib.sha256(pem).hexdigest()}"
        key = _loaded.get(cache_key)
        if key is None:
            try:
                loaded = serialization.load_pem_private_key(pem, password=None)
            except ValueError as exc:
                raise ImproperlyConfigured(f"DEVICE_SIGNING_KEY cannot be read: {exc}") from exc
            if not isinstance(loaded, Ed25519PrivateKey):
                raise ImproperlyConfigured("DEVICE_SIGNING_KEY must be an Ed25519 key")
            _loaded.clear()
            _loaded[cache_key] = key = loaded
        return key


def public_key() -> Ed25519PublicKey:
    return private_key().public_key()


def public_key_raw() -> bytes:
    return public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def public_key_pem() -> str:
    return public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo).decode()


def key_id() -> str:
    """First 16 hex digits of the SHA-256 of the raw 32-byte public key."""
    return hashlib.sha256(public_key_raw()).hexdigest()[:16]


def sign(data: bytes) -> str:
    """The Ed25519 signature of ``data``, in standard base64."""
    return base64.b64encode(private_key().sign(data)).decode("ascii")


def verify(data: bytes, signature_b64: str, raw_public_key: bytes) -> bool:
    """What a device does: check ``data`` against a signature and the known key."""
    from cryptography.exceptions import InvalidSignature

    try:
        Ed25519PublicKey.from_public_bytes(raw_public_key).verify(
            base64.b64decode(signature_b64, validate=True), data)
    except (InvalidSignature, ValueError):
        return False
    return True
