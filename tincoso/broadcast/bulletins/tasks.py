"""Background work for bulletins (Django's task API, django-tasks backport)."""

from __future__ import annotations

from django_tasks import task

from tincoso.broadcast.bulletins import services


@task()
def render_bulletin_audio(bulletin_id: int) -> str:
    """Render an approved speech bulletin's audio, off the request: espeak-ng and the
    loudness passes take seconds for a long bulletin. Enqueued on approval's commit.
    It does not retry: a failure is recorded on the bulletin (shown in both languages)
    and approving again after the fix enqueues it anew; a bulletin changed meanwhile is
    left alone ("stale"), its next approval renders it. Identical input is rendered
    once (the pipeline's cache), so a repeat costs nothing."""
    return services.render_audio(bulletin_id)
