"""Dispatching a registered document and tracking it, recipient by recipient.

dispatch_document send it to recipient units; each gets an incoming number and an inbox entry
send_up           a unit's own report, sent to the unit above
open / acknowledge / start_implementing / complete   a recipient's steps, in order
respond_with_document  a recipient's own implementing document, which cascades further
check_deadlines   mark dispatches overdue and tell the parent unit's officers (idempotent)
inbox / cascade   what a unit received, and where a document went from there
"""

import datetime as dt
import re
from collections.abc import Iterable
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Count, Q, QuerySet
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from tincoso.core import clock
from tincoso.core.errors import ConflictError
from tincoso.core.notifications import notify
from tincoso.core.text import clean_line, fold
from tincoso.documents import sender as back_to_sender
from tincoso.documents.models import (
    STATUS_ORDER,
    Direction,
    Dispatch,
    DispatchAttachment,
    DispatchStatus,
    Document,
    Reference,
)
from tincoso.documents.rules import (
    MAX_ATTACHMENT_BYTES,
    DocumentError,
    _next_number,
    _require,
    _safe_name,
    symbol_key,
)
from tincoso.units import permissions
from tincoso.units.models import Membership, Role, Unit, UnitKind
from tincoso.units.permissions import Action


def dispatch_scope(unit: Unit) -> QuerySet[Unit]:
    """Where a unit may send documents: below itself, or for a board (ban) acting for
    its committee, below the committee it serves; and the subtrees it guides for
    sending directives (guidance links beside the tree, ``units.guidance``)."""
    base = unit
    if unit.kind == UnitKind.DEPARTMENT:
        parent = Unit.objects.get_parent(unit)
        if parent is not None:
            base = parent
    reach = Q(path__startswith=base.path)
    for path in permissions.guided_paths([unit.path], "dispatch"):
        reach |= Q(path__startswith=path)
    return Unit.objects.filter(reach, active=True).exclude(pk=unit.pk).exclude(pk=base.pk)


# A plural line of Nơi nhận / Kính gửi and the units it stands for: (line pattern,
# unit kinds, pattern the unit's folded name must match or None). First match wins,
# so the party line's "đảng ủy xã" comes before the state line's "xã".
_GROUP_KINDS: tuple[tuple[re.Pattern[str], tuple[str, ...], re.Pattern[str] | None], ...] = (
    (re.compile(r"\bchi bo\b|\bdang bo co so\b|\bchi, dang bo"), (UnitKind.PARTY_CELL,), None),
    (
        re.compile(r"\bdang uy\b.*\b(xa|phuong|dac khu)\b"),
        (UnitKind.PARTY_COMMITTEE,),
        re.compile(r"\b(xa|phuong|dac khu)\b"),
    ),
    (re.compile(r"\b(xa|phuong|dac khu)\b"), (UnitKind.COMMUNE,), None),
    (re.compile(r"\b(thon|ban|to dan pho)\b"), (UnitKind.VILLAGE,), None),
    (re.compile(r"\b(so|ban, nganh|co quan)\b"), (UnitKind.DEPARTMENT, UnitKind.AGENCY), None),
)
_SKIP = re.compile(r"^(luu|nhu tren|luu vt|luu:)")
_PLURAL = re.compile(r"\b(cac|tat ca)\b")
_FOR_INFORMATION = re.compile(r"\(\s*(b/c|de b/c|de bao cao|bao cao|de biet|d/b)\s*\)")


def _received_for_information(doc: Document, sender: Unit) -> bool:
    """The document names the sender in Nơi nhận with "(b/c)" / "(để biết)": it was
    sent to report or inform, not to be carried out and passed on."""
    name = fold(sender.name)
    for line in [*(doc.recipients or []), *(doc.addressees or [])]:
        text = fold(line)
        bare = re.sub(r"\(.*?\)", "", text).strip(" -;,.:")
        if _FOR_INFORMATION.search(text) and len(bare) >= 6 and _names(bare, name):
            return True
    return False


def _names(line: str, name: str) -> bool:
    """A folded Nơi nhận line names a unit: one contains the other."""
    return line in name or name in line


def suggest_recipients(doc: Document, sender: Unit) -> list[Unit]:
    """Units in the sender's scope that the parsed Nơi nhận / Kính gửi lines name.

    A line naming one body ("Thường trực Đảng ủy Khối") matches units whose folded
    name it contains or that contain it; a plural line ("Các chi, đảng bộ cơ sở",
    "Các đảng ủy xã, phường", "UBND các xã, phường") stands for every unit of that
    kind in scope. A document the sender received "(b/c)" suggests no forwarding.
    """
    if sender.pk != doc.unit_id and _received_for_information(doc, sender):
        return []
    scope = list(dispatch_scope(sender).order_by("path"))
    chosen: dict[int, Unit] = {}
    for line in [*(doc.recipients or []), *(doc.addressees or [])]:
        text = fold(re.sub(r"\(.*?\)", "", line)).strip(" -;,.:")
        if not text or _SKIP.match(text):
            continue
        # One body first: "Đảng ủy các cơ quan Đảng tỉnh" is one unit, not a group.
        named = [u for u in scope if len(text) >= 6 and _names(text, fold(u.name))]
        if named or not _PLURAL.search(text):
            for unit in named:
                chosen.setdefault(unit.pk, unit)
            continue
        for pattern, kinds, name_pattern in _GROUP_KINDS:
            if pattern.search(text):
                for unit in scope:
                    if unit.kind in kinds and (
                        name_pattern is None or name_pattern.search(fold(unit.name))
                    ):
                        chosen.setdefault(unit.pk, unit)
                break
    return sorted(chosen.values(), key=lambda u: u.path)


@transaction.atomic
def dispatch_document(
    actor: Any,
    doc: Document,
    recipients: Iterable[Unit],
    *,
    deadline: dt.datetime | None = None,
    sender: Unit | None = None,
) -> list[Dispatch]:
    """Send a registered document to recipient units (skipping ones already sent)."""
    sender = sender or doc.unit
    # Forwarding a received document: the sender must have received it.
    forwarding = sender.pk != doc.unit.pk
    if forwarding and not Dispatch.objects.filter(document=doc, recipient=sender).exists():
        raise DocumentError(_("Đơn vị gửi chưa nhận văn bản này."))
    _require(actor, Action.DISPATCH, sender)
    if doc.status != Document.Status.REGISTERED:
        raise DocumentError(_("Văn bản phải được vào sổ trước khi gửi."))
    if back_to_sender.is_frozen(doc, sender):  # revoked or replaced: not sent again
        raise ConflictError(_("Văn bản đã bị thu hồi hoặc thay thế, không gửi tiếp được."))
    recipients = list({u.pk: u for u in recipients}.values())
    if not recipients:
        raise DocumentError(_("Hãy chọn ít nhất một đơn vị nhận."))
    scope_paths = {u.pk for u in dispatch_scope(sender)}
    outside = [u.name for u in recipients if u.pk not in scope_paths]
    if outside:
        raise permissions.PermissionDeniedError(
            _("Không thể gửi tới đơn vị ngoài phạm vi: %(units)s."), units=", ".join(outside)
        )
    if deadline is not None and deadline < clock.now():
        raise DocumentError(_("Hạn xử lý đã qua: hãy chọn một ngày từ hôm nay trở đi."))
    if deadline is None and doc.deadline:
        deadline = dt.datetime.combine(doc.deadline, dt.time(23, 59), tzinfo=clock.now().tzinfo)
    made = [
        _send(actor, doc, sender, unit, deadline)
        for unit in recipients
        if not Dispatch.objects.filter(document=doc, recipient=unit).exists()
    ]
    return made


def _send(
    actor: Any, doc: Document, sender: Unit, unit: Unit, deadline: dt.datetime | None
) -> Dispatch:
    """One dispatch, numbered in the recipient's incoming book; its people are told."""
    year = clock.today().year
    dispatch = Dispatch.objects.create(
        document=doc,
        sender=sender,
        recipient=unit,
        deadline=deadline,
        sent_by=actor,
        sent_at=clock.now(),
        incoming_year=year,
        incoming_number=_next_number(unit, Direction.INCOMING, year),
    )
    officers = _people_of(unit, (Role.OFFICER, Role.EDITOR, Role.ADMIN))
    notify(
        officers,
        str(_("Văn bản mới: %(label)s") % {"label": doc.label}),
        doc.title,
        reverse("document-detail", args=[doc.pk]),
    )
    return dispatch


@transaction.atomic
def send_up(actor: Any, doc: Document, sender: Unit, to: Unit | None = None) -> Dispatch:
    """Send a unit's own registered document (a report, "b/c") up: to its parent, or
    to ``to``, a unit above it or one that asked for it or guides it for reports
    (``reports.services.report_recipient`` decides which)."""
    _require(actor, Action.REPORT, sender)
    if doc.unit_id != sender.pk or doc.status != Document.Status.REGISTERED:
        raise DocumentError(_("Chỉ gửi lên được văn bản đã vào sổ của chính đơn vị."))
    recipient = to or Unit.objects.get_parent(sender)
    if recipient is None:
        raise DocumentError(_("Đơn vị cấp cao nhất không có nơi để gửi báo cáo."))
    if recipient.pk == sender.pk or recipient.is_within(sender):
        raise DocumentError(_("Không gửi báo cáo cho chính đơn vị hoặc đơn vị cấp dưới."))
    existing = Dispatch.objects.filter(document=doc, recipient=recipient).first()
    return existing or _send(actor, doc, sender, recipient, None)


def _people_of(unit: Unit, roles: Iterable[str]) -> list[Any]:
    return [
        m.user
        for m in Membership.objects.filter(unit=unit, role__in=list(roles)).select_related("user")
    ]


# --- a recipient's steps ----------------------------------------------------------------


def _advance(dispatch: Dispatch, status: str, field: str, actor: Any = None) -> None:
    if dispatch.is_withdrawn:
        return  # returned, revoked or replaced: its steps have ended
    now = clock.now()
    target = STATUS_ORDER.index(status)
    received = dispatch.acknowledged_at is None and target >= STATUS_ORDER.index("acknowledged")
    # Reaching a later step fills in the earlier ones it implies.
    for step, stamp in (
        ("opened", "opened_at"),
        ("acknowledged", "acknowledged_at"),
        ("implementing", "implementing_at"),
        ("done", "done_at"),
    ):
        if STATUS_ORDER.index(step) <= target and getattr(dispatch, stamp) is None:
            setattr(dispatch, stamp, now)
    if STATUS_ORDER.index(dispatch.status) < target:
        dispatch.status = status
    dispatch.save()
    if received:  # NĐ 30 Art. 21(2)(c): the sender hears the same day that it arrived
        back_to_sender.send_receipt(dispatch, actor)


@transaction.atomic
def open_dispatch(actor: Any, dispatch: Dispatch) -> Dispatch:
    """The recipient looked at it (only the recipient's own people count)."""
    _require(actor, Action.VIEW, dispatch.recipient)
    if (
        dispatch.opened_at is None
        and actor is not None
        and _is_member_of_recipient(actor, dispatch)
    ):
        _advance(dispatch, DispatchStatus.OPENED, "opened_at")
    return dispatch


def _is_member_of_recipient(actor: Any, dispatch: Dispatch) -> bool:
    paths = permissions.root_paths(actor, Action.VIEW)
    return paths is not None and any(dispatch.recipient.path.startswith(p) for p in paths)


def _step(actor: Any, dispatch: Dispatch, status: str) -> Dispatch:
    _require(actor, Action.ACKNOWLEDGE, dispatch.recipient)
    dispatch = Dispatch.objects.select_for_update().get(pk=dispatch.pk)
    if dispatch.is_withdrawn or STATUS_ORDER.index(dispatch.status) >= STATUS_ORDER.index(status):
        raise ConflictError(
            _("Văn bản đã ở trạng thái “%(status)s”."), status=dispatch.get_status_display()
        )
    _advance(dispatch, status, f"{status}_at", actor)
    return dispatch


@transaction.atomic
def acknowledge(actor: Any, dispatch: Dispatch) -> Dispatch:
    return _step(actor, dispatch, DispatchStatus.ACKNOWLEDGED)


@transaction.atomic
def start_implementing(actor: Any, dispatch: Dispatch) -> Dispatch:
    return _step(actor, dispatch, DispatchStatus.IMPLEMENTING)


@transaction.atomic
def complete(
    actor: Any, dispatch: Dispatch, note: str, files: Iterable[tuple[str, bytes]] = ()
) -> Dispatch:
    """Report the dispatch done, with a result note and optional attachments."""
    note = (note or "").strip()
    if not note:
        raise DocumentError(_("Hãy ghi kết quả thực hiện."))
    files = list(files)
    for name, data in files:
        if len(data) > MAX_ATTACHMENT_BYTES:
            raise DocumentError(_("Tệp “%(name)s” quá lớn (tối đa 20 MB)."), name=name[:80])
    dispatch = _step(actor, dispatch, DispatchStatus.DONE)
    dispatch.result_note = note
    dispatch.save(update_fields=["result_note"])
    for name, data in files:
        attachment = DispatchAttachment(dispatch=dispatch, name=clean_line(name)[:255])
        attachment.file.save(_safe_name(name), ContentFile(data), save=True)
    return dispatch


@transaction.atomic
def respond_with_document(actor: Any, dispatch: Dispatch, response: Document) -> Dispatch:
    """The recipient carries the document out by issuing its own (which cascades on)."""
    _require(actor, Action.ACKNOWLEDGE, dispatch.recipient)
    _require(actor, Action.REGISTER_DOCUMENTS, response.unit)
    if not response.unit.is_within(dispatch.recipient):
        raise DocumentError(_("Văn bản triển khai phải do đơn vị nhận ban hành."))
    dispatch.response_documents.add(response)
    key = symbol_key(dispatch.document.symbol) or f"#{dispatch.document.pk}"
    Reference.objects.update_or_create(
        source=response,
        symbol=key,
        defaults={"kind": Reference.Kind.IMPLEMENTS, "target": dispatch.document},
    )
    if dispatch.is_withdrawn:
        raise ConflictError(
            _("Văn bản đã ở trạng thái “%(status)s”."), status=dispatch.get_status_display()
        )
    if STATUS_ORDER.index(dispatch.status) < STATUS_ORDER.index(DispatchStatus.IMPLEMENTING):
        _advance(dispatch, DispatchStatus.IMPLEMENTING, "implementing_at", actor)
    return dispatch


# --- deadlines ----------------------------------------------------------------------


def overdue_dispatches(now: dt.datetime | None = None) -> QuerySet[Dispatch]:
    now = now or clock.now()
    return Dispatch.objects.filter(
        deadline__lt=now, status__in=[DispatchStatus.SENT, DispatchStatus.OPENED]
    )


@transaction.atomic
def check_deadlines() -> int:
    """Notify the parent unit's officers of each newly overdue dispatch; returns how many.

    Idempotent: a dispatch is announced once (``overdue_notified_at``).
    """
    count = 0
    for dispatch in (
        overdue_dispatches()
        .filter(overdue_notified_at__isnull=True)
        .select_related("document", "recipient")
    ):
        parent = Unit.objects.get_parent(dispatch.recipient)
        people = _people_of(parent, (Role.OFFICER, Role.ADMIN)) if parent else []
        if dispatch.sender_id != (parent.pk if parent else None):
            people += _people_of(dispatch.sender, (Role.EDITOR, Role.OFFICER))
        notify(
            {p.pk: p for p in people}.values(),
            str(
                _("Quá hạn tiếp nhận: %(label)s — %(unit)s")
                % {"label": dispatch.document.label, "unit": dispatch.recipient.name}
            ),
            str(
                _("%(unit)s chưa tiếp nhận văn bản “%(title)s”, hạn %(deadline)s.")
                % {
                    "unit": dispatch.recipient.name,
                    "title": dispatch.document.title[:200],
                    "deadline": dispatch.deadline.strftime("%d/%m/%Y %H:%M")
                    if dispatch.deadline
                    else "",
                }
            ),
            reverse("document-cascade", args=[dispatch.document_id]),
        )
        dispatch.overdue_notified_at = clock.now()
        dispatch.save(update_fields=["overdue_notified_at"])
        count += 1
    return count


# --- reading --------------------------------------------------------------------------


def inbox(
    unit: Unit, *, status: str = "", query: str = "", overdue: bool = False
) -> QuerySet[Dispatch]:
    qs = Dispatch.objects.filter(recipient=unit).select_related("document", "sender")
    if status:
        qs = qs.filter(status=status)
    if overdue:
        qs = qs.filter(
            deadline__lt=clock.now(), status__in=[DispatchStatus.SENT, DispatchStatus.OPENED]
        )
    if query:
        for word in fold(query).split():
            qs = qs.filter(document__search_text__contains=word)
    return qs.order_by("-sent_at")


def inbox_counts(unit: Unit) -> dict[str, int]:
    qs = Dispatch.objects.filter(recipient=unit)
    counts = {s.value: 0 for s in DispatchStatus}
    for row in qs.values("status").order_by().annotate(n=Count("id")):
        counts[row["status"]] = row["n"]
    counts["overdue"] = qs.filter(
        deadline__lt=clock.now(), status__in=[DispatchStatus.SENT, DispatchStatus.OPENED]
    ).count()
    counts["total"] = sum(counts[s.value] for s in DispatchStatus)
    return counts


def dispatches_visible_to(user: Any) -> QuerySet[Dispatch]:
    """Dispatches a user may see: to their units, or sent by their units."""
    paths = permissions.root_paths(user, Action.VIEW)
    if paths is None:
        return Dispatch.objects.all()
    if not paths:
        return Dispatch.objects.none()
    visible = Q()
    for p in paths:
        visible |= Q(recipient__path__startswith=p) | Q(sender__path__startswith=p)
    return Dispatch.objects.filter(visible)


def cascade(
    doc: Document, viewer: Any, *, whole: bool | None = None, _depth: int = 0
) -> dict[str, Any]:
    """The tree of units a document reached, through recipients' own documents.

    The issuing unit's people see the whole cascade under their document; anyone
    else sees only the dispatches to or from their own units.
    """
    if whole is None:
        whole = permissions.can(viewer, Action.VIEW, doc.unit)
    nodes = []
    dispatches = doc.dispatches.select_related("recipient").prefetch_related(
        "response_documents", "events"
    )
    if not whole:
        dispatches = dispatches.filter(pk__in=dispatches_visible_to(viewer).values("pk"))
    for d in dispatches:
        responses = [
            cascade(r, viewer, whole=whole, _depth=_depth + 1)
            for r in d.response_documents.all()
            if _depth < 8
        ]
        nodes.append(
            {
                "dispatch_id": d.pk,
                "unit": {"code": d.recipient.code, "name": d.recipient.name},
                "status": d.status,
                "status_label": str(d.get_status_display()),
                "overdue": d.is_overdue,
                "sent_at": d.sent_at.isoformat(),
                "opened_at": d.opened_at.isoformat() if d.opened_at else None,
                "acknowledged_at": d.acknowledged_at.isoformat() if d.acknowledged_at else None,
                "done_at": d.done_at.isoformat() if d.done_at else None,
                "deadline": d.deadline.isoformat() if d.deadline else None,
                "days_to_acknowledge": d.days_to("acknowledged_at"),
                "days_to_done": d.days_to("done_at"),
                "responses": responses,
                **back_to_sender.tracking(d),  # receipt notice; returned, revoked, replaced
            }
        )
    return {
        "document": {"id": doc.pk, "label": doc.label, "title": doc.title, "unit": doc.unit.code},
        "dispatches": nodes,
    }
