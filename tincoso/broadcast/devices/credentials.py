"""Device credentials and one-time enrolment codes.

A device's credential is a random 32-byte token (``tcsd_`` + URL-safe base64), shown
once and stored only as its SHA-256. A fast hash is right here, unlike for
passwords: the token has 256 bits of entropy, so nobody can guess it from its
hash however fast the hash is, whereas argon2 (tens of milliseconds and megabytes
per check, on purpose) would be paid on every request of every device, and its
salt would make the hash unusable as an index. The lookup is one indexed query per
request with no cache in front, so a rotated or revoked token is refused from the
next request on.

An enrolment code is 10 characters of a 32-letter alphabet without look-alikes
(50 bits), shown as ``ABCDE-FGHJK`` and as a QR code, valid for ``CODE_VALIDITY``
and usable once; only its SHA-256 is kept. Enrolment is rate-limited per network
address (``api.py``), which leaves guessing hopeless.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from tincoso.broadcast.devices import published
from tincoso.broadcast.devices.models import Device, EnrolmentCode
from tincoso.core import clock
from tincoso.core.errors import DomainError

TOKEN_PREFIX = "tcsd_"  # noqa: S105 (a marker telling device tokens apart, not a secret)
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 10
CODE_VALIDITY = dt.timedelta(hours=24)


class EnrolmentError(DomainError):
    code = "invalid_enrolment_code"


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def new_token() -> str:
    return TOKEN_PREFIX + secrets.token_urlsafe(32)


def device_for_token(token: str) -> Device | None:
    """The active (not revoked) device holding ``token``, or None."""
    if not token.startswith(TOKEN_PREFIX) or len(token) > 100:
        return None
    found = Device.objects.filter(token_hash=digest(token), revoked_at__isnull=True)
    # No ordering and no joins beyond the unit: this runs on every device request.
    return next(iter(found.select_related("unit").order_by()[:1]), None)


def issue_token(device: Device) -> str:
    """A new credential for ``device``: the old one stops working at once. Returns the
    token, which is never stored and cannot be shown again."""
    token = new_token()
    device.token_hash = digest(token)
    device.token_issued_at = clock.now()
    device.revoked_at = None
    published.withdraw(device)  # the old token's manifest path goes with it
    device.save(update_fields=["token_hash", "token_issued_at", "revoked_at", "manifest_path"])
    from tincoso.broadcast.devices import broker_sync  # the broker follows after commit

    broker_sync.token_issued(device, token)
    return token


def normalise_code(raw: str) -> str:
    return "".join(ch for ch in str(raw).upper() if ch.isascii() and ch.isalnum())[:32]


def format_code(code: str) -> str:
    return f"{code[:5]}-{code[5:]}"


@transaction.atomic
def new_code(device: Device, actor: Any = None) -> tuple[str, EnrolmentCode]:
    """A fresh one-time code for ``device``; its earlier unused codes stop working."""
    now = clock.now()
    EnrolmentCode.objects.filter(device=device, used_at__isnull=True).update(expires_at=now)
    code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    row = EnrolmentCode.objects.create(
        device=device, code_hash=digest(code), created_at=now, expires_at=now + CODE_VALIDITY,
        created_by=actor,
    )  # fmt: skip
    return format_code(code), row


@transaction.atomic
def enrol(raw_code: str) -> tuple[Device, str]:
    """Trade a one-time code for the device's credential (once, before it expires)."""
    code = normalise_code(raw_code)
    if len(code) != CODE_LENGTH:
        raise EnrolmentError(_("Mã đăng ký thiết bị không hợp lệ."))
    now = clock.now()
    row = (
        EnrolmentCode.objects.select_for_update()
        .select_related("device")
        .filter(code_hash=digest(code))
        .first()
    )
    # The same answer for unknown, used and expired codes: nothing to learn by trying.
    if row is None or row.used_at is not None or row.expires_at <= now:
        raise EnrolmentError(_("Mã đăng ký thiết bị không hợp lệ, đã dùng hoặc đã hết hạn."))
    row.used_at = now
    row.save(update_fields=["used_at"])
    return row.device, issue_token(row.device)
