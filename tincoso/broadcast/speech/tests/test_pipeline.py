"""A real espeak-ng and ffmpeg run: the MP3 a loudspeaker would play."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.conf import settings

from tincoso.broadcast.speech import audio, engines, pipeline
from tincoso.broadcast.speech.models import Rendering

READING = (
    "ủy ban nhân dân xã thông báo, từ đêm nay đến hết ngày mai trên địa bàn xã có mưa to\n"
    "đề nghị bà con không đi qua ngầm tràn khi nước dâng cao"
)


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


def test_it_renders_speech_to_a_normalised_mono_64k_mp3(db: Any) -> None:
    made = pipeline.render(READING, pipeline.SpeechSettings(voice="vi", rate=100, pause_ms=800))
    path = Path(made.audio.path)
    probed = audio.probe(path)
    assert (probed.format_name, probed.codec, probed.channels) == ("mp3", "mp3", 1)
    assert 62_000 <= probed.bit_rate <= 66_000  # 64 kbps CBR (container overhead aside)
    assert made.duration == pytest.approx(probed.duration, abs=0.05)
    assert 5 < made.duration < 30  # two sentences and a pause, not silence nor a loop
    assert audio.loudness(path) == pytest.approx(audio.TARGET_LUFS, abs=1.0)  # ebur128
    assert made.sha256 == audio.sha256_of(path) and len(made.sha256) == 64


def test_the_pause_between_sections_lengthens_the_audio(db: Any) -> None:
    short = pipeline.render(READING, pipeline.SpeechSettings(pause_ms=0))
    long = pipeline.render(READING, pipeline.SpeechSettings(pause_ms=3000))
    assert long.duration - short.duration == pytest.approx(6.0, abs=0.5)  # two sections


def test_identical_input_is_rendered_once(db: Any) -> None:
    how = pipeline.SpeechSettings(voice="vi-vn-x-south", rate=90)
    first = pipeline.render(READING, how)
    again = pipeline.render(READING, how)
    assert again.pk == first.pk and Rendering.objects.count() == 1
    other = pipeline.render(READING, pipeline.SpeechSettings(voice="vi-vn-x-south", rate=110))
    assert other.pk != first.pk and other.duration < first.duration


def test_the_cache_key_follows_every_input_and_the_normaliser_version(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from tincoso.broadcast import reading

    base = pipeline.cache_key(READING, pipeline.SpeechSettings())
    variants = [
        pipeline.cache_key(READING + " nữa", pipeline.SpeechSettings()),
        pipeline.cache_key(READING, pipeline.SpeechSettings(voice="vi-vn-x-central")),
        pipeline.cache_key(READING, pipeline.SpeechSettings(rate=101)),
        pipeline.cache_key(READING, pipeline.SpeechSettings(pause_ms=801)),
    ]
    monkeypatch.setattr(reading, "VERSION", reading.VERSION + "-next")
    variants.append(pipeline.cache_key(READING, pipeline.SpeechSettings()))
    assert len({base, *variants}) == 6


def test_an_unknown_voice_is_refused_in_both_languages() -> None:
    with pytest.raises(engines.SpeechError) as caught:
        engines.engine_for("klingon")
    both = caught.value.bilingual()
    assert "klingon" in both["vi"] and "klingon" in both["en"] and both["vi"] != both["en"]


@pytest.mark.skipif(
    not settings.PIPER_MODEL, reason="no Piper voice model here: set PIPER_MODEL to test Piper"
)
def test_piper_speaks_with_the_operators_model(db: Any) -> None:
    made = pipeline.render(READING, pipeline.SpeechSettings(voice="piper"))
    assert audio.loudness(Path(made.audio.path)) == pytest.approx(audio.TARGET_LUFS, abs=1.0)
