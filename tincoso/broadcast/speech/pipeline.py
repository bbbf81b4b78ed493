"""A reading becomes a loudspeaker-ready MP3, rendered once per distinct input.

reading (already normalised by ``broadcast.reading``) → sections (its paragraphs)
→ one WAV per section from the voice's engine → joined with the chosen pause
→ ``audio.normalise`` (−16 LUFS, MP3 mono 64 kbps CBR). The result is kept as a
``Rendering`` under a hash of everything that changes the sound, so the same
bulletin previewed, approved and re-approved is rendered once.
"""

from __future__ import annotations

import hashlib
import json
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from django.core.files import File
from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from tincoso.broadcast import reading as reading_module
from tincoso.broadcast.speech import audio, engines
from tincoso.broadcast.speech.models import Rendering

PIPELINE_VERSION = "1"  # change whenever the same input would sound different
MAX_PAUSE_MS = 5000
RATES = (70, 130)  # percent of normal speed an editor may choose


@dataclass(frozen=True)
class SpeechSettings:
    voice: str = engines.DEFAULT_VOICE
    rate: int = 100  # percent of normal speed
    pause_ms: int = 800  # silence between sections


def sections(reading: str) -> list[str]:
    """The reading's paragraphs (lines), each spoken on its own, pauses between."""
    return [line.strip() for line in reading.splitlines() if line.strip(" ,.")]


def cache_key(reading: str, how: SpeechSettings) -> str:
    engine = engines.engine_for(how.voice)
    material = json.dumps(
        [reading, how.voice, how.rate, how.pause_ms, reading_module.VERSION, PIPELINE_VERSION,
         engine.identity()],
        ensure_ascii=False,
    )  # fmt: skip
    return hashlib.sha256(material.encode("utf-8")).hexdigest()


def synthesize(reading: str, how: SpeechSettings, wav: Path) -> Path:
    """The whole reading as one WAV: each section spoken, then ``pause_ms`` of silence."""
    parts = sections(reading)
    if not parts:
        raise engines.SpeechError(_("Bản tin chưa có lời đọc."))
    engine = engines.engine_for(how.voice)
    folder = wav.parent
    inputs: list[str] = []
    for n, text in enumerate(parts):
        inputs += ["-i", str(engine.synthesize(text, how.voice, how.rate, folder / f"s{n}.wav"))]
    pad = how.pause_ms / 1000
    chain = ";".join(
        f"[{n}:a]aresample=22050,aformat=channel_layouts=mono,apad=pad_dur={pad}[a{n}]"
        for n in range(len(parts))
    )
    joined = "".join(f"[a{n}]" for n in range(len(parts)))
    graph = f"{chain};{joined}concat=n={len(parts)}:v=0:a=1[out]"
    argv = ["ffmpeg", "-hide_banner", "-nostats", "-y", *inputs, "-filter_complex", graph,
            "-map", "[out]", str(wav)]  # fmt: skip
    done = subprocess.run(argv, capture_output=True, timeout=audio.TIMEOUT, check=False)  # noqa: S603
    if done.returncode != 0:
        raise engines.SpeechError(_("Không ghép được các đoạn đọc: %(error)s"),
                                  error=done.stderr.decode("utf-8", "replace")[-300:])  # fmt: skip
    return wav


def render(reading: str, how: SpeechSettings) -> Rendering:
    """The cached rendering for this input, made now if there is none."""
    key = cache_key(reading, how)
    found = Rendering.objects.filter(key=key).first()
    if found is not None and found.audio.storage.exists(found.audio.name or ""):
        return found
    with tempfile.TemporaryDirectory(prefix="tincoso-speech-") as tmp:
        folder = Path(tmp)
        wav = synthesize(reading, how, folder / "speech.wav")
        mp3 = folder / "speech.mp3"
        probed = audio.normalise(wav, mp3)
        checksum = audio.sha256_of(mp3)
        try:
            with transaction.atomic():
                if found is not None:  # the row outlived its file: make it again
                    found.delete()
                made = Rendering(key=key, duration=probed.duration, sha256=checksum)
                with mp3.open("rb") as fh:
                    made.audio.save(f"{key[:32]}.mp3", File(fh), save=False)
                made.save()
                return made
        except IntegrityError:  # someone rendered the same input at the same moment
            return Rendering.objects.get(key=key)
