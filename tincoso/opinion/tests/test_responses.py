"""One click from a note to a correction draft and a bulletin draft; the delay measured
and rolled up."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from tincoso.conftest import person_with
from tincoso.core import clock
from tincoso.core.errors import PermissionDeniedError
from tincoso.feedback import corrections
from tincoso.feedback.models import VersionStatus
from tincoso.opinion import responses
from tincoso.opinion.figures import summary
from tincoso.opinion.tests.conftest import note
from tincoso.publishing.models import Item
from tincoso.reports.official import figure_tables
from tincoso.reports.periods import Period
from tincoso.reports.rollup import rollup_for
from tincoso.units.models import Role, Unit

pytestmark = pytest.mark.django_db


def test_a_note_opens_a_correction_and_a_bulletin_draft_and_the_delay_is_rolled_up(
        tree: dict[str, Unit], collaborator: Any) -> None:
    clock.set(dt.datetime(2026, 11, 23, 8, 0))
    made = note(tree["village"], "tin-gia", by=collaborator,
                summary="Tin đồn trên mạng: xã thu tiền làm căn cước")
    clock.set(dt.datetime(2026, 11, 23, 14, 0))
    editor = person_with(Role.EDITOR, tree["commune"], "editor")
    leader = person_with(Role.APPROVER, tree["commune"], "leader")
    response = responses.open_response(editor, tree["commune"], made.topic, made)
    version = response.correction.versions.get()
    assert version.status == VersionStatus.DRAFT and version.author == editor
    assert version.claim_summary == made.summary
    assert response.item is not None and response.item.status == Item.Status.DRAFT
    assert response.item.kind == Item.Kind.BULLETIN
    assert response.first_reported_at == made.filed_at
    assert responses.hours_to_correction(response) is None

    corrections.submit(editor, version)
    clock.set(dt.datetime(2026, 11, 24, 8, 0))  # 24 hours after the note
    corrections.approve(leader, version)
    response.refresh_from_db()
    assert responses.hours_to_correction(response) == 24.0
    period = Period(dt.date(2026, 11, 1), dt.date(2026, 11, 30))
    totals = rollup_for(tree["province"], period).totals["opinion"]
    assert totals["notes"] == 1 and totals["corrections"] == 1
    assert totals["median_hours_to_correction"] == 24.0
    assert totals["by_topic"] == {"tin-gia": 1}
    tables = figure_tables(rollup_for(tree["province"], period).as_dict(), {})
    opinion = next(t for t in tables if t.title.startswith("Nắm bắt dư luận"))
    assert ["Chủ đề: Tin giả", "1"] in opinion.rows
    assert ["Số giờ từ phản ánh đến đính chính (trung vị)", "24.0"] in opinion.rows
    assert summary([tree["commune"].path], dt.date(2026, 11, 1),
                   dt.date(2026, 11, 30))["median_hours"] == 24.0


def test_opening_a_response_needs_edit_rights_and_sight_of_the_note(
        tree: dict[str, Unit], collaborator: Any) -> None:
    made = note(tree["village"], "tin-gia", by=collaborator)
    with pytest.raises(PermissionDeniedError):
        responses.open_response(collaborator, tree["village"], made.topic, made)
    outside = person_with(Role.EDITOR, tree["cell-a"], "cell-editor")
    with pytest.raises(PermissionDeniedError):
        responses.open_response(outside, tree["cell-a"], made.topic, made)


def test_a_note_from_a_village_is_answered_by_the_clicking_editors_unit(
        tree: dict[str, Unit]) -> None:
    editor = person_with(Role.EDITOR, tree["commune"], "editor")
    assert responses.issuing_unit(editor, tree["village"]) == tree["commune"]
    assert responses.issuing_unit(editor, tree["cell-a"]) is None


def test_the_respond_page_opens_the_drafts_and_refuses_with_a_403(
        client: Any, tree: dict[str, Unit], collaborator: Any) -> None:
    made = note(tree["village"], "tin-gia", by=collaborator)
    client.force_login(person_with(Role.EDITOR, tree["cell-a"], "cell-editor"))
    form = {"note": made.pk, "unit": tree["cell-a"].code}
    assert client.post("/app/opinion/respond/", form).status_code == 403  # not a message
    client.force_login(person_with(Role.EDITOR, tree["commune"], "editor"))
    answer = client.post("/app/opinion/respond/", {**form, "unit": tree["commune"].code})
    assert answer.status_code == 302 and "/correction" in answer["Location"]
