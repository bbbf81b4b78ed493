"""What officers do to boards: "refresh now", ask for a screenshot, type the weather
of the day. Managing a board takes the rights of managing devices on its unit
(``devices.services.can_manage``); an officer of a sibling unit can do none of it."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tincoso.broadcast.boards.manifest import bump_weather, state_of
from tincoso.broadcast.boards.models import BoardState, Weather
from tincoso.broadcast.devices.models import Device
from tincoso.broadcast.devices.services import DeviceError, require_manager
from tincoso.core import clock
from tincoso.core.text import clean_line

MAX_WEATHER = 300


def _require_board(actor: Any, device: Device) -> None:
    require_manager(actor, device.unit)
    if device.kind != Device.Kind.BOARD:
        raise DeviceError(_("Thiết bị này không phải bảng tin điện tử."))


def request_refresh(actor: Any, device: Device) -> None:
    """The board fetches its manifest again within one state poll (~5 s)."""
    _require_board(actor, device)
    state_of(device)
    BoardState.objects.filter(device=device).update(refresh_seq=F("refresh_seq") + 1)


def request_screenshot(actor: Any, device: Device) -> None:
    _require_board(actor, device)
    state_of(device)
    BoardState.objects.filter(device=device).update(screenshot_seq=F("screenshot_seq") + 1)


@transaction.atomic
def set_weather(actor: Any, device: Device, raw: str, now: dt.datetime | None = None) -> None:
    """Today's weather for the board's unit (and units below without their own);
    empty text removes it."""
    _require_board(actor, device)
    text = clean_line(str(raw or ""))
    if len(text) > MAX_WEATHER:
        raise DeviceError(_("Thời tiết trong ngày dài quá %(n)s ký tự."), n=MAX_WEATHER)
    now = now or clock.now()
    day = timezone.localdate(now)
    if text:
        Weather.objects.update_or_create(unit=device.unit, day=day, defaults={
            "text": text, "updated_at": now, "updated_by": actor})
    else:
        Weather.objects.filter(unit=device.unit, day=day).delete()
    transaction.on_commit(bump_weather)
    bump_weather()
