"""A bulletin's speech: previews for its editors and approvers, the render after
approval (both in the worker), and the files a device plays (``media_of``)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from tincoso.broadcast.bulletins.models import Bulletin
from tincoso.broadcast.bulletins.services import BulletinError
from tincoso.broadcast.speech import pipeline
from tincoso.broadcast.speech.models import Rendering
from tincoso.core.errors import DomainError
from tincoso.units import permissions
from tincoso.units.permissions import Action

S = Bulletin.Status


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
