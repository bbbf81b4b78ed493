"""Background work for bulletins (Django's task API, django-tasks backport)."""

from __future__ import annotations

from django_tasks import task

from tincoso.broadcast.bulletins import recordings, rendering


@task()
def render_bulletin_audio(bulletin_id: int) -> str:
    """Render an approved speech bulletin's audio, off the request: espeak-ng and the
    loudness passes take seconds for a long bulletin. Enqueued on approval's commit.
    It does not retry: a failure is recorded on the bulletin (shown in both languages)
    and approving again after the fix enqueues it anew; a bulletin changed meanwhile is
    left alone ("stale"), its next approval renders it. Identical input is rendered
    once (the pipeline's cache), so a repeat costs nothing."""
    return rendering.render_audio(bulletin_id)


@task()
def normalise_recording(bulletin_id: int, language: str) -> str:
    """Normalise an uploaded recording (the bulletin's own, ``language`` "vi", or a
    variant's) to −16 LUFS MP3 mono 64 kbps: three ffmpeg passes take a while for a
    long recording, so not in the upload's request. No retry: a failure is recorded on
    the bulletin or variant (both languages) and uploading again queues it anew; a
    file replaced meanwhile is left to its own task ("stale")."""
    return recordings.finish_recording(bulletin_id, language)


@task()
def render_preview(bulletin_id: int) -> dict[str, str]:
    """Render the speech an editor or approver asked to hear, off the request (seconds
    of espeak-ng and ffmpeg for a long bulletin must not hold a web thread). No retry:
    the page polling it shows a failure, and asking again queues it anew. The result is
    the pipeline's cache, which approval then reuses."""
    return rendering.render_preview_of(bulletin_id)
