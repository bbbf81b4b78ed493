"""A real HTTP server on loopback standing in for a partner's webhook or the eSMS.vn
gateway (faked only at their HTTP boundary): it records every request and answers
from a script of (status, body) pairs, the last one repeated."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest


@dataclass
class Received:
    path: str
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)


@dataclass
class Gateway:
    url: str
    received: list[Received] = field(default_factory=list)
    answers: list[tuple[int, str]] = field(default_factory=lambda: [(200, "{}")])

    def answer(self, *answers: tuple[int, str]) -> None:
        self.answers = list(answers)


@pytest.fixture
def gateway() -> Iterator[Gateway]:
    box: dict[str, Gateway] = {}

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            gate = box["gate"]
            body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            gate.received.append(Received(self.path, dict(self.headers.items()), body))
            status, text = gate.answers.pop(0) if len(gate.answers) > 1 else gate.answers[0]
            data = text.encode("utf-8")
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    box["gate"] = Gateway(f"http://127.0.0.1:{server.server_address[1]}")
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield box["gate"]
    server.shutdown()
    server.server_close()
