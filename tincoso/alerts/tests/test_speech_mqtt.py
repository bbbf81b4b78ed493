"""The alert spoken on the loudspeakers, over a real Mosquitto and the real worker:
the draft's speech is rendered while the second person reads it, so the approval's
start carries the audio (URL + SHA-256, signed); an Update sent in one click starts
with its text and gets its own audio from the worker; a cancel stops it at once."""

from __future__ import annotations

import hashlib
from typing import Any

import pytest
from django.test import Client

from tincoso.alerts import services, speech
from tincoso.alerts.tests.conftest import composed, draft
from tincoso.broadcast.bulletins.tests.conftest import run_worker
from tincoso.broadcast.devices import credentials
from tincoso.broadcast.devices import services as devices
from tincoso.broadcast.devices.broker import BrokerSettings
from tincoso.broadcast.devices.models import Device
from tincoso.broadcast.devices.push_models import Emergency
from tincoso.broadcast.devices.testing import DeviceLink, mqtt, mqtt_broker
from tincoso.units.models import Unit

__all__ = ["mqtt", "mqtt_broker"]
pytestmark = pytest.mark.django_db(transaction=True)  # the worker commits


def _speaker(tree: dict[str, Unit]) -> tuple[Device, str]:
    device = devices.save_device(
        None, tree["village"], devices.DeviceData(name="Loa Nà Khum", kind=Device.Kind.LOUDSPEAKER)
    )
    return device, credentials.issue_token(device)


def _audio(token: str, media: dict[str, Any]) -> bytes:
    answer = Client().get(media["url"], HTTP_AUTHORIZATION=f"Device {token}")
    assert answer.status_code == 200
    return b"".join(answer.streaming_content) if answer.streaming else answer.content


def test_approval_preempts_with_spoken_audio_update_replaces_it_cancel_stops(
    tree: dict[str, Unit], people: dict[str, Any], mqtt: BrokerSettings, settings: Any
) -> None:
    settings.ALERT_REPEAT_EVERY_S = 300
    device, token = _speaker(tree)
    alert = composed(tree, people)
    run_worker()  # the draft's speech, rendered before anyone approves
    assert speech.cached(alert) is not None
    services.approve(people["approver"], alert)
    topic = f"tcs/u/{tree['village'].pk}/emergency"
    link = DeviceLink(mqtt, device.pk, token).connect()
    link.subscribe(topic)
    started = link.expect_msg(topic)  # signature checked as a device does
    assert started["action"] == "start" and started["repeat_every_s"] == 300
    media = started["media"]
    assert media["content_type"] == "audio/mpeg"
    assert hashlib.sha256(_audio(token, media)).hexdigest() == media["sha256"]
    bulletin = Emergency.objects.get(pk=alert.emergencies.get().emergency_id).bulletin
    assert bulletin is not None and bulletin.playable and "lũ quét" in bulletin.reading

    changed = draft(tree, description="Nước suối Nà Khum dâng nhanh, lũ quét trong 2 giờ tới.")
    update = services.update(people["editor"], alert, changed)
    stopped = link.expect_msg(topic)  # the alert's emergency stops...
    assert stopped["action"] == "stop" and stopped["emergency_id"] == started["emergency_id"]
    replaced = link.expect_msg(topic)  # ...the Update's own starts, its text first
    assert replaced["action"] == "start" and replaced["media"] is None
    assert replaced["emergency_id"] != started["emergency_id"]
    run_worker()  # its speech, then the same emergency again with the audio
    spoken = link.expect_msg(topic)
    assert spoken["emergency_id"] == replaced["emergency_id"] and spoken["id"] != replaced["id"]
    assert spoken["media"]["sha256"] != media["sha256"]
    assert hashlib.sha256(_audio(token, spoken["media"])).hexdigest() == spoken["media"]["sha256"]
    run_worker()
    assert speech.speak(update.pk) == "given to 0"  # once per emergency, even on retries

    services.cancel(people["approver"], update)
    cancelled = link.expect_msg(topic)
    assert cancelled["action"] == "stop" and cancelled["emergency_id"] == spoken["emergency_id"]
    assert speech.speak(update.pk) == "given to 0"  # a stopped emergency gets nothing
    link.close()
