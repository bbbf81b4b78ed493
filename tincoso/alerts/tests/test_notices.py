"""Officers are told of each alert message once, in the app and by e-mail; a Test
tells its author and approver only; an exercise says DIỄN TẬP."""

from __future__ import annotations

from typing import Any

from django.core import mail

from tincoso.alerts import fanout, services
from tincoso.alerts.models import AlertNotice
from tincoso.alerts.tests.conftest import draft, sent
from tincoso.conftest import person_with
from tincoso.core.models import Notification
from tincoso.units.models import Role, Unit


def _told(alert: Any) -> set[str]:
    return set(
        Notification.objects.filter(url=f"/canh-bao/{alert.identifier}/").values_list(
            "user__username", flat=True
        )
    )


def test_the_areas_officers_are_told_once_in_the_app_and_by_mail(
    tree: dict[str, Unit], people: dict[str, Any], django_capture_on_commit_callbacks: Any
) -> None:
    person_with(Role.OFFICER, tree["village"], "village-officer")
    english = person_with(Role.OFFICER, tree["village"], "english-officer")
    english.language = "en"
    english.save(update_fields=["language"])
    person_with(Role.OFFICER, tree["committee"], "committee-officer")
    with django_capture_on_commit_callbacks(execute=True):
        alert = sent(tree, people)
        fanout.on_sent(alert)  # a retry
    told = _told(alert)
    assert told == {
        "editor",
        "editor2",
        "approver",
        "approver2",
        "village-officer",
        "english-officer",
    }
    assert AlertNotice.objects.get(alert=alert).count == 6
    assert len(mail.outbox) == 2  # one in each language, whatever the retries
    in_english, message = mail.outbox
    assert in_english.to == ["english-officer@example.invalid"]
    assert in_english.subject.startswith("Emergency alert: Cảnh báo lũ quét")
    assert "In force until: " in in_english.body
    assert message.subject.startswith("Tin cảnh báo khẩn cấp: Cảnh báo lũ quét")
    assert "Hiệu lực đến: " in message.body
    assert "village-officer@example.invalid" in message.to
    assert "far-approver@example.invalid" not in message.to
    assert f"/canh-bao/{alert.identifier}/" in message.body


def test_update_and_cancel_are_each_told_once(
    tree: dict[str, Unit], people: dict[str, Any]
) -> None:
    alert = sent(tree, people)
    update = services.update(people["editor"], alert, draft(tree, headline="Mưa tăng"))
    cancel = services.cancel(people["approver"], update)
    for message in (alert, update, cancel):
        assert Notification.objects.filter(url=f"/canh-bao/{message.identifier}/").count() == 4
    subject = Notification.objects.filter(url=f"/canh-bao/{cancel.identifier}/").first()
    assert subject is not None and subject.subject.startswith("Hủy cảnh báo: ")


def test_a_test_tells_only_its_author_and_an_exercise_says_so(
    tree: dict[str, Unit], people: dict[str, Any]
) -> None:
    test = services.compose(people["editor"], tree["commune"], draft(tree, status="Test"))
    services.send_test(people["editor"], test)
    assert _told(test) == {"editor"}
    drill = sent(tree, people, status="Exercise")
    notices = Notification.objects.filter(url=f"/canh-bao/{drill.identifier}/")
    assert notices.count() == 4
    assert all(n.subject.startswith("DIỄN TẬP: ") for n in notices)
    assert all(n.body.startswith("DIỄN TẬP: ") for n in notices)
