"""An HTTP gateway (a provincial LGSP or a vendor's relay) that holds envelopes for us.

The protocol assumed (docs/document-exchange.md; the national axis itself is reached
through the VPCP SDK, not public): ``POST {base}/messages`` with the envelope as the
body; ``GET {base}/messages`` → ``{"messages": [{"id": ...}]}``; ``GET
{base}/messages/{id}`` → the envelope; ``DELETE {base}/messages/{id}`` once taken in;
``POST {base}/messages/{id}/reject`` with ``{"vi", "en"}`` for one we refuse. A bearer
token from DOCUMENT_EXCHANGE_TOKEN. Connection errors, timeouts, 429 and 5xx are tried
again (``retries`` times, the pause doubling from ``backoff`` seconds); other answers
are errors at once.
"""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from typing import Any

from django.utils.translation import gettext_lazy as _

from tincoso.documents.exchange.errors import TransportError
from tincoso.documents.exchange.transports.limits import read_bounded

UNREACHABLE = _("Không kết nối được cổng liên thông %(url)s: %(reason)s")
REFUSED = _("Cổng liên thông từ chối (HTTP %(status)s): %(reason)s")
DENIED = _("Cổng liên thông không chấp nhận mã truy cập (HTTP %(status)s).")
BAD_LIST = _("Cổng liên thông trả về danh sách không đọc được.")


class HttpGateway:
    name = "http"

    def __init__(
        self, base: str, token: str, *, retries: int = 3, backoff: float = 0.5, timeout: float = 30
    ) -> None:
        self.base = base.rstrip("/")
        self.token = token
        self.retries = max(1, retries)
        self.backoff = backoff
        self.timeout = timeout

    def _request(self, method: str, path: str, body: bytes | None = None,
                 content_type: str = "application/xml") -> bytes:  # fmt: skip
        url = f"{self.base}{path}"
        if not url.startswith(("http://", "https://")):
            raise TransportError(UNREACHABLE, url=url, reason="scheme")
        headers = {"Authorization": f"Bearer {self.token}", "Accept": "*/*"}
        if body is not None:
            headers["Content-Type"] = content_type
        reason = ""
        for attempt in range(self.retries):
            if attempt:
                time.sleep(self.backoff * 2 ** (attempt - 1))
            request = urllib.request.Request(url, data=body, method=method, headers=headers)  # noqa: S310
            try:
                with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310
                    return read_bounded(response)
            except urllib.error.HTTPError as exc:
                detail = exc.read(300).decode("utf-8", "replace")
                if exc.code in (401, 403):
                    raise TransportError(DENIED, status=exc.code) from exc
                if exc.code != 429 and exc.code < 500:
                    raise TransportError(REFUSED, status=exc.code, reason=detail) from exc
                reason = f"HTTP {exc.code} {detail}".strip()
            except (urllib.error.URLError, TimeoutError, OSError) as exc:
                reason = str(getattr(exc, "reason", exc))
        raise TransportError(UNREACHABLE, url=self.base, reason=reason[:200])

    def send(self, file_name: str, data: bytes) -> None:
        self._request("POST", "/messages?name=" + urllib.parse.quote(file_name), data)

    def fetch(self) -> Iterator[tuple[str, bytes]]:
        try:
            listed: Any = json.loads(self._request("GET", "/messages"))
            keys = [str(item["id"]) for item in listed["messages"]]
        except (ValueError, KeyError, TypeError) as exc:
            raise TransportError(BAD_LIST) from exc
        for key in keys:
            yield key, self._request("GET", f"/messages/{urllib.parse.quote(key)}")

    def done(self, key: str) -> None:
        self._request("DELETE", f"/messages/{urllib.parse.quote(key)}")

    def refuse(self, key: str, error: dict[str, str]) -> None:
        body = json.dumps(error, ensure_ascii=False).encode()
        self._request("POST", f"/messages/{urllib.parse.quote(key)}/reject", body,
                      "application/json")  # fmt: skip
