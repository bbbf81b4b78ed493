"""HTTP to the province's server (standard library only).

The credential is sent only to the server the device enrolled with: a URL in a
manifest that names another origin is fetched from the enrolled server's origin
(same path), so a tampered or misconfigured ``SITE_URL`` never leaks the token.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from typing import Any

TIMEOUT = 30.0


class Unauthorized(Exception):
    """401: the token is unknown, rotated or revoked (§1)."""


class ServerError(Exception):
    """No answer, or an answer the device cannot use now (429, 5xx, network)."""


@dataclass
class Response:
    status: int
    headers: dict[str, str]
    body: bytes = field(repr=False)

    def json(self) -> Any:
        return json.loads(self.body)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


_opener = urllib.request.build_opener(_NoRedirect)


def same_origin(server: str, url: str) -> str:
    """``url`` on ``server``'s origin (scheme, host and port)."""
    base = urllib.parse.urlsplit(server)
    if base.scheme not in ("http", "https"):
        raise ValueError(f"not an HTTP(S) server: {server!r}")
    parts = urllib.parse.urlsplit(urllib.parse.urljoin(server.rstrip("/") + "/", url))
    return urllib.parse.urlunsplit((base.scheme, base.netloc, parts.path, parts.query, ""))


class Api:
    def __init__(self, server: str, token: str = "") -> None:
        self.server = server.rstrip("/")
        self.token = token

    def request(self, method: str, path: str, body: Any = None,
                headers: dict[str, str] | None = None, auth: bool = True) -> Response:
        sent = dict(headers or {})
        data = None
        if body is not None:
            data = json.dumps(body, ensure_ascii=False).encode()
            sent["Content-Type"] = "application/json"
        if auth:
            sent["Authorization"] = f"Device {self.token}"
        url = same_origin(self.server, path)
        request = urllib.request.Request(  # noqa: S310 - http(s) only, see same_origin
            url, data=data, headers=sent, method=method)
        try:
            with _opener.open(request, timeout=TIMEOUT) as answer:
                return Response(answer.status, _lower(answer.headers), answer.read())
        except urllib.error.HTTPError as error:
            response = Response(error.code, _lower(error.headers), error.read())
        except (OSError, ValueError) as error:
            raise ServerError(str(error)) from error
        if response.status == 401 and auth:
            raise Unauthorized(response.headers.get("www-authenticate", ""))
        if response.status == 429 or response.status >= 500:
            raise ServerError(f"HTTP {response.status}")
        return response

    def open_stream(self, path: str, headers: dict[str, str]) -> Any:
        """A streaming GET (media); the caller closes it. HTTP errors are raised."""
        sent = {**headers, "Authorization": f"Device {self.token}"}
        request = urllib.request.Request(  # noqa: S310 - http(s) only, see same_origin
            same_origin(self.server, path), headers=sent)
        try:
            return _opener.open(request, timeout=TIMEOUT)
        except urllib.error.HTTPError as error:
            if error.code == 401:
                raise Unauthorized("") from error
            if error.code == 416:
                return error
            raise ServerError(f"HTTP {error.code}") from error
        except (OSError, ValueError) as error:
            raise ServerError(str(error)) from error


def _lower(headers: Any) -> dict[str, str]:
    return {k.lower(): v for k, v in headers.items()} if headers else {}
