"""A unit's external recipients (``Subscriber``), kept by the unit's own administrators
and approvers from the staff page (``recipient_views``), not only in the Django admin.

Who: those who may manage the unit or approve for it, on its subtree (a sibling unit's
recipients are out of reach). What is accepted: a webhook at an ``https`` URL (``http``
only to the loopback, and only with ``DEBUG``) with the *name* of the environment
variable holding its secret (never the secret), or a list of Vietnamese mobile numbers,
normalised to the form eSMS takes (0 and nine digits). Bad input changes nothing.
"""

from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from tincoso.alerts.adapters import esms
from tincoso.alerts.outbound_models import Subscriber
from tincoso.core.errors import DomainError, PermissionDeniedError
from tincoso.units import permissions
from tincoso.units.models import Unit
from tincoso.units.permissions import Action

ENV_NAME = re.compile(r"^[A-Z][A-Z0-9_]{0,99}$")
KEEPERS = (Action.MANAGE_UNITS, Action.APPROVE)


@dataclass(frozen=True)
class RecipientData:
    name: str
    kind: str
    audience: str = Subscriber.Audience.PRODUCTION
    url: str = ""
    secret_env: str = ""
    phones: str = ""


def may_keep(user: Any, unit: Unit) -> bool:
    return any(permissions.can(user, action, unit) for action in KEEPERS)


def kept_units(user: Any) -> QuerySet[Unit]:
    units = permissions.units_where(user, Action.MANAGE_UNITS) | permissions.units_where(
        user, Action.APPROVE)
    return units.filter(active=True).distinct().order_by("path")


def require_keeper(user: Any, unit: Unit) -> None:
    if not may_keep(user, unit):
        raise PermissionDeniedError(
            _("Chỉ quản trị viên hoặc lãnh đạo của đơn vị “%(unit)s” mới quản lý nơi nhận "
              "cảnh báo của đơn vị."), unit=unit.name)


def _loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def webhook_url(value: str) -> str:
    url = (value or "").strip()
    parts = urlsplit(url)
    host = parts.hostname or ""
    if parts.scheme == "https" and host:
        return url
    if parts.scheme == "http" and host and _loopback(host) and settings.DEBUG:
        return url
    raise DomainError(_("Địa chỉ webhook phải bắt đầu bằng https:// (http:// chỉ cho máy "
                        "này, ở chế độ phát triển): “%(url)s”."), url=url[:200] or "—")


def secret_env(value: str) -> str:
    name = (value or "").strip()
    if not ENV_NAME.match(name):
        raise DomainError(_("Tên biến môi trường chứa khóa bí mật chỉ gồm chữ in hoa, chữ số "
                            "và dấu gạch dưới, bắt đầu bằng chữ (ví dụ WEBHOOK_SECRET_TINH)."))
    return name


def phones(value: str) -> str:
    numbers = [p.strip() for p in re.split(r"[\n,;]+", value or "") if p.strip()]
    if not numbers:
        raise DomainError(_("Danh sách SMS cần ít nhất một số điện thoại."))
    return "\n".join(dict.fromkeys(esms.phone(n) for n in numbers))


def add(user: Any, unit: Unit, data: RecipientData) -> Subscriber:
    require_keeper(user, unit)
    name = data.name.strip()
    if not name:
        raise DomainError(_("Hãy đặt tên cho nơi nhận."))
    if data.audience not in Subscriber.Audience.values:
        raise DomainError(_("Đối tượng không hợp lệ."))
    sub = Subscriber(unit=unit, name=name[:200], kind=data.kind, audience=data.audience)
    if data.kind == Subscriber.Kind.WEBHOOK:
        sub.url, sub.secret_env = webhook_url(data.url), secret_env(data.secret_env)
    elif data.kind == Subscriber.Kind.SMS:
        sub.phones = phones(data.phones)
    else:
        raise DomainError(_("Loại nơi nhận không hợp lệ."))
    sub.save()
    return sub


def set_active(user: Any, sub: Subscriber, active: bool) -> Subscriber:
    require_keeper(user, sub.unit)
    Subscriber.objects.filter(pk=sub.pk).update(active=active)
    sub.active = active
    return sub


def remove(user: Any, sub: Subscriber) -> None:
    """Deliveries already made keep their rows (``subscriber`` becomes empty)."""
    require_keeper(user, sub.unit)
    sub.delete()
