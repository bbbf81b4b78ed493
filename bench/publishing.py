"""Publishing figures: search latency on 100,000 items, portal throughput, publish latency.

1. Search: 100,000 index entries on SQLite FTS5, with and without filters
   (``bench/search.py``, which also measures 1,000,000 on PostgreSQL).
2. Portal: one anonymous item page under wrk on loopback: (a) the app server
   alone (``tincoso serve``: granian, Django behind the WSGI portal front; also
   shown without the front, for comparison), (b) nginx with the micro-cache of
   deploy/nginx-portal-cache.conf in front, (c) nginx serving the same bytes as
   a static file; (a) and (b) as fractions of (c), measured in the same run.
3. Publish latency: from approve() to the item answering on the portal, in
   search and in the feed (through the app server, and through the micro-cache).

    .venv/bin/python -m bench publishing
    .venv/bin/python -m bench.publishing portal     # the portal figures only
"""

from __future__ import annotations

import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Any

from bench._worker import ROOT, on_sqlite
from bench.feedback import _free_port, _line, _serve, _stop, _wait, _wrk
from tincoso.scale.services import nginx_conf


def _prepare_portal(env: dict[str, str]) -> int:
    code = (
        "import django; django.setup()\n"
        "from django.core.management import call_command\n"
        "call_command('migrate', verbosity=0)\n"
        "call_command('demo', verbosity=0, stdout=open('/dev/null', 'w'))\n"
        "from tincoso.publishing.models import Item\n"
        "print(Item.objects.filter(status='published', audience='public').first().pk)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, check=True, capture_output=True, text=True
    ).stdout
    return int(out.strip().splitlines()[-1])


def _nginx_conf(folder: Path, port: int, static_port: int, app_port: int) -> Path:
    """deploy/nginx-portal-cache.conf itself, with ports and paths moved into ``folder``,
    plus a second server that serves the page's bytes as a static file."""
    www = folder / "www"
    www.mkdir(exist_ok=True)
    folder.chmod(0o755)
    www.chmod(0o755)
    deploy = (ROOT / "deploy" / "nginx-portal-cache.conf").read_text("utf-8")
    for old, new in (
        ("listen 80;", f"listen 127.0.0.1:{port};"),
        ("server 127.0.0.1:8000;", f"server 127.0.0.1:{app_port};"),
        ("/var/cache/nginx/tincoso", str(folder / "cache")),
        ("/opt/tincoso/var/static/", str(folder / "static") + "/"),
    ):
        if old not in deploy:
            raise SystemExit(f"deploy/nginx-portal-cache.conf no longer has {old!r}")
        deploy = deploy.replace(old, new)
    (folder / "portal-cache.conf").write_text(deploy, encoding="utf-8")
    return nginx_conf(
        folder,
        f"""    access_log off;
    default_type text/html;
    include {folder}/portal-cache.conf;
    server {{
        listen 127.0.0.1:{static_port};
        location /static-copy/ {{ alias {www}/; }}
    }}""",
    )


def _bare_django(env: dict[str, str], path: str) -> dict[str, Any]:
    """The same server serving Django itself (tincoso.wsgi:django_application), no front."""
    port = _free_port()
    app = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "granian"),
            "--interface", "wsgi", "--no-ws", "--workers", "2",
            "--blocking-threads", "4", "--backpressure", "512",  # tincoso serve's defaults
            "--host", "127.0.0.1", "--port", str(port),
            "tincoso.wsgi:django_application",
        ],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        _wait(f"http://127.0.0.1:{port}{path}")
        return _wrk(f"http://127.0.0.1:{port}{path}")
    finally:
        _stop(app)


def _portal_bench() -> None:
    if not shutil.which("wrk") or not shutil.which("nginx"):
        print("  wrk and nginx are needed: scripts/system-deps.sh bench installs them")
        return
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        env = {
            **os.environ,
            "TINCOSO_VAR_DIR": str(folder / "var"),
            "DJANGO_SETTINGS_MODULE": "tincoso.settings",
            "EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",
        }
        env.pop("DATABASE_URL", None)
        item = _prepare_portal(env)
        app_port, nginx_port, static_port = _free_port(), _free_port(), _free_port()
        app = _serve(env, app_port)
        nginx = None
        try:
            path = f"/tin/{item}/"
            _wait(f"http://127.0.0.1:{app_port}{path}")
            with urllib.request.urlopen(f"http://127.0.0.1:{app_port}{path}") as r:
                body = r.read()
            conf = _nginx_conf(folder, nginx_port, static_port, app_port)
            (folder / "www" / "item.html").write_bytes(body)
            nginx = subprocess.Popen(["nginx", "-p", str(folder), "-c", str(conf)])
            _wait(f"http://127.0.0.1:{static_port}/static-copy/item.html")
            print(
                f"  anonymous item page, {len(body):,} bytes; wrk -t2 -c16 -d10s on 127.0.0.1",
                flush=True,
            )
            static = _wrk(f"http://127.0.0.1:{static_port}/static-copy/item.html")
            _line("(c) nginx, the same bytes as a static file", static)
            alone = _wrk(f"http://127.0.0.1:{app_port}{path}")
            _line(
                "(a) tincoso serve (granian, 2 workers) alone",
                alone,
                f"   {alone['rps'] / static['rps']:.1%} of (c), target ≥ 10%",
            )
            bare = _bare_django(env, path)
            _line(
                "    the same without the portal front",
                bare,
                f"   {bare['rps'] / static['rps']:.1%} of (c); "
                f"the front: ×{alone['rps'] / bare['rps']:.1f}",
            )
            cached = _wrk(f"http://127.0.0.1:{nginx_port}{path}")
            _line(
                "(b) nginx micro-cache in front",
                cached,
                f"   {cached['rps'] / static['rps']:.1%} of (c), target ≥ 60%",
            )
            _live_latency(env, nginx_port)
        finally:
            if nginx is not None:
                _stop(nginx)
            _stop(app)


def _latency_bench() -> None:
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.test import Client

    from tincoso import search
    from tincoso.publishing import services
    from tincoso.units.models import Unit

    call_command("migrate", verbosity=0)
    call_command("demo", verbosity=0, stdout=open(os.devnull, "w"))  # noqa: SIM115
    users = get_user_model().objects
    editor, approver = users.get(username="bientap.btg"), users.get(username="lanhdao.btg")
    unit = Unit.objects.get(code="btg-tu")
    client = Client()
    samples: dict[str, list[float]] = {"approve": [], "portal": [], "search": [], "feed": []}
    for i in range(20):
        item = services.create_item(
            editor,
            unit,
            services.Draft(title=f"Tin đo độ trễ số {i} về thông tin cơ sở", body="Nội dung."),
        )
        services.submit_for_review(editor, item)
        t0 = time.perf_counter()
        services.approve(approver, item)
        samples["approve"].append(time.perf_counter() - t0)
        assert client.get(f"/tin/{item.pk}/").status_code == 200
        samples["portal"].append(time.perf_counter() - t0)
        assert any(h.object_id == item.pk for h in search.search(f"do do tre so {i}", None).hits)
        samples["search"].append(time.perf_counter() - t0)
        assert f"/tin/{item.pk}/" in client.get("/feeds/rss/").content.decode()
        samples["feed"].append(time.perf_counter() - t0)
    for key, label in (
        ("approve", "approve() returns (published, indexed)"),
        ("portal", "… item page answers 200"),
        ("search", "… found by search"),
        ("feed", "… listed in the RSS feed"),
    ):
        print(f"  {label:42s} median {statistics.median(samples[key]) * 1000:6.1f} ms", flush=True)


def _live_latency(env: dict[str, str], nginx_port: int) -> None:
    subprocess.run(
        [sys.executable, "-m", "bench.publishing", "live-latency", str(nginx_port)],
        cwd=ROOT,
        env=env,
        check=False,
    )


def _live_latency_bench() -> None:
    """Approve in this process, watch the running server through nginx's micro-cache."""
    import django

    django.setup()
    from django.contrib.auth import get_user_model

    from tincoso.publishing import services
    from tincoso.units.models import Unit

    port = int(sys.argv[2])
    users = get_user_model().objects
    editor, approver = users.get(username="bientap.btg"), users.get(username="lanhdao.btg")
    unit = Unit.objects.get(code="btg-tu")

    def first_seen(checks: dict[str, tuple[str, str]], t0: float) -> dict[str, float]:
        """Poll every URL in turn until each shows its needle; seconds since ``t0``."""
        seen: dict[str, float] = {}
        while len(seen) < len(checks) and time.perf_counter() < t0 + 10:
            for key, (path, needle) in checks.items():
                if key in seen:
                    continue
                with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}") as response:
                    if needle in response.read().decode("utf-8"):
                        seen[key] = time.perf_counter() - t0
            time.sleep(0.01)
        return seen

    samples: dict[str, list[float]] = {"portal": [], "search": [], "feed": []}
    for i in range(8):
        title = f"Tin đo qua bộ đệm số {i} {random.randrange(10**6)}"
        for url in ("/", "/feeds/rss/"):  # hot in the micro-cache, as under load
            urllib.request.urlopen(f"http://127.0.0.1:{port}{url}").read()
        item = services.create_item(editor, unit, services.Draft(title=title, body="Nội dung."))
        services.submit_for_review(editor, item)
        t0 = time.perf_counter()
        services.approve(approver, item)
        query = urllib.parse.quote(title.split(" ", 4)[-1])
        seen = first_seen(
            {
                "portal": ("/", title),
                "search": (f"/search?q={query}", f"/tin/{item.pk}/"),
                "feed": ("/feeds/rss/", title),
            },
            t0,
        )
        for key in samples:
            samples[key].append(seen.get(key, float("nan")))
    for key, label in (
        ("portal", "… on the home page through nginx"),
        ("search", "… found by /search through nginx"),
        ("feed", "… in the RSS feed through nginx"),
    ):
        values = sorted(samples[key])
        print(
            f"  {label:42s} median {statistics.median(values) * 1000:6.0f} ms, "
            f"max {values[-1] * 1000:6.0f} ms",
            flush=True,
        )
    print(
        "  (nginx counts cache lifetimes in whole seconds: a 1 s micro-cache keeps a page 1–2 s)",
        flush=True,
    )


def run() -> None:
    print("--- search", flush=True)
    on_sqlite("bench.search", "100000")
    for name in ("latency",):
        with tempfile.TemporaryDirectory() as tmp:
            env = {
                **os.environ,
                "TINCOSO_VAR_DIR": tmp,
                "EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",
            }
            env.pop("DATABASE_URL", None)
            print(f"--- {name}", flush=True)
            subprocess.run(
                [sys.executable, "-m", "bench.publishing", name], cwd=ROOT, env=env, check=False
            )
    print("--- portal", flush=True)
    _portal_bench()


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tincoso.settings")
    {
        "search": lambda: on_sqlite("bench.search", "100000"),
        "latency": _latency_bench,
        "live-latency": _live_latency_bench,
        "portal": _portal_bench,
    }.get(sys.argv[1] if len(sys.argv) > 1 else "", run)()
