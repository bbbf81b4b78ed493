"""Probe, normalise and measure audio with ffprobe and ffmpeg.

Every file that may reach a loudspeaker, rendered or uploaded, ends as MP3 mono
64 kbps CBR at one loudness, EBU R128 −16 LUFS integrated (what commune devices
play, notes/channels-research.md §7.4). Speech from espeak-ng is peaky (true peak
near 0 dBFS at −18.6 LUFS), so loudnorm alone cannot raise it linearly and falls
back to its dynamic mode, which lands about 1 LU low. So: a gain toward the
target and a limiter shave the peaks first, then loudnorm's two-pass linear mode
sets the exact level.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

from django.utils.translation import gettext_lazy as _

from tincoso.core.errors import DomainError

logger = logging.getLogger(__name__)
TARGET_LUFS = -16.0
TRUE_PEAK = -1.5
LRA = 11
BITRATE = "64k"
SAMPLE_RATE = 44100
TIMEOUT = 900
# ffprobe's names of the containers an editor may upload (MP3, WAV, OGG, M4A).
FORMATS = {"mp3", "wav", "ogg", "mov,mp4,m4a,3gp,3g2,mj2"}
EXTENSIONS = {".mp3", ".wav", ".ogg", ".oga", ".m4a"}


class AudioError(DomainError):
    code = "invalid_audio"


@dataclass(frozen=True)
class Probe:
    format_name: str
    codec: str
    duration: float
    channels: int
    sample_rate: int
    bit_rate: int


def _ffmpeg(argv: list[str]) -> str:
    """Run ffmpeg/ffprobe; its stderr (where filters print their reports)."""
    try:
        # A list of arguments, no shell: file names cannot become commands.
        done = subprocess.run(argv, capture_output=True, timeout=TIMEOUT, check=False)  # noqa: S603
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise AudioError(_("Không xử lý được âm thanh: %(error)s"), error=str(exc)) from exc
    err = done.stderr.decode("utf-8", "replace")
    if done.returncode != 0:
        # ffmpeg's own words name server paths: logged, not shown.
        logger.info("ffmpeg refused a file: %s", err.strip()[-500:])
        raise AudioError(_("Tệp không phải âm thanh đọc được."))
    return err if argv[0] != "ffprobe" else done.stdout.decode("utf-8", "replace")


def probe(path: Path) -> Probe:
    """What the file is; AudioError unless it holds an audio stream of known length."""
    out = _ffmpeg(["ffprobe", "-v", "error", "-print_format", "json", "-show_format",
                   "-show_streams", str(path)])  # fmt: skip
    info = json.loads(out or "{}")
    streams = info.get("streams", [])
    sound = [s for s in streams if s.get("codec_type") == "audio"]
    # A cover picture in an MP3 is a "video" stream marked attached_pic: harmless.
    moving = [s for s in streams if s.get("codec_type") == "video"
              and not s.get("disposition", {}).get("attached_pic")]  # fmt: skip
    fmt = info.get("format", {})
    try:
        duration = float(fmt.get("duration") or sound[0].get("duration") or 0)
    except (ValueError, IndexError):
        duration = 0.0
    if not sound or moving or duration <= 0:
        raise AudioError(_("Tệp không phải bản ghi âm thanh."))
    first = sound[0]
    return Probe(
        format_name=str(fmt.get("format_name", "")),
        codec=str(first.get("codec_name", "")),
        duration=duration,
        channels=int(first.get("channels") or 0),
        sample_rate=int(first.get("sample_rate") or 0),
        bit_rate=int(fmt.get("bit_rate") or 0),
    )


def _measure(path: Path, chain: str = "") -> dict[str, float]:
    """loudnorm's first-pass measurements of ``path`` after the filters ``chain``."""
    filters = f"{chain}," if chain else ""
    err = _ffmpeg(["ffmpeg", "-hide_banner", "-nostats", "-i", str(path), "-af",
                   f"{filters}loudnorm=I={TARGET_LUFS}:TP={TRUE_PEAK}:LRA={LRA}:print_format=json",
                   "-f", "null", "-"])  # fmt: skip
    found = re.search(r"\{[^{}]*\"input_i\"[^{}]*\}", err)
    if not found:
        raise AudioError(_("Không đo được độ lớn âm thanh."))
    values = json.loads(found.group(0))
    try:
        return {k: float(v) for k, v in values.items() if k.startswith(("input_", "target_"))}
    except ValueError:  # "-inf": silence
        raise AudioError(_("Tệp âm thanh không có tiếng.")) from None


def _encode(wav: Path, target: Path, gain_db: float = 0.0) -> None:
    filters = ["-af", f"volume={gain_db:.2f}dB"] if gain_db else []
    _ffmpeg(["ffmpeg", "-hide_banner", "-nostats", "-y", "-i", str(wav), *filters,
             "-c:a", "libmp3lame", "-b:a", BITRATE, "-map_metadata", "-1", "-f", "mp3",
             str(target)])  # fmt: skip


def normalise(source: Path, target: Path) -> Probe:
    """``source`` → ``target`` MP3 mono 64 kbps CBR at −16 LUFS (see the module note).

    The MP3 encoder's low-pass takes about 0.4 LU of K-weighted loudness off speech,
    so the encoded file is measured and, if it is off by more than 0.2 LU, encoded
    again from the normalised WAV with that difference made up."""
    level = loudness(source)  # ebur128: cheaper than loudnorm's 192 kHz pass
    if level <= -70:  # ebur128's floor: silence
        raise AudioError(_("Tệp âm thanh không có tiếng."))
    gain = TARGET_LUFS - level + 1.0
    pre = f"volume={gain:.2f}dB,alimiter=limit=0.75:level=false:attack=5:release=50"
    m = _measure(source, pre)
    loudnorm = (
        f"loudnorm=I={TARGET_LUFS}:TP={TRUE_PEAK}:LRA={LRA}:measured_I={m['input_i']}"
        f":measured_TP={m['input_tp']}:measured_LRA={m['input_lra']}"
        f":measured_thresh={m['input_thresh']}:offset={m['target_offset']}:linear=true"
    )
    wav = target.with_name(target.name + ".wav")
    try:
        _ffmpeg(["ffmpeg", "-hide_banner", "-nostats", "-y", "-i", str(source), "-map", "0:a:0",
                 "-af", f"{pre},{loudnorm}", "-ar", str(SAMPLE_RATE), "-ac", "1",
                 "-c:a", "pcm_s16le", str(wav)])  # fmt: skip
        _encode(wav, target)
        lost = TARGET_LUFS - loudness(target)
        if abs(lost) > 0.2:
            _encode(wav, target, lost)
    finally:
        wav.unlink(missing_ok=True)
    return probe(target)


def loudness(path: Path) -> float:
    """Integrated loudness (LUFS) measured with ffmpeg's ebur128 filter."""
    err = _ffmpeg(["ffmpeg", "-hide_banner", "-nostats", "-i", str(path), "-af", "ebur128",
                   "-f", "null", "-"])  # fmt: skip
    found = re.findall(r"I:\s+(-?[\d.]+|-inf) LUFS", err)
    if not found:
        raise AudioError(_("Không đo được độ lớn âm thanh."))
    return float(found[-1])


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
