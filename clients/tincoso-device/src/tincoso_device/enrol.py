"""Enrolment: trade a one-time code (typed, or read from a ``#code=`` URL) for the
device's credential, keep it 0600, pin the province's public key (§1.1, §2)."""

from __future__ import annotations

import base64
import urllib.parse
from typing import Any

from tincoso_device.http import Api
from tincoso_device.keys import key_id
from tincoso_device.store import Store


class EnrolError(Exception):
    pass


def parse_target(server: str, code_or_url: str) -> tuple[str, str]:
    """(server, code) from a code and a server, or from the QR code's URL alone."""
    text = code_or_url.strip()
    if "://" in text:
        parts = urllib.parse.urlsplit(text)
        code = urllib.parse.parse_qs(parts.fragment).get("code", [""])[0]
        if not code:
            raise EnrolError("the URL carries no #code=")
        return f"{parts.scheme}://{parts.netloc}", code
    if not server:
        raise EnrolError("a code needs the server's address")
    return server.rstrip("/"), text


def enrol(store: Store, server: str, code_or_url: str, factory_key: str = "") -> dict[str, Any]:
    """Enrol and keep the result. ``factory_key`` (base64 of the raw Ed25519 key), when
    given, must equal the key the server returns; without it the device trusts the
    key on first use (the weaker fallback of §1.1)."""
    server, code = parse_target(server, code_or_url)
    answer = Api(server).request("POST", "/api/device/v1/enrol", {"code": code}, auth=False)
    if answer.status != 201:
        raise EnrolError(f"HTTP {answer.status}: {answer.body.decode(errors='replace')[:300]}")
    data = answer.json()
    returned = base64.b64decode(data["public_key"])
    if key_id(returned) != data["key_id"]:
        raise EnrolError("the returned key does not match its key id")
    if factory_key and base64.b64decode(factory_key) != returned:
        raise EnrolError("the server's key is not the installed province key")
    previous = store.state.get("device_id")
    store.save_token(data["token"])
    store.update_state(server=server, device_id=data["device_id"], kind=data.get("kind", ""),
                       public_keys=[factory_key or data["public_key"]], key_until={},
                       revoked=False, manifest_url="",
                       mqtt=data.get("mqtt"))
    if previous not in (None, data["device_id"]):
        (store.root / "manifest.json").unlink(missing_ok=True)
        (store.root / "manifest.meta.json").unlink(missing_ok=True)
    return {"device_id": data["device_id"], "key_id": data["key_id"]}
