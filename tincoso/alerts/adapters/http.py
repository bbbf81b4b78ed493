"""One JSON POST over HTTP(S) with the standard library, and what came back."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _

from tincoso.core.errors import DomainError

TIMEOUT_S = 10


class OutboundError(DomainError):
    """The far end did not take the message (network, HTTP status, refusal)."""

    code = "outbound_failed"


@dataclass(frozen=True)
class Answer:
    status: int
    body: str


def post_json(url: str, payload: Any, headers: dict[str, str] | None = None) -> Answer:
    """POST ``payload`` as UTF-8 JSON (bytes are sent as they are); a non-2xx answer
    or a network error raises ``OutboundError``."""
    body = payload if isinstance(payload, bytes) else json.dumps(payload, ensure_ascii=False)
    data = body if isinstance(body, bytes) else body.encode("utf-8")
    if not url.startswith(("http://", "https://")):
        raise OutboundError(_("Địa chỉ gửi đi không hợp lệ: %(url)s"), url=url)
    request = urllib.request.Request(  # noqa: S310 (scheme checked above)
        url, data=data, method="POST",
        headers={"Content-Type": "application/json; charset=utf-8", **(headers or {})})
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_S) as response:  # noqa: S310
            return Answer(response.status, response.read(65536).decode("utf-8", "replace"))
    except urllib.error.HTTPError as error:
        raise OutboundError(_("Nơi nhận trả lời HTTP %(status)s."), status=error.code) from error
    except (urllib.error.URLError, OSError, TimeoutError) as error:
        raise OutboundError(_("Không kết nối được nơi nhận: %(error)s"),
                            error=str(error)[:200]) from error
