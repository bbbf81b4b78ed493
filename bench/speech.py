"""Speech figures: espeak-ng's real-time factor on one core, and loudness after normalising.

Real-time factor (RTF) = seconds spent / seconds of audio, for a bulletin of about
three minutes read by ``broadcast.speech`` with the default voice, the process (and
so espeak-ng and ffmpeg) pinned to one core. The issue's target is ≤ 0.05 for
espeak-ng (a 3-minute bulletin in under 9 s); the whole pipeline (speech, joining,
the three loudness passes, MP3) is printed beside it.

Loudness: integrated loudness of the rendered MP3 and of uploads normalised the same
way (a quiet spoken WAV, a loud one, an OGG tone), measured with ffmpeg's ebur128
filter; the target is −16 LUFS ± 1 LU.
"""

from __future__ import annotations

import os
import resource
import subprocess
import tempfile
import time
from pathlib import Path

PARAGRAPH = (
    "Ủy ban nhân dân xã Đồng Tâm thông báo: theo dự báo của Trung tâm Khí tượng Thủy văn "
    "tỉnh, từ đêm nay đến hết ngày mai trên địa bàn xã có mưa to đến rất to, lượng mưa phổ "
    "biến từ năm mươi đến một trăm mi li mét. Đề nghị bà con nhân dân chủ động phòng tránh "
    "lũ quét và sạt lở đất; không đi qua ngầm tràn khi nước dâng cao, không vớt củi trên sông "
    "suối. Các thôn bản khẩn trương kiểm tra nhà ở, chằng chống nhà cửa, di dời người và tài "
    "sản ra khỏi khu vực nguy hiểm."
)


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _speech(folder: Path) -> None:
    from tincoso.broadcast.reading import reading
    from tincoso.broadcast.speech import audio, engines, pipeline

    said = "\n".join(reading(PARAGRAPH) for _ in range(6))  # about three minutes
    how = pipeline.SpeechSettings()
    engine = engines.engine_for(how.voice)
    started, cpu = time.perf_counter(), _children_cpu()
    for n, section in enumerate(pipeline.sections(said)):
        engine.synthesize(section, how.voice, how.rate, folder / f"e{n}.wav")
    espeak_wall, espeak_cpu = time.perf_counter() - started, _children_cpu() - cpu
    started = time.perf_counter()
    wav = pipeline.synthesize(said, how, folder / "speech.wav")
    mp3 = folder / "speech.mp3"
    probed = audio.normalise(wav, mp3)
    whole = time.perf_counter() - started
    seconds = probed.duration
    print(f"bulletin: {len(said)} characters, {seconds:.1f} s of audio ({seconds / 60:.1f} min)")
    print(f"espeak-ng RTF on one core: {espeak_wall / seconds:.4f} wall "
          f"({espeak_wall:.2f} s), {espeak_cpu / seconds:.4f} CPU  [target <= 0.05]")  # fmt: skip
    print(f"whole pipeline RTF (speech, join, loudness passes, MP3): {whole / seconds:.4f} "
          f"({whole:.1f} s)")  # fmt: skip
    print(f"rendered MP3: {audio.loudness(mp3):.1f} LUFS [target -16 +/- 1], "
          f"{probed.bit_rate / 1000:.1f} kbps, {probed.channels} channel(s)")  # fmt: skip


def _uploads(folder: Path) -> None:
    from tincoso.broadcast.speech import audio

    spoken = folder / "spoken.wav"
    subprocess.run(["espeak-ng", "-v", "vi", "-w", str(spoken), PARAGRAPH], check=True)
    sources = {
        "quiet speech WAV (-20 dB)": ("quiet.wav", "volume=-20dB"),
        "loud speech WAV (+6 dB, clipping)": ("loud.wav", "volume=6dB"),
        "OGG tone at -30 dBFS": ("tone.ogg", None),
    }
    for label, (name, gain) in sources.items():
        path = folder / name
        if gain:
            argv = ["-i", str(spoken), "-af", gain]
        else:
            argv = ["-f", "lavfi", "-i", "sine=frequency=330:duration=20", "-af", "volume=0.03"]
        subprocess.run(["ffmpeg", "-loglevel", "error", "-y", *argv, str(path)], check=True)
        before = audio.loudness(path)
        out = folder / f"{name}.mp3"
        audio.normalise(path, out)
        print(f"upload {label}: {before:.1f} LUFS -> {audio.loudness(out):.1f} LUFS")


def run() -> None:
    import django

    django.setup()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})  # one core
    with tempfile.TemporaryDirectory(prefix="bench-speech-") as tmp:
        _speech(Path(tmp))
        _uploads(Path(tmp))
