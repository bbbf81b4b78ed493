"""Rules for alerts: compose, send by two people, update and cancel in one click.

An Actual or Exercise alert is written by one person and sent by a second one who
holds the approver role on its unit or above (``permissions.can(APPROVE)``, the
bulletins' four eyes): the author cannot send it, and once sent it cannot be sent
again. A Test goes to the test feed only (no device) and needs one person.

Update and Cancel follow CAP: a new message, a new identifier, ``references`` naming
every earlier message of the chain. Either person who sent any message of the chain
sends them in one click with no second approval (the Hawaii lesson: the cancel is as
fast as the alert). A third person may cancel, never update, when they hold the
approver role on the alert's unit (they could have approved it); nobody else may.
"""

from __future__ import annotations

import datetime as dt
import secrets
from functools import reduce
from operator import or_
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from tincoso.alerts import cap, fanout, schema, signing, speech, tasks
from tincoso.alerts.drafts import AlertError, Draft, InfoDraft, check
from tincoso.alerts.models import Alert, AlertInfo, CapStatus, MsgType
from tincoso.core import clock
from tincoso.core.errors import ConflictError, PermissionDeniedError
from tincoso.units import permissions
from tincoso.units.models import Unit
from tincoso.units.permissions import Action

__all__ = ["AlertError", "Draft", "InfoDraft"]
S = Alert.State
_MINUTE = dt.timedelta(minutes=1)


def sender() -> str:
    return str(getattr(settings, "CAP_SENDER", "") or "tincoso.local")


def _identifier(unit: Unit) -> str:
    return f"tcs-{unit.code}-{clock.now():%Y%m%d%H%M%S}-{secrets.token_hex(3)}"


def _write(actor: Any, unit: Unit, draft: Draft, **extra: Any) -> Alert:
    assert draft.effective is not None and draft.expires is not None  # set by check()
    alert = Alert.objects.create(
        unit=unit, identifier=_identifier(unit), sender=sender(), sender_name=unit.name,
        status=draft.status, category=draft.category, event=draft.event, hazard=draft.hazard,
        risk_level=draft.risk_level, urgency=draft.urgency, severity=draft.severity,
        certainty=draft.certainty, headline=draft.headline, description=draft.description,
        instruction=draft.instruction, effective=draft.effective, expires=draft.expires,
        polygon=draft.polygon, area_desc=draft.area_desc, template=draft.template,
        created_by=actor, created_at=clock.now(), **extra)  # fmt: skip
    alert.area_units.set(draft.area_units)
    for info in draft.infos:
        AlertInfo.objects.create(alert=alert, language=info.language, event=info.event,
                                 headline=info.headline, description=info.description,
                                 instruction=info.instruction)  # fmt: skip
    return alert


@transaction.atomic
def compose(actor: Any, unit: Unit, draft: Draft) -> Alert:
    """A draft alert, waiting for its second person (or for its author, if a Test)."""
    permissions.require(actor, Action.EDIT_CONTENT, unit)
    alert = _write(actor, unit, check(unit, draft))
    if speech.speaks(alert):  # rendered while the second person reads it
        tasks.speak_after_commit(alert.pk)
    return alert


def _locked(alert: Alert) -> Alert:
    row = Alert.objects.select_for_update().get(pk=alert.pk)
    if row.state != S.DRAFT:
        raise ConflictError(_("Cảnh báo này đã được phát hoặc đã bỏ."))
    return row


def _seal(alert: Alert) -> None:
    """Sign the CAP message, refuse to go on unless it is valid, keep it."""
    xml = signing.sign(cap.build(alert))
    schema.validate(xml)
    alert.cap_xml = xml.decode()


def _send(alert: Alert) -> Alert:
    alert.state, alert.sent_at = S.SENT, clock.now()
    _seal(alert)
    alert.save()
    fanout.on_sent(alert)
    return alert


@transaction.atomic
def approve(actor: Any, alert: Alert) -> Alert:
    """The second person sends it: never its author, once only."""
    permissions.require(actor, Action.APPROVE, alert.unit)
    row = _locked(alert)
    if actor.pk == row.created_by_id:
        raise PermissionDeniedError(
            _("Người soạn không tự phát được cảnh báo: cần người thứ hai duyệt.")
        )
    row.approved_by, row.approved_at = actor, clock.now()
    return _send(row)


@transaction.atomic
def send_test(actor: Any, alert: Alert) -> Alert:
    """A Test goes out on one person's word: to the test feed, no device."""
    permissions.require(actor, Action.EDIT_CONTENT, alert.unit)
    row = _locked(alert)
    if row.status != CapStatus.TEST:
        raise PermissionDeniedError(_("Chỉ tin thử nghiệm được phát bởi một người."))
    return _send(row)


@transaction.atomic
def discard(actor: Any, alert: Alert) -> Alert:
    if actor.pk != alert.created_by_id:
        permissions.require(actor, Action.APPROVE, alert.unit)
    row = _locked(alert)
    row.state = S.DISCARDED
    row.save(update_fields=["state"])
    return row


def chain(alert: Alert) -> list[Alert]:
    """The alert and every earlier message it follows, oldest first."""
    found = [alert]
    while found[-1].previous_id is not None:
        previous = found[-1].previous
        assert previous is not None
        found.append(previous)
    return found[::-1]


def senders_of(alert: Alert) -> set[int]:
    """Everyone who wrote or approved a sent message of the chain."""
    ids = {i for a in chain(alert) for i in (a.created_by_id, a.approved_by_id)}
    return {i for i in ids if i is not None}


def may_follow_up(actor: Any, alert: Alert, *, cancel: bool) -> bool:
    if not can_view(actor, alert):
        return False
    if getattr(actor, "pk", None) in senders_of(alert):
        return True
    return (
        cancel
        and alert.status != CapStatus.TEST
        and permissions.can(actor, Action.APPROVE, alert.unit)
    )


def _followable(actor: Any, alert: Alert, *, cancel: bool) -> Alert:
    if not may_follow_up(actor, alert, cancel=cancel):
        raise PermissionDeniedError(
            _(
                "Chỉ người đã soạn hoặc đã duyệt cảnh báo (hoặc lãnh đạo duyệt của đơn vị, "
                "khi hủy) mới cập nhật, hủy được cảnh báo này."
            )
        )
    row = Alert.objects.select_for_update().get(pk=alert.pk)
    if row.state != S.SENT or row.msg_type == MsgType.CANCEL:
        raise ConflictError(_("Chỉ cập nhật, hủy được cảnh báo đã phát và chưa bị hủy."))
    if row.followups.filter(state=S.SENT).exists():
        raise ConflictError(_("Cảnh báo này đã có bản cập nhật mới hơn: hãy làm trên bản đó."))
    return row


def _references(row: Alert) -> str:
    return " ".join(a.reference for a in chain(row))


@transaction.atomic
def update(actor: Any, alert: Alert, draft: Draft) -> Alert:
    """A new message replacing ``alert``, sent at once by one of its senders."""
    row = _followable(actor, alert, cancel=False)
    draft.status = row.status  # an exercise stays an exercise
    new = _write(
        actor,
        row.unit,
        check(row.unit, draft),
        msg_type=MsgType.UPDATE,
        previous=row,
        references=_references(row),
    )
    return _send(new)


@transaction.atomic
def cancel(actor: Any, alert: Alert, reason: str = "") -> Alert:
    """Cancel ``alert`` in one click: its devices stop, partners get a CAP Cancel."""
    row = _followable(actor, alert, cancel=True)
    now = clock.now()
    draft = Draft(
        event=row.event,
        headline=str(_("Hủy: %(headline)s") % {"headline": row.headline}),
        description=(reason or "").strip() or str(_("Cảnh báo trước đã được hủy bỏ.")),
        area_units=list(row.area_units.all()),
        category=row.category,
        urgency="Past",
        severity=row.severity,
        certainty=row.certainty,
        status=row.status,
        risk_level=row.risk_level,
        hazard=row.hazard,
        polygon=row.polygon,
        area_desc=row.area_desc,
        effective=now,
        expires=max(row.expires, now + _MINUTE),
    )
    new = _write(
        actor,
        row.unit,
        check(row.unit, draft),
        msg_type=MsgType.CANCEL,
        previous=row,
        references=_references(row),
    )
    return _send(new)


def can_view(user: Any, alert: Alert) -> bool:
    """Its unit's people, and whoever may approve it (a guiding unit's approver)."""
    return permissions.can(user, Action.VIEW, alert.unit) or permissions.can(
        user, Action.APPROVE, alert.unit
    )


def visible_to(user: Any) -> QuerySet[Alert]:
    """Alerts of units where ``user`` has a role, plus those of the small units they
    approve through guidance (no approver on the unit's own line, as for bulletins)."""
    mine = permissions.restrict(Alert.objects.all(), user, Action.VIEW)
    guided = permissions.approval_fallback_paths(user)
    if not guided:
        return mine
    inside = reduce(or_, (Q(path__startswith=p) for p in guided))
    units = Unit.objects.filter(inside, alerts__isnull=False).distinct()
    approved = [u.pk for u in units if user.pk in permissions.approver_ids(u)]
    return mine | Alert.objects.filter(unit__in=approved) if approved else mine


def live() -> QuerySet[Alert]:
    """Sent, not expired, not superseded by a later Update or Cancel (any status)."""
    return (Alert.objects.filter(state=S.SENT, expires__gt=clock.now())
            .exclude(msg_type=MsgType.CANCEL).exclude(followups__state=S.SENT)
            .order_by("-sent_at", "-pk"))  # fmt: skip


def active(status: str = CapStatus.ACTUAL) -> QuerySet[Alert]:
    """The live alerts of one CAP status."""
    return live().filter(status=status)
