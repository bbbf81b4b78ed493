"""Rules for radio bulletins: write, submit, approve (four eyes), send back, withdraw.

draft → review → approved (→ withdrawn). The approver holds the approver role on
the bulletin's unit or above (or on the unit guiding it, ``approver_ids``) and is
none of its authors. Any change to an approved bulletin sends it back to review,
so nothing unapproved is ever ``playable``. Speech is rendered after approval by
the worker (``rendering``); uploaded recordings are in ``recordings``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from tincoso.broadcast import reading as reading_module
from tincoso.broadcast.bulletins.models import Bulletin
from tincoso.broadcast.speech import engines, pipeline
from tincoso.core import clock
from tincoso.core.errors import ConflictError, DomainError, PermissionDeniedError
from tincoso.core.notifications import notify
from tincoso.core.text import clean_line, nfc
from tincoso.units import permissions
from tincoso.units.models import Unit
from tincoso.units.permissions import Action

S = Bulletin.Status
MAX_TITLE = 300
MAX_TEXT = 50_000


class BulletinError(DomainError):
    code = "invalid_bulletin"


@dataclass
class Draft:
    title: str
    text: str = ""
    voice: str = engines.DEFAULT_VOICE
    rate: int = 100
    pause_ms: int = 800


def _check(draft: Draft) -> Draft:
    title = clean_line(draft.title or "")
    if not title:
        raise BulletinError(_("Bản tin cần có tiêu đề."))
    if len(title) > MAX_TITLE:
        raise BulletinError(_("Tiêu đề dài quá %(n)s ký tự."), n=MAX_TITLE)
    if len(draft.text or "") > MAX_TEXT:
        raise BulletinError(_("Nội dung dài quá %(n)s ký tự."), n=MAX_TEXT)
    if draft.voice not in {v.code for v in engines.voices()}:
        raise BulletinError(
            _("Giọng đọc “%(voice)s” không có trên máy chủ này."), voice=draft.voice
        )
    low, high = pipeline.RATES
    if not low <= draft.rate <= high:
        raise BulletinError(_("Tốc độ đọc phải từ %(low)s đến %(high)s%%."), low=low, high=high)
    if not 0 <= draft.pause_ms <= pipeline.MAX_PAUSE_MS:
        raise BulletinError(_("Khoảng nghỉ phải từ 0 đến %(n)s ms."), n=pipeline.MAX_PAUSE_MS)
    draft.title = title
    draft.text = nfc(draft.text or "").replace("\r\n", "\n").strip()
    return draft


def _actor(actor: Any) -> Any:
    return actor if getattr(actor, "pk", None) else None


_require = permissions.require_unless_system


@transaction.atomic
def create_bulletin(
    actor: Any, unit: Unit, draft: Draft, *, source_item: Any = None, source_document: Any = None
) -> Bulletin:
    _require(actor, Action.EDIT_CONTENT, unit)
    draft = _check(draft)
    bulletin = Bulletin(
        unit=unit, title=draft.title, text=draft.text, voice=draft.voice, rate=draft.rate,
        pause_ms=draft.pause_ms, source_item=source_item, source_document=source_document,
        created_by=_actor(actor), last_edited_by=_actor(actor), updated_at=clock.now(),
    )  # fmt: skip
    _set_reading(bulletin, None)
    bulletin.save()
    return bulletin


def _set_reading(bulletin: Bulletin, corrected: str | None) -> None:
    """The reading from the text, or the editor's correction of it."""
    if corrected is not None and nfc(corrected).strip():
        bulletin.reading = nfc(corrected).replace("\r\n", "\n").strip()[: MAX_TEXT * 2]
    else:
        bulletin.reading = "\n".join(
            reading_module.reading(line) for line in bulletin.text.splitlines() if line.strip()
        )
    bulletin.reading_version = reading_module.VERSION


def draft_from_item(actor: Any, item: Any) -> Draft:
    """A bulletin prefilled from an approved or published item the person may read:
    its title and its body as plain text."""
    from tincoso.publishing import content
    from tincoso.publishing import services as publishing
    from tincoso.publishing.models import Item

    readable = publishing.can_read(actor, item) or (
        item.status in (Item.Status.APPROVED, Item.Status.PUBLISHED)
        and permissions.can(actor, Action.VIEW, item.unit)
    )
    version = item.published_version or item.current
    if not readable or version is None:
        raise PermissionDeniedError(_("Chỉ phát trên loa được tin đã duyệt mà bạn được xem."))
    text = "\n".join(p for p in (version.summary, content.plain_text(version.body)) if p)
    return Draft(title=version.title[:MAX_TITLE], text=text)


def draft_from_document(actor: Any, doc: Any) -> Draft:
    from tincoso.documents.models import Document
    from tincoso.documents.services import can_view_document

    if doc.status != Document.Status.REGISTERED or not can_view_document(actor, doc):
        raise PermissionDeniedError(_("Bạn không có quyền xem văn bản này."))
    title = (doc.title or doc.label or "").strip()
    return Draft(title=title[:MAX_TITLE], text=doc.text or title)


def _back_to_review(actor: Any, bulletin: Bulletin) -> None:
    """A change to an approved bulletin: off the air until approved again."""
    if bulletin.status == S.APPROVED:
        bulletin.status = S.REVIEW
        bulletin.approved_by, bulletin.approved_at = None, None
        _announce_review(actor, bulletin)


def _forget_speech(bulletin: Bulletin) -> None:
    if bulletin.kind == Bulletin.Kind.SPEECH:
        bulletin.audio, bulletin.duration, bulletin.audio_sha256 = "", None, ""
        bulletin.audio_state, bulletin.audio_error = "", ""


def _editable(bulletin: Bulletin) -> None:
    if bulletin.status == S.WITHDRAWN:
        raise ConflictError(_("Bản tin đã gỡ, không sửa được."))


@transaction.atomic
def edit_bulletin(
    actor: Any, bulletin: Bulletin, draft: Draft, *, reading: str | None = None
) -> Bulletin:
    """Change the text, the reading or how it is read. An approved bulletin goes back
    to review; its rendered speech is dropped (the new one is rendered at approval)."""
    _require(actor, Action.EDIT_CONTENT, bulletin.unit)
    _editable(bulletin)
    draft = _check(draft)
    text_changed = draft.text != bulletin.text
    bulletin.title, bulletin.text = draft.title, draft.text
    bulletin.voice, bulletin.rate, bulletin.pause_ms = draft.voice, draft.rate, draft.pause_ms
    _set_reading(bulletin, None if text_changed else reading)
    bulletin.last_edited_by = _actor(actor)
    bulletin.updated_at = clock.now()
    _back_to_review(actor, bulletin)
    _forget_speech(bulletin)
    bulletin.save()
    return bulletin


def approvers_of(bulletin: Bulletin) -> list[Any]:
    ids = permissions.approver_ids(bulletin.unit)
    return list(get_user_model().objects.filter(pk__in=ids, is_active=True).order_by("pk"))


def authors_of(bulletin: Bulletin) -> set[int]:
    """Everyone who wrote, changed or submitted it: none of them may approve it."""
    ids = {bulletin.created_by_id, bulletin.last_edited_by_id, bulletin.submitted_by_id}
    return {i for i in ids if i is not None}


def reviewers_of(bulletin: Bulletin) -> list[Any]:
    """Who may approve it: its unit's approvers (or its guiding unit's), not its authors."""
    authors = authors_of(bulletin)
    return [u for u in approvers_of(bulletin) if u.pk not in authors]


def _announce_review(actor: Any, bulletin: Bulletin) -> None:
    notify(
        reviewers_of(bulletin),
        str(_("Bản tin phát thanh chờ duyệt: %(title)s") % {"title": bulletin.title}),
        str(_("%(unit)s gửi một bản tin phát thanh cần duyệt.") % {"unit": bulletin.unit.name}),
        reverse("bulletin-detail", args=[bulletin.pk]),
    )


def _move(bulletin: Bulletin, allowed: tuple[str, ...], to: str) -> None:
    if bulletin.status not in allowed:
        raise ConflictError(_("Không thể chuyển bản tin từ trạng thái “%(status)s”."),
                            status=bulletin.get_status_display())  # fmt: skip
    bulletin.status = to
    bulletin.updated_at = clock.now()


@transaction.atomic
def submit(actor: Any, bulletin: Bulletin) -> Bulletin:
    _require(actor, Action.EDIT_CONTENT, bulletin.unit)
    if bulletin.kind == Bulletin.Kind.SPEECH and not pipeline.sections(bulletin.reading):
        raise BulletinError(_("Bản tin chưa có lời đọc."))
    if bulletin.kind == Bulletin.Kind.RECORDING and not (bulletin.audio or bulletin.staged):
        raise BulletinError(_("Bản tin chưa có bản ghi âm."))
    _move(bulletin, (S.DRAFT,), S.REVIEW)
    bulletin.submitted_by = _actor(actor)
    bulletin.review_note = ""
    bulletin.save()
    _announce_review(actor, bulletin)
    return bulletin


@transaction.atomic
def approve(actor: Any, bulletin: Bulletin) -> Bulletin:
    """Four eyes; speech is then rendered by the worker (the bulletin says "đang tạo
    âm thanh" until it is done), a recording is playable at once."""
    permissions.require(actor, Action.APPROVE, bulletin.unit)
    if actor.pk in authors_of(bulletin):
        raise PermissionDeniedError(
            _("Người duyệt phải khác người soạn bản tin (nguyên tắc bốn mắt).")
        )
    _require_recordings_heard(bulletin)
    _move(bulletin, (S.REVIEW,), S.APPROVED)
    bulletin.approved_by, bulletin.approved_at = actor, clock.now()
    if bulletin.kind == Bulletin.Kind.SPEECH:
        bulletin.audio_state, bulletin.audio_error = Bulletin.AudioState.PENDING, ""
        transaction.on_commit(lambda: _enqueue_render(bulletin.pk))
    bulletin.save()
    if bulletin.created_by is not None:
        notify([bulletin.created_by],
               str(_("Bản tin phát thanh đã được duyệt: %(title)s") % {"title": bulletin.title}),
               str(_("Bản tin đã được duyệt để phát trên loa.")),
               reverse("bulletin-detail", args=[bulletin.pk]))  # fmt: skip
    return bulletin


def _require_recordings_heard(bulletin: Bulletin) -> None:
    """An approver approves recordings they could hear: none still being normalised
    or failed."""
    waiting = bulletin.kind == Bulletin.Kind.RECORDING and (
        bulletin.audio_state != Bulletin.AudioState.READY or not bulletin.audio
    )
    if waiting or bulletin.variants.exclude(audio_state=Bulletin.AudioState.READY).exists():
        raise ConflictError(
            _("Bản ghi âm chưa chuẩn hóa xong (hoặc bị lỗi): hãy chờ rồi nghe lại trước khi duyệt.")
        )


@transaction.atomic
def render_again(actor: Any, bulletin: Bulletin) -> Bulletin:
    """After a failed render (a voice removed, a disk full) and its cause fixed, an
    approver queues the render again; the approval stands (the text is unchanged)."""
    permissions.require(actor, Action.APPROVE, bulletin.unit)
    if bulletin.status != S.APPROVED or bulletin.kind != Bulletin.Kind.SPEECH:
        raise ConflictError(_("Chỉ tạo lại âm thanh cho bản tin đọc bằng giọng máy đã duyệt."))
    bulletin.audio_state, bulletin.audio_error = Bulletin.AudioState.PENDING, ""
    bulletin.save(update_fields=["audio_state", "audio_error"])
    transaction.on_commit(lambda: _enqueue_render(bulletin.pk))
    return bulletin


def _enqueue_render(pk: int) -> None:
    from tincoso.broadcast.bulletins.tasks import render_bulletin_audio

    render_bulletin_audio.enqueue(pk)


@transaction.atomic
def send_back(actor: Any, bulletin: Bulletin, reason: str = "") -> Bulletin:
    permissions.require(actor, Action.APPROVE, bulletin.unit)
    _move(bulletin, (S.REVIEW, S.APPROVED), S.DRAFT)
    bulletin.review_note = nfc(reason or "").strip()[:2000]
    bulletin.approved_by, bulletin.approved_at = None, None
    _forget_speech(bulletin)
    bulletin.save()
    if bulletin.created_by is not None:
        notify([bulletin.created_by],
               str(_("Bản tin phát thanh bị trả lại: %(title)s") % {"title": bulletin.title}),
               bulletin.review_note or str(_("Người duyệt trả lại bản tin để sửa.")),
               reverse("bulletin-detail", args=[bulletin.pk]))  # fmt: skip
    return bulletin


@transaction.atomic
def withdraw(actor: Any, bulletin: Bulletin) -> Bulletin:
    """Off the air for good: its editors or its approvers may do it."""
    if not (permissions.can(actor, Action.EDIT_CONTENT, bulletin.unit)
            or permissions.can(actor, Action.APPROVE, bulletin.unit)):  # fmt: skip
        permissions.require(actor, Action.EDIT_CONTENT, bulletin.unit)
    _move(bulletin, (S.DRAFT, S.REVIEW, S.APPROVED), S.WITHDRAWN)
    bulletin.save()
    return bulletin


def visible_to(user: Any) -> QuerySet[Bulletin]:
    """Bulletins of units where ``user`` has a role, plus the submitted ones of units
    whose approver they are through guidance (a small unit approved from above)."""
    mine = permissions.restrict(Bulletin.objects.all(), user, Action.VIEW)
    guided = approvable_units(user)
    if not guided:
        return mine
    return mine | Bulletin.objects.exclude(status=S.DRAFT).filter(unit__in=guided)


def approvable_units(user: Any) -> list[int]:
    """Units with bulletins that ``user`` approves only through guidance: their line
    has no approver, and a unit guiding them (or above them) lies where ``user`` holds
    the approver role (``permissions.approver_ids``). Three queries whatever the size."""
    from functools import reduce
    from operator import or_

    from tincoso.units.models import Membership, Role

    guided = permissions.approval_fallback_paths(user)
    if not guided:
        return []
    inside = reduce(or_, (Q(path__startswith=g) for g in guided))
    units = list(Unit.objects.filter(inside, active=True, bulletins__isnull=False)
                 .distinct().values_list("pk", "path"))  # fmt: skip
    above = {prefix for _pk, path in units for prefix in Unit.prefixes(path)}
    # Approvers on these units' own lines only (their ancestors), not the province's.
    lines = set(Membership.objects.filter(role=Role.APPROVER, user__is_active=True,
                                          unit__path__in=above)
                .values_list("unit__path", flat=True))  # fmt: skip
    return [pk for pk, path in units if not any(path.startswith(a) for a in lines)]


def can_view(user: Any, bulletin: Bulletin) -> bool:
    if permissions.can(user, Action.VIEW, bulletin.unit):
        return True
    return bulletin.status != S.DRAFT and permissions.can(user, Action.APPROVE, bulletin.unit)


def filtered(qs: QuerySet[Bulletin], *, status: str = "", unit: str = "", q: str = "",
             kind: str = "") -> QuerySet[Bulletin]:  # fmt: skip
    """The list's filters: status, unit code (its subtree), kind, words in the title."""
    if status in S.values:
        qs = qs.filter(status=status)
    if kind in Bulletin.Kind.values:
        qs = qs.filter(kind=kind)
    if unit:
        found = Unit.objects.filter(code=unit).first()
        qs = qs.filter(unit__path__startswith=found.path) if found else qs.none()
    if q:
        qs = qs.filter(Q(title__icontains=q) | Q(text__icontains=q))
    return qs
