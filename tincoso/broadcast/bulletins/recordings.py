"""Uploaded recordings: the Vietnamese bulletin as a recording, or a Thái, H'Mông or
Dao variant beside it. Checked at once (kind, size, length), normalised by the worker
(``tasks.normalise_recording``) to −16 LUFS MP3 mono 64 kbps, length and checksum
stored then. Any of them sends an approved bulletin back to review."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from django.core.files import File
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from tincoso.broadcast.bulletins.models import VARIANT_LANGUAGES, Bulletin, BulletinVariant
from tincoso.broadcast.bulletins.services import (
    BulletinError,
    _actor,
    _back_to_review,
    _editable,
    _require,
    _set_reading,
)
from tincoso.broadcast.speech import audio
from tincoso.core import clock
from tincoso.core.errors import ConflictError, DomainError
from tincoso.units.permissions import Action


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


@transaction.atomic
def use_speech(actor: Any, bulletin: Bulletin) -> Bulletin:
    """Back from the Vietnamese recording to the machine voice: the recording is
    dropped (a pending normalisation of it is then skipped), the reading is made from
    the text, and the speech is rendered at approval. Refused when there is no text
    to read."""
    _require(actor, Action.EDIT_CONTENT, bulletin.unit)
    _editable(bulletin)
    if bulletin.kind == Bulletin.Kind.SPEECH:
        raise ConflictError(_("Bản tin đang đọc bằng giọng máy."))
    if not bulletin.text.strip():
        raise BulletinError(_("Bản tin chưa có nội dung để đọc bằng giọng máy: hãy viết "
                              "nội dung trước."))  # fmt: skip
    old = [str(f.name) for f in (bulletin.audio, bulletin.staged) if f]
    bulletin.kind = Bulletin.Kind.SPEECH
    bulletin.audio, bulletin.staged, bulletin.audio_sha256 = "", "", ""
    bulletin.duration, bulletin.audio_state, bulletin.audio_error = None, "", ""
    _set_reading(bulletin, None)
    bulletin.last_edited_by, bulletin.updated_at = _actor(actor), clock.now()
    _back_to_review(actor, bulletin)
    bulletin.save()
    transaction.on_commit(lambda: _delete_files(old))
    return bulletin


def _delete_files(names: list[str]) -> None:
    from django.core.files.storage import default_storage

    for name in names:
        default_storage.delete(name)


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
