"""Four eyes for bulletins, and speech rendered by the real worker after approval."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tincoso.broadcast.bulletins import rendering, services
from tincoso.broadcast.bulletins.models import Bulletin
from tincoso.broadcast.bulletins.tests.conftest import run_worker, write
from tincoso.broadcast.speech import audio
from tincoso.conftest import person_with
from tincoso.core.errors import ConflictError, PermissionDeniedError
from tincoso.core.models import Notification
from tincoso.units.models import Role, Unit

S = Bulletin.Status


def test_the_reading_is_made_from_the_text_and_stored(tree: Any, people: Any) -> None:
    bulletin = write(people["editor"], tree["commune"], text="Họp lúc 7 giờ; mang theo: giấy tờ")
    assert bulletin.reading == "họp lúc bảy giờ, mang theo, giấy tờ"
    from tincoso.broadcast import reading

    assert bulletin.reading_version == reading.VERSION


def test_submitting_tells_the_author_who_approves_and_notifies_them(tree: Any, people: Any) -> None:
    bulletin = write(people["editor"], tree["commune"])
    assert [u.username for u in services.reviewers_of(bulletin)] == ["approver"]
    services.submit(people["editor"], bulletin)
    assert bulletin.status == S.REVIEW
    notified = Notification.objects.filter(user=people["approver"])
    assert notified.count() == 1 and "Thông báo mưa lớn" in notified.get().subject


def test_the_author_cannot_approve_their_own_bulletin(tree: Any, people: Any) -> None:
    both = person_with(Role.APPROVER, tree["commune"], "editor-and-approver")
    from tincoso.units.services import grant_role

    grant_role(None, both, tree["commune"], Role.EDITOR)
    bulletin = write(both, tree["commune"])
    services.submit(both, bulletin)
    assert both.pk not in {u.pk for u in services.reviewers_of(bulletin)}
    with pytest.raises(PermissionDeniedError):
        services.approve(both, bulletin)
    bulletin.refresh_from_db()
    assert bulletin.status == S.REVIEW and not bulletin.playable


def test_an_approver_of_another_line_or_an_outsider_cannot_approve(
    tree: Any, people: Any, outsider: Any
) -> None:
    bulletin = write(people["editor"], tree["commune"])
    services.submit(people["editor"], bulletin)
    for stranger in (people["far_approver"], outsider):
        with pytest.raises(PermissionDeniedError):
            services.approve(stranger, bulletin)
    assert Bulletin.objects.get(pk=bulletin.pk).status == S.REVIEW


def test_the_guiding_units_approver_approves_where_the_commune_has_none(
    tree: Any, guided: Any, django_capture_on_commit_callbacks: Any
) -> None:
    bulletin = write(guided["editor"], tree["commune"])
    assert [u.username for u in services.reviewers_of(bulletin)] == ["board-approver"]
    services.submit(guided["editor"], bulletin)
    assert Notification.objects.filter(user=guided["board_approver"]).exists()
    assert services.can_view(guided["board_approver"], bulletin)
    with django_capture_on_commit_callbacks():
        services.approve(guided["board_approver"], bulletin)
    assert bulletin.status == S.APPROVED


def test_a_draft_cannot_be_approved_before_it_is_submitted(tree: Any, people: Any) -> None:
    bulletin = write(people["editor"], tree["commune"])
    with pytest.raises(ConflictError):
        services.approve(people["approver"], bulletin)


@pytest.mark.django_db(transaction=True)
def test_approval_renders_speech_in_the_worker_then_it_is_playable(tree: Any, people: Any) -> None:
    bulletin = write(people["editor"], tree["commune"])
    services.submit(people["editor"], bulletin)
    assert not bulletin.playable
    services.approve(people["approver"], bulletin)
    bulletin.refresh_from_db()
    assert bulletin.audio_state == Bulletin.AudioState.PENDING and not bulletin.playable
    run_worker()
    bulletin.refresh_from_db()
    assert bulletin.audio_state == Bulletin.AudioState.READY and bulletin.playable
    path = Path(bulletin.audio.path)
    assert bulletin.audio_sha256 == audio.sha256_of(path)
    assert bulletin.duration == pytest.approx(audio.probe(path).duration, abs=0.05)
    assert audio.loudness(path) == pytest.approx(-16.0, abs=1.0)


@pytest.mark.django_db(transaction=True)
def test_a_failed_render_is_recorded_in_both_languages(tree: Any, people: Any) -> None:
    bulletin = write(people["editor"], tree["commune"])
    services.submit(people["editor"], bulletin)
    services.approve(people["approver"], bulletin)
    Bulletin.objects.filter(pk=bulletin.pk).update(voice="removed-voice")  # uninstalled since
    run_worker()
    bulletin.refresh_from_db()
    assert bulletin.audio_state == Bulletin.AudioState.FAILED and not bulletin.playable
    assert "removed-voice" in bulletin.audio_error and " / " in bulletin.audio_error
    Bulletin.objects.filter(pk=bulletin.pk).update(voice="vi")  # the voice is back
    with pytest.raises(PermissionDeniedError):
        services.render_again(people["editor"], bulletin)  # approvers only
    services.render_again(people["approver"], bulletin)
    run_worker()
    bulletin.refresh_from_db()
    assert bulletin.audio_state == Bulletin.AudioState.READY and bulletin.playable


def test_editing_an_approved_bulletin_sends_it_back_to_review(
    tree: Any, people: Any, django_capture_on_commit_callbacks: Any
) -> None:
    bulletin = write(people["editor"], tree["commune"])
    services.submit(people["editor"], bulletin)
    with django_capture_on_commit_callbacks():
        services.approve(people["approver"], bulletin)
    rendering.render_audio(bulletin.pk)
    bulletin.refresh_from_db()
    assert bulletin.playable
    draft = services.Draft(title=bulletin.title, text=bulletin.text + " Xin cảm ơn.")
    services.edit_bulletin(people["editor"], bulletin, draft)
    bulletin.refresh_from_db()
    assert bulletin.status == S.REVIEW and not bulletin.playable and not bulletin.audio
    assert bulletin.reading.endswith("xin cảm ơn.")
    assert bulletin.approved_by is None


def test_a_corrected_reading_is_kept_when_the_text_is_unchanged(tree: Any, people: Any) -> None:
    bulletin = write(people["editor"], tree["commune"], text="Đ/c Hà phát biểu")
    draft = services.Draft(title=bulletin.title, text=bulletin.text)
    services.edit_bulletin(people["editor"], bulletin, draft, reading="đồng chí hà phát biểu")
    assert bulletin.reading == "đồng chí hà phát biểu"


def test_the_render_of_a_bulletin_changed_meanwhile_is_not_attached(
    tree: Any, people: Any, django_capture_on_commit_callbacks: Any
) -> None:
    bulletin = write(people["editor"], tree["commune"])
    services.submit(people["editor"], bulletin)
    with django_capture_on_commit_callbacks():
        services.approve(people["approver"], bulletin)
    services.send_back(people["approver"], bulletin, "Sửa lại giờ")
    assert rendering.render_audio(bulletin.pk) == "skipped"
    bulletin.refresh_from_db()
    assert bulletin.status == S.DRAFT and not bulletin.audio and not bulletin.playable


def test_bad_settings_are_refused_and_nothing_is_saved(tree: Any, people: Any) -> None:
    for draft in (
        services.Draft(title=""),
        services.Draft(title="x", voice="nope"),
        services.Draft(title="x", rate=500),
        services.Draft(title="x", pause_ms=-1),
        services.Draft(title="x" * 301),
    ):
        with pytest.raises(services.BulletinError):
            services.create_bulletin(people["editor"], tree["commune"], draft)
    assert not Bulletin.objects.exists()


def test_nobody_without_a_role_on_the_unit_may_write(tree: Any, people: Any) -> None:
    cell: Unit = tree["cell-a"]
    with pytest.raises(PermissionDeniedError):
        write(people["editor"], cell)


def test_only_approved_bulletins_with_audio_are_offered_to_stations(
    tree: Any, people: Any, django_capture_on_commit_callbacks: Any
) -> None:
    """What the stations room and devices read: ``Bulletin.objects.playable()`` and
    ``rendering.media_of``; a draft, one in review and one approved but not yet rendered
    are not there."""
    draft = write(people["editor"], tree["commune"], "Nháp")
    in_review = write(people["editor"], tree["commune"], "Chờ duyệt")
    services.submit(people["editor"], in_review)
    pending = write(people["editor"], tree["commune"], "Chưa có âm thanh")
    ready = write(people["editor"], tree["commune"], "Sẵn sàng")
    for bulletin in (pending, ready):
        services.submit(people["editor"], bulletin)
        with django_capture_on_commit_callbacks():
            services.approve(people["approver"], bulletin)
    rendering.render_audio(ready.pk)
    ready.refresh_from_db()
    assert list(Bulletin.objects.playable()) == [ready]
    assert [b.playable for b in (draft, in_review, pending, ready)] == [False] * 3 + [True]
    media = rendering.media_of(ready)
    assert [(m.language, m.sha256) for m in media] == [("vi", ready.audio_sha256)]
    assert media[0].url.endswith(f"/bulletins/{ready.pk}/audio/")
    assert rendering.media_of(pending) == [] and rendering.media_of(draft) == []
