"""A key rotation as the reference device lives it, against ``tincoso serve`` (§2.1): it
learns the next key from a manifest the current key signed, follows the switch
without re-enrolment, accepts the old key until the cut-over and refuses it after,
also after a restart from its disk."""

from __future__ import annotations

import base64
import datetime as dt
import os
import secrets
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.db import connection
from tincoso_device import manifest as device_manifest
from tincoso_device import timeutil
from tincoso_device.device import Device
from tincoso_device.enrol import enrol
from tincoso_device.player import RecordingPlayer
from tincoso_device.store import Store

from tincoso.broadcast.bulletins.models import Bulletin
from tincoso.broadcast.devices import key_ring
from tincoso.broadcast.devices.models import Device as DeviceRow
from tincoso.broadcast.devices.tests.client_support import (
    ProvinceServer,
    enrolment_url,
    province_server,
)
from tincoso.core.tests.serving import serve, server_env

__all__ = ["province_server"]


def _key_id(key: Ed25519PrivateKey) -> str:
    return key_ring.key_id_of(key_ring.raw_of(key.public_key()))


def _pem(key: Ed25519PrivateKey) -> str:
    return key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                             serialization.NoEncryption()).decode()


@pytest.fixture
def next_key(monkeypatch: pytest.MonkeyPatch) -> Ed25519PrivateKey:
    """Announced by the first server (set before ``province_server`` starts it)."""
    key = Ed25519PrivateKey.generate()
    monkeypatch.setenv("DEVICE_SIGNING_NEXT_KEY", _pem(key))
    return key


@pytest.fixture
def switched(province_server: ProvinceServer, next_key: Ed25519PrivateKey,
             monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    """A function that stops the first server and starts, on the same address, one
    that signs with the next key and announces the old one until ``until``."""
    started: list[Any] = []

    def switch(until: dt.datetime) -> None:
        current = os.environ["DEVICE_SIGNING_KEY"]
        province_server.stop()
        port = int(province_server.url.rsplit(":", 1)[1])
        env = server_env(
            province_server.var, DATABASE_URL=f"sqlite:///{connection.settings_dict['NAME']}",
            MEDIA_ROOT=str(province_server.media_root), DEVICE_FETCH_RATE="off",
            DEVICE_UPLINK_RATE="off", DEVICE_ENROL_RATE="off", SECRET_KEY=secrets.token_urlsafe(48),
            DEVICE_SIGNING_KEY=_pem(next_key), DEVICE_SIGNING_NEXT_KEY="",
            DEVICE_SIGNING_OLD_KEY=current, DEVICE_SIGNING_OLD_KEY_UNTIL=until.isoformat())
        for name in ("DEVICE_SIGNING_KEY", "DEVICE_SIGNING_NEXT_KEY", "DEVICE_SIGNING_OLD_KEY",
                     "DEVICE_SIGNING_OLD_KEY_UNTIL"):  # the test process follows the switch
            monkeypatch.setenv(name, env[name])
        context = serve(env, province_server.var / "serve2.log", "--no-mqtt", port=port)
        context.__enter__()
        started.append(context)

    yield switch
    for context in started:
        context.__exit__(None, None, None)


def test_the_device_learns_the_next_key_follows_the_switch_and_drops_the_old_key_at_cut_over(
        next_key: Ed25519PrivateKey, province_server: ProvinceServer, switched: Any,
        device: DeviceRow, scheduled: Bulletin, tmp_path: Path) -> None:
    box = Store(tmp_path / "box")
    enrol(box, "", enrolment_url(province_server.url, device))
    client = Device(box, RecordingPlayer())
    old_id, new_id = client.keys.ids()[0], _key_id(next_key)
    assert client.sync_manifest()
    assert client.keys.ids() == sorted([old_id, new_id])  # learnt, and kept on disk
    assert len(box.state["public_keys"]) == 2 and box.state["key_until"] == {}
    held_body = (box.root / "manifest.json").read_bytes()

    cut_over = timeutil.utcnow().replace(microsecond=0) + dt.timedelta(hours=1)
    switched(cut_over)
    assert client.sync_manifest()  # the keys changed: a new version, signed by the new key
    assert box.read_json("manifest.meta.json")["key_id"] == new_id
    assert box.state["key_until"] == {old_id: timeutil.iso(cut_over)}

    # Before the cut-over, what the old key signed still verifies (a server not yet
    # switched, the manifest the device held); after it, never again.
    signed_by_old = _sign_with_env_key(held_body)
    headers = {"x-tincoso-signature": signed_by_old, "x-tincoso-key-id": old_id}
    assert device_manifest.verify(headers, held_body, client.keys, device.pk, None,
                                  client.now())["device_id"] == device.pk
    client.skew = dt.timedelta(hours=2)
    with pytest.raises(device_manifest.Refused, match="manifest-bad-signature"):
        device_manifest.verify(headers, held_body, client.keys, device.pk, None, client.now())

    later = Device(box, RecordingPlayer(),
                   clock=lambda: timeutil.utcnow() + dt.timedelta(hours=2))
    assert later.keys.ids() == [new_id]  # restarted from disk: the old key is gone
    assert later.manifest_version is not None  # its manifest, signed by the new key, stands


def _sign_with_env_key(body: bytes) -> str:
    """Signed with the first server's key (now ``DEVICE_SIGNING_OLD_KEY``)."""
    key = serialization.load_pem_private_key(os.environ["DEVICE_SIGNING_OLD_KEY"].encode(),
                                             password=None)
    assert isinstance(key, Ed25519PrivateKey)
    return base64.b64encode(key.sign(body)).decode()
