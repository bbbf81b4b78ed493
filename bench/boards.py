"""Boards: what a board's polling costs the server, through the whole Django stack
in-process (test client: middleware, device-token authentication, DRF; no network).

A board polls its signed state every 5 s and its signed manifest every 30 s, both
with If-None-Match; nearly every answer is a 304. Shown: state 304 and 200, manifest
304, 200 from the cache and 200 computed (items, pictures' hashes, QR code,
canonical JSON, signature). A commune board with 12 live items above it, a picture
on each. Rate limits are off so the figures are the protocol's, not the limiter's.

    .venv/bin/python -m bench boards
"""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

from bench._worker import main, on_sqlite
from bench.devices import REQUESTS, _rate

ITEMS = 12
BOARDS_PER_CORE = 5  # seconds between state polls: requests/s × 5 = boards one core serves


def _generate() -> tuple[Any, str]:
    from django.core.files.base import ContentFile
    from PIL import Image

    from tincoso.broadcast.devices import credentials, services
    from tincoso.broadcast.devices.models import Device
    from tincoso.core import clock
    from tincoso.publishing.models import Item, ItemImage, ItemVersion
    from tincoso.units.models import Unit

    root = Unit.objects.add_root({"code": "p", "name": "Tỉnh", "kind": "province"})
    unit = Unit.objects.add_child(root, {"code": "x", "name": "Xã", "kind": "commune"})
    out = io.BytesIO()
    Image.new("RGB", (640, 400), "green").save(out, "JPEG")
    for i in range(ITEMS):
        item = Item.objects.create(unit=unit if i % 2 else root, kind="notice" if i < 3 else
                                   "bulletin", status="published",
                                   published_at=clock.now() - dt.timedelta(hours=i + 1))
        version = ItemVersion.objects.create(item=item, number=1, title=f"Tin số {i}",
                                             summary="Tóm tắt cho bảng tin điện tử. " * 4)
        Item.objects.filter(pk=item.pk).update(published_version=version, current=version)
        image = ItemImage(item=item, alt="Ảnh")
        image.file.save(f"anh-{i}.jpg", ContentFile(out.getvalue()))
    board = services.save_device(None, unit, services.DeviceData(
        name="Bảng tin", kind=Device.Kind.BOARD))
    return board, credentials.issue_token(board)


def worker() -> None:
    import django

    django.setup()
    from django.core.cache import caches
    from django.core.management import call_command
    from django.test import Client

    call_command("migrate", verbosity=0)
    _board, token = _generate()
    client = Client(HTTP_AUTHORIZATION=f"Device {token}")
    manifest = client.get("/api/device/v1/board-manifest")
    state = client.get("/api/device/v1/board-state")
    assert manifest.status_code == 200 and state.status_code == 200, manifest.content
    slides = len(manifest.json()["slides"])

    def get(path: str, status: int, etag: str = "") -> None:
        headers = {"If-None-Match": etag} if etag else {}
        assert client.get(path, headers=headers).status_code == status

    def computed() -> None:
        caches["default"].clear()
        get("/api/device/v1/board-manifest", 200)

    m, s = "/api/device/v1/board-manifest", "/api/device/v1/board-state"
    state_304 = _rate(lambda: get(s, 304, state["ETag"]))
    state_200 = _rate(lambda: get(s, 200))
    manifest_304 = _rate(lambda: get(m, 304, manifest["ETag"]))
    manifest_200 = _rate(lambda: get(m, 200))
    cold = _rate(computed, n=REQUESTS // 3)
    print(f"board manifest of {slides} slides, {len(manifest.content):,} bytes; "
          f"state {len(state.content)} bytes; both signed (Ed25519)")
    print(f"state 304 (every 5 s per board):             {state_304:,.0f} requests/s "
          f"(≈ {state_304 * BOARDS_PER_CORE:,.0f} boards per busy core)")
    print(f"state 200 (signed again):                    {state_200:,.0f} requests/s")
    print(f"manifest 304 (every 30 s per board):         {manifest_304:,.0f} requests/s")
    print(f"manifest 200 from the cache:                 {manifest_200:,.0f} requests/s")
    print(f"manifest 200 computed (cache cleared):       {cold:,.0f} requests/s")


def run() -> None:
    on_sqlite("bench.boards", DEVICE_FETCH_RATE="off")


if __name__ == "__main__":
    main(run, worker)
