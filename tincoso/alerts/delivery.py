"""Where an alert message has reached, channel by channel, for its page.

- portal: its banner is live on the pages of its area since it was sent (Test: never);
- feeds: in its Atom feed (real, drill or test) since it was sent, while live;
- loudspeakers and boards: devices that acknowledged the start of its emergencies
  (``EmergencyAck`` "started") out of the devices of its area (each area unit's subtree);
- notifications: how many officers were told (``AlertNotice``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import reduce
from operator import or_

from django.db.models import Q
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from tincoso.alerts import services
from tincoso.alerts.models import Alert, AlertNotice, CapStatus
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
    """The four channels' figures; nothing for an alert not sent."""
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
    ]  # fmt: skip
