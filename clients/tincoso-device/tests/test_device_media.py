"""Media downloads against a real HTTP server on loopback: a copy that does not match
its SHA-256 (cut short, or caught while the server still wrote it) is fetched once
more before it is refused; a file that stays wrong is refused and not kept."""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from tincoso_device import media
from tincoso_device.http import Api
from tincoso_device.manifest import Refused
from tincoso_device.store import Store

AUDIO = bytes(range(256)) * 40


class Served:
    """Serves ``bodies`` in turn to GET /a.ogg (the last one again once exhausted)."""

    def __init__(self, bodies: list[bytes]) -> None:
        self.bodies, self.requests = bodies, 0
        served = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                body = served.bodies[min(served.requests, len(served.bodies) - 1)]
                served.requests += 1
                self.send_response(200)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *_args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"


@pytest.fixture
def serve(monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    monkeypatch.setattr(media, "RETRY_PAUSE_S", 0.0)
    running: list[Served] = []

    def start(bodies: list[bytes]) -> Served:
        served = Served(bodies)
        threading.Thread(target=served.server.serve_forever, daemon=True).start()
        running.append(served)
        return served

    yield start
    for served in running:
        served.server.shutdown()
        served.server.server_close()


def _item(url: str) -> dict[str, Any]:
    return {"url": f"{url}/a.ogg", "sha256": hashlib.sha256(AUDIO).hexdigest(),
            "size": len(AUDIO)}  # fmt: skip


def test_a_copy_cut_short_is_fetched_again_and_kept(serve: Any, tmp_path: Path) -> None:
    served = serve([b"", AUDIO])
    store = Store(tmp_path)
    path = media.fetch(Api(served.url), store, _item(served.url))
    assert path.read_bytes() == AUDIO and served.requests == 2


def test_a_file_that_stays_wrong_is_refused_and_not_kept(serve: Any, tmp_path: Path) -> None:
    served = serve([AUDIO[:-1] + b"x"])
    store = Store(tmp_path)
    with pytest.raises(Refused, match="media-hash-mismatch"):
        media.fetch(Api(served.url), store, _item(served.url))
    assert served.requests == 2
    assert list(store.media.iterdir()) == []
