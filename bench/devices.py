"""Devices: signed manifests answered per second, 200 (computed, signed, sent) vs 304
(ETag unchanged, no body), through the whole Django stack in-process (test client:
middleware, device-token authentication, DRF; no network, no server). A manifest is
computed once per change of what plays (``devices/freshness.py``) and then answered
from the cache: the figures show a computed 200, a cached 200 and a 304.

A station with two daily slots whose programmes hold 10 bulletins each day, a
loudspeaker on one of its clusters; the manifest covers 48 hours (40 plays). Also
shown: the cost of ``playlist()`` alone, most of a computed answer. Rate limits are
off (``DEVICE_FETCH_RATE=off``) so the figures are the protocol's, not the limiter's.

    .venv/bin/python -m bench devices
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
VN = ZoneInfo("Asia/Ho_Chi_Minh")
PER_PROGRAMME = 10
REQUESTS = 300


def _rate(fn: Callable[[], Any], n: int = REQUESTS, rounds: int = 3) -> float:
    """Calls per second, best of ``rounds`` (the machine is shared)."""
    fn()
    best = 0.0
    for _ in range(rounds):
        started = time.perf_counter()
        for _ in range(n):
            fn()
        best = max(best, n / (time.perf_counter() - started))
    return best


def _generate() -> tuple[Any, str]:
    from django.core.files.base import ContentFile

    from tincoso.broadcast.bulletins.models import Bulletin
    from tincoso.broadcast.devices import credentials, services
    from tincoso.broadcast.devices.models import Device
    from tincoso.broadcast.stations.models import Cluster, Entry, Programme, Slot, Station
    from tincoso.units.models import Unit

    root = Unit.objects.add_root({"code": "p", "name": "Tỉnh", "kind": "province"})
    unit = Unit.objects.add_child(root, {"code": "x", "name": "Xã", "kind": "commune"})
    audio = Bulletin(unit=unit, title="Mẫu", status="approved", duration=60)
    audio.audio.save("bench.mp3", ContentFile(b"\xff\xfb" * 40000), save=False)
    audio.save()
    bulletins = [Bulletin(unit=unit, title=f"Bản tin {i}", status="approved", duration=60 + i,
                          audio=audio.audio.name) for i in range(PER_PROGRAMME)]
    Bulletin.objects.bulk_create(bulletins)
    station = Station.objects.create(unit=unit, name="Đài xã")
    cluster = Cluster.objects.create(station=station, name="Cụm loa 1")
    first = dt.date(2030, 3, 10)
    for hour in (6, 17):
        slot = Slot.objects.create(station=station, start=dt.time(hour), end=dt.time(hour, 30))
        for d in range(3):
            programme = Programme.objects.create(slot=slot, date=first + dt.timedelta(days=d))
            Entry.objects.bulk_create([Entry(programme=programme, bulletin=b, position=i)
                                       for i, b in enumerate(bulletins)])
    device = services.save_device(None, unit, services.DeviceData(
        name="Loa 1", kind=Device.Kind.LOUDSPEAKER, cluster=cluster))
    return device, credentials.issue_token(device)


def worker() -> None:
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client

    from tincoso.broadcast.devices import freshness, manifest
    from tincoso.core import clock

    call_command("migrate", verbosity=0)
    device, token = _generate()
    clock.set(dt.datetime(2030, 3, 10, 5, tzinfo=VN))
    client = Client(HTTP_AUTHORIZATION=f"Device {token}")
    first = client.get("/api/device/v1/manifest")
    assert first.status_code == 200, first.content
    etag, size = first["ETag"], len(first.content)
    items = len(first.json()["items"])

    def full() -> None:
        assert client.get("/api/device/v1/manifest").status_code == 200

    def computed() -> None:
        freshness.bump()  # as after any change of what plays: no cached manifest
        full()

    def unchanged() -> None:
        assert client.get("/api/device/v1/manifest", HTTP_IF_NONE_MATCH=etag).status_code == 304

    now = clock.now()
    plays = _rate(lambda: manifest.current_plays(device, now))
    cold = _rate(computed, n=REQUESTS // 3)
    ok, not_modified = _rate(full), _rate(unchanged)
    print(f"manifest of {items} plays, {size:,} bytes, signed (Ed25519)")
    print(f"200 computed (playlist, digest, canonical JSON, signature): {cold:,.0f} requests/s")
    print(f"200 from the cache (unchanged since last computed):        {ok:,.0f} requests/s")
    print(f"304 (If-None-Match matches, no body):                      {not_modified:,.0f} "
          f"requests/s ({not_modified / cold:.1f}× the computed 200s)")
    print(f"playlist() alone, which a computed answer pays:            {plays:,.0f} calls/s")


def run_isolated(module: str) -> None:
    """``python -m <module> --worker`` in a fresh development install (its own
    ``var/`` and SQLite database), with the devices' rate limits off."""
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "TINCOSO_VAR_DIR": tmp, "DEVICE_FETCH_RATE": "off"}
        env.pop("DATABASE_URL", None)
        subprocess.run([sys.executable, "-m", module, "--worker"], cwd=ROOT, env=env,
                       check=False)


def main(worker: Callable[[], None], run: Callable[[], None]) -> None:
    if sys.argv[1:] == ["--worker"]:
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tincoso.settings")
        worker()
    else:
        run()


def run() -> None:
    run_isolated("bench.devices")


if __name__ == "__main__":
    main(worker, run)
