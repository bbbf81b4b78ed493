"""The eSMS.vn brandname gateway (https://developers.esms.vn/, "Send OTP/Customer
care message"): one JSON POST per phone to ``SendMultipleMessage_V4_post_json`` with
``ApiKey``, ``SecretKey``, ``Brandname``, ``SmsType`` 2 (customer care, the brandname
route), ``IsUnicode`` 0 and a ``RequestId`` the gateway uses to drop a duplicate;
``CodeResult`` "100" means accepted, anything else carries an ``ErrorMessage``.

Non-Unicode is the default (cheaper, one segment is 160 characters), so the text goes
unaccented and trimmed to ``ESMS_MAX_CHARS`` (160). Keys and brandname come from the
environment: ``ESMS_API_KEY``, ``ESMS_SECRET_KEY``, ``ESMS_BRANDNAME``; ``ESMS_URL``
points elsewhere (the tests' local server), ``ESMS_SANDBOX=1`` uses eSMS's sandbox."""

from __future__ import annotations

import json
import os
import re
import unicodedata

from django.utils.translation import gettext_lazy as _

from tincoso.alerts.adapters.http import Answer, OutboundError, post_json

URL = "https://rest.esms.vn/MainService.svc/json/SendMultipleMessage_V4_post_json/"
ACCEPTED = "100"
PHONE = re.compile(r"^(?:\+?84|0)(\d{9})$")


def unaccented(text: str) -> str:
    """Vietnamese without diacritics, case kept: "Đảng ủy" → "Dang uy"."""
    base = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in base if not unicodedata.combining(c))


def max_chars() -> int:
    return int(os.environ.get("ESMS_MAX_CHARS", "160"))


def sms_text(text: str, limit: int | None = None) -> str:
    """One line, unaccented, at most ``limit`` characters (cut at a word, "...")."""
    limit = limit or max_chars()
    flat = " ".join(unaccented(text).split())
    if len(flat) <= limit:
        return flat
    cut = flat[: limit - 3].rsplit(" ", 1)[0] or flat[: limit - 3]
    return cut.rstrip(" ,.;:") + "..."


def phone(value: str) -> str:
    """A Vietnamese mobile number as eSMS takes it (0 and nine digits)."""
    found = PHONE.match(re.sub(r"[\s.\-()]", "", value or ""))
    if found is None:
        raise OutboundError(_("Số điện thoại không hợp lệ: %(phone)s"), phone=value)
    return "0" + found.group(1)


def _credentials() -> dict[str, str]:
    keys = {"ApiKey": "ESMS_API_KEY", "SecretKey": "ESMS_SECRET_KEY",
            "Brandname": "ESMS_BRANDNAME"}  # fmt: skip
    found = {field: os.environ.get(env, "") for field, env in keys.items()}
    missing = [keys[f] for f, v in found.items() if not v]
    if missing:
        raise OutboundError(_("Chưa cấu hình cổng SMS eSMS: thiếu %(names)s."),
                            names=", ".join(missing))  # fmt: skip
    return found


def send(to: str, text: str, request_id: str) -> Answer:
    """Send one SMS; the gateway's refusal raises ``OutboundError`` with its reason."""
    payload = {**_credentials(), "Phone": phone(to), "Content": sms_text(text),
               "SmsType": "2", "IsUnicode": "0", "RequestId": request_id,
               "Sandbox": "1" if os.environ.get("ESMS_SANDBOX") == "1" else "0"}  # fmt: skip
    answer = post_json(os.environ.get("ESMS_URL", URL), payload)
    try:
        result = json.loads(answer.body)
    except ValueError as error:
        raise OutboundError(_("Cổng SMS trả lời không đọc được.")) from error
    if str(result.get("CodeResult")) != ACCEPTED:
        raise OutboundError(_("Cổng SMS từ chối (mã %(code)s): %(error)s"),
                            code=result.get("CodeResult"), error=result.get("ErrorMessage", ""))
    return Answer(answer.status, f"SMSID {result.get('SMSID', '')}")
