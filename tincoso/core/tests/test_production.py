"""The production profile as deployed: collectstatic, ``tincoso serve``, nginx in front.

GIVEN a fresh install in a temporary folder with the production environment the
systemd unit gives it (``TINCOSO_ENV=production``, a long secret, the host names,
the SSL redirect left on because nginx terminates TLS), WHEN it runs the unit's
own start steps (migrate, collectstatic, ``tincoso serve``) and the shipped
``deploy/nginx.conf`` is put in front of it on loopback, THEN pages, the log-in
and the hashed static files are served over HTTPS.
"""

from __future__ import annotations

import http.client
import re
import shutil
import socket
import ssl
import subprocess
import time
import urllib.parse
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tincoso.core.tests.serving import BIN, Served, free_port, serve, server_env
from tincoso.scale.services import nginx_conf

ROOT = Path(__file__).resolve().parents[3]
HOST = "tin.example.gov.vn"
PASSWORD = "Dung-ai-doan-duoc-2026"
PRODUCTION = {
    "TINCOSO_ENV": "production",
    "SECRET_KEY": "p" * 30 + "-a-production-secret-of-sixty-chars-" + "q" * 10,
    "ALLOWED_HOSTS": f"{HOST},127.0.0.1",
    "SECURE_SSL_REDIRECT": "1",
}


@dataclass(frozen=True)
class Site:
    var: Path
    app: Served
    nginx_port: int


def run(env: dict[str, str], *command: str) -> None:
    result = subprocess.run(
        [str(BIN / "tincoso"), *command], env=env, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, f"{command}: {result.stdout[-2000:]}{result.stderr[-3000:]}"


def nginx_config(var: Path, app_port: int, nginx_port: int) -> Path:
    """deploy/nginx.conf with only what must differ on loopback replaced: the
    addresses, the certificate and the static folder; wrapped in the few main
    directives a non-packaged nginx needs (``nginx_conf``: pid, logs, temp files)."""
    site = (ROOT / "deploy" / "nginx.conf").read_text(encoding="utf-8")
    replacements = {
        "server 127.0.0.1:8000;": f"server 127.0.0.1:{app_port};",
        "listen 443 ssl http2;": f"listen 127.0.0.1:{nginx_port} ssl http2;",
        "# ssl_certificate /etc/ssl/tincoso/fullchain.pem;": f"ssl_certificate {var}/c.pem;",
        "# ssl_certificate_key /etc/ssl/tincoso/privkey.pem;": f"ssl_certificate_key {var}/k.pem;",
        "/opt/tincoso/var/static/": f"{var}/static/",
    }
    for old, new in replacements.items():
        assert old in site, f"deploy/nginx.conf no longer has {old!r}: update this test"
        site = site.replace(old, new)
    (var / "site.conf").write_text(site, encoding="utf-8")
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
         "-nodes", "-days", "1", "-subj", f"/CN={HOST}",
         "-keyout", str(var / "k.pem"), "-out", str(var / "c.pem")],
        check=True, capture_output=True, timeout=60,
    )  # fmt: skip
    http = f"""    include /etc/nginx/mime.types;
    access_log {var}/nginx-access.log;
    include {var}/site.conf;"""
    return nginx_conf(var, http)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    assert Path(nginx).exists(), "nginx is missing: scripts/system-deps.sh test installs it"
    var = tmp_path_factory.mktemp("production")
    env = server_env(var, **PRODUCTION)
    # The systemd unit's own start steps, in its order.
    run(env, "manage", "migrate", "--noinput", "-v0")
    run(env, "manage", "collectstatic", "--noinput", "-v0")
    admin = ("--username", "quantri", "--email", "qt@example.vn")
    run(
        env | {"DJANGO_SUPERUSER_PASSWORD": PASSWORD},
        "manage",
        "createsuperuser",
        "--noinput",
        *admin,
    )
    with serve(env, var / "serve.log") as app:
        nginx_port = free_port()
        config = nginx_config(var, app.port, nginx_port)
        check = subprocess.run(
            [nginx, "-t", "-c", str(config)], capture_output=True, text=True, timeout=30
        )
        assert check.returncode == 0, check.stderr
        proxy = subprocess.Popen(
            [nginx, "-c", str(config)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        try:
            deadline = time.monotonic() + 20
            while True:
                try:
                    socket.create_connection(("127.0.0.1", nginx_port), timeout=1).close()
                    break
                except OSError:
                    assert proxy.poll() is None and time.monotonic() < deadline, (
                        var / "nginx-error.log"
                    ).read_text()
                    time.sleep(0.1)
            yield Site(var=var, app=app, nginx_port=nginx_port)
        finally:
            proxy.terminate()
            proxy.wait(timeout=20)


@dataclass(frozen=True)
class Answer:
    status: int
    headers: dict[str, str]
    body: bytes
    cookies: list[str]

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", errors="replace")


def https(site: Site, method: str, path: str, body: bytes | None = None, **headers: str) -> Answer:
    """One request to nginx over TLS, as a browser at https://HOST/ sends it."""
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    connection = http.client.HTTPSConnection(
        "127.0.0.1", site.nginx_port, timeout=20, context=context
    )
    try:
        connection.request(method, path, body=body, headers={"Host": HOST, **headers})
        response = connection.getresponse()
        return Answer(
            status=response.status,
            headers={k.lower(): v for k, v in response.getheaders()},
            body=response.read(),
            cookies=response.headers.get_all("Set-Cookie") or [],
        )
    finally:
        connection.close()


def direct(site: Site, path: str, **headers: str) -> Answer:
    connection = http.client.HTTPConnection("127.0.0.1", site.app.port, timeout=20)
    try:
        connection.request("GET", path, headers={"Host": HOST, **headers})
        response = connection.getresponse()
        return Answer(
            response.status,
            {k.lower(): v for k, v in response.getheaders()},
            response.read(),
            response.headers.get_all("Set-Cookie") or [],
        )
    finally:
        connection.close()


def test_every_source_map_a_static_file_names_is_there() -> None:
    """ManifestStaticFilesStorage follows sourceMappingURL comments and fails the
    whole collectstatic on a missing target (Chart.js once named an unvendored map)."""
    checked = 0
    for static in ROOT.glob("tincoso/*/static"):
        for path in [*static.rglob("*.js"), *static.rglob("*.css")]:
            text = path.read_text(encoding="utf-8", errors="replace")
            for target in re.findall(r"sourceMappingURL=([^\s*]+)", text):
                assert (path.parent / target).exists(), f"{path} names {target}"
            checked += 1
    assert checked >= 3


def test_collectstatic_writes_a_manifest_with_hashed_names(site: Site) -> None:
    manifest = (site.var / "static" / "staticfiles.json").read_text(encoding="utf-8")
    for name in ("vendor/pico.min.css", "vendor/htmx.min.js", "vendor/chart.umd.min.js"):
        assert f'"{name}"' in manifest


def test_pdf_js_modules_are_served_as_javascript_by_nginx(site: Site) -> None:
    """A browser runs a module script only when it comes with a JavaScript type, and
    the mime.types of Debian's nginx (1.22) does not know .mjs."""
    for name in ("pdf.min.mjs", "pdf.worker.min.mjs"):
        answer = https(site, "GET", f"/static/documents/vendor/pdfjs/{name}")
        assert answer.status == 200, name
        assert answer.headers["content-type"].startswith("text/javascript"), name


def test_the_portal_home_is_served_over_https_behind_nginx(site: Site) -> None:
    home = https(site, "GET", "/")
    assert home.status == 200, home.text[-2000:]
    assert "<title>" in home.text and "Tin Cơ Sở" in home.text
    assert "strict-transport-security" in home.headers
    # The second copy comes from the portal front's cache: the same security headers.
    again = https(site, "GET", "/")
    assert again.status == 200 and again.body == home.body
    for answer in (home, again):
        assert "script-src 'self'" in answer.headers["content-security-policy"]


def test_plain_http_is_sent_to_https(site: Site) -> None:
    answer = direct(site, "/")
    assert answer.status == 301 and answer.headers["location"] == f"https://{HOST}/"


def test_static_files_are_served_by_nginx_under_their_hashed_names(site: Site) -> None:
    home = https(site, "GET", "/")
    hrefs = re.findall(r'(?:href|src)="(/static/[^"]+)"', home.text)
    css = [h for h in hrefs if re.search(r"/vendor/pico\.min\.[0-9a-f]{12}\.css$", h)]
    assert css, hrefs
    for href in hrefs:
        answer = https(site, "GET", href)
        assert answer.status == 200, href
        assert answer.headers["cache-control"] == "public, immutable"
    # nginx served them from collectstatic's folder, not the app.
    log = (site.var / "serve.log").read_text(encoding="utf-8", errors="replace")
    assert css[0] not in log


def test_a_person_logs_in_through_nginx(site: Site) -> None:
    form = https(site, "GET", "/accounts/login/")
    assert form.status == 200, form.text[-2000:]
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.text)
    assert token is not None
    csrf_cookie = next(c for c in form.cookies if c.startswith("csrftoken="))
    assert "Secure" in csrf_cookie
    body = urllib.parse.urlencode(
        {"csrfmiddlewaretoken": token.group(1), "username": "quantri", "password": PASSWORD}
    ).encode()
    answer = https(
        site,
        "POST",
        "/accounts/login/",
        body,
        **{
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": csrf_cookie.split(";")[0],
            "Referer": f"https://{HOST}/accounts/login/",
        },
    )
    assert answer.status == 302, answer.text[-2000:]
    session = next(c for c in answer.cookies if c.startswith("sessionid="))
    assert "Secure" in session and "HttpOnly" in session
    dashboard = https(site, "GET", "/app/", Cookie=session.split(";")[0])
    assert dashboard.status == 200
