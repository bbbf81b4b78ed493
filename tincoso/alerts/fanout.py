"""From a sent alert to the loudspeakers and boards of its area: the devices'
``Emergency`` (broadcast.devices.emergency) of each unit, started on Alert and
Update, stopped on Update and Cancel. Officers are told by ``notices``
(in the app and by e-mail, also once).

Idempotent: one ``AlertEmergency`` row per (alert, unit), taken before starting, so
a retry or a second call starts nothing twice. The alert is the authority here (two
people sent it), so the emergency is started as the system (``actor=None``); an
emergency already running on a unit (started by hand, or by an earlier alert) is
stopped first, since a unit holds one at a time. Tests go to no device. No spoken
audio yet: the emergency carries the text and no media (boards show it; a
loudspeaker's own TTS or chime applies).
"""

from __future__ import annotations

import math

from django.db import transaction

from tincoso.alerts import notices
from tincoso.alerts.cap import marked
from tincoso.alerts.models import Alert, AlertEmergency, CapStatus, MsgType
from tincoso.broadcast.devices import emergency as emergencies
from tincoso.core import clock

MAX_MINUTES = 1440


def _stop_chain(alert: Alert) -> None:
    from tincoso.alerts.services import chain

    earlier = [a.pk for a in chain(alert)[:-1]]
    links = AlertEmergency.objects.filter(alert__in=earlier).select_related("emergency__unit")
    for link in links:
        if emergencies.active().filter(pk=link.emergency_id).exists():
            emergencies.stop(None, link.emergency)


def _start(alert: Alert) -> None:
    # Whole minutes, rounded down: the devices never outlast the alert.
    minutes = math.floor((alert.expires - clock.now()).total_seconds() / 60)
    minutes = max(1, min(MAX_MINUTES, minutes))
    title = marked(alert, alert.headline)[:255]
    text = "\n".join(p for p in (alert.description, alert.instruction) if p)[: emergencies.MAX_TEXT]
    done = set(AlertEmergency.objects.filter(alert=alert).values_list("unit_id", flat=True))
    for unit in alert.area_units.order_by("path"):
        if unit.pk in done:
            continue
        for running in emergencies.active().filter(unit=unit):
            emergencies.stop(None, running)
        started = emergencies.start(
            None, unit, title, text, exercise=alert.exercise, minutes=minutes
        )
        AlertEmergency.objects.create(alert=alert, unit=unit, emergency=started)


@transaction.atomic
def on_sent(alert: Alert) -> None:
    """Called once the alert is sent (inside its transaction). The portal's banner
    and the feeds need no push: they read the live alerts (``banner``, ``feeds``)."""
    notices.send(alert)
    if alert.status == CapStatus.TEST:
        return
    if alert.msg_type in (MsgType.UPDATE, MsgType.CANCEL):
        _stop_chain(alert)
    if alert.msg_type != MsgType.CANCEL:
        _start(alert)
