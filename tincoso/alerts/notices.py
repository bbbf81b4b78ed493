"""Officers hear of an alert message in the app and by e-mail (``core.notifications``).

Who: everyone with a role on a unit of the alert's area or below it (the officers of
the area), or on a unit between the issuing unit and the area (the issuer's own
people), plus its author and approver; not the units above the issuer. A Test
reaches its author and approver only. An exercise says "DIỄN TẬP" first. Once per
message (Alert, Update, Cancel): an ``AlertNotice`` row is taken before anyone is
told, so a retry tells nobody twice. Each is written in
the language the person chose; the mail leaves after the commit (``notify``).
"""

from __future__ import annotations

from functools import reduce
from operator import or_
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from tincoso.alerts.cap import marked
from tincoso.alerts.models import Alert, AlertNotice, CapStatus, MsgType
from tincoso.core import clock
from tincoso.core.notifications import notify
from tincoso.units.models import Unit


def _officers_of(issuer: Unit, area: Unit) -> Q:
    """Roles on ``area`` or below it, and on the units from the issuer down to it."""
    between = [p for p in area.paths_above() if p.startswith(issuer.path)]
    return Q(memberships__unit__path__startswith=area.path) | Q(memberships__unit__path__in=between)


def recipients(alert: Alert) -> list[Any]:
    people = Q(pk__in=[i for i in (alert.created_by_id, alert.approved_by_id) if i])
    if alert.status != CapStatus.TEST:
        people |= reduce(or_, (_officers_of(alert.unit, u) for u in alert.area_units.all()), Q())
    return list(get_user_model().objects.filter(people, is_active=True).distinct())


def _subject(alert: Alert) -> str:
    kind = {
        MsgType.ALERT: _("Tin cảnh báo khẩn cấp"),
        MsgType.UPDATE: _("Cảnh báo cập nhật"),
        MsgType.CANCEL: _("Hủy cảnh báo"),
    }[MsgType(alert.msg_type)]
    return marked(alert, f"{kind}: {alert.headline}")


def _body(alert: Alert) -> str:
    until = _("Hiệu lực đến: %(time)s") % {
        "time": timezone.localtime(alert.expires).strftime("%H:%M %d/%m/%Y")
    }
    parts = [alert.description, alert.instruction, until]
    return marked(alert, "\n\n".join(p for p in parts if p))


def send(alert: Alert) -> AlertNotice | None:
    """Tell the officers of ``alert`` (once); ``None`` when it was done before."""
    notice, created = AlertNotice.objects.get_or_create(
        alert=alert, defaults={"sent_at": clock.now()}
    )
    if not created:
        return None
    url = reverse("alert-public", args=[alert.identifier])
    by_language: dict[str, list[Any]] = {}
    for person in recipients(alert):
        by_language.setdefault(person.language or settings.LANGUAGE_CODE, []).append(person)
    made = 0
    for language, people in sorted(by_language.items()):
        with translation.override(language):  # each in the language they chose
            made += len(notify(people, _subject(alert), _body(alert), url))
    notice.count = made
    notice.save(update_fields=["count"])
    return notice
