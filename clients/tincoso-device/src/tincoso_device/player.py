"""Players: mpv or ffplay on the box, and a recording player for tests.

A player plays one file at a time: ``start`` returns at once, ``running`` says
whether it still plays, ``stop`` interrupts it. The conductor decides when.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol


def audio_seconds(path: Path, default: float = 60.0) -> float:
    """The length of a WAV file (for a message that gives none), else ``default``."""
    import wave

    try:
        with wave.open(str(path), "rb") as audio:
            return audio.getnframes() / float(audio.getframerate())
    except (wave.Error, EOFError, OSError):
        return default


class Player(Protocol):
    def start(self, path: Path, seconds: float, volume: int) -> None: ...
    def running(self) -> bool: ...
    def stop(self) -> None: ...


class CommandPlayer:
    """A real audio player in a child process (mpv preferred, else ffplay).

    ``audio_output`` chooses mpv's ``--ao`` (``null`` plays in real time into
    nothing: boxes without a sound card, and the tests); for ffplay, ``null`` is
    SDL's dummy driver. ``returncode`` is the last player's exit status once it ended
    (0: played to the end)."""

    def __init__(self, program: str = "", audio_output: str = "") -> None:
        self.program = program or next(
            (p for p in ("mpv", "ffplay") if shutil.which(p)), "ffplay")
        self.audio_output = audio_output
        self._process: subprocess.Popen[bytes] | None = None
        self.returncode: int | None = None

    def command(self, path: Path, volume: int) -> list[str]:
        if Path(self.program).name == "mpv":
            output = [f"--ao={self.audio_output}"] if self.audio_output else []
            return [self.program, "--no-video", "--really-quiet", *output,
                    f"--volume={volume}", str(path)]
        return [self.program, "-nodisp", "-autoexit", "-loglevel", "quiet",
                "-volume", str(volume), str(path)]

    def start(self, path: Path, seconds: float, volume: int) -> None:
        self.stop()
        env = None
        if self.audio_output == "null" and Path(self.program).name != "mpv":
            env = {**os.environ, "SDL_AUDIODRIVER": "dummy"}
        self.returncode = None
        self._process = subprocess.Popen(  # noqa: S603 - our own file and player
            self.command(path, volume), stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)

    def running(self) -> bool:
        if self._process is None:
            return False
        self.returncode = self._process.poll()
        return self.returncode is None

    def stop(self) -> None:
        process, self._process = self._process, None
        if process is not None and process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


@dataclass
class Played:
    path: Path
    bytes_sha: str
    started: float
    seconds: float
    stopped: float | None = None


@dataclass
class RecordingPlayer:
    """Plays nothing aloud: records which real file it would play, when (wall clock,
    ``time.time()``) and for how long; it "plays" for the given seconds."""

    log: list[Played] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def start(self, path: Path, seconds: float, volume: int) -> None:
        import hashlib

        digest = hashlib.sha256(path.read_bytes()).hexdigest()  # the file must exist
        with self._lock:
            self.log.append(Played(path, digest, time.time(), seconds))

    def running(self) -> bool:
        with self._lock:
            if not self.log or self.log[-1].stopped is not None:
                return False
            last = self.log[-1]
            if time.time() >= last.started + last.seconds:
                last.stopped = last.started + last.seconds
                return False
            return True

    def stop(self) -> None:
        with self._lock:
            if self.log and self.log[-1].stopped is None:
                self.log[-1].stopped = min(time.time(), self.log[-1].started + self.log[-1].seconds)
