"""Rules for radio bulletins: write, record, submit, approve (four eyes), render.

draft → review → approved (→ withdrawn). The approver holds the approver role on
the bulletin's unit or above (or on the unit guiding it, ``approver_ids``) and is
none of its authors. Any change to an approved bulletin sends it back to review,
so nothing unapproved is ever ``playable``. Speech is rendered after approval by
a background task (``tasks.render_bulletin_audio``); an uploaded recording is
normalised when it is attached.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.files import File
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from tincoso.broadcast import reading as reading_module
from tincoso.broadcast.bulletins.models import VARIANT_LANGUAGES, Bulletin, BulletinVariant
from tincoso.broadcast.speech import audio, engines, pipeline
from tincoso.broadcast.speech.models import Rendering
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


def _staged(upload: UploadedFile | Path) -> tuple[File[Any], audio.Probe]:
    """An uploaded file checked at once (kind, size, length: ffprobe is quick) and kept
    as received; the worker normalises it (``finish_recording``). A bad file raises
    AudioError before anything is stored."""
    from django.conf import settings

    name = upload.name if isinstance(upload, Path) else (upload.name or "")
    size = upload.stat().st_size if isinstance(upload, Path) else (upload.size or 0)
    suffix = Path(name).suffix.lower()
    if suffix not in audio.EXTENSIONS:
        raise audio.AudioError(_("Chỉ nhận tệp âm thanh MP3, WAV, OGG hoặc M4A."))
    if size > settings.BULLETIN_UPLOAD_MAX_BYTES:
        raise audio.AudioError(_("Tệp lớn quá %(mb)s MB."),
                               mb=settings.BULLETIN_UPLOAD_MAX_BYTES // (1024 * 1024))  # fmt: skip
    if size == 0:
        raise audio.AudioError(_("Tệp rỗng."))
    spool = tempfile.NamedTemporaryFile(prefix="tincoso-upload-", suffix=suffix)  # noqa: SIM115
    if isinstance(upload, Path):
        spool.write(upload.read_bytes())
    else:
        for chunk in upload.chunks():
            spool.write(chunk)
    spool.flush()
    try:
        found = audio.probe(Path(spool.name))
        if found.format_name not in audio.FORMATS:
            raise audio.AudioError(_("Chỉ nhận tệp âm thanh MP3, WAV, OGG hoặc M4A."))
        if found.duration > settings.BULLETIN_MAX_SECONDS:
            raise audio.AudioError(
                _("Bản ghi dài quá %(n)s phút."), n=settings.BULLETIN_MAX_SECONDS // 60
            )
    except audio.AudioError:
        spool.close()
        raise
    spool.seek(0)
    return File(spool, name=f"upload{suffix}"), found


def _queue_normalising(bulletin: Bulletin, language: str) -> None:
    from tincoso.broadcast.bulletins.tasks import normalise_recording

    transaction.on_commit(lambda: normalise_recording.enqueue(bulletin.pk, language))


def attach_recording(actor: Any, bulletin: Bulletin, upload: UploadedFile | Path) -> Bulletin:
    """The Vietnamese bulletin as a recording (replacing any speech): checked now,
    normalised by the worker (its length and checksum stored then). A bad file is
    refused and nothing changes."""
    _require(actor, Action.EDIT_CONTENT, bulletin.unit)
    _editable(bulletin)
    received, probed = _staged(upload)
    with received, transaction.atomic():
        bulletin.kind = Bulletin.Kind.RECORDING
        bulletin.audio, bulletin.audio_sha256 = "", ""
        bulletin.duration = probed.duration  # the upload's; the worker stores the MP3's
        bulletin.audio_state, bulletin.audio_error = Bulletin.AudioState.PENDING, ""
        bulletin.staged.save(f"bulletin-{bulletin.pk}{Path(received.name or '').suffix}",
                             received, save=False)  # fmt: skip
        bulletin.last_edited_by, bulletin.updated_at = _actor(actor), clock.now()
        _back_to_review(actor, bulletin)
        bulletin.save()
        _queue_normalising(bulletin, "vi")
    return bulletin


def attach_variant(
    actor: Any, bulletin: Bulletin, language: str, upload: UploadedFile | Path
) -> BulletinVariant:
    """A recording in Thái, H'Mông or Dao beside the Vietnamese bulletin (replacing the
    one in that language), normalised by the worker. An approved bulletin goes back to
    review."""
    _require(actor, Action.EDIT_CONTENT, bulletin.unit)
    _editable(bulletin)
    if language not in dict(VARIANT_LANGUAGES):
        raise BulletinError(_("Ngôn ngữ “%(lang)s” không hợp lệ."), lang=language)
    received, probed = _staged(upload)
    with received, transaction.atomic():
        variant = BulletinVariant.objects.filter(bulletin=bulletin, language=language).first()
        variant = variant or BulletinVariant(bulletin=bulletin, language=language)
        variant.audio, variant.sha256, variant.duration = "", "", probed.duration
        variant.audio_state, variant.audio_error = Bulletin.AudioState.PENDING, ""
        variant.added_by = _actor(actor)
        variant.staged.save(f"bulletin-{bulletin.pk}-{language}{Path(received.name or '').suffix}",
                            received, save=False)  # fmt: skip
        variant.save()
        bulletin.last_edited_by, bulletin.updated_at = _actor(actor), clock.now()
        _back_to_review(actor, bulletin)
        bulletin.save()
        _queue_normalising(bulletin, language)
    return variant


def finish_recording(pk: int, language: str) -> str:
    """Normalise a staged upload into its MP3 (the task's body); a failure is recorded
    in both languages on the bulletin or variant, not raised."""
    from django.core.files.storage import default_storage

    target: Bulletin | BulletinVariant | None
    if language == "vi":
        target = Bulletin.objects.filter(pk=pk).first()
    else:
        target = BulletinVariant.objects.filter(bulletin_id=pk, language=language).first()
    if target is None or not target.staged:
        return "skipped"
    staged = target.staged.name or ""
    with tempfile.TemporaryDirectory(prefix="tincoso-normalise-") as tmp:
        source, mp3 = Path(tmp) / Path(staged).name, Path(tmp) / "normalised.mp3"
        with default_storage.open(staged, "rb") as fh:
            source.write_bytes(fh.read())
        try:
            probed = audio.normalise(source, mp3)
        except DomainError as exc:
            type(target).objects.filter(pk=target.pk, staged=staged).update(
                audio_state=Bulletin.AudioState.FAILED, audio_error=exc.in_both_languages()
            )
            return "failed"
        with transaction.atomic():
            fresh = type(target).objects.select_for_update().get(pk=target.pk)
            if fresh.staged.name != staged:  # replaced meanwhile: its own task follows
                return "stale"
            name = f"bulletin-{pk}.mp3" if language == "vi" else f"bulletin-{pk}-{language}.mp3"
            with mp3.open("rb") as fh:
                fresh.audio.save(name, File(fh), save=False)
            fresh.duration = probed.duration
            checksum = audio.sha256_of(mp3)
            if isinstance(fresh, Bulletin):
                fresh.audio_sha256 = checksum
            else:
                fresh.sha256 = checksum
            fresh.audio_state, fresh.audio_error, fresh.staged = Bulletin.AudioState.READY, "", ""
            fresh.save()
    default_storage.delete(staged)
    return "ready"


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


def speech_settings(bulletin: Bulletin) -> pipeline.SpeechSettings:
    return pipeline.SpeechSettings(bulletin.voice, bulletin.rate, bulletin.pause_ms)


def _may_preview(actor: Any, bulletin: Bulletin) -> None:
    if not (permissions.can(actor, Action.EDIT_CONTENT, bulletin.unit)
            or permissions.can(actor, Action.APPROVE, bulletin.unit)):  # fmt: skip
        permissions.require(actor, Action.EDIT_CONTENT, bulletin.unit)
    if not pipeline.sections(bulletin.reading):
        raise BulletinError(_("Bản tin chưa có lời đọc."))


def rendered_preview(actor: Any, bulletin: Bulletin) -> Rendering | None:
    """The speech of the bulletin as it reads now, if it has been rendered (cache)."""
    _may_preview(actor, bulletin)
    found = Rendering.objects.filter(
        key=pipeline.cache_key(bulletin.reading, speech_settings(bulletin))
    ).first()
    return (
        found if found is not None and found.audio.storage.exists(found.audio.name or "") else None
    )


def preview(actor: Any, bulletin: Bulletin) -> tuple[Rendering | None, str]:
    """For its editors and approvers to hear before approving: the cached rendering,
    or (None, the id of the task now rendering it in the worker)."""
    found = rendered_preview(actor, bulletin)
    if found is not None:
        return found, ""
    from tincoso.broadcast.bulletins.tasks import render_preview

    return None, str(render_preview.enqueue(bulletin.pk).id)


def render_preview_of(pk: int) -> dict[str, str]:
    """The preview task's body: render (or find) the speech; a failure is returned in
    both languages for the page that polls, not raised."""
    bulletin = Bulletin.objects.filter(pk=pk).first()
    if bulletin is None:
        return {"error": ""}
    try:
        made = pipeline.render(bulletin.reading, speech_settings(bulletin))
    except DomainError as exc:
        return {"error": exc.in_both_languages()}
    return {"key": made.key, "error": ""}


def preview_failure(task_id: str) -> str:
    """Why the preview task ``task_id`` failed ("" while it runs or if it succeeded)."""
    from django.core.exceptions import ValidationError
    from django_tasks import TaskResultStatus
    from django_tasks.exceptions import TaskResultDoesNotExist

    from tincoso.broadcast.bulletins.tasks import render_preview

    try:
        result = render_preview.get_result(task_id)
    except (TaskResultDoesNotExist, ValueError, ValidationError):
        return ""
    if result.status == TaskResultStatus.FAILED:
        return str(_("Tạo âm thanh thất bại"))
    if result.status == TaskResultStatus.SUCCESSFUL:
        return str((result.return_value or {}).get("error", ""))
    return ""


def render_audio(pk: int) -> str:
    """Render an approved speech bulletin's audio (the task's body). Returns the state.
    A failure is recorded on the bulletin in both languages, not raised."""
    bulletin = Bulletin.objects.filter(pk=pk).first()
    if bulletin is None or bulletin.status != S.APPROVED or bulletin.kind != Bulletin.Kind.SPEECH:
        return "skipped"
    how, said = speech_settings(bulletin), bulletin.reading
    try:
        made = pipeline.render(said, how)
    except DomainError as exc:
        Bulletin.objects.filter(pk=pk, status=S.APPROVED).update(
            audio_state=Bulletin.AudioState.FAILED, audio_error=exc.in_both_languages()
        )
        return "failed"
    with transaction.atomic():
        fresh = Bulletin.objects.select_for_update().get(pk=pk)
        # Changed while rendering: that change's own approval renders it.
        if fresh.status != S.APPROVED or fresh.reading != said or speech_settings(fresh) != how:
            return "stale"
        fresh.audio.name = made.audio.name
        fresh.duration, fresh.audio_sha256 = made.duration, made.sha256
        fresh.audio_state, fresh.audio_error = Bulletin.AudioState.READY, ""
        fresh.save(update_fields=["audio", "duration", "audio_sha256", "audio_state",
                                  "audio_error"])  # fmt: skip
    return "ready"


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

    from tincoso.units.models import Guidance, Membership, Role

    paths = permissions.root_paths(user, Action.APPROVE)
    if not paths:  # none, or a superuser (who sees everything already)
        return []
    reach = reduce(or_, (Q(guide__path__startswith=p) for p in paths))
    guided = set(Guidance.objects.filter(reach, guide__active=True)
                 .values_list("guided__path", flat=True))  # fmt: skip
    if not guided:
        return []
    inside = reduce(or_, (Q(path__startswith=g) for g in guided))
    units = Unit.objects.filter(inside, active=True, bulletins__isnull=False).distinct()
    lines = set(Membership.objects.filter(role=Role.APPROVER, user__is_active=True)
                .values_list("unit__path", flat=True))  # fmt: skip
    return [pk for pk, path in units.values_list("pk", "path")
            if not any(path.startswith(a) for a in lines)]  # fmt: skip


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


@dataclass(frozen=True)
class Media:
    """One file a device plays for a bulletin: what a manifest lists (issue 14)."""

    language: str  # "vi", or a variant's code
    duration: float
    sha256: str
    url: str  # the API's audio endpoint (access-checked, ranged)


def media_of(bulletin: Bulletin) -> list[Media]:
    """The playable files of a bulletin, Vietnamese first: empty unless it is playable."""
    if not bulletin.playable:
        return []
    url = reverse("api-bulletin-audio", args=[bulletin.pk])
    found = [Media("vi", bulletin.duration or 0.0, bulletin.audio_sha256, url)]
    found += [Media(v.language, v.duration, v.sha256, f"{url}?language={v.language}")
              for v in bulletin.variants.all() if v.playable]  # fmt: skip
    return found
