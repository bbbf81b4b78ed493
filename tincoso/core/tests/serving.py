"""Start ``tincoso serve`` as people get it, for tests that talk to it over HTTP.

The browser tests and the serving tests use this instead of Django's test
server, so what is tested is what ``make run`` and the systemd unit serve:
granian, its default workers and threads, the portal front, WhiteNoise.
"""

from __future__ import annotations

import contextlib
import http.client
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def server_env(var: Path, **extra: str) -> dict[str, str]:
    """The environment of a development install living in ``var``."""
    env = {
        **os.environ,
        "TINCOSO_VAR_DIR": str(var),
        "DJANGO_SETTINGS_MODULE": "tincoso.settings",
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
    }
    for name in ("DATABASE_URL", "REDIS_URL", "TINCOSO_ENV", "DJANGO_ALLOW_ASYNC_UNSAFE"):
        env.pop(name, None)
    env.update(extra)
    return env


@dataclass(frozen=True)
class Served:
    url: str
    port: int
    process: subprocess.Popen[bytes]
    log: Path


def wait_until_up(url: str, process: subprocess.Popen[bytes], log: Path) -> None:
    """Until the server answers HTTP at all: a production server redirects plain
    HTTP to HTTPS, which is an answer too, so redirects are not followed."""
    host, _, port = url.removeprefix("http://").rpartition(":")
    deadline = time.monotonic() + 60
    while True:
        connection = http.client.HTTPConnection(host, int(port), timeout=2)
        try:
            connection.request("GET", "/robots.txt")
            connection.getresponse().read()
            return
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                output = log.read_text(encoding="utf-8", errors="replace")[-3000:]
                raise RuntimeError(f"tincoso serve did not come up:\n{output}") from None
            time.sleep(0.1)
        finally:
            connection.close()


@contextmanager
def serve(env: Mapping[str, str], log: Path, *args: str, port: int = 0) -> Iterator[Served]:
    """``tincoso serve`` on a free loopback port (or ``port``, to start it again where
    a browser knew it) with its own defaults (workers, threads, connections); only
    the address and the scheduler are chosen here."""
    port = port or free_port()
    with log.open("ab") as out:
        process = subprocess.Popen(
            [str(BIN / "tincoso"), "serve", "--no-scheduler", *args],
            env={**env, "TINCOSO_BIND": f"127.0.0.1:{port}"},
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # a group of its own: ``stop`` sweeps it
        )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(url, process, log)
        yield Served(url=url, port=port, process=process, log=log)
    finally:
        stop(process)


def stop(process: subprocess.Popen[bytes]) -> None:
    """SIGTERM, as systemd stops the server; then whatever is left of its process group
    (its scheduler, task worker, uplink worker, broker) is killed, so a server that did
    not stop in time leaves nothing behind for the tests after it."""
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=10)
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(process.pid, signal.SIGKILL)
