"""Commands officers send from the device page (``devices.commands``, §9.5) reach a
board over HTTP: a board's page does not speak MQTT (§9.9), so a ``refresh`` or
``screenshot`` command for a board also moves the counter its state carries, and
the screenshot that answers it acknowledges the command ``done``."""

from __future__ import annotations

from typing import Any

from django.db.models import F
from django.db.models.signals import post_save

from tincoso.broadcast.boards.models import BoardState
from tincoso.broadcast.devices.models import Device
from tincoso.broadcast.devices.push_models import Command
from tincoso.core import clock

COUNTERS = {Command.Kind.REFRESH: "refresh_seq", Command.Kind.SCREENSHOT: "screenshot_seq"}


def _sent(sender: Any, instance: Command, created: bool, **kwargs: Any) -> None:
    field = COUNTERS.get(instance.command)  # type: ignore[call-overload]
    if not created or field is None or instance.device.kind != Device.Kind.BOARD:
        return
    BoardState.objects.get_or_create(device_id=instance.device_id)
    BoardState.objects.filter(device_id=instance.device_id).update(**{field: F(field) + 1})


def screenshot_arrived(device: Device) -> None:
    Command.objects.filter(device=device, command=Command.Kind.SCREENSHOT, ack_status="",
                           expires_at__gt=clock.now()).update(
        ack_status="done", ack_detail="screenshot", acked_at=clock.now())


def connect() -> None:
    post_save.connect(_sent, sender=Command, dispatch_uid="boards-command-counters")
