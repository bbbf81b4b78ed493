"""The feedback rules: submit → route → assign → answer → publish or close, with deadlines.

submit_feedback    anyone, no account: checked, photo re-encoded, routed to a unit
route_unit         the nearest unit at or above the place that has staff to answer
assign / transfer  take it on, or send it to the unit responsible
answer             reply (and tell the sender if they left an e-mail address)
publish            show question and answer on the portal, moderated: nothing personal
close              end it (duplicate, out of scope, abuse, answered privately, withdrawn)
escalate_overdue   an open item past its deadline is reported to the parent unit, then
                   to the next one up every ESCALATION_DAYS while still open (idempotent)
Statistics are in ``stats``; the corrections register in ``corrections``.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from typing import Any

from auditlog.context import disable_auditlog
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from tincoso.core import clock
from tincoso.core.errors import ConflictError, DomainError, NotFoundError, PermissionDeniedError
from tincoso.core.images import sanitize_image
from tincoso.core.notifications import notify
from tincoso.core.text import clean_line, fold, nfc
from tincoso.feedback.limits import MAX_TEXT_CHARS, MIN_TEXT_CHARS
from tincoso.feedback.models import (
    OPEN_STATUSES,
    Category,
    CloseReason,
    Feedback,
    Status,
    new_tracking_code,
)
from tincoso.publishing.models import Item
from tincoso.publishing.services import live
from tincoso.units import permissions
from tincoso.units.models import Membership, Role, Unit
from tincoso.units.permissions import Action

_require = permissions.require_unless_system

logger = logging.getLogger(__name__)

RESPONSE_DAYS = {Category.QUESTION: 7, Category.OPINION: 15, Category.REPORT: 10,
                 Category.REQUEST: 15}
ESCALATION_DAYS = 3
HANDLER_ROLES = (Role.OFFICER, Role.EDITOR, Role.ADMIN)
MAX_ANSWER_CHARS = 10_000
# What must not appear in anything shown publicly: phone numbers, e-mail addresses,
# and 9- or 12-digit identity card numbers.
_PERSONAL = re.compile(
    r"[\w.+-]+@[\w-]+\.[\w.-]+"
    r"|(?<!\d)(?:\+?84|0)(?:[\s.-]?\d){8,10}(?!\d)"
    r"|(?<!\d)\d{9}(?:\d{3})?(?!\d)"
)
_PHONE = re.compile(r"^\+?[0-9 .()-]{6,20}$")


class FeedbackError(DomainError):
    code = "invalid_feedback"


# --- who may do what ------------------------------------------------------------------


def can_handle(user: Any, unit: Unit) -> bool:
    """Handle (assign, answer, publish, close) feedback of ``unit``: officers, editors, admins."""
    return permissions.can(user, Action.ACKNOWLEDGE, unit) or permissions.can(
        user, Action.EDIT_CONTENT, unit)


def require_handle(user: Any, unit: Unit) -> None:
    if user is not None and not can_handle(user, unit):
        permissions.require(user, Action.ACKNOWLEDGE, unit)


def feedback_visible_to(user: Any) -> QuerySet[Feedback]:
    return permissions.restrict(Feedback.objects.all(), user, Action.VIEW)


def handlers_of(unit: Unit) -> list[Any]:
    return [m.user for m in Membership.objects.filter(
        unit=unit, role__in=HANDLER_ROLES, user__is_active=True).select_related("user")]


# --- submission -------------------------------------------------------------------------


def route_unit(place: Unit) -> Unit:
    """The nearest unit at or above ``place`` with someone to answer; else the root."""
    paths = place.paths_above()
    staffed = set(Membership.objects.filter(
        unit__path__in=paths, unit__active=True, role__in=HANDLER_ROLES, user__is_active=True,
    ).values_list("unit__path", flat=True))
    for path in reversed(paths):
        if path in staffed:
            return place if path == place.path else Unit.objects.get(path=path)
    return Unit.objects.get(path=paths[0])


def _clean_contact(name: str, phone: str, email: str) -> tuple[str, str, str]:
    name = clean_line(name)[:150]
    phone = clean_line(phone)
    email = clean_line(email).lower()
    if phone and not _PHONE.match(phone):
        raise FeedbackError(_("Số điện thoại không hợp lệ."))
    if email:
        try:
            validate_email(email)
        except ValidationError as exc:
            raise FeedbackError(_("Địa chỉ thư điện tử không hợp lệ.")) from exc
    return name, phone[:32], email[:254]


@transaction.atomic
def submit_feedback(
    place: Unit, category: str, text: str, *, photo: bytes | None = None,
    item_id: int | None = None, contact_name: str = "", contact_phone: str = "",
    contact_email: str = "", leave_contact: bool = False,
) -> Feedback:
    """Store what a person sent, routed to the unit that answers for ``place``.

    Contact details are kept only when the person ticked ``leave_contact``;
    otherwise they are dropped here, whatever the form carried.
    """
    if not place.active:
        raise FeedbackError(_("Đơn vị không còn hoạt động."))
    if category not in Category.values:
        raise FeedbackError(_("Hãy chọn loại ý kiến."))
    body = nfc(text or "").replace("\x00", "").strip()
    if len(body) < MIN_TEXT_CHARS:
        raise FeedbackError(_("Nội dung quá ngắn (ít nhất %(n)s ký tự)."), n=MIN_TEXT_CHARS)
    if len(body) > MAX_TEXT_CHARS:
        raise FeedbackError(_("Nội dung quá dài (tối đa %(n)s ký tự)."), n=MAX_TEXT_CHARS)
    if leave_contact:
        name, phone, email = _clean_contact(contact_name, contact_phone, contact_email)
        if not (phone or email):
            raise FeedbackError(_("Để được liên hệ lại, hãy để lại số điện thoại hoặc "
                                  "thư điện tử."))
    else:
        name = phone = email = ""
    item = public_item(item_id)
    now = clock.now()
    feedback = Feedback(
        unit=route_unit(place), place=place, category=category, text=body, item=item,
        contact_name=name, contact_phone=phone, contact_email=email, submitted_at=now,
        deadline=now + dt.timedelta(days=RESPONSE_DAYS[Category(category)]),
        tracking_code=new_tracking_code(), search_text=fold(body),
    )
    if photo:
        clean = sanitize_image(photo)
        feedback.photo.save(f"{feedback.tracking_code.lower()}.jpg", ContentFile(clean),
                            save=False)
    # The audit log would record the sender's network address with the new row
    # (django-auditlog's middleware adds it to every entry): a submission is not a
    # staff change, so it is not audited; everything staff do to it afterwards is.
    with disable_auditlog():
        feedback.save()
    notify(handlers_of(feedback.unit),
           str(_("Ý kiến mới: %(category)s — %(place)s")
               % {"category": feedback.get_category_display(), "place": place.name}),
           body[:300], reverse("feedback-detail", args=[feedback.pk]))
    return feedback


def public_item(item_id: int | None) -> Item | None:
    """The portal item a question is about, if it is live and public; else None.

    A QR code on a bulletin board may outlive its item: the question still goes in.
    """
    if item_id is None or not (0 < item_id < 2**31):
        return None
    return live().filter(pk=item_id, audience=Item.Audience.PUBLIC).select_related(
        "unit", "published_version").first()


def find_by_code(code: str) -> Feedback:
    found = Feedback.objects.select_related("unit").filter(
        tracking_code=clean_line(code).upper()[:16]).first()
    if found is None:
        raise NotFoundError(_("Không tìm thấy ý kiến với mã tra cứu này."))
    return found


# --- handling -----------------------------------------------------------------------------


def _expect(feedback: Feedback, *statuses: str) -> None:
    if feedback.status not in statuses:
        raise ConflictError(_("Ý kiến đang ở trạng thái “%(status)s”, không thực hiện được "
                              "thao tác này."), status=feedback.get_status_display())


@transaction.atomic
def assign(actor: Any, feedback: Feedback, assignee: Any = None) -> Feedback:
    """NEW/ASSIGNED → ASSIGNED: someone of the handling unit takes it on."""
    require_handle(actor, feedback.unit)
    _expect(feedback, *OPEN_STATUSES)
    assignee = assignee or actor
    if assignee is None or not can_handle(assignee, feedback.unit):
        raise FeedbackError(_("Người được giao phải là cán bộ của đơn vị xử lý."))
    feedback.status = Status.ASSIGNED
    feedback.assigned_to = assignee
    feedback.assigned_at = clock.now()
    feedback.save()
    if assignee != actor:
        notify([assignee], str(_("Bạn được giao xử lý ý kiến #%(id)s") % {"id": feedback.pk}),
               feedback.text[:300], reverse("feedback-detail", args=[feedback.pk]))
    return feedback


@transaction.atomic
def transfer(actor: Any, feedback: Feedback, unit: Unit) -> Feedback:
    """Send an open item to the unit responsible for it; it starts there as NEW."""
    require_handle(actor, feedback.unit)
    _expect(feedback, *OPEN_STATUSES)
    if not unit.active or unit.pk == feedback.unit_id:
        raise FeedbackError(_("Hãy chọn một đơn vị khác, đang hoạt động."))
    feedback.unit = unit
    feedback.status = Status.NEW
    feedback.assigned_to = None
    feedback.assigned_at = None
    feedback.save()
    notify(handlers_of(unit),
           str(_("Ý kiến được chuyển đến: %(category)s") % {
               "category": feedback.get_category_display()}),
           feedback.text[:300], reverse("feedback-detail", args=[feedback.pk]))
    return feedback


@transaction.atomic
def answer(actor: Any, feedback: Feedback, text: str) -> Feedback:
    """NEW/ASSIGNED → ANSWERED; a sender who left an e-mail address gets the answer."""
    require_handle(actor, feedback.unit)
    _expect(feedback, *OPEN_STATUSES)
    body = nfc(text or "").strip()
    if not body:
        raise FeedbackError(_("Hãy nhập nội dung trả lời."))
    if len(body) > MAX_ANSWER_CHARS:
        raise FeedbackError(_("Trả lời quá dài (tối đa %(n)s ký tự)."), n=MAX_ANSWER_CHARS)
    now = clock.now()
    feedback.status = Status.ANSWERED
    feedback.answer = body
    feedback.answered_by = actor
    feedback.answered_at = now
    if feedback.assigned_to is None:
        feedback.assigned_to, feedback.assigned_at = actor, now
    feedback.save()
    if feedback.contact_email:
        address, code, unit = feedback.contact_email, feedback.tracking_code, feedback.unit.name

        def _mail() -> None:
            try:
                send_mail(str(_("Trả lời ý kiến của bạn — %(unit)s") % {"unit": unit}),
                          f"{body}\n\n{_('Mã tra cứu')}: {code}", None, [address])
            except OSError:
                logger.exception("feedback answer mail failed")

        transaction.on_commit(_mail)
    return feedback


def personal_data_in(text: str) -> list[str]:
    """Phone numbers, e-mail addresses and ID numbers found in ``text``."""
    return [m.group(0) for m in _PERSONAL.finditer(text or "")]


def mask_personal(text: str) -> str:
    """The text with anything that looks personal replaced by “…” (a moderation starter)."""
    return _PERSONAL.sub("…", text or "")


@transaction.atomic
def publish(actor: Any, feedback: Feedback, question: str, answer_text: str) -> Feedback:
    """ANSWERED, proposed for the portal: the moderated question and answer wait for an
    approver (four eyes), who is told; ``approve_publication`` makes them public.

    The moderator writes the public wording; anything that looks like a phone
    number, e-mail address or ID number, and the sender's name, is refused.
    """
    require_handle(actor, feedback.unit)
    _expect(feedback, Status.ANSWERED)
    question = nfc(question or "").strip()
    answer_text = nfc(answer_text or "").strip()
    if not question or not answer_text:
        raise FeedbackError(_("Hãy nhập câu hỏi và câu trả lời để công khai."))
    found = personal_data_in(question) + personal_data_in(answer_text)
    name = fold(feedback.contact_name)
    if name and len(name) > 3 and (name in fold(question) or name in fold(answer_text)):
        found.append(feedback.contact_name)
    if found:
        raise FeedbackError(_("Nội dung công khai còn thông tin cá nhân (%(found)s); hãy "
                              "bỏ đi trước khi công khai."), found=", ".join(found[:3]))
    feedback.public_question = question[:MAX_TEXT_CHARS]
    feedback.public_answer = answer_text[:MAX_ANSWER_CHARS]
    feedback.publish_proposed_by = actor
    feedback.publish_proposed_at = clock.now()
    feedback.save()
    notify(publication_approvers(feedback),
           str(_("Hỏi đáp chờ duyệt công khai: #%(id)s") % {"id": feedback.pk}),
           feedback.public_question[:300],
           reverse("feedback-publication", args=[feedback.pk]))
    return feedback


def publication_approvers(feedback: Feedback) -> list[Any]:
    """Who may make the proposed Q&A public: an approver who did not propose it."""
    ids = permissions.approver_ids(feedback.unit) - {feedback.publish_proposed_by_id}
    return list(get_user_model().objects.filter(pk__in=ids, is_active=True).order_by("pk"))


def _pending(feedback: Feedback) -> None:
    _expect(feedback, Status.ANSWERED)
    if feedback.publish_proposed_at is None:
        raise ConflictError(_("Chưa có đề nghị công khai câu hỏi này."))


@transaction.atomic
def approve_publication(actor: Any, feedback: Feedback) -> Feedback:
    """The second pair of eyes: the proposed Q&A goes on the portal."""
    _require(actor, Action.APPROVE, feedback.unit)
    feedback = Feedback.objects.select_for_update().get(pk=feedback.pk)
    _pending(feedback)
    if actor is not None and actor.pk == feedback.publish_proposed_by_id:
        raise PermissionDeniedError(
            _("Người đề nghị công khai không tự duyệt được (nguyên tắc bốn mắt)."))
    feedback.status = Status.PUBLISHED
    feedback.published_by = actor
    feedback.published_at = clock.now()
    feedback.save()
    if feedback.publish_proposed_by is not None:
        notify([feedback.publish_proposed_by],
               str(_("Hỏi đáp đã được công khai: #%(id)s") % {"id": feedback.pk}), "",
               reverse("feedback-detail", args=[feedback.pk]))
    return feedback


@transaction.atomic
def send_back_publication(actor: Any, feedback: Feedback, reason: str = "") -> Feedback:
    """The approver declines: the Q&A stays off the portal and the proposer is told why."""
    _require(actor, Action.APPROVE, feedback.unit)
    feedback = Feedback.objects.select_for_update().get(pk=feedback.pk)
    _pending(feedback)
    proposer = feedback.publish_proposed_by
    feedback.publish_proposed_by = None
    feedback.publish_proposed_at = None
    feedback.save()
    if proposer is not None:
        notify([proposer], str(_("Hỏi đáp chưa được công khai: #%(id)s") % {"id": feedback.pk}),
               nfc(reason or "").strip()[:2000], reverse("feedback-detail", args=[feedback.pk]))
    return feedback


@transaction.atomic
def close(actor: Any, feedback: Feedback, reason: str) -> Feedback:
    """Open or answered → CLOSED; a published Q&A can only be withdrawn from the portal."""
    require_handle(actor, feedback.unit)
    if reason not in CloseReason.values:
        raise FeedbackError(_("Hãy chọn lý do đóng."))
    if feedback.status == Status.PUBLISHED:
        if reason != CloseReason.WITHDRAWN:
            raise ConflictError(_("Câu hỏi đã công khai chỉ có thể được gỡ khỏi cổng "
                                  "thông tin."))
    else:
        _expect(feedback, Status.NEW, Status.ASSIGNED, Status.ANSWERED)
        if reason == CloseReason.WITHDRAWN:
            raise FeedbackError(_("Chỉ gỡ được câu hỏi đã công khai."))
        if reason == CloseReason.ANSWERED and feedback.status != Status.ANSWERED:
            raise FeedbackError(_("Ý kiến chưa được trả lời."))
    feedback.status = Status.CLOSED
    feedback.close_reason = reason
    feedback.closed_at = clock.now()
    feedback.save()
    return feedback


# --- deadlines ------------------------------------------------------------------------------


def overdue() -> QuerySet[Feedback]:
    return Feedback.objects.filter(status__in=OPEN_STATUSES, deadline__lt=clock.now())


def escalate_overdue() -> int:
    """Report each overdue open item one unit further up; returns how many were escalated.

    First to the parent of the handling unit as soon as the deadline passes, then
    every ESCALATION_DAYS to the next unit up while it stays unanswered. Running
    it again at once does nothing, so a scheduler may call it as often as it likes.
    """
    now = clock.now()
    due = overdue().filter(
        Q(escalated_at__isnull=True) | Q(escalated_at__lte=now - dt.timedelta(days=ESCALATION_DAYS))
    ).select_related("unit", "escalated_to")
    count = 0
    for feedback in due:
        with transaction.atomic():
            current = feedback.escalated_to or feedback.unit
            parent = Unit.objects.get_parent(current)
            if parent is None:
                continue
            feedback.escalated_to = parent
            feedback.escalated_at = now
            feedback.escalation_level += 1
            feedback.save(update_fields=["escalated_to", "escalated_at", "escalation_level"])
            notify(
                handlers_of(parent),
                str(_("Ý kiến quá hạn trả lời: %(unit)s") % {"unit": feedback.unit.name}),
                str(_("%(unit)s chưa trả lời ý kiến #%(id)s (hạn %(deadline)s).") % {
                    "unit": feedback.unit.name, "id": feedback.pk,
                    "deadline": feedback.deadline.strftime("%d/%m/%Y")}),
                reverse("feedback-detail", args=[feedback.pk]),
            )
            count += 1
    return count


# --- the public side --------------------------------------------------------------------------


def published_qa() -> QuerySet[Feedback]:
    return Feedback.objects.filter(status=Status.PUBLISHED).select_related("unit")


def metrics() -> list[Any]:
    """/metrics: feedback waiting for an answer, and how much of it is overdue."""
    from tincoso.core.health import Sample

    waiting = Feedback.objects.filter(status__in=OPEN_STATUSES)
    return [
        Sample("tincoso_feedback_open", waiting.count(), "feedback not yet answered"),
        Sample(
            "tincoso_feedback_overdue",
            waiting.filter(deadline__lt=clock.now()).count(),
            "feedback past its answer deadline",
        ),
    ]
