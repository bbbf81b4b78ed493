"""A message to the subscribers outside: partner systems by webhook, phones by SMS.

``plan`` takes one ``Delivery`` row per (dispatch, channel, target) — a webhook
subscriber, or one phone of an SMS list — and queues one task per new row after the
commit: a retry of the whole fan-out finds the rows and sends nothing twice. Each task
claims its row (``attempts`` moves from n to n+1 in one UPDATE, so two workers never
both send), calls the adapter outside any transaction, and records the answer; a
failure is tried again after 30 s, 60 s, 120 s… (``OUTBOUND_BACKOFF_S``) up to
``OUTBOUND_ATTEMPTS`` (5) times, then stays failed with the reason.

A worker killed in the middle of a send leaves its row claimed with no task queued:
``retry_stuck`` (a periodic job) takes rows claimed longer than the lease
(``OUTBOUND_LEASE_S``, 300 s, longer than any HTTP timeout) back by a conditional
UPDATE on the claim it saw, so of two schedulers only one queues the next try.

Who hears it: webhooks of the area's units, their subtrees and the units above them
(a province's partner system hears every alert in the province); SMS lists of the
area's units and below. A drill (Exercise or Test) reaches only subscribers marked
for drills, a real message only production ones: a drill never reaches the public.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from functools import reduce
from operator import or_

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from tincoso.alerts.adapters import esms, webhook
from tincoso.alerts.adapters.http import Answer, OutboundError
from tincoso.alerts.outbound_models import Delivery, Dispatch, Subscriber
from tincoso.alerts.payloads import payload, sms_line
from tincoso.core import clock
from tincoso.core.errors import DomainError
from tincoso.units.models import Unit

WEBHOOK, SMS = Subscriber.Kind.WEBHOOK.value, Subscriber.Kind.SMS.value
D = Delivery.Status


def attempts_allowed() -> int:
    return int(getattr(settings, "OUTBOUND_ATTEMPTS", 5))


def backoff(attempt: int) -> dt.timedelta:
    """The pause after the ``attempt``-th failure: base, 2×base, 4×base…"""
    base = float(getattr(settings, "OUTBOUND_BACKOFF_S", 30))
    return dt.timedelta(seconds=base * 2 ** (attempt - 1))


def subscribers(area: Iterable[Unit], exercise: bool, kinds: Iterable[str]) -> QuerySet[Subscriber]:
    paths = [u.path for u in area]
    if not paths:
        return Subscriber.objects.none()
    below = reduce(or_, (Q(unit__path__startswith=p) for p in paths))
    above = Q(unit__path__in={a for u in area for a in u.paths_above()})
    audience = Subscriber.Audience.DRILL if exercise else Subscriber.Audience.PRODUCTION
    where = (Q(kind=SMS) & below) | (Q(kind=WEBHOOK) & (below | above))
    return (Subscriber.objects.filter(where, active=True, audience=audience, kind__in=list(kinds))
            .order_by("pk"))  # fmt: skip


def _take(dispatch: Dispatch, channel: str, target: str, subscriber: Subscriber) -> bool:
    try:
        with transaction.atomic():
            Delivery.objects.create(dispatch=dispatch, channel=channel, target=target,
                                    subscriber=subscriber, created_at=clock.now())  # fmt: skip
    except IntegrityError:
        return False  # planned before: a retry of the fan-out
    return True


def plan(dispatch: Dispatch, area: Iterable[Unit], kinds: Iterable[str] = (WEBHOOK, SMS)) -> int:
    """Take the deliveries of ``dispatch`` and queue the new ones; returns how many."""
    from tincoso.alerts.tasks import deliver_after_commit

    new = 0
    for sub in subscribers(list(area), dispatch.exercise, kinds):
        targets = [str(sub.pk)] if sub.kind == WEBHOOK else sub.phone_list()
        for target in targets:
            key = target if sub.kind == WEBHOOK else f"{sub.pk}:{target}"
            if _take(dispatch, sub.kind, key, sub):
                new += 1
    for row in Delivery.objects.filter(dispatch=dispatch, status=D.PENDING, attempts=0,
                                       channel__in=list(kinds)):  # fmt: skip
        deliver_after_commit(row.pk)
    return new


def delivery_key(row: Delivery) -> str:
    return f"tcs-{row.dispatch_id}-{row.pk}"


def _send(row: Delivery) -> Answer:
    sub = row.subscriber
    if sub is None or not sub.active:
        raise OutboundError(_("Nơi nhận đã bị tắt hoặc xóa."))
    if row.channel == WEBHOOK:
        return webhook.send(sub.url, sub.secret_env, payload(row.dispatch), delivery_key(row))
    return esms.send(row.target.split(":", 1)[1], sms_line(row.dispatch), delivery_key(row))


def claim(row: Delivery) -> bool:
    """Take the next try of ``row``: ``attempts`` moves from n to n+1 in one UPDATE."""
    return bool(Delivery.objects.filter(pk=row.pk, status=D.PENDING, attempts=row.attempts)
                .update(attempts=row.attempts + 1, claimed_at=clock.now()))


def lease() -> dt.timedelta:
    return dt.timedelta(seconds=float(getattr(settings, "OUTBOUND_LEASE_S", 300)))


def retry_stuck(now: dt.datetime | None = None) -> int:
    """Queue again (or fail, when no try is left) the deliveries whose worker died while
    sending; returns how many this run took back. Idempotent across schedulers."""
    from tincoso.alerts.tasks import deliver_after_commit

    now = now or clock.now()
    taken = 0
    for row in Delivery.objects.filter(status=D.PENDING, claimed_at__lt=now - lease()):
        final = row.attempts >= attempts_allowed()
        why = DomainError(_("Bộ gửi dừng giữa chừng ở lần thử cuối.") if final
                          else _("Bộ gửi dừng giữa chừng; gửi lại.")).in_both_languages()
        seen = Delivery.objects.filter(pk=row.pk, status=D.PENDING, attempts=row.attempts,
                                       claimed_at=row.claimed_at)  # fmt: skip
        with transaction.atomic():
            if not seen.update(claimed_at=None, detail=why, done_at=now if final else None,
                               status=D.FAILED if final else D.PENDING):
                continue  # another scheduler took it back
            if not final:
                deliver_after_commit(row.pk)
        taken += 1
    return taken


def attempt(delivery_id: int) -> str:
    """One try of one delivery (the task's body). Returns its status afterwards."""
    row = Delivery.objects.select_related("dispatch", "subscriber").filter(pk=delivery_id).first()
    if row is None or row.status != D.PENDING:
        return row.status if row else "gone"
    if not claim(row):
        return "taken"
    tries = row.attempts + 1
    try:
        answer = _send(row)
    except DomainError as error:
        final = tries >= attempts_allowed()
        Delivery.objects.filter(pk=row.pk).update(
            status=D.FAILED if final else D.PENDING, detail=error.in_both_languages()[:1000],
            done_at=clock.now() if final else None, claimed_at=None)  # fmt: skip
        if not final:
            from tincoso.alerts.tasks import deliver_later

            deliver_later(row.pk, clock.now() + backoff(tries))
        return str(D.FAILED if final else "retry")
    Delivery.objects.filter(pk=row.pk).update(status=D.SENT, done_at=clock.now(), claimed_at=None,
                                              detail=f"HTTP {answer.status} {answer.body}"[:1000])
    return str(D.SENT)
