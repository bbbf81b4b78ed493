"""From a sent alert to the loudspeakers and boards of its area: the devices'
``Emergency`` (broadcast.devices.emergency) of each unit, started on Alert and
Update, stopped on Update and Cancel. Officers are told by ``notices``
(in the app and by e-mail, also once).

Idempotent: one ``AlertEmergency`` row per (alert, unit), taken before starting, so
a retry or a second call starts nothing twice. The alert is the authority here (two
people sent it), so the emergency is started as the system (``actor=None``); an
emergency already running on a unit (started by hand, or by an earlier alert) is
stopped first, since a unit holds one at a time. Tests go to no device. The
emergency carries the alert's speech (``speech``) when it is rendered already, and
gets it from the worker otherwise; it repeats every ``ALERT_REPEAT_EVERY_S`` seconds
until the alert expires, a Cancel stops it, an Update's own emergency (with its own
speech) replaces it.
"""

from __future__ import annotations

import math

from django.db import transaction

from tincoso.alerts import notices, outbound, speech, tasks
from tincoso.alerts.cap import marked
from tincoso.alerts.models import Alert, AlertEmergency, CapStatus, Dispatch, MsgType
from tincoso.broadcast.devices import emergency as emergencies
from tincoso.core import clock

MAX_MINUTES = 1440
CHANNELS = ("portal", "feeds", "loudspeakers", "boards", "officers", "webhook", "sms")


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
    made = speech.cached(alert)
    if made is None:
        tasks.speak_after_commit(alert.pk)
    for unit in alert.area_units.order_by("path"):
        if unit.pk in done:
            continue
        for running in emergencies.active().filter(unit=unit):
            emergencies.stop(None, running)
        bulletin = speech.bulletin_for(alert, unit, made) if made else None
        started = emergencies.start(None, unit, title, text, bulletin=bulletin,
                                    exercise=alert.exercise, minutes=minutes,
                                    repeat_every_s=speech.repeat_every_s())
        AlertEmergency.objects.create(alert=alert, unit=unit, emergency=started)


def dispatch_of(alert: Alert) -> Dispatch:
    """The alert message's dispatch (one per message; a Test or Exercise is a drill)."""
    found, _created = Dispatch.objects.get_or_create(
        alert=alert, defaults={"unit": alert.unit, "exercise": alert.status != CapStatus.ACTUAL,
                               "channels": list(CHANNELS), "created_at": clock.now(),
                               "created_by": alert.approved_by or alert.created_by})  # fmt: skip
    return found


@transaction.atomic
def on_sent(alert: Alert) -> None:
    """Called once the alert is sent (inside its transaction). The portal's banner
    and the feeds need no push: they read the live alerts (``banner``, ``feeds``).
    Webhooks and SMS go from the worker (``outbound``), drills to drill subscribers.
    The devices come first: their publishes run first after the commit, before the
    officers' e-mails (after-commit callbacks run in the order they were added)."""
    if alert.status != CapStatus.TEST:
        if alert.msg_type in (MsgType.UPDATE, MsgType.CANCEL):
            _stop_chain(alert)
        if alert.msg_type != MsgType.CANCEL:
            _start(alert)
    notices.send(alert)
    outbound.plan(dispatch_of(alert), alert.area_units.all())
