"""The trend and emerging-topic rules, and the notice sent once to the guiding board."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from tincoso.conftest import person_with
from tincoso.core import clock
from tincoso.core.models import Notification
from tincoso.feedback import services as feedback_services
from tincoso.opinion import services
from tincoso.opinion.emerging import check_emerging
from tincoso.opinion.models import EmergingNotice, Topic
from tincoso.opinion.tests.conftest import note
from tincoso.opinion.trends import WEEK, Rule, emerging, rising_units, signals, trends
from tincoso.units import guidance
from tincoso.units.models import Role, Unit, UnitKind

pytestmark = pytest.mark.django_db
MONDAY = dt.date(2026, 11, 23)
RULE = Rule(min_units=3, min_signal=2, factor=2)


def test_rising_needs_the_minimum_and_the_factor_over_last_week() -> None:
    last, now = MONDAY - WEEK, MONDAY
    found = {(1, 10, now): 2, (1, 11, last): 2, (1, 11, now): 3, (1, 12, last): 1,
             (1, 12, now): 2, (1, 13, now): 1, (2, 10, now): 5}
    from collections import Counter

    signals_ = Counter(found)
    # unit 10: 2 from 0 (rises); 11: 3 from 2 (not twice); 12: 2 from 1 (twice);
    # 13: 1 (under the minimum)
    assert rising_units(signals_, 1, now, RULE) == [10, 12]
    assert emerging(signals_, now, RULE) == {}
    assert emerging(signals_, now, Rule(2, 2, 2)) == {1: [10, 12]}


def _villages(tree: dict[str, Unit], n: int) -> list[Unit]:
    made = []
    for i in range(n):
        commune = Unit.objects.get(code="commune")
        v = Unit.objects.add_child(commune, {"code": f"v{i}", "name": f"Bản {i}",
                                             "kind": UnitKind.VILLAGE})
        made.append(Unit.objects.get(pk=v.pk))
    return made


def test_signals_weight_notes_by_reach_and_count_tagged_feedback(tree: dict[str, Unit]) -> None:
    clock.set(dt.datetime(2026, 11, 25, 9, 0))
    village = tree["village"]
    note(village, "gia-ca", reach="most", week=MONDAY)
    note(village, "gia-ca", reach="few", week=MONDAY)
    feedback = feedback_services.submit_feedback(village, "question", "Giá điện tăng?")
    services.confirm_topic(None, feedback, Topic.objects.get(slug="gia-ca"))
    found, moods = signals([tree["commune"].path], MONDAY, MONDAY)
    gia = Topic.objects.get(slug="gia-ca").pk
    assert found[(gia, village.pk, MONDAY)] == 3 + 1 + 1
    assert moods[(gia, "worried")] == 2


def test_the_trend_gives_a_series_by_week_and_marks_emerging(tree: dict[str, Unit]) -> None:
    clock.set(dt.datetime(2026, 11, 25, 9, 0))
    villages = _villages(tree, 3)
    for v in villages:
        note(v, "tin-gia", reach="many", week=MONDAY)
    note(villages[0], "gia-ca", reach="many", week=MONDAY - WEEK)
    note(villages[0], "gia-ca", reach="few", week=MONDAY)
    weeks, rows = trends([tree["commune"].path], clock.today(), 3, RULE)
    assert weeks == [MONDAY - 2 * WEEK, MONDAY - WEEK, MONDAY]
    by_slug = {Topic.objects.get(pk=r.topic_id).slug: r for r in rows}
    assert by_slug["tin-gia"].series == [0, 0, 6] and by_slug["tin-gia"].emerging
    assert by_slug["tin-gia"].rising_in == sorted(v.pk for v in villages)
    assert by_slug["gia-ca"].series == [0, 2, 1] and by_slug["gia-ca"].change == -1
    assert not by_slug["gia-ca"].emerging


def test_the_guiding_board_is_told_once_and_others_are_not(
        tree: dict[str, Unit], board: Unit, settings: Any) -> None:
    settings.OPINION_EMERGING_MIN_UNITS = 3
    clock.set(dt.datetime(2026, 11, 25, 9, 0))
    guidance.link(None, board, tree["commune"], ["figures"])
    editor = person_with(Role.EDITOR, board, "board-editor")
    commune_editor = person_with(Role.EDITOR, tree["commune"], "commune-editor")
    villages = _villages(tree, 3)
    for v in villages[:2]:
        note(v, "tin-gia", reach="many", week=MONDAY)
    assert check_emerging() == 0  # two units: not yet
    note(villages[2], "tin-gia", reach="most", week=MONDAY)
    assert check_emerging() == 1
    assert check_emerging() == 0  # once
    sent = Notification.objects.get(user=editor)
    assert "Tin giả" in sent.subject and "Bản 2" in sent.body
    assert not Notification.objects.filter(user=commune_editor).exists()
    assert EmergingNotice.objects.get().units == ["v0", "v1", "v2"]


def test_the_threshold_comes_from_settings(tree: dict[str, Unit], board: Unit,
                                           settings: Any) -> None:
    settings.OPINION_EMERGING_MIN_UNITS = 4
    clock.set(dt.datetime(2026, 11, 25, 9, 0))
    guidance.link(None, board, tree["commune"], ["figures"])
    for v in _villages(tree, 3):
        note(v, "tin-gia", reach="many", week=MONDAY)
    assert check_emerging() == 0
    settings.OPINION_EMERGING_MIN_UNITS = 3
    assert check_emerging() == 1
