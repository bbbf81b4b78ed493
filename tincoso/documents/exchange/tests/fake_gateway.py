"""A real HTTP server on loopback standing in for an exchange gateway (the boundary only).

It keeps what was posted, serves what a test puts in its inbox, checks the bearer
token, and can be told to fail the next N requests with 503.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import urlsplit


@dataclass
class GatewayState:
    token: str
    posted: list[tuple[str, bytes]] = field(default_factory=list)
    inbox: dict[str, bytes] = field(default_factory=dict)
    rejected: dict[str, Any] = field(default_factory=dict)
    fail_next: int = 0
    requests: list[str] = field(default_factory=list)


def _handler(state: GatewayState) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: Any) -> None:
            pass

        def _answer(self, code: int, body: bytes = b"", kind: str = "text/plain") -> None:
            self.send_response(code)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def _gate(self) -> bool:
            state.requests.append(f"{self.command} {self.path}")
            if state.fail_next:
                state.fail_next -= 1
                self._answer(503, b"busy")
                return False
            if self.headers.get("Authorization") != f"Bearer {state.token}":
                self._answer(401, b"no")
                return False
            return True

        def _body(self) -> bytes:
            return self.rfile.read(int(self.headers.get("Content-Length") or 0))

        def do_POST(self) -> None:
            if not self._gate():
                return
            path = urlsplit(self.path).path
            if path == "/api/messages":
                state.posted.append((urlsplit(self.path).query, self._body()))
                self._answer(201, b"{}", "application/json")
            elif path.endswith("/reject"):
                key = path.split("/")[-2]
                state.rejected[key] = json.loads(self._body())
                state.inbox.pop(key, None)
                self._answer(200)
            else:
                self._answer(404)

        def do_GET(self) -> None:
            if not self._gate():
                return
            path = urlsplit(self.path).path
            if path == "/api/messages":
                body = json.dumps({"messages": [{"id": k} for k in state.inbox]}).encode()
                self._answer(200, body, "application/json")
            elif path.startswith("/api/messages/") and path.split("/")[-1] in state.inbox:
                self._answer(200, state.inbox[path.split("/")[-1]], "application/xml")
            else:
                self._answer(404)

        def do_DELETE(self) -> None:
            if not self._gate():
                return
            state.inbox.pop(urlsplit(self.path).path.split("/")[-1], None)
            self._answer(204)

    return Handler


@contextmanager
def fake_gateway(token: str = "t0ken") -> Iterator[tuple[str, GatewayState]]:  # noqa: S107
    state = GatewayState(token=token)
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(state))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/api", state
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
