"""What devices report: heartbeats and proof of play (over HTTP now; the MQTT uplink
worker will take the same payloads, see docs/device-protocol.md).

Every payload is checked whole before anything is written: a bad field anywhere in
a batch refuses the batch with a bilingual error and changes nothing, so a device
never has to guess which half of its batch was kept.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable
from contextlib import nullcontext
from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _
from django.utils.translation import override

from tincoso.broadcast.bulletins.models import Bulletin
from tincoso.broadcast.devices import manifest
from tincoso.broadcast.devices.models import Device, ProofOfPlay
from tincoso.core import clock
from tincoso.core.errors import DomainError

MAX_BODY_BYTES = 512 * 1024
MAX_BATCH = 500
MAX_FAULTS = 20
MAX_KEY_IDS = 16
KEY_ID = re.compile(r"[0-9a-f]{16}")
MAX_PLAY = dt.timedelta(hours=12)
MAX_SKEW = dt.timedelta(days=3650)
PLAY_ID = re.compile(r"^[A-Za-z0-9._:-]{1,64}$")


class UplinkError(DomainError):
    code = "invalid_payload"


class TooLargeError(UplinkError):
    status = 413
    code = "too_large"


def parse_body(body: bytes) -> dict[str, Any]:
    """The JSON object of a request body, or a bilingual 400/413."""
    if len(body) > MAX_BODY_BYTES:
        raise TooLargeError(_("Dữ liệu gửi lên quá lớn (tối đa %(n)s KB)."),
                            n=MAX_BODY_BYTES // 1024)
    try:
        value = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise UplinkError(_("Dữ liệu gửi lên không phải JSON hợp lệ.")) from None
    if not isinstance(value, dict):
        raise UplinkError(_("Dữ liệu gửi lên phải là một đối tượng JSON."))
    return value


def _int(data: dict[str, Any], name: str, low: int, high: int) -> int | None:
    value = data.get(name)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise UplinkError(_("Trường “%(field)s” phải là số nguyên từ %(low)s đến %(high)s."),
                          field=name, low=low, high=high)
    return value


def _text(data: dict[str, Any], name: str, limit: int) -> str | None:
    value = data.get(name)
    if value is None:
        return None
    if not isinstance(value, str) or len(value) > limit:
        raise UplinkError(_("Trường “%(field)s” phải là chuỗi tối đa %(n)s ký tự."),
                          field=name, n=limit)
    return value.strip()


def _moment(data: dict[str, Any], name: str, required: bool = False) -> dt.datetime | None:
    value = data.get(name)
    if value is None and not required:
        return None
    try:
        moment = dt.datetime.fromisoformat(str(value)) if isinstance(value, str) else None
    except ValueError:
        moment = None
    if moment is None or moment.tzinfo is None:
        raise UplinkError(_("Trường “%(field)s” phải là thời điểm ISO 8601 có múi giờ."),
                          field=name)
    return moment


def heartbeat_values(data: dict[str, Any], device_of: Callable[[], Device | None]
                     ) -> dict[str, Any]:
    """The device fields a heartbeat sets, checked whole (see the protocol document).
    ``device_of`` gives the device, asked only when it names a playing bulletin."""
    now = clock.now()
    volume = _int(data, "volume", 0, 100)
    free_disk = _int(data, "free_disk_mb", 0, 2**31 - 1)
    signal = _int(data, "signal_dbm", -200, 0)
    reported = _int(data, "manifest_version", 0, 2**62)
    firmware = _text(data, "firmware", 64)
    power = data.get("power")
    if power is not None and power not in ("on", "off"):
        raise UplinkError(_("Trường “power” phải là “on” hoặc “off”."))
    sent_at = _moment(data, "sent_at")
    if sent_at is not None and abs(sent_at - now) > MAX_SKEW:
        raise UplinkError(_("Đồng hồ của thiết bị lệch quá xa."))
    faults = data.get("faults", [])
    if not isinstance(faults, list) or len(faults) > MAX_FAULTS or not all(
            isinstance(f, str) and 0 < len(f) <= 64 for f in faults):
        raise UplinkError(_("Trường “faults” phải là danh sách tối đa %(n)s chuỗi ngắn."),
                          n=MAX_FAULTS)
    playing = data.get("playing")
    play_id, bulletin_id = "", None
    if playing is not None:
        if not isinstance(playing, dict):
            raise UplinkError(_("Trường “playing” phải là một đối tượng hoặc null."))
        play_id = _text(playing, "play_id", 64) or ""
        bulletin_id = _int(playing, "bulletin_id", 1, 2**62)
    device = device_of() if bulletin_id else None
    named = manifest.bulletins_of(device, {bulletin_id}) if device and bulletin_id else set()
    values: dict[str, Any] = {
        "last_seen": now, "volume": volume, "free_disk_mb": free_disk, "signal_dbm": signal,
        "reported_manifest_version": reported, "power": power or "", "faults": faults,
        "playing_play_id": play_id,
        "playing_bulletin": Bulletin.objects.filter(pk__in=named).first() if named else None,
        "clock_skew_ms": (round((sent_at - now).total_seconds() * 1000)
                          if sent_at is not None else None),
    }  # fmt: skip
    if firmware:
        values["firmware"] = firmware
    key_ids = _key_ids(data)
    if key_ids is not None:
        values["reported_key_ids"] = key_ids
    return values


def _key_ids(data: dict[str, Any]) -> str | None:
    """The ``key_ids`` a heartbeat reports (§6: the signing keys the device trusts),
    sorted, without repeats, comma separated; None when the heartbeat does not say."""
    raw = data.get("key_ids")
    if raw is None:
        return None
    if not isinstance(raw, list) or len(raw) > MAX_KEY_IDS or not all(
            isinstance(k, str) and KEY_ID.fullmatch(k) for k in raw):
        raise UplinkError(_("Trường “key_ids” phải là danh sách tối đa %(n)s mã khóa "
                            "(16 chữ số thập lục phân)."), n=MAX_KEY_IDS)
    return ",".join(sorted(set(raw)))


def record_heartbeat(device: Device, data: dict[str, Any]) -> Device:
    """Update the device's status from a heartbeat: one UPDATE without signals (these
    fields are not audited, ``models.REPORTED_FIELDS``; the audit log's diff would
    cost a query and most of a heartbeat's CPU)."""
    values = heartbeat_values(data, lambda: device)
    Device.objects.filter(pk=device.pk).update(**values)
    for name, value in values.items():
        setattr(device, name, value)
    return device


class PlayError(UplinkError):
    """A bad play of a batch: which one, then why (each in the language asked)."""

    def __init__(self, index: int, reason: UplinkError) -> None:
        super().__init__(_("Lượt phát thứ %(i)s: %(reason)s"), i=index)
        self.reason = reason

    def text(self, language: str | None = None) -> str:
        with override(language) if language else nullcontext():
            raw = str(self.message)
        return raw % {"i": self.params["i"], "reason": self.reason.text(language)}


def _proof(device: Device, raw: Any, index: int, now: dt.datetime) -> ProofOfPlay:
    if not isinstance(raw, dict):
        raise UplinkError(_("Lượt phát thứ %(i)s phải là một đối tượng JSON."), i=index)
    try:
        play_id = raw.get("play_id")
        if not isinstance(play_id, str) or not PLAY_ID.match(play_id):
            raise UplinkError(_("Trường “play_id” phải gồm 1–64 chữ, số hoặc . _ : -"))
        bulletin_id = _int(raw, "bulletin_id", 1, 2**62)
        if bulletin_id is None:
            raise UplinkError(_("Thiếu trường “%(field)s”."), field="bulletin_id")
        started = _moment(raw, "started_at", required=True)
        ended = _moment(raw, "ended_at", required=True)
        assert started is not None and ended is not None
        if not started <= ended <= started + MAX_PLAY or ended > now + dt.timedelta(minutes=10):
            raise UplinkError(_("Thời điểm bắt đầu và kết thúc của lượt phát không hợp lệ."))
        status = raw.get("status")
        if status not in ProofOfPlay.Status.values:
            raise UplinkError(_("Trường “status” phải là completed, interrupted hoặc failed."))
        version = _int(raw, "manifest_version", 0, 2**62)
    except UplinkError as error:
        raise PlayError(index, error) from None
    return ProofOfPlay(device=device, play_id=play_id, reported_bulletin_id=bulletin_id,
                       started_at=started, ended_at=ended, status=status,
                       manifest_version=version, received_at=now)


@transaction.atomic
def record_plays(device: Device, data: dict[str, Any]) -> dict[str, int]:
    """Store a batch of proofs of play, once per (device, play_id): a batch sent
    again (the device did not hear our answer) adds nothing."""
    batch = data.get("plays")
    if not isinstance(batch, list):
        raise UplinkError(_("Thiếu danh sách “plays”."))
    if len(batch) > MAX_BATCH:
        raise TooLargeError(_("Mỗi lần gửi tối đa %(n)s lượt phát."), n=MAX_BATCH)
    now = clock.now()
    proofs: dict[str, ProofOfPlay] = {}
    for index, raw in enumerate(batch, start=1):
        proof = _proof(device, raw, index, now)
        proofs.setdefault(proof.play_id, proof)
    known = manifest.bulletins_of(device, {p.reported_bulletin_id for p in proofs.values()})
    for proof in proofs.values():
        proof.bulletin_id = proof.reported_bulletin_id if proof.reported_bulletin_id in known \
            else None
    seen = set(ProofOfPlay.objects.filter(device=device, play_id__in=list(proofs))
               .values_list("play_id", flat=True))
    fresh = [p for key, p in proofs.items() if key not in seen]
    ProofOfPlay.objects.bulk_create(fresh, ignore_conflicts=True)
    return {"received": len(batch), "new": len(fresh), "duplicates": len(batch) - len(fresh)}
