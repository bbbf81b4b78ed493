"""Back to the sender (NĐ 30/2020 Art. 21(2), Phụ lục VI III.1(e),(o) and III.8).

send_receipt     the recipient received the document: its sender's people are told, once
return_dispatch  the recipient sends it back with a reason (wrong unit, unreadable file)
revoke           the sending unit withdraws what it sent (thu hồi), and the copies the
                 units it reached forwarded on; bodies outside it sent the document
                 to over the exchange get status 13 (``exchange.withdrawing``)
replace          the sending unit sends another document in its place (thay thế); over
                 the exchange, as BussinessDocType 3 naming the old document
tracking         what the sender's tracking page shows of each dispatch's way back
withdraw_from_outside  the same for a document that came over the exchange
withdrawal       what a recipient's people see on a returned, revoked or replaced one

Every step is a ``DispatchEvent``, never edited: the history stays. Only people of
the recipient's side may return, only people of the sending side may revoke or
replace (``_acts_for``); a refusal is bilingual and changes nothing.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils.timezone import localtime
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from tincoso.core import clock
from tincoso.core.errors import ConflictError, PermissionDeniedError
from tincoso.core.notifications import notify
from tincoso.documents.models import (
    WITHDRAWN_STATUSES,
    Dispatch,
    DispatchEvent,
    DispatchStatus,
    Document,
)
from tincoso.documents.rules import DocumentError
from tincoso.units.models import Membership, Role, Unit
from tincoso.units.permissions import ROLE_ACTIONS, Action

_TOLD = (Role.OFFICER, Role.EDITOR, Role.ADMIN)


def people_of(units: Iterable[Unit]) -> list[Any]:
    found = Membership.objects.filter(unit__in=list(units), role__in=_TOLD).select_related("user")
    return list({m.user.pk: m.user for m in found}.values())


def _acts_for(actor: Any, actions: Iterable[Action], mine: Unit, other: Unit) -> bool:
    """Does ``actor`` hold one of ``actions`` for ``mine`` as its side of a dispatch?

    A role covers a unit's subtree, so the unit above both ends of a dispatch covers
    both: such a role counts for ``mine`` only when ``mine`` is the upper end (the
    committee that sent down, the committee that received a cell's report).
    """
    if actor is None or not actor.is_authenticated or not actor.is_active:
        return False
    if actor.is_superuser:
        return True
    wanted = set(actions)
    grants = Membership.objects.filter(user=actor, unit__active=True).values_list(
        "unit__path", "role"
    )
    for path, role in grants:
        if not wanted & ROLE_ACTIONS.get(role, frozenset()):
            continue
        if mine.path.startswith(path) and (
            not other.path.startswith(path) or other.path.startswith(mine.path)
        ):
            return True
    return False


def is_frozen(doc: Document, sender: Unit) -> bool:
    """``sender`` revoked or replaced ``doc``: it sends it no more (Phụ lục VI III.8)."""
    return Dispatch.objects.filter(
        document=doc, sender=sender, status__in=[DispatchStatus.REVOKED, DispatchStatus.REPLACED]
    ).exists()


def send_receipt(dispatch: Dispatch, actor: Any = None) -> DispatchEvent | None:
    """Record that the recipient received the dispatch and tell the sender's people,
    once (a second call, or a race, finds the notice already there)."""
    if DispatchEvent.objects.filter(dispatch=dispatch, kind=DispatchEvent.Kind.RECEIPT).exists():
        return None
    event = DispatchEvent.objects.create(
        dispatch=dispatch, kind=DispatchEvent.Kind.RECEIPT, by=actor, at=clock.now()
    )
    doc = dispatch.document
    notify(
        people_of([dispatch.sender]),
        gettext("Đã nhận: %(label)s — %(unit)s")
        % {"label": doc.label, "unit": dispatch.recipient.name},
        gettext("%(unit)s đã nhận văn bản “%(title)s” lúc %(at)s.")
        % {
            "unit": dispatch.recipient.name,
            "title": doc.title[:200],
            "at": localtime(event.at).strftime("%H:%M %d/%m/%Y"),
        },
        reverse("document-cascade", args=[doc.pk]),
    )
    return event


def reason_given(reason: str) -> str:
    reason = (reason or "").strip()
    if len(reason) < 5:
        raise DocumentError(_("Hãy ghi rõ lý do (ít nhất 5 ký tự)."))
    return reason[:2000]


@transaction.atomic
def return_dispatch(actor: Any, dispatch: Dispatch, reason: str) -> Dispatch:
    """The recipient sends the document back to its sender with a reason; it leaves
    the recipient's to-do and the sender's people are told why."""
    dispatch = (
        Dispatch.objects.select_for_update()
        .select_related("document", "sender", "recipient")
        .get(pk=dispatch.pk)
    )
    if not _acts_for(actor, [Action.ACKNOWLEDGE], dispatch.recipient, dispatch.sender):
        raise PermissionDeniedError(_("Chỉ cán bộ của đơn vị nhận mới trả lại được văn bản."))
    reason = reason_given(reason)
    if dispatch.status in (DispatchStatus.DONE, *WITHDRAWN_STATUSES):
        raise ConflictError(
            _("Văn bản đã ở trạng thái “%(status)s”."), status=dispatch.get_status_display()
        )
    Dispatch.objects.filter(pk=dispatch.pk).update(status=DispatchStatus.RETURNED)
    dispatch.refresh_from_db()
    DispatchEvent.objects.create(
        dispatch=dispatch, kind=DispatchEvent.Kind.RETURNED, by=actor, reason=reason
    )
    doc = dispatch.document
    notify(
        people_of([dispatch.sender]),
        gettext("Bị trả lại: %(label)s — %(unit)s")
        % {"label": doc.label, "unit": dispatch.recipient.name},
        reason,
        reverse("document-cascade", args=[doc.pk]),
    )
    return dispatch


def may_return(actor: Any, dispatch: Dispatch) -> bool:
    """May ``actor`` send ``dispatch`` back (for the form)? Only while it is open."""
    return dispatch.status not in (DispatchStatus.DONE, *WITHDRAWN_STATUSES) and _acts_for(
        actor, [Action.ACKNOWLEDGE], dispatch.recipient, dispatch.sender
    )


def _reached(doc: Document, sender: Unit) -> list[Dispatch]:
    """The live dispatches of ``doc`` from ``sender``, and those the units they reached
    forwarded on (the same document, sent further down), breadth first."""
    found: list[Dispatch] = []
    senders, seen = {sender.pk}, {sender.pk}
    live = doc.dispatches.exclude(status__in=WITHDRAWN_STATUSES).select_related("recipient")
    while senders:
        batch = list(live.filter(sender_id__in=senders))
        found += batch
        senders = {d.recipient_id for d in batch} - seen
        seen |= senders
    return found


def _acts_as_sender(actor: Any, sender: Unit, direct: list[Dispatch]) -> bool:
    other = direct[0].recipient if direct else sender
    return _acts_for(actor, [Action.DISPATCH, Action.REPORT], sender, other)


def may_withdraw(actor: Any, doc: Document, sender: Unit) -> bool:
    """May ``actor`` revoke or replace what ``sender`` sent of ``doc`` (for the forms)?"""
    direct = list(doc.dispatches.filter(sender=sender).select_related("recipient")[:1])
    return bool(direct) and _acts_as_sender(actor, sender, direct)


def _require_sender(actor: Any, doc: Document, sender: Unit) -> list[Dispatch]:
    reached = _reached(doc, sender)
    direct = [d for d in reached if d.sender_id == sender.pk]
    if not _acts_as_sender(actor, sender, direct or list(doc.dispatches.filter(sender=sender))):
        raise PermissionDeniedError(
            _("Chỉ cán bộ của đơn vị gửi mới thu hồi hoặc thay thế được văn bản.")
        )
    if not direct:
        raise ConflictError(_("Không còn bản gửi nào của đơn vị để thu hồi hoặc thay thế."))
    return reached


def _withdraw(
    actor: Any,
    dispatches: list[Dispatch],
    kind: str,
    reason: str,
    replacement: Document | None = None,
) -> None:
    Dispatch.objects.filter(pk__in=[d.pk for d in dispatches]).update(status=kind)
    DispatchEvent.objects.bulk_create(
        [
            DispatchEvent(
                dispatch=d, kind=kind, by=actor, reason=reason, replacement=replacement,
                at=clock.now(),
            )
            for d in dispatches
        ]
    )  # fmt: skip
    doc = dispatches[0].document
    subject = (
        gettext("Văn bản bị thu hồi: %(label)s")
        if kind == DispatchEvent.Kind.REVOKED
        else gettext("Văn bản được thay thế: %(label)s")
    ) % {"label": doc.label}
    notify(people_of(d.recipient for d in dispatches), subject, reason,
           reverse("document-detail", args=[doc.pk]))  # fmt: skip


@transaction.atomic
def revoke(actor: Any, doc: Document, sender: Unit, reason: str) -> list[Dispatch]:
    """The sending unit withdraws the document: every copy it sent, and those the
    recipients forwarded, are revoked; recipients see why; it can't be sent again."""
    from tincoso.documents.exchange.withdrawing import withdrawn_in_tree

    reached = _require_sender(actor, doc, sender)
    reason = reason_given(reason)
    _withdraw(actor, reached, DispatchEvent.Kind.REVOKED, reason)
    withdrawn_in_tree(actor, doc, sender, DispatchStatus.REVOKED, reason)  # bodies outside
    return reached


@transaction.atomic
def replace(
    actor: Any, doc: Document, sender: Unit, new_doc: Document, reason: str
) -> list[Dispatch]:
    """The sending unit sends ``new_doc`` to the units it sent ``doc`` to, in its
    place: their old dispatches end as replaced (pointing to the new one), and the
    new ones wait in their to-do. Returns the new dispatches."""
    from tincoso.documents.dispatching import dispatch_document
    from tincoso.documents.exchange.withdrawing import withdrawn_in_tree

    reached = _require_sender(actor, doc, sender)
    reason = reason_given(reason)
    if new_doc.pk == doc.pk:
        raise DocumentError(_("Văn bản thay thế phải là một văn bản khác."))
    recipients = [d.recipient for d in reached if d.sender_id == sender.pk]
    made = dispatch_document(actor, new_doc, recipients, sender=sender)
    _withdraw(actor, reached, DispatchEvent.Kind.REPLACED, reason, new_doc)
    withdrawn_in_tree(actor, doc, sender, DispatchStatus.REPLACED, reason, new_doc)
    return made


def withdraw_from_outside(
    doc: Document, unit: Unit, kind: str, reason: str, replacement: Document | None = None
) -> list[Dispatch]:
    """A body outside (document exchange) that sent ``doc`` to ``unit`` revoked or
    replaced it: what ``unit`` passed on of it ends the same way, its people told."""
    reached = _reached(doc, unit)
    if reached:
        _withdraw(None, reached, kind, reason, replacement)
    return reached


def tracking(dispatch: Dispatch) -> dict[str, Any]:
    """The way back of one dispatch, for the sender's tracking page and the API (reads
    the prefetched ``events``)."""
    events = list(dispatch.events.all())
    receipt = next((e for e in events if e.kind == DispatchEvent.Kind.RECEIPT), None)
    ended = next((e for e in reversed(events) if e.kind != DispatchEvent.Kind.RECEIPT), None)
    return {
        "receipt_at": receipt.at.isoformat() if receipt else None,
        "receipt_shown": localtime(receipt.at).strftime("%H:%M %d/%m/%Y") if receipt else "",
        "withdrawn": None
        if ended is None
        else {
            "kind": ended.kind,
            "label": str(ended.get_kind_display()),
            "at": ended.at.isoformat(),
            "reason": ended.reason,
            "replacement": ended.replacement_id,
        },
    }


def withdrawal(dispatches: Iterable[Dispatch]) -> list[DispatchEvent]:
    """The last return, revocation or replacement of each withdrawn dispatch: the
    banner on the document and dispatch pages."""
    ids = [d.pk for d in dispatches if d.is_withdrawn]
    last: dict[int, DispatchEvent] = {}
    for event in (
        DispatchEvent.objects.filter(dispatch_id__in=ids)
        .exclude(kind=DispatchEvent.Kind.RECEIPT)
        .select_related("dispatch__recipient", "dispatch__sender", "replacement", "by")
    ):
        last[event.dispatch_id] = event
    return list(last.values())


def on_document_page(user: Any, doc: Document, received: list[Dispatch]) -> dict[str, Any]:
    """The document page's share: the banner of what was withdrawn from the reader's
    units, and for the sending side the units it may revoke or replace for, with the
    documents it could send in place."""
    senders = Unit.objects.filter(
        pk__in=doc.dispatches.exclude(status__in=WITHDRAWN_STATUSES).values("sender_id")
    ).order_by("path")
    withdraw_for = [u for u in senders if may_withdraw(user, doc, u)]
    candidates = Document.objects.none()
    if withdraw_for:
        candidates = (
            Document.objects.filter(status=Document.Status.REGISTERED, unit__in=withdraw_for)
            .exclude(pk=doc.pk)
            .order_by("-registered_at")[:50]
        )
    return {
        "withdrawn": withdrawal(received),
        "withdraw_for": withdraw_for,
        "replacement_candidates": candidates,
    }
