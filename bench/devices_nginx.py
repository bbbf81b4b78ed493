"""A device's manifest poll answered 304 by the app alone vs nginx serving the same bytes
statically (issue 14's target: the app at ≥ 50% of nginx), in one run on loopback.

The app: ``tincoso serve`` (granian, 2 workers; no broker, scheduler or task worker),
SQLite in WAL mode in a temporary folder, the device of ``bench.devices`` (a station
with 40 plays in its window), rate limits off. The client sends the device's token
and the ETag it holds: device-token authentication, the cached manifest, 304.
nginx (Debian's, one worker, config generated on loopback) serves the body the app
sent as a static file; the client sends nginx's own ETag: 304 from nginx.

Also the poll of the scale-out profile (docs/device-protocol.md §4.5): the app runs with
``DEVICE_MANIFEST_DIR`` and tells the device its published URL; nginx with the profile's
own configuration (``tincoso.scale.services.nginx_config``, the app behind it) answers
that URL from the file the app wrote, 304 with its ETag. The issue's target is met by
this path; the line above it stays to show what the app alone costs.
wrk: 2 threads, 16 connections, 10 s each, after 2 s of the same load on the app.

The app's own 304 path (``poll_wsgi``) answers a remembered poll with no query while the
SQLite database's change stamp stands still (rate limits off, as here). Side by side,
one run, before and after that memo: 2,772 → 19,614 req/s (5.6 → 46.3 % of nginx).
The stamp then cost a statement per poll (``PRAGMA data_version``); read from the
WAL-index header instead (``core/dbchanges.py``), 0.8 µs against ~7 µs in-process,
the app reached 40-54 % of nginx, under the target in one run of four. Then the path
read its settings once per process (not the environment per request), kept its memo
under the credential as sent (no token parse or SHA-256 on a repeat), compared POSIX
times and ETags whole, and stopped asking the pid per stamp: 8.2 → 2.1 µs in-process.
Old and new tree in turn, twice, machine otherwise idle (2026-12-01): the old tree
50,651 and 50,112 req/s (38.8 % and 36.9 % of nginx's 130,497 and 135,755); the new,
three rounds each run, 70,159 / 72,625 / 70,185 and 72,902 / 69,673 / 71,804 req/s,
55.3 / 55.1 / 50.1 % and 53.1 / 51.9 / 55.5 % of nginx (126,766-139,986): medians
55.1 % and 53.1 %, no round under the target. Python's cost here is what the path
touches, not how many lines it runs: a fixed 304 from a no-op WSGI callable under the
same granian reached ~70 % of nginx on an earlier machine.

    .venv/bin/python -m bench devices_nginx
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from bench._worker import ROOT
from bench.feedback import (
    CONNECTIONS,
    THREADS,
    _free_port,
    _line,
    _nginx,
    _stop,
    _wait,
    _wrk,
)

TARGET = 0.5
ROUNDS = 3


def _prepare(env: dict[str, str]) -> str:
    """Migrate, make the bench device; its token."""
    code = (
        "import django; django.setup()\n"
        "from django.core.management import call_command\n"
        "call_command('migrate', verbosity=0)\n"
        "from bench.devices import _generate\n"
        "device, token = _generate()\n"
        "import datetime as dt\n"
        "from tincoso.broadcast.stations.models import Programme\n"
        "shift = dt.date(2030, 3, 10) - dt.date.today()  # its programmes from today on\n"
        "for p in Programme.objects.all():\n"
        "    Programme.objects.filter(pk=p.pk).update(date=p.date - shift)\n"
        "print(token)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, check=True,
                         capture_output=True, text=True).stdout
    return out.strip().splitlines()[-1]


def _get(url: str, headers: dict[str, str]) -> tuple[bytes, str, str]:
    """The body, the ETag and the published URL the app gives (§4.5; else empty)."""
    request = urllib.request.Request(url, headers=headers)  # noqa: S310 - loopback
    with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 - loopback
        return (response.read(), response.headers["ETag"],
                response.headers.get("X-Tincoso-Manifest-Url", ""))


@contextlib.contextmanager
def _serving(env: dict[str, str]) -> Iterator[str]:
    """``tincoso serve`` (2 workers, nothing else) on loopback: the manifest's URL."""
    port = _free_port()
    app = subprocess.Popen(
        [str(Path(sys.executable).parent / "tincoso"), "serve", "--bind",
         f"127.0.0.1:{port}", "--workers", "2", "--no-mqtt", "--no-worker",
         "--no-scheduler"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        _wait(f"http://127.0.0.1:{port}/healthz")
        yield f"http://127.0.0.1:{port}/api/device/v1/manifest"
    finally:
        _stop(app)


def _warm_up(url: str, script: Path) -> None:
    """Two seconds of the same load first: each worker process reads the manifest once
    (its own copy) and learns its answer; what is measured is the steady state."""
    subprocess.run(["wrk", "-t", THREADS, "-c", CONNECTIONS, "-d", "2s", "-s", str(script), url],
                   capture_output=True, check=True, timeout=60)


def _script(folder: Path, name: str, headers: dict[str, str]) -> Path:
    script = folder / name
    script.write_text("".join(f"wrk.headers[{json.dumps(k)}] = {json.dumps(v)}\n"
                              for k, v in headers.items()), encoding="utf-8")
    return script


def run() -> None:
    if not shutil.which("wrk") or not shutil.which("nginx"):
        print("wrk and nginx are needed: scripts/system-deps.sh bench installs them")
        return
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        folder.chmod(0o755)  # nginx's workers (nobody) walk down to the files
        manifests = folder / "device-manifests"
        env = {**os.environ, "TINCOSO_VAR_DIR": str(folder / "var"),
               "DJANGO_SETTINGS_MODULE": "tincoso.settings", "DEVICE_FETCH_RATE": "off",
               "DEVICE_MANIFEST_DIR": str(manifests)}
        for name in ("DATABASE_URL", "REDIS_URL", "MQTT_URL"):
            env.pop(name, None)
        token = _prepare(env)
        auth = {"Authorization": f"Device {token}"}
        # The app alone as ``make run`` serves it (no published manifests: its own 304
        # path) and nginx serving the same bytes, both up, measured in turn; then the
        # app with DEVICE_MANIFEST_DIR behind the scale profile's nginx.
        alone = {k: v for k, v in env.items() if k != "DEVICE_MANIFEST_DIR"}
        with _serving(alone) as url, _static_nginx(folder) as (write, static):
            body, etag, _fast = _get(url, auth)
            print(f"wrk -t2 -c16 -d10s on 127.0.0.1; manifest {len(body):,} bytes; "
                  f"{ROUNDS} rounds, the app then nginx in each", flush=True)
            app_script = _script(folder, "app.lua", {**auth, "If-None-Match": etag})
            write(body)
            _wait(static)
            _same, nginx_etag, _none = _get(static, {})
            assert _same == body
            nginx_script = _script(folder, "nginx.lua", {"If-None-Match": nginx_etag})
            _warm_up(url, app_script)
            _warm_up(static, nginx_script)
            rounds = [(_wrk(url, app_script), _wrk(static, nginx_script))
                      for _ in range(ROUNDS)]
        with _serving(env) as url:
            _body, _etag, fast = _get(url, auth)
            port = int(urllib.parse.urlsplit(url).port or 0)
            front = _published(folder, port, manifests, urllib.parse.urlsplit(fast).path)
    ratios = [app["rps"] / nginx["rps"] for app, nginx in rounds]
    for number, (app_304, nginx_304) in enumerate(rounds, start=1):
        _line(f"round {number}: nginx, the same bytes static, 304", nginx_304)
        _line(f"round {number}: app alone (make run profile), 304", app_304,
              f"   ({ratios[number - 1]:.1%} of nginx)")
    middle = statistics.median(ratios)
    print(f"  app alone as % of nginx, median of {ROUNDS} rounds: {middle:.1%} "
          f"(target ≥ {TARGET:.0%}: {'met' if middle >= TARGET else 'NOT met'})")
    nginx_rps = statistics.median(nginx["rps"] for _app, nginx in rounds)
    ratio = front["rps"] / nginx_rps
    _line("published manifest (nginx, scale profile), 304", front,
          f"   ({ratio:.1%} of nginx's median; target ≥ {TARGET:.0%}: "
          f"{'met' if ratio >= TARGET else 'NOT met'})")
    for label, result in [*((f"round {n}", r) for n, pair in enumerate(rounds, 1)
                            for r in pair), ("published", front)]:
        if result["non2xx"]:
            print(f"  unexpected answers ({label}): {result['non2xx']}")


@contextlib.contextmanager
def _static_nginx(folder: Path) -> Iterator[tuple[Callable[[bytes], None], str]]:
    """Debian's nginx serving a folder on loopback: a writer of its manifest.json, and
    that file's URL."""
    (folder / "nginx").mkdir()
    port = _free_port()
    nginx = _nginx(folder / "nginx", port)
    target = folder / "nginx" / "www" / "manifest.json"
    try:
        yield target.write_bytes, f"http://127.0.0.1:{port}/manifest.json"
    finally:
        _stop(nginx)


def _published(folder: Path, app_port: int, manifests: Path, path: str) -> dict[str, Any]:
    """wrk on the device's published URL, nginx (scale profile) in front of the app."""
    from tincoso.scale.services import nginx_config

    port = _free_port()
    config = nginx_config(folder / "scale-nginx", port, [app_port], manifests)
    front = subprocess.Popen(["nginx", "-c", str(config)], stdout=subprocess.DEVNULL,
                             stderr=subprocess.DEVNULL)
    try:
        published = f"http://127.0.0.1:{port}{path}"
        _wait(published)
        _envelope, etag, _none = _get(published, {})
        return _wrk(published, _script(folder, "published.lua", {"If-None-Match": etag}))
    finally:
        _stop(front)

if __name__ == "__main__":
    run()
