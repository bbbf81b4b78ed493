"""``tincoso serve`` itself: the real app server (granian) with the portal front, over HTTP.

Everything else in the suite talks to Django through its test client or
pytest-django's live server; this test runs what ``make run`` and the systemd
unit run, on its own SQLite database with the demo province.
"""

from __future__ import annotations

import http.cookiejar
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

BIN = Path(sys.executable).parent


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    var = tmp_path_factory.mktemp("serve")
    env = {
        **os.environ,
        "TINCOSO_VAR_DIR": str(var),
        "DJANGO_SETTINGS_MODULE": "tincoso.settings",
        "EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",
    }
    for name in ("DATABASE_URL", "REDIS_URL", "TINCOSO_ENV"):
        env.pop(name, None)
    for command in (["manage", "migrate", "-v0"], ["demo"]):
        subprocess.run(
            [str(BIN / "tincoso"), *command], env=env, check=True, capture_output=True, timeout=300
        )
    port = _free_port()
    process = subprocess.Popen(
        [str(BIN / "tincoso"), "serve", "--bind", f"127.0.0.1:{port}", "--no-scheduler"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(base + "/robots.txt", timeout=2).close()  # noqa: S310
                break
            except OSError:
                if time.monotonic() > deadline or process.poll() is not None:
                    raise RuntimeError("tincoso serve did not come up") from None
                time.sleep(0.2)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=20)


def fetch(url: str, **headers: str) -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(url, headers=headers)  # noqa: S310 - loopback
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
            return (
                response.status,
                {k.lower(): v for k, v in response.headers.items()},
                response.read(),
            )
    except urllib.error.HTTPError as error:
        return error.code, {k.lower(): v for k, v in error.headers.items()}, error.read()


def test_the_portal_is_served_and_repeated_pages_are_identical(server: str) -> None:
    status, headers, home = fetch(server + "/")
    assert status == 200 and headers["cache-control"] == "public, no-cache"
    assert "Tin Cơ Sở" in home.decode() or "<html" in home.decode()
    again = fetch(server + "/")
    assert again[0] == 200 and again[2] == home and again[1]["etag"] == headers["etag"]
    item = re.search(r'href="(/tin/\d+/)"', home.decode())
    assert item is not None
    status, _, page = fetch(server + item.group(1))
    assert status == 200 and b"<article" in page
    assert fetch(server + item.group(1), **{"If-None-Match": headers["etag"]})[0] in (200, 304)
    assert fetch(server + "/", **{"If-None-Match": headers["etag"]})[0] == 304


def test_static_files_and_a_refused_host(server: str) -> None:
    _, _, home = fetch(server + "/")
    css = re.search(r'href="(/static/[^"]+\.css)"', home.decode())
    assert css is not None
    status, headers, _ = fetch(server + css.group(1))
    assert status == 200 and headers["content-type"].startswith("text/css")
    assert fetch(server + "/", Host="evil.example")[0] == 400


def test_a_staff_member_logs_in_and_gets_private_pages(server: str) -> None:
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), NoRedirect)
    with opener.open(server + "/accounts/login/", timeout=10) as response:
        form = response.read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form)
    assert token is not None
    body = urllib.parse.urlencode(
        {
            "csrfmiddlewaretoken": token.group(1),
            "username": "bientap.btg",
            "password": "TinCoSo@2026",
        }
    ).encode()
    request = urllib.request.Request(  # noqa: S310 - loopback
        server + "/accounts/login/", data=body, headers={"Referer": server + "/accounts/login/"}
    )
    try:
        opener.open(request, timeout=10)
        raise AssertionError("the log-in should redirect")
    except urllib.error.HTTPError as redirect:
        assert redirect.code == 302
    assert any(cookie.name == "sessionid" for cookie in jar)
    with opener.open(server + "/app/", timeout=10) as response:
        assert response.status == 200
        assert 'action="/accounts/logout/"' in response.read().decode()
        assert "public" not in (response.headers.get("Cache-Control") or "")
