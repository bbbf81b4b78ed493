"""Manifests published as files that nginx serves, so a poll costs no Python (§4.5).

A device's manifest poll is almost always a ``304``; through Django it pays the
token check, the cache and the framework (bench ``devices_nginx``: 0.1 % of nginx's
static rate under load). With ``DEVICE_MANIFEST_DIR`` set (the scale-out profile),
each device gets an **unguessable path**: 32 random bytes as hex, kept on the device
row (``manifest_path``). The app writes the device's current signed manifest to
``<dir>/<path>.json`` as a signed envelope (§9.3: ``{"key_id", "msg", "sig"}``,
``msg`` being the manifest's exact bytes) whenever it changes, and nginx serves it
with its own ``ETag``/``Last-Modified`` and ``304``.

The path is the authorisation: it is told only to the device, in the
``X-Tincoso-Manifest-Url`` header of its authenticated manifest answers. Rotation
and revocation delete the file before the change commits and again after it
(so a publisher that raced them cannot leave it behind): nginx answers ``404``
from the next request on, with no reload. The device then falls back to the
authenticated endpoint, which refuses a revoked token (``401``) or hands a rotated
one a new path.

Files are written when Django computes a manifest (``manifest.manifest_for``) and
by ``publish_all`` every ``PERIOD`` seconds (a play ending moves the version with no
request at all). Writes are atomic (temporary file, rename) and skipped when the
bytes are unchanged, so nginx's ETag stays put while the manifest does.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import transaction

from tincoso.broadcast.devices import signing
from tincoso.broadcast.devices.models import Device
from tincoso.broadcast.devices.published_nginx import URL_PREFIX, nginx_location
from tincoso.core import clock

if TYPE_CHECKING:
    from tincoso.broadcast.devices.manifest import Manifest

URL_HEADER = "X-Tincoso-Manifest-Url"
PERIOD = 15  # seconds between two runs of publish_all (apps.py)
__all__ = ["URL_PREFIX", "ensure", "nginx_location", "publish_all", "refresh", "withdraw"]


def folder() -> Path | None:
    """Where manifests are published; None when they are not (``make run``)."""
    raw = settings.DEVICE_MANIFEST_DIR
    return Path(raw) if raw else None


def url_of(device: Device) -> str:
    from tincoso.broadcast.devices.manifest import site_root

    return f"{site_root()}{URL_PREFIX}{device.manifest_path}.json"


def envelope(current: Manifest) -> bytes:
    return signing.canonical({"key_id": current.key_id, "msg": current.body.decode("utf-8"),
                              "sig": current.signature})


def _write(path: Path, data: bytes) -> bool:
    """Write ``data`` atomically unless the file holds it already; True when written."""
    with contextlib.suppress(FileNotFoundError):
        if path.read_bytes() == data:
            return False
    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
        os.chmod(temporary, 0o644)  # nginx's workers read it
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return True


def _unlink(name: str) -> None:
    root = folder()
    if root is not None and name:
        (root / f"{name}.json").unlink(missing_ok=True)


def refresh(device: Device, current: Manifest) -> None:
    """Write ``current`` to the device's published file if it has one and the bytes
    moved; a file written for a path revoked meanwhile is deleted again."""
    root = folder()
    if root is None:  # first: no deferred field is loaded when nothing is published
        return
    name = device.manifest_path
    if not name or device.revoked_at is not None:
        return
    root.mkdir(parents=True, exist_ok=True)
    written = _write(root / f"{name}.json", envelope(current))
    if written and not Device.objects.filter(pk=device.pk, manifest_path=name,
                                             revoked_at__isnull=True).exists():
        _unlink(name)


def ensure(device: Device, current: Manifest) -> str | None:
    """The URL of the device's published manifest (given a path and the file on first
    use), or None when manifests are not published."""
    if folder() is None or device.revoked_at is not None:
        return None
    if not device.manifest_path:
        name = secrets.token_hex(32)
        rows = Device.objects.filter(pk=device.pk, manifest_path="", revoked_at__isnull=True)
        if rows.update(manifest_path=name):
            device.manifest_path = name
        else:
            device.refresh_from_db(fields=["manifest_path", "revoked_at"])
            if not device.manifest_path:
                return None
    refresh(device, current)
    return url_of(device)


def withdraw(device: Device) -> None:
    """Stop publishing the device's manifest now (rotation, revocation): the file goes
    at once and again after the commit; the caller saves ``manifest_path``."""
    name = device.manifest_path
    device.manifest_path = ""
    if name:
        _unlink(name)
        transaction.on_commit(lambda: _unlink(name))


def publish_all() -> int:
    """Bring every published manifest up to date (the scheduler runs this every
    ``PERIOD`` seconds); how many devices were looked at."""
    if folder() is None:
        return 0
    from tincoso.broadcast.devices.manifest import manifest_for

    now = clock.now()
    devices = (Device.objects.exclude(manifest_path="").filter(revoked_at__isnull=True)
               .select_related("unit", "cluster").order_by())
    names = set()
    for device in devices.iterator(chunk_size=500):
        refresh(device, manifest_for(device, now))
        names.add(device.manifest_path)
    _sweep(names)
    return len(names)


def _sweep(names: set[str]) -> None:
    """Delete files no active device holds (a deleted device, a withdrawal missed)."""
    root = folder()
    if root is None or not root.is_dir():
        return
    for path in root.glob("*.json"):
        if path.stem not in names and not Device.objects.filter(
                manifest_path=path.stem, revoked_at__isnull=True).exists():
            path.unlink(missing_ok=True)


