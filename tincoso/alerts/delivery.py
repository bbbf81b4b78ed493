"""Where an alert message has reached, channel by channel, for its page.

- portal: its banner is live on the pages of its area since it was sent (Test: never);
- feeds: in its Atom feed (real, drill or test) since it was sent, while live;
- loudspeakers and boards: devices that acknowledged the start of its emergencies
  (``EmergencyAck`` "started") out of the devices of its area (each area unit's subtree);
- notifications: how many officers were told (``AlertNotice``);
- webhooks and SMS: their deliveries sent, failed and still trying (``outbound``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import reduce
from operator import or_

from django.db.models import Count, Max, Q
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from tincoso.alerts import services
from tincoso.alerts.models import Alert, AlertNotice, CapStatus, Delivery, Dispatch
from tincoso.broadcast.devices.models import Device
from tincoso.broadcast.devices.push_models import EmergencyAck

FEEDS = {
    CapStatus.ACTUAL: "/canh-bao/feed.atom",
    CapStatus.EXERCISE: "/canh-bao/dien-tap/feed.atom",
    CapStatus.TEST: "/canh-bao/thu-nghiem/feed.atom",
}


ON, OFF, NOT_FOR_TEST = _("Đang hiện"), _("Đã gỡ"), _("Không áp dụng cho tin thử")


@dataclass(frozen=True)
class Channel:
    name: str | Promise
    state: str | Promise
    since: dt.datetime | None = None
    done: int | None = None  # reached, of ``total`` (devices) or alone (people told)
    total: int | None = None
    where: str = ""
    counts: dict[str, int] | None = None  # outbound deliveries by status
    problems: tuple[str, ...] = ()  # why some failed (the far end's answer), a few


NAMES = {
    "portal": _("Trang thông tin"), "feeds": _("Nguồn tin RSS/Atom"),
    "boards": _("Bảng tin điện tử"), "loudspeakers": _("Loa truyền thanh"),
    "webhook": _("Hệ thống đối tác (webhook)"), "sms": _("Tin nhắn SMS"),
}  # fmt: skip
ORDER = ["portal", "feeds", "boards", "loudspeakers", "webhook", "sms"]


def dispatch_channels(dispatch: Dispatch | None, only: tuple[str, ...] = ()) -> list[Channel]:
    """One row per channel of a dispatch (an alert's outbound ones, or every channel of
    an item sent from the one form): its deliveries by status (sent, failed, trying)."""
    if dispatch is None:
        return []
    mine = Delivery.objects.filter(dispatch=dispatch)
    if only:
        mine = mine.filter(channel__in=only)
    rows = mine.values("channel", "status").annotate(n=Count("pk")).order_by("channel")
    found: dict[str, dict[str, int]] = {}
    for row in rows:
        found.setdefault(row["channel"], {})[row["status"]] = row["n"]
    last = dict(Delivery.objects.filter(dispatch=dispatch).values("channel")
                .annotate(m=Max("done_at")).values_list("channel", "m"))  # fmt: skip
    failed = mine.filter(status=Delivery.Status.FAILED).order_by("pk")
    why: dict[str, list[str]] = {}
    for channel, target, detail in failed.values_list("channel", "target", "detail")[:20]:
        why.setdefault(channel, []).append(f"{target}: {detail}")
    return [Channel(NAMES.get(name, name), _state(c), last.get(name), counts=c,
                    problems=tuple(why.get(name, [])[:3]))
            for name, c in sorted(found.items(), key=lambda kv: ORDER.index(kv[0])
                                  if kv[0] in ORDER else 99)]  # fmt: skip


def _state(counts: dict[str, int]) -> str | Promise:
    if "failed" in counts:
        return _("Có lỗi")
    if "pending" in counts:
        return _("Đang gửi")
    return _("Không áp dụng") if set(counts) == {"skipped"} else _("Đã gửi")


def _devices(alert: Alert) -> tuple[int, int]:
    paths = [u.path for u in alert.area_units.all()]
    if not paths:
        return 0, 0
    total = (  # enrolled and not revoked, as emergencies.reach() counts them
        Device.objects.filter(reduce(or_, (Q(unit__path__startswith=p) for p in paths)))
        .filter(revoked_at=None)
        .exclude(token_hash="")
        .count()
    )
    started = (
        EmergencyAck.objects.filter(
            emergency__in=alert.emergencies.values("emergency_id"), status="started"
        )
        .values("device_id")
        .distinct()
        .count()
    )
    return started, total


def channels(alert: Alert) -> list[Channel]:
    """Each channel's figures; nothing for an alert not sent."""
    if alert.state != Alert.State.SENT:
        return []
    live = services.live().filter(pk=alert.pk).exists()
    test = alert.status == CapStatus.TEST
    notice = AlertNotice.objects.filter(alert=alert).first()
    started, total = _devices(alert)
    return [
        Channel(_("Trang thông tin (băng cảnh báo)"), NOT_FOR_TEST if test else ON if live else OFF,
                None if test else alert.sent_at),
        Channel(_("Nguồn tin Atom/CAP"), ON if live else OFF, alert.sent_at,
                where=FEEDS[CapStatus(alert.status)]),
        Channel(_("Loa và bảng tin"), NOT_FOR_TEST if test else ON if live else OFF,
                None if test else alert.sent_at, done=started, total=total),
        Channel(_("Thông báo cho cán bộ"), _("Đã gửi") if notice else _("Chưa gửi"),
                notice.sent_at if notice else None, done=notice.count if notice else 0),
        *dispatch_channels(Dispatch.objects.filter(alert=alert).first(), ("webhook", "sms")),
    ]  # fmt: skip
