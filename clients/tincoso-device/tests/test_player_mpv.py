"""The real player: mpv plays a generated WAV and OGG to the end (null audio output, in
real time), is interrupted by ``stop``, and fails on a file that is not audio. Skipped
only on a developer's machine without mpv; CI installs it (scripts/system-deps.sh) and
there a missing mpv fails."""

from __future__ import annotations

import math
import os
import shutil
import struct
import subprocess
import time
import wave
from pathlib import Path

import pytest
from tincoso_device.player import CommandPlayer

SECONDS = 1.0
if not shutil.which("mpv") and not os.environ.get("CI"):
    pytest.skip("mpv is not installed (scripts/system-deps.sh installs it)",
                allow_module_level=True)


def _wav(path: Path, seconds: float = SECONDS) -> Path:
    rate = 8000
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(b"".join(struct.pack("<h", int(8000 * math.sin(i * 2 * math.pi * 440
                                                                          / rate)))
                                 for i in range(int(rate * seconds))))
    return path


def _ogg(folder: Path) -> Path:
    target = folder / "tone.ogg"
    subprocess.run(["ffmpeg", "-loglevel", "error", "-i", str(_wav(folder / "src.wav")),
                    "-c:a", "libvorbis", str(target)], check=True)
    return target


def _play_through(player: CommandPlayer, path: Path) -> float:
    started = time.monotonic()
    player.start(path, SECONDS, 70)
    while player.running():
        assert time.monotonic() - started < 20, "mpv did not finish"
        time.sleep(0.02)
    return time.monotonic() - started


@pytest.mark.parametrize("kind", ["wav", "ogg"])
def test_mpv_plays_the_file_to_its_end_in_real_time(tmp_path: Path, kind: str) -> None:
    path = _wav(tmp_path / "tone.wav") if kind == "wav" else _ogg(tmp_path)
    player = CommandPlayer("mpv", audio_output="null")
    assert "--ao=null" in player.command(path, 70)
    elapsed = _play_through(player, path)
    assert player.returncode == 0
    assert elapsed >= SECONDS * 0.9  # played, not skipped


def test_stop_interrupts_it_and_a_file_that_is_not_audio_fails(tmp_path: Path) -> None:
    player = CommandPlayer("mpv", audio_output="null")
    player.start(_wav(tmp_path / "long.wav", seconds=30), 30, 70)
    time.sleep(0.3)
    assert player.running()
    started = time.monotonic()
    player.stop()
    assert not player.running() and time.monotonic() - started < 5
    junk = tmp_path / "junk.wav"
    junk.write_bytes(b"not audio at all" * 64)
    _play_through(player, junk)
    assert player.returncode not in (None, 0)
