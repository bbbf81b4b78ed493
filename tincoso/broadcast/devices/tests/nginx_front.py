"""Debian's nginx on loopback with the scale-out profile's configuration
(``tincoso.scale.services.nginx_config``): it serves the published manifests of
``manifests`` itself and passes everything else to the app server on ``upstream``."""

from __future__ import annotations

import shutil
import subprocess
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from tincoso.scale.processes import free_port, wait_for_port
from tincoso.scale.services import nginx_config


@dataclass
class Answer:
    status: int
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""


@contextmanager
def nginx_front(folder: Path, upstream: int, manifests: Path) -> Iterator[int]:
    """nginx's port; stopped on exit."""
    binary = shutil.which("nginx") or "/usr/sbin/nginx"
    assert Path(binary).exists(), "nginx is missing: scripts/system-deps.sh test installs it"
    folder.mkdir(parents=True, exist_ok=True)
    port = free_port()
    config = nginx_config(folder, port, [upstream], manifests)
    check = subprocess.run([binary, "-t", "-c", str(config)], capture_output=True, text=True,
                           timeout=30, check=False)  # fmt: skip
    assert check.returncode == 0, check.stderr
    process = subprocess.Popen([binary, "-c", str(config)], stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)  # fmt: skip
    try:
        wait_for_port(port, timeout=20)
        yield port
    finally:
        process.terminate()
        process.wait(timeout=20)


def get(port: int, path: str, headers: dict[str, str] | None = None,
        method: str = "GET") -> Answer:
    """One request to nginx; any status is an answer (redirects are not followed)."""
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", headers=headers or {},
                                     method=method)  # fmt: skip
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 - loopback
            return Answer(response.status, {k.lower(): v for k, v in response.headers.items()},
                          response.read())
    except urllib.error.HTTPError as error:
        return Answer(error.code, {k.lower(): v for k, v in error.headers.items()}, error.read())
