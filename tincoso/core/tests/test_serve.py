"""``tincoso serve`` itself: the real app server (granian) with the portal front, over HTTP.

These tests run what ``make run`` and the systemd unit run, with its own
defaults, on its own SQLite database with the demo province, and use it as a
browser does: several keep-alive connections per person, most of them idle.
(The browser tests run against ``tincoso serve`` too: the app_server fixture.)
"""

from __future__ import annotations

import http.client
import http.cookiejar
import re
import sqlite3
import subprocess
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from tincoso.core.tests.serving import BIN, serve, server_env

# A correctness bound, not a speed test: the fault this guards against made a page
# wait for keep-alive to expire (30 s); a page takes milliseconds here.
PATIENCE = 8.0


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


@pytest.fixture(scope="module")
def demo_var(tmp_path_factory: pytest.TempPathFactory) -> Path:
    var = tmp_path_factory.mktemp("serve")
    for command in (["manage", "migrate", "-v0"], ["demo"]):
        subprocess.run(
            [str(BIN / "tincoso"), *command],
            env=server_env(var),
            check=True,
            capture_output=True,
            timeout=300,
        )
    return var


@pytest.fixture(scope="module")
def server(demo_var: Path) -> Iterator[str]:
    with serve(server_env(demo_var), demo_var / "serve.log") as served:
        yield served.url


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
    assert "<title>" in home.decode() and "Tin Cơ Sở" in home.decode()
    again = fetch(server + "/")
    assert again[0] == 200 and again[2] == home and again[1]["etag"] == headers["etag"]
    item = re.search(r'href="(/tin/\d+/)"', home.decode())
    assert item is not None
    status, item_headers, page = fetch(server + item.group(1))
    assert status == 200 and b"<article" in page
    assert fetch(server + item.group(1), **{"If-None-Match": item_headers["etag"]})[0] == 304
    assert fetch(server + "/", **{"If-None-Match": headers["etag"]})[0] == 304


def test_static_files_and_a_refused_host(server: str) -> None:
    _, _, home = fetch(server + "/")
    css = re.search(r'href="(/static/[^"]+\.css)"', home.decode())
    assert css is not None
    status, headers, _ = fetch(server + css.group(1))
    assert status == 200 and headers["content-type"].startswith("text/css")
    assert fetch(server + "/", Host="evil.example")[0] == 400


def log_in(server: str, username: str) -> tuple[urllib.request.OpenerDirector, str]:
    """Log in through the form; the opener and the session id."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), NoRedirect)
    with opener.open(server + "/accounts/login/", timeout=10) as response:
        form = response.read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form)
    assert token is not None
    body = urllib.parse.urlencode(
        {
            "csrfmiddlewaretoken": token.group(1),
            "username": username,
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
    sessions = [cookie.value for cookie in jar if cookie.name == "sessionid"]
    assert sessions
    return opener, str(sessions[0])


def test_a_staff_member_logs_in_and_gets_private_pages(server: str) -> None:
    opener, _ = log_in(server, "bientap.btg")
    with opener.open(server + "/app/", timeout=10) as response:
        assert response.status == 200
        assert 'action="/accounts/logout/"' in response.read().decode()
        assert "public" not in (response.headers.get("Cache-Control") or "")


def _get(connection: http.client.HTTPConnection, path: str, **headers: str) -> tuple[int, bytes]:
    connection.request("GET", path, headers=headers)
    response = connection.getresponse()
    return response.status, response.read()


def test_idle_keep_alive_connections_never_hold_up_other_requests(server: str) -> None:
    """Browsers keep several connections open after a page, idle; two people
    signed in hold a dozen. None of them may keep a request slot."""
    host, port = server.removeprefix("http://").split(":")
    idle = []
    try:
        for _ in range(16):  # more than workers x threads, as several browsers hold
            connection = http.client.HTTPConnection(host, int(port), timeout=PATIENCE)
            assert _get(connection, "/")[0] == 200
            idle.append(connection)  # kept open and idle: HTTP/1.1 keep-alive
        fresh = http.client.HTTPConnection(host, int(port), timeout=PATIENCE)
        status, home = _get(fresh, "/")
        assert status == 200
        css = re.search(r'href="(/static/[^"]+\.css)"', home.decode())
        assert css is not None
        assert _get(fresh, css.group(1))[0] == 200
        assert _get(fresh, "/accounts/login/")[0] == 200  # a page Django renders
        fresh.close()
        # The idle connections were kept, not dropped, and still serve.
        for connection in idle:
            assert _get(connection, "/robots.txt")[0] == 200
    finally:
        for connection in idle:
            connection.close()


def test_requests_stuck_in_the_database_do_not_stall_the_portal(
    server: str, demo_var: Path
) -> None:
    """A slow request (here: signed-in pages waiting for the database's write
    lock, as behind a long import) occupies a thread, not a whole worker."""
    _, session = log_in(server, "bientap.btg")
    host, port = server.removeprefix("http://").split(":")
    results: list[int] = []

    def signed_in_page() -> None:
        connection = http.client.HTTPConnection(host, int(port), timeout=30)
        # The session is saved on every request: a write, which waits for the lock.
        results.append(_get(connection, "/app/", Cookie=f"sessionid={session}")[0])
        connection.close()

    lock = sqlite3.connect(demo_var / "tincoso.sqlite3", timeout=10, isolation_level=None)
    lock.execute("BEGIN IMMEDIATE")  # another writer holds the database
    waiting = [threading.Thread(target=signed_in_page) for _ in range(2)]  # = the workers
    try:
        for thread in waiting:
            thread.start()
        time.sleep(0.5)
        assert all(thread.is_alive() for thread in waiting), "they should be waiting"
        assert fetch(server + "/")[0] == 200
        assert fetch(server + "/robots.txt")[0] == 200
        assert all(thread.is_alive() for thread in waiting), "still waiting: they are slow"
    finally:
        lock.execute("ROLLBACK")
        lock.close()
        for thread in waiting:
            thread.join(timeout=30)
    assert results == [200, 200]


def test_a_second_server_on_a_port_in_use_stops_with_a_clear_error(
    server: str, demo_var: Path
) -> None:
    port = server.rsplit(":", 1)[1]
    second = subprocess.run(
        [str(BIN / "tincoso"), "serve", "--no-scheduler", "--bind", f"127.0.0.1:{port}"],
        env=server_env(demo_var),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert second.returncode != 0
    assert f"127.0.0.1:{port}" in second.stderr
    assert "đang được dùng" in second.stderr and "already in use" in second.stderr
    assert fetch(server + "/robots.txt")[0] == 200  # the first one is untouched


def test_links_in_mail_point_at_the_address_being_served(server: str, demo_var: Path) -> None:
    """Without a configured SITE_URL, a notification's link is this server's
    address (here a random port), never a hard-coded :8000."""
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor())
    with opener.open(server + "/gop-y/", timeout=10) as response:
        form = response.read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form)
    place = re.search(r'<option value="(\d+)"', form)
    category = re.search(r'name="category" value="(\w+)"', form)
    assert token and place and category
    before = set((demo_var / "mail").glob("*")) if (demo_var / "mail").exists() else set()
    body = urllib.parse.urlencode(
        {
            "csrfmiddlewaretoken": token.group(1),
            "place": place.group(1),
            "category": category.group(1),
            "text": "Đường vào bản bị sạt lở một đoạn, xin xã cho người kiểm tra.",
        }
    ).encode()
    request = urllib.request.Request(  # noqa: S310 - loopback
        server + "/gop-y/", data=body, headers={"Referer": server + "/gop-y/"}
    )
    with opener.open(request, timeout=10) as response:
        assert response.status == 200 and "/gop-y/da-gui/" in response.url
    mails = [p for p in (demo_var / "mail").glob("*") if p not in before]
    assert mails, "the handlers were told by mail"
    text = "".join(p.read_text(encoding="utf-8", errors="replace") for p in mails)
    assert f"{server}/app/feedback/" in text
    assert "127.0.0.1:8000" not in text
