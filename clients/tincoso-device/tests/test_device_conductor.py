"""The conductor with the recording player: real files, real time (a few seconds)."""

from __future__ import annotations

import datetime as dt
import hashlib
import time
from pathlib import Path
from typing import Any

from tincoso_device import timeutil
from tincoso_device.conductor import Conductor, Interrupt
from tincoso_device.player import RecordingPlayer


def _file(folder: Path, content: bytes) -> tuple[Path, dict[str, Any]]:
    sha = hashlib.sha256(content).hexdigest()
    path = folder / sha
    path.write_bytes(content)
    return path, {"sha256": sha, "size": len(content), "url": "/m"}


def _item(play_id: str, media: dict[str, Any], start: dt.datetime, seconds: float) -> Any:
    return {"play_id": play_id, "bulletin_id": 1, "media": media, "duration_ms":
            int(seconds * 1000), "start": timeutil.iso_ms(start),
            "end": timeutil.iso_ms(start + dt.timedelta(seconds=seconds))}


def _conductor(tmp_path: Path, items: list[Any], valid_s: float = 3600) -> tuple[
        Conductor, RecordingPlayer, list[dict[str, Any]]]:
    player, proofs = RecordingPlayer(), list[dict[str, Any]]()
    files = {p.name: p for p in tmp_path.iterdir()}
    conductor = Conductor(player, proofs.append, lambda m: files.get(m["sha256"]))
    now = timeutil.utcnow()
    conductor.set_manifest({"version": 3, "items": items, "valid_until": timeutil.iso_ms(
        now + dt.timedelta(seconds=valid_s))})
    return conductor, player, proofs


def _wait(condition: Any, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "not in time"
        time.sleep(0.02)


def test_play_now_interrupts_a_normal_play_which_is_proved_interrupted_then_the_next_plays(
        tmp_path: Path) -> None:
    now = timeutil.utcnow()
    _long, long_media = _file(tmp_path, b"long")
    _next, next_media = _file(tmp_path, b"next")
    urgent, _ = _file(tmp_path, b"urgent")
    conductor, player, proofs = _conductor(tmp_path, [
        _item("a", long_media, now + dt.timedelta(seconds=0.5), 10),
        _item("b", next_media, now + dt.timedelta(seconds=3), 0.5)])  # in "a"'s window
    events: list[str] = []
    conductor.start()
    try:
        _wait(lambda: player.running())
        conductor.interrupt(Interrupt(kind="play_now", id="m-1", path=urgent, seconds=0.5,
                                      on_start=lambda: events.append("started"),
                                      on_end=events.append))
        _wait(lambda: len(proofs) >= 3)
    finally:
        conductor.stop()
    assert [p["play_id"] for p in proofs] == ["a", "m-1", "b"]
    assert [p["status"] for p in proofs] == ["interrupted", "completed", "completed"]
    assert events == ["started", "done"]
    assert [p.path.name for p in player.log] == [
        long_media["sha256"], urgent.name, next_media["sha256"]]


def test_silent_mode_and_an_unverified_file_play_nothing(tmp_path: Path) -> None:
    now = timeutil.utcnow()
    missing = {"sha256": "0" * 64, "size": 1, "url": "/m"}
    _path, media = _file(tmp_path, b"x")
    conductor, player, proofs = _conductor(tmp_path, [
        _item("gone", missing, now + dt.timedelta(seconds=0.2), 0.3),
        _item("quiet", media, now + dt.timedelta(seconds=0.6), 0.3)])
    conductor.mode = "silent"
    conductor.start()
    try:
        time.sleep(1.5)
    finally:
        conductor.stop()
    assert player.log == []
    assert proofs == []  # silent: nothing attempted, not even the missing file
    conductor2, player2, proofs2 = _conductor(tmp_path, [
        _item("gone", missing, timeutil.utcnow() + dt.timedelta(seconds=0.2), 0.3)])
    conductor2.start()
    try:
        _wait(lambda: proofs2)
    finally:
        conductor2.stop()
    assert proofs2[0]["status"] == "failed" and player2.log == []


def test_an_emergency_repeats_until_stopped_and_acks_ended(tmp_path: Path) -> None:
    alarm, _ = _file(tmp_path, b"alarm")
    conductor, player, proofs = _conductor(tmp_path, [])
    events: list[str] = []
    conductor.start()
    try:
        conductor.interrupt(Interrupt(kind="emergency", id="e-msg", path=alarm, seconds=0.3,
                                      emergency_id="e-1", repeat_every_s=1,
                                      on_start=lambda: events.append("started"),
                                      on_end=events.append))
        _wait(lambda: len(player.log) >= 2)
        assert conductor.active_emergency() == "e-1"
        assert conductor.cancel("e-1")
        _wait(lambda: "ended" in events)
    finally:
        conductor.stop()
    assert events == ["started", "ended"]
    assert [p["play_id"] for p in proofs][:2] == ["e-msg", "e-msg.2"]
