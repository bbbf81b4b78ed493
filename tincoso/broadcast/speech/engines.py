"""Speech engines behind one interface, all offline.

espeak-ng (Debian package) is the default and the only engine the suite tests:
it is the one Vietnamese voice installable here (notes/channels-research.md §3).
Piper runs when the operator sets ``PIPER_MODEL`` to a voice model file; the
``piper`` program reads text on standard input. More engines register in ENGINES.
"""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from django.conf import settings
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from tincoso.core.errors import DomainError

TIMEOUT = 600  # seconds: espeak-ng is known to hang on some inputs (espeak-ng#2442)


class SpeechError(DomainError):
    code = "speech_failed"


@dataclass(frozen=True)
class Voice:
    code: str  # stored on the bulletin: "vi", "piper"…
    label: str | Promise
    engine: str


class Engine(Protocol):
    name: str

    def voices(self) -> list[Voice]: ...

    def identity(self) -> str:
        """What changes the sound besides the input (model file, program version):
        part of the render cache key."""
        ...

    def synthesize(self, reading: str, voice: str, rate: int, out: Path) -> Path:
        """Speak ``reading`` with ``voice`` at ``rate`` percent of normal speed into
        the WAV file ``out``; return ``out``."""
        ...


def _run(argv: list[str], text: str) -> None:
    try:
        done = subprocess.run(  # noqa: S603 (a list of arguments, no shell)
            argv, input=text.encode("utf-8"), capture_output=True, timeout=TIMEOUT, check=False
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise SpeechError(_("Không chạy được bộ đọc %(name)s: %(error)s"), name=argv[0],
                          error=str(exc)) from exc  # fmt: skip
    if done.returncode != 0:
        raise SpeechError(
            _("Bộ đọc %(name)s báo lỗi: %(error)s"),
            name=argv[0],
            error=done.stderr.decode("utf-8", "replace").strip()[-500:],
        )


class Espeak:
    """espeak-ng's Vietnamese voices (Northern, Central, Southern)."""

    name = "espeak-ng"
    BASE_WPM = 160  # words a minute at rate 100: a careful announcer's pace

    def voices(self) -> list[Voice]:
        return [
            Voice("vi", _("espeak-ng, giọng Bắc"), self.name),
            Voice("vi-vn-x-central", _("espeak-ng, giọng Trung"), self.name),
            Voice("vi-vn-x-south", _("espeak-ng, giọng Nam"), self.name),
        ]

    def identity(self) -> str:
        return "espeak-ng"

    def synthesize(self, reading: str, voice: str, rate: int, out: Path) -> Path:
        wpm = max(80, min(450, round(self.BASE_WPM * rate / 100)))
        _run(["espeak-ng", "-b", "1", "-v", voice, "-s", str(wpm), "-w", str(out), "--stdin"],
             reading)  # fmt: skip
        return out


class Piper:
    """Piper with the voice model file the operator supplies (``PIPER_MODEL``)."""

    name = "piper"

    def voices(self) -> list[Voice]:
        if not settings.PIPER_MODEL:
            return []
        return [Voice("piper", _("Piper, %(model)s") % {"model": Path(settings.PIPER_MODEL).stem},
                      self.name)]  # fmt: skip

    def identity(self) -> str:
        model = Path(settings.PIPER_MODEL)
        stamp = model.stat().st_mtime_ns if model.exists() else 0
        return f"piper:{model}:{stamp}"

    def synthesize(self, reading: str, voice: str, rate: int, out: Path) -> Path:
        if not settings.PIPER_MODEL or not Path(settings.PIPER_MODEL).exists():
            raise SpeechError(_("Chưa có tệp giọng đọc Piper (PIPER_MODEL)."))
        program = shutil.which(settings.PIPER_BINARY) or settings.PIPER_BINARY
        scale = f"{100 / max(rate, 1):.3f}"  # Piper's length_scale: above 1 is slower
        _run([program, "--model", settings.PIPER_MODEL, "--output_file", str(out),
              "--length_scale", scale], reading)  # fmt: skip
        return out


ENGINES: list[Engine] = [Espeak(), Piper()]
DEFAULT_VOICE = "vi"


def voices() -> list[Voice]:
    """Every voice available on this server, the default first."""
    return [v for engine in ENGINES for v in engine.voices()]


def engine_for(voice: str) -> Engine:
    for engine in ENGINES:
        if any(v.code == voice for v in engine.voices()):
            return engine
    raise SpeechError(_("Giọng đọc “%(voice)s” không có trên máy chủ này."), voice=voice)
