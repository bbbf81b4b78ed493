"""Reading the instructions form (page rows or API JSON) into ``Assignee`` lines.

Both name an assignee as ``unit:ID`` / ``user:ID`` (page) or by unit code /
username (API); a deadline is a day, dd/mm/yyyy or ISO (its end, 23:59 local
time), or an ISO moment.
Anything unreadable is refused in both languages before anything changes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext_lazy as _

from tincoso.core.forms import DATE_INPUT_FORMATS
from tincoso.documents.handling.instructions import Assignee
from tincoso.documents.rules import DocumentError
from tincoso.units.models import Unit

MAX_ROWS = 12


def deadline_from(text: str) -> dt.datetime | None:
    """A day as people write it (dd/mm/yyyy, its end: 23:59) or an ISO day or moment."""
    text = (text or "").strip()
    if not text:
        return None
    moment = _day_end(text)
    if moment is None:
        try:
            moment = parse_datetime(text)
        except ValueError:
            moment = None
    if moment is None:
        raise DocumentError(_("Thời hạn “%(value)s” không phải một ngày hợp lệ."), value=text[:40])
    return timezone.make_aware(moment) if timezone.is_naive(moment) else moment


def _day_end(text: str) -> dt.datetime | None:
    for fmt in DATE_INPUT_FORMATS:
        try:
            return dt.datetime.combine(dt.datetime.strptime(text, fmt).date(), dt.time(23, 59))
        except ValueError:
            continue
    return None


def day(text: str) -> dt.date:
    """A required day (hand-over ranges)."""
    moment = deadline_from(text)
    if moment is None:
        raise DocumentError(_("Hãy chọn ngày bắt đầu và ngày kết thúc."))
    return timezone.localdate(moment)


def _unit(ident: str) -> Unit:
    unit = (
        Unit.objects.filter(pk=int(ident)).first()
        if ident.isdigit()
        else Unit.objects.filter(code=ident).first()
    )
    if unit is None:
        raise DocumentError(_("Không có đơn vị “%(value)s”."), value=ident[:40])
    return unit


def person(ident: str) -> Any:
    users = get_user_model().objects
    person = (
        users.filter(pk=int(ident)).first()
        if ident.isdigit()
        else users.filter(username=ident).first()
    )
    if person is None:
        raise DocumentError(_("Không có người dùng “%(value)s”."), value=ident[:40])
    return person


def assignee(key: str, role: str, deadline: str) -> Assignee:
    kind, _sep, ident = (key or "").partition(":")
    if kind == "unit" and ident:
        return Assignee(role=role, deadline=deadline_from(deadline), unit=_unit(ident))
    if kind == "user" and ident:
        return Assignee(role=role, deadline=deadline_from(deadline), person=person(ident))
    raise DocumentError(_("Không rõ người nhận “%(value)s”."), value=(key or "")[:40])


def from_form(data: Mapping[str, Any]) -> tuple[str, list[Assignee]]:
    """The page's rows ``assignee-N`` / ``role-N`` / ``deadline-N``; empty rows skipped."""
    rows = []
    for i in range(MAX_ROWS):
        key = str(data.get(f"assignee-{i}") or "").strip()
        if key:
            rows.append(
                assignee(
                    key, str(data.get(f"role-{i}") or ""), str(data.get(f"deadline-{i}") or "")
                )
            )
    return str(data.get("text") or ""), rows


def from_json(data: Mapping[str, Any]) -> tuple[str, list[Assignee]]:
    """``{"text": ..., "assignees": [{"unit": CODE | "person": USERNAME, "role", "deadline"}]}``"""
    items = data.get("assignees")
    if not isinstance(items, list):
        items = []
    rows = []
    for item in items[: MAX_ROWS * 4]:
        if not isinstance(item, dict):
            raise DocumentError(_("Mỗi người nhận phải là một đối tượng JSON."))
        key = f"unit:{item['unit']}" if item.get("unit") else f"user:{item.get('person') or ''}"
        rows.append(assignee(key, str(item.get("role") or ""), str(item.get("deadline") or "")))
    return str(data.get("text") or ""), rows
