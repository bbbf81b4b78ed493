"""The generic webhook: a JSON POST of the message (for an alert, its signed CAP 1.2
XML inside) with an HMAC-SHA256 of the exact body bytes in ``X-Tincoso-Signature``
(``sha256=<hex>``), keyed by the secret in the environment variable the subscriber
names. A receiver recomputes it over the raw body and compares in constant time."""

from __future__ import annotations

import hashlib
import hmac
import json
import os
from typing import Any

from django.utils.translation import gettext_lazy as _

from tincoso.alerts.adapters.http import Answer, OutboundError, post_json

HEADER = "X-Tincoso-Signature"
EVENT_HEADER = "X-Tincoso-Delivery"


def secret(env_name: str) -> bytes:
    value = os.environ.get(env_name, "") if env_name else ""
    if not value:
        raise OutboundError(_("Chưa đặt khóa bí mật của webhook (biến môi trường %(name)s)."),
                            name=env_name or "—")  # fmt: skip
    return value.encode("utf-8")


def signature(key: bytes, body: bytes) -> str:
    return "sha256=" + hmac.new(key, body, hashlib.sha256).hexdigest()


def send(url: str, env_name: str, payload: dict[str, Any], delivery_key: str) -> Answer:
    """POST ``payload``; ``delivery_key`` is the same on every retry of one delivery,
    so a receiver can drop a repeat."""
    body = json.dumps(payload, ensure_ascii=False, sort_keys=True).encode("utf-8")
    headers = {HEADER: signature(secret(env_name), body), EVENT_HEADER: delivery_key}
    return post_json(url, body, headers)
