"""Uploaded recordings: checked at once, normalised by the worker to one loudness,
or refused with nothing changed."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tincoso.broadcast.bulletins import recordings, services
from tincoso.broadcast.bulletins.models import Bulletin, BulletinVariant
from tincoso.broadcast.bulletins.tests.conftest import run_worker, tone, write
from tincoso.broadcast.speech import audio
from tincoso.core.errors import ConflictError

S = Bulletin.Status
READY = Bulletin.AudioState.READY


def _upload(path: Path, name: str | None = None) -> SimpleUploadedFile:
    return SimpleUploadedFile(name or path.name, path.read_bytes())


def queued(step: Any, *args: Any) -> Any:
    """Run ``step`` (its commit queues the normalising task), then the real worker.
    Tests using it run outside a test transaction (``WORKER``): the worker commits."""
    done = step(*args)
    run_worker()
    return done


WORKER = pytest.mark.django_db(transaction=True)


@WORKER
@pytest.mark.parametrize("suffix", [".wav", ".ogg", ".m4a", ".mp3"])
def test_a_recording_is_normalised_to_mono_64k_mp3_at_minus_16_lufs(
    tree: Any, people: Any, tmp_path: Path, suffix: str
) -> None:
    source = tone(tmp_path / f"ghi-am{suffix}", seconds=4, volume=0.03)  # far below −16
    assert audio.loudness(source) < -25
    bulletin = write(people["editor"], tree["commune"])
    queued(recordings.attach_recording, people["editor"], bulletin, _upload(source))
    bulletin.refresh_from_db()
    assert bulletin.audio_state == READY and not bulletin.staged
    path = Path(bulletin.audio.path)
    probed = audio.probe(path)
    assert (probed.format_name, probed.channels) == ("mp3", 1)
    assert 62_000 <= probed.bit_rate <= 66_000
    assert bulletin.kind == Bulletin.Kind.RECORDING
    assert bulletin.duration == pytest.approx(4.0, abs=0.2)
    assert bulletin.audio_sha256 == audio.sha256_of(path)
    assert audio.loudness(path) == pytest.approx(-16.0, abs=1.0)
    assert not bulletin.playable  # a draft: nothing unapproved is playable


def test_a_recording_waits_for_the_worker_before_it_can_be_approved(
    tree: Any, people: Any, tmp_path: Path, django_capture_on_commit_callbacks: Any
) -> None:
    bulletin = write(people["editor"], tree["commune"])
    with django_capture_on_commit_callbacks():  # queued, but no worker yet
        recordings.attach_recording(people["editor"], bulletin, _upload(tone(tmp_path / "a.wav")))
    services.submit(people["editor"], bulletin)
    with pytest.raises(ConflictError):
        services.approve(people["approver"], bulletin)
    assert not bulletin.playable
    recordings.finish_recording(bulletin.pk, "vi")  # what the worker does
    bulletin.refresh_from_db()
    services.approve(people["approver"], bulletin)
    assert bulletin.playable and bulletin.audio_state == READY


BAD = [
    ("notes.mp3", b"This is a text file, not audio.\n" * 20),
    ("virus.exe", b"MZ\x90\x00" + b"\x00" * 200),
    ("empty.wav", b""),
    ("fake.ogg", b"OggS" + b"\x00" * 500),
]


@pytest.mark.parametrize(("name", "content"), BAD)
def test_bad_files_are_refused_in_both_languages_and_change_nothing(
    tree: Any, people: Any, name: str, content: bytes
) -> None:
    bulletin = write(people["editor"], tree["commune"])
    before = Bulletin.objects.filter(pk=bulletin.pk).values().get()
    with pytest.raises(audio.AudioError) as caught:
        recordings.attach_recording(people["editor"], bulletin, SimpleUploadedFile(name, content))
    both = caught.value.bilingual()
    assert both["vi"] and both["en"] and both["vi"] != both["en"]
    assert Bulletin.objects.filter(pk=bulletin.pk).values().get() == before


def test_a_video_is_not_a_recording(tree: Any, people: Any, tmp_path: Path) -> None:
    import subprocess

    video = tmp_path / "clip.m4a"  # an MP4 with a picture track, named like audio
    subprocess.run(["ffmpeg", "-loglevel", "error", "-f", "lavfi", "-i", "testsrc=d=1",
                    "-f", "mp4", str(video)], check=True)  # fmt: skip
    bulletin = write(people["editor"], tree["commune"])
    with pytest.raises(audio.AudioError):
        recordings.attach_recording(people["editor"], bulletin, _upload(video))
    assert not Bulletin.objects.get(pk=bulletin.pk).staged


def test_too_large_and_too_long_recordings_are_refused(
    tree: Any, people: Any, tmp_path: Path, settings: Any
) -> None:
    bulletin = write(people["editor"], tree["commune"])
    source = tone(tmp_path / "long.wav", seconds=5)
    settings.BULLETIN_MAX_SECONDS = 3
    with pytest.raises(audio.AudioError, match="phút"):
        recordings.attach_recording(people["editor"], bulletin, _upload(source))
    settings.BULLETIN_MAX_SECONDS = 600
    settings.BULLETIN_UPLOAD_MAX_BYTES = 1000
    with pytest.raises(audio.AudioError, match="MB"):
        recordings.attach_recording(people["editor"], bulletin, _upload(source))
    fresh = Bulletin.objects.get(pk=bulletin.pk)
    assert not fresh.staged and fresh.kind == Bulletin.Kind.SPEECH


@WORKER
def test_a_silent_recording_fails_in_the_worker_with_a_bilingual_reason(
    tree: Any, people: Any, tmp_path: Path
) -> None:
    bulletin = write(people["editor"], tree["commune"])
    queued(recordings.attach_recording, people["editor"], bulletin,
           _upload(tone(tmp_path / "silent.wav", volume=0)))  # fmt: skip
    bulletin.refresh_from_db()
    assert bulletin.audio_state == Bulletin.AudioState.FAILED and not bulletin.audio
    assert " / " in bulletin.audio_error


@WORKER
def test_a_language_variant_sends_an_approved_bulletin_back_to_review(
    tree: Any, people: Any, tmp_path: Path
) -> None:
    bulletin = write(people["editor"], tree["commune"])
    services.submit(people["editor"], bulletin)
    services.approve(people["approver"], bulletin)
    variant = queued(recordings.attach_variant, people["editor"], bulletin, "hmn",
                     _upload(tone(tmp_path / "hmong.ogg")))  # fmt: skip
    variant.refresh_from_db()
    assert variant.audio_state == READY and len(variant.sha256) == 64
    assert variant.duration == pytest.approx(3.0, abs=0.2)
    assert audio.loudness(Path(variant.audio.path)) == pytest.approx(-16.0, abs=1.0)
    bulletin.refresh_from_db()
    assert bulletin.status == S.REVIEW and not variant.playable
    with pytest.raises(services.BulletinError):
        recordings.attach_variant(people["editor"], bulletin, "fr", _upload(tmp_path / "hmong.ogg"))
    assert BulletinVariant.objects.count() == 1


@WORKER
def test_a_recording_can_be_dropped_for_the_machine_voice_which_needs_approval_again(
    tree: Any, people: Any, tmp_path: Path
) -> None:
    bulletin = write(people["editor"], tree["commune"])
    queued(recordings.attach_recording, people["editor"], bulletin,
           _upload(tone(tmp_path / "a.wav")))  # fmt: skip
    bulletin.refresh_from_db()
    services.submit(people["editor"], bulletin)
    services.approve(people["approver"], bulletin)
    bulletin.refresh_from_db()
    recorded = Path(bulletin.audio.path)
    assert bulletin.playable and recorded.exists()
    recordings.use_speech(people["editor"], bulletin)
    bulletin.refresh_from_db()
    assert bulletin.kind == Bulletin.Kind.SPEECH and bulletin.status == S.REVIEW
    assert not bulletin.audio and not bulletin.audio_sha256 and not bulletin.playable
    assert "ủy ban nhân dân" in bulletin.reading and not recorded.exists()
    services.approve(people["approver"], bulletin)  # the speech is rendered by the worker
    run_worker()
    bulletin.refresh_from_db()
    assert bulletin.audio_state == READY and bulletin.playable


def test_a_pending_recording_is_skipped_after_switching_back_to_speech(
    tree: Any, people: Any, tmp_path: Path, django_capture_on_commit_callbacks: Any
) -> None:
    bulletin = write(people["editor"], tree["commune"])
    with django_capture_on_commit_callbacks(execute=False):
        recordings.attach_recording(people["editor"], bulletin, _upload(tone(tmp_path / "a.wav")))
    recordings.use_speech(people["editor"], bulletin)
    assert recordings.finish_recording(bulletin.pk, "vi") == "skipped"
    bulletin.refresh_from_db()
    assert bulletin.kind == Bulletin.Kind.SPEECH and bulletin.audio_state == ""


def test_switching_to_speech_is_refused_without_text_or_rights_and_changes_nothing(
    tree: Any, people: Any, tmp_path: Path, django_capture_on_commit_callbacks: Any
) -> None:
    from tincoso.core.errors import PermissionDeniedError

    bulletin = write(people["editor"], tree["commune"])
    with pytest.raises(ConflictError):  # it already reads by machine voice
        recordings.use_speech(people["editor"], bulletin)
    with django_capture_on_commit_callbacks(execute=False):
        recordings.attach_recording(people["editor"], bulletin, _upload(tone(tmp_path / "a.wav")))
    Bulletin.objects.filter(pk=bulletin.pk).update(text="")
    bulletin.refresh_from_db()
    before = Bulletin.objects.filter(pk=bulletin.pk).values().get()
    with pytest.raises(services.BulletinError) as caught:
        recordings.use_speech(people["editor"], bulletin)
    assert caught.value.bilingual()["en"] != caught.value.bilingual()["vi"]
    with pytest.raises(PermissionDeniedError):
        recordings.use_speech(people["far_approver"], Bulletin.objects.get(pk=bulletin.pk))
    assert Bulletin.objects.filter(pk=bulletin.pk).values().get() == before
