"""The two-person rule: the author cannot send; a second person with the approver
role sends once; a Test needs one person; Update and Cancel are one click for either
sender; a third person may cancel only with the approver role on the alert's unit."""

from __future__ import annotations

from typing import Any

import pytest

from tincoso.alerts import services
from tincoso.alerts.models import Alert
from tincoso.alerts.tests.conftest import composed, draft, sent
from tincoso.core.errors import ConflictError, PermissionDeniedError
from tincoso.units.models import Role, Unit
from tincoso.units.services import grant_role


def test_the_author_cannot_send_their_own_alert(
    tree: dict[str, Unit], people: dict[str, Any]
) -> None:
    # The editor also holds the approver role above the commune: still one person.
    grant_role(None, people["editor"], tree["province"], Role.APPROVER)
    alert = composed(tree, people)
    with pytest.raises(PermissionDeniedError) as error:
        services.approve(people["editor"], alert)
    assert "người thứ hai" in error.value.bilingual()["vi"]
    assert "second person" in error.value.bilingual()["en"]
    alert.refresh_from_db()
    assert alert.state == Alert.State.DRAFT and alert.cap_xml == ""
    assert not alert.emergencies.exists()


def test_an_editor_cannot_approve(tree: dict[str, Unit], people: dict[str, Any]) -> None:
    alert = composed(tree, people)
    with pytest.raises(PermissionDeniedError):
        services.approve(people["editor2"], alert)
    alert.refresh_from_db()
    assert alert.state == Alert.State.DRAFT


def test_a_second_person_sends_and_both_are_recorded_with_times(
    tree: dict[str, Unit], people: dict[str, Any]
) -> None:
    alert = sent(tree, people)
    assert alert.state == Alert.State.SENT
    assert alert.created_by == people["editor"] and alert.approved_by == people["approver"]
    assert alert.created_at <= alert.approved_at <= alert.sent_at


def test_the_same_person_cannot_approve_twice(
    tree: dict[str, Unit], people: dict[str, Any]
) -> None:
    alert = sent(tree, people)
    with pytest.raises(ConflictError):
        services.approve(people["approver"], alert)
    with pytest.raises(ConflictError):
        services.approve(people["approver2"], alert)
    assert Alert.objects.get(pk=alert.pk).approved_by == people["approver"]


def test_an_approver_above_the_unit_may_send(tree: dict[str, Unit], people: dict[str, Any]) -> None:
    alert = services.approve(people["far_approver"], composed(tree, people))
    assert alert.state == Alert.State.SENT


def test_a_test_needs_one_person_and_an_actual_alert_cannot_go_that_way(
    tree: dict[str, Unit], people: dict[str, Any]
) -> None:
    test = services.send_test(people["editor"], composed(tree, people, status="Test"))
    assert test.state == Alert.State.SENT and test.approved_by is None
    actual = composed(tree, people)
    with pytest.raises(PermissionDeniedError):
        services.send_test(people["editor"], actual)
    actual.refresh_from_db()
    assert actual.state == Alert.State.DRAFT


@pytest.mark.parametrize("who", ["editor", "approver"])
def test_either_sender_cancels_in_one_click(
    tree: dict[str, Unit], people: dict[str, Any], who: str
) -> None:
    alert = sent(tree, people)
    cancel = services.cancel(people[who], alert)
    assert cancel.state == Alert.State.SENT and cancel.msg_type == "Cancel"
    assert cancel.approved_by is None and cancel.created_by == people[who]


@pytest.mark.parametrize("who", ["editor", "approver"])
def test_either_sender_updates_in_one_click(
    tree: dict[str, Unit], people: dict[str, Any], who: str
) -> None:
    alert = sent(tree, people)
    update = services.update(people[who], alert, draft(tree, risk_level=4))
    assert update.state == Alert.State.SENT and update.severity == "Extreme"


def test_a_third_person_cancels_only_with_the_approver_role(
    tree: dict[str, Unit], people: dict[str, Any]
) -> None:
    alert = sent(tree, people)
    with pytest.raises(PermissionDeniedError):
        services.cancel(people["editor2"], alert)
    with pytest.raises(PermissionDeniedError):
        services.update(people["approver2"], alert, draft(tree))
    assert not alert.followups.exists()
    cancel = services.cancel(people["approver2"], alert)
    assert cancel.msg_type == "Cancel"


def test_a_draft_or_a_cancelled_alert_cannot_be_cancelled(
    tree: dict[str, Unit], people: dict[str, Any]
) -> None:
    with pytest.raises(ConflictError):
        services.cancel(people["editor"], composed(tree, people))
    cancel = services.cancel(people["editor"], sent(tree, people))
    with pytest.raises(ConflictError):
        services.cancel(people["editor"], cancel)
    with pytest.raises(ConflictError):  # the original: already cancelled
        services.cancel(people["approver"], cancel.previous)


def test_a_commune_without_an_approver_is_approved_from_the_unit_guiding_it(
    tree: dict[str, Unit], board: Unit
) -> None:
    """GIVEN a commune with an editor and no approver on its line, guided by the board
    WHEN its editor composes THEN the board's approver sees the draft and sends it."""
    from rest_framework.test import APIClient

    from tincoso.conftest import person_with
    from tincoso.units.models import Guidance

    Guidance.objects.create(guide=board, guided=tree["commune"])
    editor = person_with(Role.EDITOR, tree["commune"], "lonely-editor")
    board_approver = person_with(Role.APPROVER, board, "board-approver")
    alert = services.compose(editor, tree["commune"], draft(tree))
    client = APIClient()
    client.force_authenticate(board_approver)
    assert [a["id"] for a in client.get("/api/alerts/").json()["results"]] == [alert.pk]
    response = client.post(f"/api/alerts/{alert.pk}/approve/")
    assert response.status_code == 200 and response.json()["state"] == "sent"


def test_the_author_or_an_approver_discards_a_draft_and_nobody_else(
    tree: dict[str, Unit], people: dict[str, Any]
) -> None:
    alert = composed(tree, people)
    with pytest.raises(PermissionDeniedError):
        services.discard(people["editor2"], alert)
    assert Alert.objects.get(pk=alert.pk).state == Alert.State.DRAFT
    assert services.discard(people["editor"], alert).state == Alert.State.DISCARDED
    with pytest.raises(ConflictError):  # gone: it cannot be sent any more
        services.approve(people["approver"], alert)
