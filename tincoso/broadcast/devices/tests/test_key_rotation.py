"""Rotating the manifest signing key, server side (docs/device-protocol.md §2.1): what is
announced in each step, the manifest moving to a new version when it changes, the
public-key endpoint, and ``tincoso device-keys``. The reference client's side is in
test_client_keys.py."""

from __future__ import annotations

import base64
import datetime as dt
import io
import stat
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.core.exceptions import ImproperlyConfigured
from django.core.management import CommandError, call_command

from tincoso.broadcast.bulletins.models import Bulletin
from tincoso.broadcast.devices import key_ring, signing
from tincoso.broadcast.devices.tests.conftest import auth
from tincoso.core import clock

pytestmark = pytest.mark.django_db
V1 = "/api/device/v1/"


def _pem(public: bool = False) -> tuple[str, str]:
    """A fresh key as PEM (private, or its public half) and its key id."""
    key = Ed25519PrivateKey.generate()
    raw = key.public_key().public_bytes(serialization.Encoding.Raw,
                                        serialization.PublicFormat.Raw)
    pem = key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    ) if public else key.private_bytes(serialization.Encoding.PEM,
                                       serialization.PrivateFormat.PKCS8,
                                       serialization.NoEncryption())
    return pem.decode(), key_ring.key_id_of(raw)


def test_outside_a_rotation_nothing_is_announced(client: Any, token: str,
                                                 scheduled: Bulletin) -> None:
    assert key_ring.announced() == []
    assert "keys" not in client.get(V1 + "manifest", **auth(token)).json()
    assert client.get(V1 + "public-key").json()["keys"] == []


def test_announcing_the_next_key_moves_the_manifest_to_a_new_signed_version(
        client: Any, token: str, scheduled: Bulletin, monkeypatch: pytest.MonkeyPatch) -> None:
    before = client.get(V1 + "manifest", **auth(token))
    pem, next_id = _pem(public=True)
    monkeypatch.setenv("DEVICE_SIGNING_NEXT_KEY", pem)
    after = client.get(V1 + "manifest", HTTP_IF_NONE_MATCH=before["ETag"], **auth(token))
    assert after.status_code == 200  # the content changed: not 304
    document = after.json()
    assert document["version"] == before.json()["version"] + 1
    assert [k["key_id"] for k in document["keys"]] == [signing.key_id(), next_id]
    assert "until" not in document["keys"][1]
    raw = base64.b64decode(document["keys"][1]["public_key"])
    assert key_ring.key_id_of(raw) == next_id
    assert after["X-Tincoso-Key-Id"] == signing.key_id()  # still signed by the current key
    assert client.get(V1 + "public-key").json()["keys"] == document["keys"]


def test_after_the_switch_the_old_key_is_announced_until_its_cut_over_then_dropped(
        monkeypatch: pytest.MonkeyPatch) -> None:
    old_pem, old_id = _pem()
    monkeypatch.setenv("DEVICE_SIGNING_OLD_KEY", old_pem)
    monkeypatch.setenv("DEVICE_SIGNING_OLD_KEY_UNTIL", "2030-03-04T12:00:00+07:00")
    entries = key_ring.announced()
    assert [(e["key_id"], e.get("until")) for e in entries] == [
        (signing.key_id(), None), (old_id, "2030-03-04T05:00:00Z")]
    clock.advance(dt.timedelta(hours=8))  # 05:00 + 8 h: past the cut-over
    assert key_ring.announced() == []


@pytest.mark.parametrize("until", ["", "2030-03-04T12:00:00", "tomorrow"])
def test_an_old_key_without_a_zoned_cut_over_is_refused(
        monkeypatch: pytest.MonkeyPatch, until: str) -> None:
    monkeypatch.setenv("DEVICE_SIGNING_OLD_KEY", _pem()[0])
    monkeypatch.setenv("DEVICE_SIGNING_OLD_KEY_UNTIL", until)
    with pytest.raises(ImproperlyConfigured, match="DEVICE_SIGNING_OLD_KEY_UNTIL"):
        key_ring.announced()


def test_a_next_key_that_is_not_ed25519_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DEVICE_SIGNING_NEXT_KEY", "-----BEGIN PUBLIC KEY-----\nAAAA\n"
                                                  "-----END PUBLIC KEY-----\n")
    with pytest.raises(ImproperlyConfigured, match="DEVICE_SIGNING_NEXT_KEY"):
        key_ring.announced()


def test_device_keys_new_writes_a_private_key_once_and_status_lists_the_keys(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "next.pem"
    out = io.StringIO()
    call_command("device_keys", "new", str(target), stdout=out)
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    new_id = key_ring.key_id_of(key_ring.raw_of(
        key_ring.public_from_pem("f", target.read_bytes())))
    assert out.getvalue().strip() == f"new key {new_id} in {target}"
    with pytest.raises(CommandError, match="never overwritten"):
        call_command("device_keys", "new", str(target))
    monkeypatch.setenv("DEVICE_SIGNING_NEXT_KEY_FILE", str(target))
    status = io.StringIO()
    call_command("device_keys", "status", stdout=status)
    assert status.getvalue().splitlines() == [
        f"signing: {signing.key_id()}", f"announced: {signing.key_id()}",
        f"announced: {new_id}",
        f"next {new_id}: known by 0 of 0 enrolled devices; 0 not yet "
        "(0 never reported their keys)"]


def test_the_tincoso_command_runs_it(capsys: pytest.CaptureFixture[str]) -> None:
    from tincoso.cli import main

    assert main(["device-keys", "status"]) == 0
    assert capsys.readouterr().out.startswith(f"signing: {signing.key_id()}")
    assert main(["device-keys", "new"]) == 1
    assert "give the file" in capsys.readouterr().err
