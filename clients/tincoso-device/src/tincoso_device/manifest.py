"""The manifest checks of §4.3, in their order, before anything is used or kept."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from tincoso_device import timeutil
from tincoso_device.keys import TrustedKeys
from tincoso_device.store import Store, atomic_write

FORMAT = "tincoso-device-manifest/1"
FUTURE_TOLERANCE = dt.timedelta(minutes=10)


class Refused(Exception):
    """A manifest (or a file) the device must not use; ``fault`` goes in the heartbeat."""

    def __init__(self, fault: str, why: str) -> None:
        super().__init__(f"{fault}: {why}")
        self.fault = fault


@dataclass(frozen=True)
class Held:
    version: int
    body: bytes


def verify(headers: dict[str, str], body: bytes, keys: TrustedKeys, device_id: int,
           held: Held | None, now: dt.datetime) -> dict[str, Any]:
    """The parsed manifest, or :class:`Refused`. ``headers`` have lowercase names."""
    signature, kid = headers.get("x-tincoso-signature"), headers.get("x-tincoso-key-id")
    if not signature or not kid:
        raise Refused("manifest-bad-signature", "unsigned")
    if not keys.verify(kid, signature, body):
        raise Refused("manifest-bad-signature", f"signature does not verify with {kid}")
    try:
        manifest = json.loads(body)
    except ValueError as error:
        raise Refused("manifest-bad-signature", "not JSON") from error
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise Refused("manifest-bad-format", "unknown format")
    if manifest.get("device_id") != device_id:
        raise Refused("manifest-foreign", "issued to another device")
    version = manifest.get("version")
    if not isinstance(version, int):
        raise Refused("manifest-bad-format", "no version")
    if held is not None and (version < held.version or
                             (version == held.version and body != held.body)):
        raise Refused("manifest-replayed", f"version {version} after {held.version}")
    if timeutil.parse(manifest["valid_until"]) <= now:
        raise Refused("manifest-stale", "valid_until has passed")
    if timeutil.parse(manifest["issued_at"]) > now + FUTURE_TOLERANCE:
        raise Refused("manifest-stale", "issued in the future")
    return manifest


def unwrap(envelope: bytes) -> tuple[dict[str, str], bytes]:
    """A published manifest (§4.5: ``{"key_id", "msg", "sig"}``) as the signature
    headers and body of §4, to be checked by :func:`verify` like any other."""
    try:
        outer = json.loads(envelope)
        text, sig, kid = outer["msg"], outer["sig"], outer["key_id"]
    except (ValueError, KeyError, TypeError) as error:
        raise Refused("manifest-bad-signature", "not a signed envelope") from error
    if not all(isinstance(v, str) for v in (text, sig, kid)):
        raise Refused("manifest-bad-signature", "not a signed envelope")
    return {"x-tincoso-signature": sig, "x-tincoso-key-id": kid}, text.encode("utf-8")


def keep(store: Store, body: bytes, headers: dict[str, str], version: int) -> None:
    """Write a verified manifest with its signature and ETag (body first, then meta)."""
    atomic_write(store.root / "manifest.json", body)
    store.write_json("manifest.meta.json", {
        "version": version, "etag": headers.get("etag", ""),
        "signature": headers.get("x-tincoso-signature", ""),
        "key_id": headers.get("x-tincoso-key-id", "")})


def load(store: Store, keys: TrustedKeys, device_id: int
         ) -> tuple[dict[str, Any], dict[str, Any], bytes] | None:
    """The manifest on disk, checked again (signature over the stored bytes)."""
    path = store.root / "manifest.json"
    meta = store.read_json("manifest.meta.json")
    if not path.exists() or not meta:
        return None
    body = path.read_bytes()
    if not keys.verify(meta["key_id"], meta["signature"], body):
        return None
    manifest = json.loads(body)
    if manifest.get("device_id") != device_id or manifest.get("format") != FORMAT:
        return None
    return manifest, meta, body
