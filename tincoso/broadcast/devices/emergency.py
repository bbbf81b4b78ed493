"""Emergencies (docs/device-protocol.md §9.6): one officer starts one for a unit's
subtree, it is retained on ``tcs/u/<unit>/emergency`` until it expires or is
stopped, and each device acknowledges when it starts and ends playing it.

Who may: whoever manages the unit's devices (``services.require_manager``). The
two-person rule and CAP alerts come with issue 15, which builds on ``start``/``stop``.
One emergency at a time per unit: the retained topic holds one message.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from tincoso.broadcast.bulletins.models import Bulletin
from tincoso.broadcast.devices import manifest, mqtt_publish, services
from tincoso.broadcast.devices.models import Device
from tincoso.broadcast.devices.push_models import Emergency, EmergencyAck
from tincoso.broadcast.stations.playlist import audio_sha256
from tincoso.core import clock
from tincoso.core.errors import DomainError
from tincoso.core.text import clean_line
from tincoso.units.models import Unit

MAX_DURATION = dt.timedelta(hours=24)
MAX_TEXT = 2000
PUBLIC_ID = re.compile(r"^e-\d{4}-(\d{4,})$")


class EmergencyError(DomainError):
    code = "invalid_emergency"


def topic(unit_id: int) -> str:
    return f"tcs/u/{unit_id}/emergency"


def unit_ids_above(unit: Unit) -> list[int]:
    """The unit and every unit above it, nearest first (a device's subscriptions)."""
    rows = dict(Unit.objects.filter(path__in=unit.paths_above()).values_list("path", "pk"))
    return [rows[p] for p in reversed(unit.paths_above()) if p in rows]


def active(now: dt.datetime | None = None) -> QuerySet[Emergency]:
    now = now or clock.now()
    return Emergency.objects.filter(stopped_at__isnull=True, starts_at__lte=now,
                                    expires_at__gt=now)


def active_for_device(device: Device) -> QuerySet[Emergency]:
    return active().filter(unit__path__in=device.unit.paths_above())


def media_allowed(device: Device, bulletin_id: int) -> bool:
    """§9.6: the media of an active emergency for the device's area is served."""
    return active_for_device(device).filter(bulletin_id=bulletin_id).exists()


def _message(emergency: Emergency) -> dict[str, Any]:
    common = {"emergency_id": emergency.public_id}
    if emergency.stopped_at is not None:
        return mqtt_publish.message(
            "emergency", {"unit": emergency.unit_id}, emergency.expires_at,
            message_id=str(uuid.uuid5(emergency.message_id, "stop")),
            issued_at=emergency.stopped_at, action="stop", **common)
    bulletin = emergency.bulletin
    media = manifest.media_item(bulletin, audio_sha256(bulletin)) if bulletin else None
    return mqtt_publish.message(
        "emergency", {"unit": emergency.unit_id}, emergency.expires_at,
        message_id=str(emergency.message_id), issued_at=emergency.starts_at,
        action="start", title=emergency.title, text=emergency.text,
        exercise=emergency.exercise, media=media, repeat_every_s=emergency.repeat_every_s,
        **common)


def publish(emergency: Emergency) -> None:
    """Publish its current message, retained (after commit)."""
    mqtt_publish.publish(topic(emergency.unit_id), _message(emergency), retain=True)


def _bulletin(unit: Unit, bulletin: Bulletin | None) -> Bulletin | None:
    if bulletin is None:
        return None
    if bulletin.status != Bulletin.Status.APPROVED or not bulletin.audio:
        raise EmergencyError(_("Chỉ phát được bản tin đã duyệt và có âm thanh."))
    if not unit.is_within(bulletin.unit) and not bulletin.unit.is_within(unit):
        raise EmergencyError(_("Bản tin này không thuộc đơn vị đã chọn."))
    return bulletin


@transaction.atomic
def start(actor: Any, unit: Unit, title: str, text: str = "", bulletin: Bulletin | None = None,
          exercise: bool = False, minutes: int = 60, repeat_every_s: int = 600) -> Emergency:
    """Start an emergency on every device of ``unit``'s subtree (checked whole first)."""
    services.require_manager(actor, unit)
    title = clean_line(title or "")
    if not title or len(title) > 255:
        raise EmergencyError(_("Tiêu đề phải có, tối đa 255 ký tự."))
    text = (text or "").strip()
    if len(text) > MAX_TEXT:
        raise EmergencyError(_("Nội dung dài quá %(n)s ký tự."), n=MAX_TEXT)
    if isinstance(minutes, bool) or not isinstance(minutes, int) or not 1 <= minutes <= 1440:
        raise EmergencyError(_("Thời hạn phải từ 1 đến 1440 phút."))
    if (isinstance(repeat_every_s, bool) or not isinstance(repeat_every_s, int)
            or not 0 <= repeat_every_s <= 86400):
        raise EmergencyError(_("Khoảng lặp lại phải từ 0 đến 86400 giây."))
    media = _bulletin(unit, bulletin)
    # One per unit: taken under the unit's row lock, so two officers cannot both start.
    Unit.objects.select_for_update().filter(pk=unit.pk).first()
    if active().filter(unit=unit).exists():
        raise EmergencyError(_("Đơn vị này đang có một báo động; hãy dừng nó trước."))
    now = clock.now()
    emergency = Emergency.objects.create(
        unit=unit, title=title, text=text, bulletin=media, exercise=bool(exercise),
        repeat_every_s=repeat_every_s, starts_at=now,
        expires_at=now + dt.timedelta(minutes=minutes), created_by=actor)
    publish(emergency)
    return emergency


@transaction.atomic
def stop(actor: Any, emergency: Emergency) -> Emergency:
    """Stop it now; the stop stays retained until the start would have expired."""
    services.require_manager(actor, emergency.unit)
    row = Emergency.objects.select_for_update().get(pk=emergency.pk)
    if row.stopped_at is not None or row.expires_at <= clock.now():
        raise EmergencyError(_("Báo động này đã dừng hoặc đã hết hạn."))
    row.stopped_at, row.stopped_by = clock.now(), actor
    row.save(update_fields=["stopped_at", "stopped_by"])
    publish(row)
    return row


def republish_all() -> int:
    """Every emergency whose start or stop still holds, again (worker start)."""
    now = clock.now()
    rows = Emergency.objects.filter(expires_at__gt=now).filter(
        Q(stopped_at__isnull=False) | Q(starts_at__lte=now)).select_related("bulletin")
    count = 0
    for row in rows:
        publish(row)
        count += 1
    return count


def by_public_id(value: Any) -> Emergency | None:
    found = PUBLIC_ID.match(value) if isinstance(value, str) else None
    return Emergency.objects.filter(pk=int(found.group(1))).first() if found else None


def record_ack(device: Device, emergency: Emergency, status: str, at: dt.datetime) -> bool:
    """A device says the emergency started or ended; once per status. False when the
    emergency is not for the device's area."""
    if emergency.unit.path not in device.unit.paths_above() or status not in ("started",
                                                                               "ended"):
        return False
    try:
        with transaction.atomic():
            EmergencyAck.objects.create(emergency=emergency, device=device, status=status,
                                        at=at, received_at=clock.now())
    except IntegrityError:
        pass  # said again: the first answer stands
    return True


def reach(emergency: Emergency) -> dict[str, Any]:
    """How many devices of the area acknowledged the start, and how fast (seconds
    from the start to the server receiving the acknowledgement)."""
    targets = Device.objects.filter(unit__path__startswith=emergency.unit.path,
                                    revoked_at__isnull=True).exclude(token_hash="").count()
    delays = sorted((a.received_at - emergency.starts_at).total_seconds()
                    for a in emergency.acks.filter(status="started"))
    def pct(p: float) -> float | None:
        return round(delays[min(len(delays) - 1, int(p * len(delays)))], 3) if delays else None
    return {"devices": targets, "started": len(delays), "p50_s": pct(0.5), "p99_s": pct(0.99)}
