"""An alert spoken by the project's Vietnamese voice, for the loudspeakers.

The words are fixed when the draft is written, so the speech is rendered then, in the
worker (``tasks.speak_alert``), while the second person reads it: at the approval the
rendering is usually in the pipeline's cache and the emergency starts *with* its audio.
When it is not yet (an Update or Cancel is written and sent in one click), the
emergency starts with its text at once (boards show it, loudspeakers hold their
programme silent) and the task, once the audio exists, gives every still-running
emergency of the alert its audio: a new start message with the same ``emergency_id``
and a new message id, carrying the media URL and SHA-256 (docs/device-protocol.md §9.6).

Each area unit gets its own approved bulletin (``Bulletin`` with ``kind`` speech), all
sharing the one rendered file: the devices' emergency accepts only a bulletin of the
unit's own line, and a guided unit is not under the issuing unit. The two people who
sent the alert are its author and approver.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import transaction

from tincoso.alerts.cap import marked
from tincoso.alerts.models import Alert, AlertEmergency, CapStatus, MsgType
from tincoso.broadcast import reading as reading_module
from tincoso.broadcast.bulletins.models import Bulletin
from tincoso.broadcast.devices import emergency as emergencies
from tincoso.broadcast.devices.push_models import Emergency
from tincoso.broadcast.speech import pipeline
from tincoso.broadcast.speech.models import Rendering
from tincoso.core.errors import DomainError
from tincoso.units.models import Unit

TITLE_PREFIX = "[Cảnh báo] "


def repeat_every_s() -> int:
    """How often the loudspeakers say it again until it expires (``ALERT_REPEAT_EVERY_S``)."""
    return int(getattr(settings, "ALERT_REPEAT_EVERY_S", 600))


def spoken_text(alert: Alert) -> str:
    """What is said: the headline (a drill says so first), what happens, what to do."""
    lines = [marked(alert, alert.headline), alert.description, alert.instruction]
    return "\n".join(line.strip() for line in lines if line and line.strip())


def spoken_reading(alert: Alert) -> str:
    return "\n".join(
        reading_module.reading(line) for line in spoken_text(alert).splitlines() if line.strip()
    )


def how() -> pipeline.SpeechSettings:
    return pipeline.SpeechSettings()


def speaks(alert: Alert) -> bool:
    """Only messages that go to devices are spoken: not a Test, not a Cancel."""
    return alert.status != CapStatus.TEST and alert.msg_type != MsgType.CANCEL


def cached(alert: Alert) -> Rendering | None:
    """The rendering of this alert's speech if it exists (never renders)."""
    found = Rendering.objects.filter(key=pipeline.cache_key(spoken_reading(alert), how())).first()
    if found is None or not found.audio.storage.exists(found.audio.name or ""):
        return None
    return found


def render(alert: Alert) -> Rendering:
    """Render (or find) the speech: seconds of espeak-ng and ffmpeg, for the worker."""
    return pipeline.render(spoken_reading(alert), how())


def bulletin_for(alert: Alert, unit: Unit, made: Rendering) -> Bulletin:
    """The approved emergency bulletin of ``unit`` that plays ``made``."""
    voice = how()
    return Bulletin.objects.create(
        unit=unit, title=(TITLE_PREFIX + marked(alert, alert.headline))[:300],
        text=spoken_text(alert), reading=spoken_reading(alert),
        reading_version=reading_module.VERSION, status=Bulletin.Status.APPROVED,
        kind=Bulletin.Kind.SPEECH, voice=voice.voice, rate=voice.rate, pause_ms=voice.pause_ms,
        audio=made.audio.name, duration=made.duration, audio_sha256=made.sha256,
        audio_state=Bulletin.AudioState.READY, created_by=alert.created_by,
        approved_by=alert.approved_by or alert.created_by, approved_at=alert.sent_at,
    )  # fmt: skip


@transaction.atomic
def give_audio(alert: Alert, made: Rendering) -> int:
    """Every running emergency of ``alert`` still without audio gets it (a new start
    message, same emergency). Returns how many; a stopped or expired one is left."""
    count = 0
    links = AlertEmergency.objects.filter(alert=alert).select_related("unit")
    for link in links:
        row = (emergencies.active().select_for_update()
               .filter(pk=link.emergency_id, bulletin=None).first())  # fmt: skip
        if row is None:
            continue
        row.bulletin = bulletin_for(alert, link.unit, made)
        row.message_id = uuid.uuid4()
        row.save(update_fields=["bulletin", "message_id"])
        emergencies.publish(Emergency.objects.select_related("bulletin").get(pk=row.pk))
        count += 1
    return count


def speak(alert_id: int) -> str:
    """The task's body: render the alert's speech; once sent, give it to its devices."""
    alert = Alert.objects.filter(pk=alert_id).first()
    if alert is None or not speaks(alert) or alert.state == Alert.State.DISCARDED:
        return "skipped"
    try:
        made = render(alert)
    except DomainError as exc:  # the text keeps playing on boards; logged by the worker
        return f"failed: {exc.in_both_languages()}"
    if alert.state != Alert.State.SENT:
        return "rendered"
    return f"given to {give_audio(alert, made)}"
