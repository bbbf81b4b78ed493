"""Background work for alerts (Django's task API, django-tasks backport)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django_tasks import task

from tincoso.alerts import speech


@task()
def speak_alert(alert_id: int) -> str:
    """Render an alert's speech and give it to its running emergencies (``speech``).
    Enqueued when a draft is written (so the approval finds it rendered) and when a
    message is sent without it. No retry: the text is already on the devices, and the
    same input is rendered once (the pipeline's cache), so queuing again costs nothing."""
    return speech.speak(alert_id)


def speak_after_commit(alert_id: int) -> None:
    transaction.on_commit(lambda: speak_alert.enqueue(alert_id))


@task()
def deliver(delivery_id: int) -> str:
    """One try of one outbound delivery (webhook or SMS); a failure queues the next
    try itself, later (``outbound.attempt``)."""
    from tincoso.alerts import outbound

    return outbound.attempt(delivery_id)


def deliver_after_commit(delivery_id: int) -> None:
    transaction.on_commit(lambda: deliver.enqueue(delivery_id))


def deliver_later(delivery_id: int, when: dt.datetime) -> None:
    deliver.using(run_after=when).enqueue(delivery_id)


@task()
def speak_item(dispatch_id: int) -> str:
    """Render an item's loudspeaker bulletin and offer it to the stations by the TT 39
    priority the editor chose (``everywhere.speak_and_offer``). No retry: a failure is
    recorded on the loudspeakers' delivery, shown on the item's channels page."""
    from tincoso.alerts import everywhere

    return everywhere.speak_and_offer(dispatch_id)


def speak_item_after_commit(dispatch_id: int) -> None:
    transaction.on_commit(lambda: speak_item.enqueue(dispatch_id))
