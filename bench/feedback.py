"""The public feedback endpoint under load (wrk, loopback), beside a static nginx file.

One run, one machine: the app under granian (``tincoso serve``, 2 workers, SQLite
in WAL mode in a temporary folder), and nginx serving a small static file, each
driven by wrk for 10 seconds with 2 threads and 16 connections on 127.0.0.1.

  1. nginx, a static 2 KiB file: the ceiling of this machine.
  2. GET /gop-y/ : the public form page (what a QR code opens).
  3. POST /api/public/feedback/ with the per-source limits off: every request
     stores a submission (the write path: validation, routing, insert, notify).
  4. The same POST with the limits on (5 per 10 minutes per source): after the
     first few, wrk's single address is refused with 429: the cost of turning
     a flood away.

    .venv/bin/python -m bench feedback
"""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any

from bench._worker import ROOT
from tincoso.scale.services import nginx_conf

DURATION = "10s"
THREADS = "2"
CONNECTIONS = "16"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _wait(url: str, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 - loopback
                if response.status < 500:
                    return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"{url} did not come up")


def _wrk(url: str, script: Path | None = None) -> dict[str, Any]:
    command = ["wrk", "-t", THREADS, "-c", CONNECTIONS, "-d", DURATION, "--latency"]
    if script is not None:
        command += ["-s", str(script)]
    out = subprocess.run(
        [*command, url], capture_output=True, text=True, check=True, timeout=60
    ).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    p50 = re.search(r"50%\s+([\d.]+\w+)", out)
    p99 = re.search(r"99%\s+([\d.]+\w+)", out)
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    total = re.search(r"(\d+) requests in", out)
    return {
        "rps": rps,
        "p50": p50.group(1) if p50 else "?",
        "p99": p99.group(1) if p99 else "?",
        "non2xx": int(non2xx.group(1)) if non2xx else 0,
        "requests": int(total.group(1)) if total else 0,
    }


def _line(label: str, result: dict[str, Any], extra: str = "") -> None:
    print(
        f"  {label:46s} {result['rps']:9,.0f} req/s   p50 {result['p50']:>8s}  "
        f"p99 {result['p99']:>8s}{extra}",
        flush=True,
    )


def _post_script(folder: Path) -> Path:
    body = json.dumps(
        {
            "place": "ban-1",
            "category": "question",
            "text": "Xin hỏi lịch tiêm chủng mở rộng tháng này vào ngày nào?",
        }
    )
    script = folder / "post.lua"
    script.write_text(
        'wrk.method = "POST"\n'
        'wrk.headers["Content-Type"] = "application/json"\n'
        f"wrk.body = {json.dumps(body)}\n",
        encoding="utf-8",
    )
    return script


def _prepare(env: dict[str, str]) -> None:
    code = (
        "import django; django.setup()\n"
        "from django.core.management import call_command\n"
        "call_command('migrate', verbosity=0)\n"
        "from tincoso.units.models import Unit, UnitKind, Role\n"
        "from tincoso.units.services import grant_role\n"
        "from django.contrib.auth import get_user_model\n"
        "root = Unit.objects.add_root(dict(code='xa', name='Xã', kind=UnitKind.COMMUNE))\n"
        "Unit.objects.add_child(root, dict(code='ban-1', name='Bản 1', kind=UnitKind.VILLAGE))\n"
        "officer = get_user_model().objects.create_user('canbo', 'canbo@example.invalid')\n"
        "grant_role(None, officer, Unit.objects.get(code='xa'), Role.OFFICER)\n"
    )
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, check=True)


def _nginx(folder: Path, port: int) -> subprocess.Popen[bytes]:
    www = folder / "www"
    www.mkdir()
    (www / "static.html").write_text("<!doctype html><p>" + "x" * 2048 + "</p>", "utf-8")
    folder.chmod(0o755)
    www.chmod(0o755)
    http = f"""    access_log off;
    server {{
        listen 127.0.0.1:{port};
        root {www};
    }}"""
    return subprocess.Popen(["nginx", "-p", str(folder), "-c", str(nginx_conf(folder, http))])


def _serve(env: dict[str, str], port: int) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [
            str(Path(sys.executable).parent / "tincoso"),
            "serve",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "2",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def _stop(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()


def _count(env: dict[str, str]) -> int:
    code = (
        "import django; django.setup()\n"
        "from tincoso.feedback.models import Feedback; print(Feedback.objects.count())"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, check=True, capture_output=True, text=True
    ).stdout
    return int(out.strip().splitlines()[-1])


def run() -> None:
    if not shutil.which("wrk") or not shutil.which("nginx"):
        print("wrk and nginx are needed: scripts/system-deps.sh bench installs them")
        return
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        base = {
            **os.environ,
            "TINCOSO_VAR_DIR": str(folder / "var"),
            "DJANGO_SETTINGS_MODULE": "tincoso.settings",
        }
        base.pop("DATABASE_URL", None)
        base.pop("REDIS_URL", None)
        _prepare(base)
        script = _post_script(folder)
        print(
            f"wrk -t{THREADS} -c{CONNECTIONS} -d{DURATION} on 127.0.0.1; "
            f"granian 2 workers, SQLite (WAL)",
            flush=True,
        )

        nginx_port = _free_port()
        nginx = _nginx(folder, nginx_port)
        try:
            _wait(f"http://127.0.0.1:{nginx_port}/static.html")
            static = _wrk(f"http://127.0.0.1:{nginx_port}/static.html")
        finally:
            _stop(nginx)
        _line("nginx, static 2 KiB file", static)

        for limits in ("off", "on"):
            env = dict(base)
            if limits == "off":
                env["FEEDBACK_RATE"] = env["FEEDBACK_DAILY_RATE"] = "off"
            else:
                env.pop("FEEDBACK_RATE", None)
                env.pop("FEEDBACK_DAILY_RATE", None)
            port = _free_port()
            app = _serve(env, port)
            try:
                _wait(f"http://127.0.0.1:{port}/gop-y/")
                if limits == "off":
                    form = _wrk(f"http://127.0.0.1:{port}/gop-y/")
                    _line(
                        "GET /gop-y/ (the public form page)",
                        form,
                        f"   ({form['rps'] / static['rps']:.1%} of nginx)",
                    )
                before = _count(env)
                post = _wrk(f"http://127.0.0.1:{port}/api/public/feedback/", script)
                stored = _count(env) - before
            finally:
                _stop(app)
            label = (
                "POST /api/public/feedback/, limits off"
                if limits == "off"
                else "POST /api/public/feedback/, limits on"
            )
            _line(
                label,
                post,
                f"   ({post['rps'] / static['rps']:.1%} of nginx; "
                f"{stored:,} stored, {post['non2xx']:,} refused)",
            )
