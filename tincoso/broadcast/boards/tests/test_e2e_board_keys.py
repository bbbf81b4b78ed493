"""In a real browser: a board follows a signing key rotation (protocol §2.1) without
re-enrolment: it learns the next key from a manifest the current key signed, then
takes the manifests the new key signs once the server has switched."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from tincoso.broadcast.boards.tests.test_e2e_board import _until, server_env_for_board
from tincoso.broadcast.devices import credentials, key_ring
from tincoso.broadcast.devices.models import Device
from tincoso.core.tests.serving import serve
from tincoso.publishing.models import Item

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
__all__ = ["server_env_for_board"]


def _pem(key: Ed25519PrivateKey) -> str:
    return key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                             serialization.NoEncryption()).decode()


def _kept(page: Any) -> dict[str, Any]:
    return dict(json.loads(page.evaluate("localStorage.getItem('tcs-board')") or "{}"))


def test_a_board_learns_the_next_key_and_follows_the_switch(
        server_env_for_board: Any, items: dict[str, Item], board_device: Device,
        page: Any) -> None:
    env, log, port = server_env_for_board
    old, new = Ed25519PrivateKey.generate(), Ed25519PrivateKey.generate()
    new_id = key_ring.key_id_of(key_ring.raw_of(new.public_key()))
    code, _row = credentials.new_code(board_device)
    with serve({**env, "DEVICE_SIGNING_KEY": _pem(old),
                "DEVICE_SIGNING_NEXT_KEY": _pem(new)}, log, port=port) as served:
        page.goto(f"{served.url}/bang-tin/")
        page.get_by_label("Nhập hoặc quét mã đăng ký thiết bị").fill(code)
        page.get_by_role("button", name="Đăng ký").click()
        _until(lambda: page.get_attribute("#board", "data-version") == "1")
        _until(lambda: new_id in _kept(page).get("keys", {}))
    until = (dt.datetime.now(dt.UTC) + dt.timedelta(hours=1)).replace(microsecond=0)
    switched = {**env, "DEVICE_SIGNING_KEY": _pem(new), "DEVICE_SIGNING_OLD_KEY": _pem(old),
                "DEVICE_SIGNING_OLD_KEY_UNTIL": until.isoformat()}
    with serve(switched, log, port=port):
        # The announced keys changed: version 2, signed by the new key, is taken.
        _until(lambda: page.get_attribute("#board", "data-version") == "2", 45)
        kept = _kept(page)
        assert kept["manifest"]["keyId"] == new_id
        old_id = key_ring.key_id_of(key_ring.raw_of(old.public_key()))
        assert kept["until"] == {old_id: until.strftime("%Y-%m-%dT%H:%M:%SZ")}
        assert page.get_attribute("#board", "data-fault") in (None, "")
