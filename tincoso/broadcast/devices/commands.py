"""Commands to one device (docs/device-protocol.md §9.5): sent on ``tcs/d/<id>/cmd``
after commit, stored with who sent them and the device's answer.

``volume`` and ``power`` also change the retained desired state, or the device
would go back to the old value on its next reconnect."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from tincoso.broadcast.bulletins.models import Bulletin
from tincoso.broadcast.devices import desired, manifest, mqtt_publish, services
from tincoso.broadcast.devices.models import Device
from tincoso.broadcast.devices.push_models import Command
from tincoso.broadcast.stations.playlist import audio_sha256
from tincoso.core import clock
from tincoso.core.errors import DomainError

TTL = dt.timedelta(minutes=10)
ACK_STATUSES = ("started", "done", "refused", "failed")


class CommandError(DomainError):
    code = "invalid_command"


def topic(device_id: int) -> str:
    return f"tcs/d/{device_id}/cmd"


def _args(actor: Any, device: Device, command: str, raw: dict[str, Any]) -> dict[str, Any]:
    if command == Command.Kind.VOLUME:
        desired.check(volume=raw.get("volume"))
        if raw.get("volume") is None:
            raise CommandError(_("Hãy nhập âm lượng (0–100)."))
        return {"volume": raw["volume"]}
    if command == Command.Kind.POWER:
        if raw.get("power") not in desired.POWERS:
            raise CommandError(_("Nguồn phải là “on” hoặc “off”."))
        return {"power": raw["power"]}
    if command == Command.Kind.PLAY_NOW:
        return _play_now(actor, device, raw.get("bulletin_id"))
    if command == Command.Kind.SCREENSHOT and device.kind != Device.Kind.BOARD:
        raise CommandError(_("Chỉ bảng tin điện tử mới chụp được màn hình."))
    return {}


def _play_now(actor: Any, device: Device, bulletin_id: Any) -> dict[str, Any]:
    if isinstance(bulletin_id, str) and bulletin_id.isdigit():
        bulletin_id = int(bulletin_id)
    bulletin = (Bulletin.objects.filter(pk=bulletin_id).select_related("unit").first()
                if isinstance(bulletin_id, int) else None)
    if bulletin is None or bulletin.status != Bulletin.Status.APPROVED or not bulletin.audio:
        raise CommandError(_("Chỉ phát ngay được bản tin đã duyệt và có âm thanh."))
    if not device.unit.is_within(bulletin.unit) and not bulletin.unit.is_within(device.unit):
        raise CommandError(_("Bản tin này không thuộc đơn vị của thiết bị."))
    return {"bulletin_id": bulletin.pk, "title": bulletin.title,
            "media": manifest.media_item(bulletin, audio_sha256(bulletin))}


@transaction.atomic
def send(actor: Any, device: Device, command: str, raw: dict[str, Any] | None = None) -> Command:
    """Send ``command`` to ``device`` (checked whole first; nothing changes on error)."""
    services.require_manager(actor, device.unit)
    if command not in Command.Kind.values:
        raise CommandError(_("Lệnh không hợp lệ."))
    if device.revoked_at is not None or not device.token_hash:
        raise CommandError(_("Thiết bị chưa đăng ký hoặc đã bị thu hồi."))
    args = _args(actor, device, command, raw or {})
    now = clock.now()
    row = Command.objects.create(device=device, command=command, args=args, issued_at=now,
                                 expires_at=now + TTL, created_by=actor)
    msg = mqtt_publish.message("command", {"device": device.pk}, row.expires_at,
                               message_id=str(row.message_id), issued_at=now,
                               command=command, args=args)
    mqtt_publish.publish(topic(device.pk), msg, retain=False)
    if command in (Command.Kind.VOLUME, Command.Kind.POWER):
        desired.set_state(device, **args)
    return row


def record_ack(device: Device, message_id: uuid.UUID, status: str, detail: str) -> bool:
    """A device's answer to one of its commands; False when it names none of them.
    A final answer is never replaced by ``started``."""
    row = Command.objects.filter(device=device, message_id=message_id).first()
    if row is None:
        return False
    if status == "started" and row.ack_status in ("done", "refused", "failed"):
        return True
    row.ack_status, row.ack_detail, row.acked_at = status, detail[:255], clock.now()
    row.save(update_fields=["ack_status", "ack_detail", "acked_at"])
    return True


def pending_play_now(device: Device, bulletin_id: int) -> bool:
    """The device was told to play this bulletin now, and the command still holds."""
    return Command.objects.filter(
        device=device, command=Command.Kind.PLAY_NOW, args__bulletin_id=bulletin_id,
        expires_at__gt=clock.now()).exists()
