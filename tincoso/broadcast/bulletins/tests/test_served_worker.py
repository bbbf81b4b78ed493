"""`tincoso serve` starts the task worker: an approved bulletin gets its speech."""

from __future__ import annotations

import time
from typing import Any

from tincoso.broadcast.bulletins import services
from tincoso.broadcast.bulletins.models import Bulletin
from tincoso.broadcast.bulletins.tests.conftest import write


def test_the_served_worker_renders_an_approved_bulletin(
    app_server: Any, tree: Any, people: Any
) -> None:
    bulletin = write(people["editor"], tree["commune"], text="Họp dân lúc tám giờ sáng mai.")
    services.submit(people["editor"], bulletin)
    services.approve(people["approver"], bulletin)  # commits: the task row is queued
    deadline = time.monotonic() + 120  # a wait for the work, not a speed check
    while time.monotonic() < deadline:
        bulletin.refresh_from_db()
        if bulletin.audio_state != Bulletin.AudioState.PENDING:
            break
        time.sleep(0.5)
    assert bulletin.audio_state == Bulletin.AudioState.READY, app_server.log.read_text()[-2000:]
    assert bulletin.playable and (app_server.media_root / bulletin.audio.name).exists()
