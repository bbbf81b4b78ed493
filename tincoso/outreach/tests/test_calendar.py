"""The month calendar and the per-unit iCalendar feed with its signed address."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone
from icalendar import Calendar

from tincoso.conftest import person_with
from tincoso.core import clock
from tincoso.outreach import calendar, services
from tincoso.outreach.services import ActivityData, ReporterData
from tincoso.units.models import Membership, Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def activities(tree: dict[str, Any]) -> list[Any]:
    clock.set(dt.datetime(2026, 3, 10, 9, 0, tzinfo=dt.UTC))
    tz = timezone.get_current_timezone()
    reporter = services.save_reporter(None, tree["committee"], ReporterData(
        full_name="Trần Minh Đức"))
    made = []
    for unit, day, topic in (("cell-a", 5, "Sinh hoạt chi bộ tháng 3"),
                             ("cell-a", 31, "Hội nghị cuối tháng"),
                             ("cell-b", 12, "Việc riêng của chi bộ Y tế")):
        made.append(services.log_activity(None, ActivityData(
            unit=tree[unit], form="cell_meeting", topic=topic,
            starts_at=dt.datetime(2026, 3, day, 23, 30, tzinfo=tz), place="Phòng họp",
            reporters=[reporter], audience_total=10, audience_members=10)))
    return made


def test_the_month_grid_places_activities_on_their_local_day(
        tree: dict[str, Any], activities: list[Any]) -> None:
    weeks = calendar.month_grid(tree["committee"], 2026, 3)
    assert weeks[0][0].date == dt.date(2026, 2, 23)  # Monday first
    days = {day.date: [a.topic for a in day.activities] for week in weeks for day in week}
    assert days[dt.date(2026, 3, 5)] == ["Sinh hoạt chi bộ tháng 3"]  # 23:30, not the 6th
    assert days[dt.date(2026, 3, 31)] == ["Hội nghị cuối tháng"]
    assert days[dt.date(2026, 3, 12)] == ["Việc riêng của chi bộ Y tế"]
    only_a = calendar.month_grid(tree["cell-a"], 2026, 3)
    assert not any(day.activities for week in only_a for day in week
                   if day.date == dt.date(2026, 3, 12))


def test_the_calendar_page_shows_the_subtree_and_refuses_a_sibling(
        client: Client, tree: dict[str, Any], cell_officer: Any, activities: list[Any],
        django_assert_max_num_queries: Any) -> None:
    client.force_login(cell_officer)
    # 10, plus 3 for the navigation's to-do counts (core.todo), whatever the rows.
    with django_assert_max_num_queries(13):
        page = client.get("/app/outreach/calendar/cell-a/?month=2026-03")
    html = page.content.decode()
    assert "Sinh hoạt chi bộ tháng 3" in html and "Việc riêng" not in html
    assert client.get("/app/outreach/calendar/cell-b/").status_code == 403
    assert client.get("/app/outreach/calendar/cell-a/?month=2026-13").status_code == 200
    assert client.get("/app/outreach/calendar/").status_code == 302


def test_the_feed_is_valid_icalendar_with_each_activity(
        client: Client, tree: dict[str, Any], cell_officer: Any, activities: list[Any]) -> None:
    client.force_login(cell_officer)
    url = client.get("/api/activities/feed-url/?unit=cell-a").json()["url"]
    client.logout()  # calendar programs have no session
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    cal = Calendar.from_ical(response.content)
    events = cal.walk("VEVENT")
    assert sorted(str(e["SUMMARY"]) for e in events) == [
        "Sinh hoạt chi bộ: Hội nghị cuối tháng", "Sinh hoạt chi bộ: Sinh hoạt chi bộ tháng 3"]
    first = next(e for e in events if "tháng 3" in str(e["SUMMARY"]))
    assert first.decoded("DTSTART") == activities[0].starts_at
    assert str(first["UID"]) == f"{activities[0].uid}@tincoso"
    assert "Trần Minh Đức" in str(first["DESCRIPTION"])
    assert str(first["LOCATION"]) == "Phòng họp"


def test_the_feed_needs_a_genuine_key_for_that_unit_and_a_current_role(
        client: Client, tree: dict[str, Any], cell_officer: Any, activities: list[Any]) -> None:
    assert client.get("/app/outreach/calendar/cell-a.ics").status_code == 403
    assert client.get("/app/outreach/calendar/cell-a.ics?key=forged").status_code == 403
    key = calendar.feed_key(cell_officer, tree["cell-a"])
    assert client.get(f"/app/outreach/calendar/cell-b.ics?key={key}").status_code == 403
    sibling_key = calendar.feed_key(cell_officer, tree["cell-b"])  # made, but no right
    assert client.get(f"/app/outreach/calendar/cell-b.ics?key={sibling_key}").status_code == 403
    assert client.get(f"/app/outreach/calendar/cell-a.ics?key={key}").status_code == 200
    Membership.objects.filter(user=cell_officer).delete()
    assert client.get(f"/app/outreach/calendar/cell-a.ics?key={key}").status_code == 403


def test_a_parent_units_feed_includes_its_children(
        client: Client, tree: dict[str, Any], activities: list[Any]) -> None:
    viewer = person_with(Role.VIEWER, tree["committee"], "committee-viewer")
    key = calendar.feed_key(viewer, tree["committee"])
    cal = Calendar.from_ical(client.get(f"/app/outreach/calendar/committee.ics?key={key}")
                             .content)
    assert len(cal.walk("VEVENT")) == 3


def test_the_unit_picker_works_without_a_script_and_refuses_a_sibling(
        client: Client, tree: dict[str, Any], cell_officer: Any) -> None:
    client.force_login(cell_officer)
    page = client.get("/app/outreach/calendar/cell-a/").content.decode()
    assert "onsubmit" not in page and '<option value="cell-a"' in page
    chosen = client.get("/app/outreach/calendar/", {"unit": "cell-a"})
    assert chosen.status_code == 302 and chosen["Location"] == "/app/outreach/calendar/cell-a/"
    assert client.get("/app/outreach/calendar/", {"unit": "cell-b"}).status_code == 403
    assert client.get("/app/outreach/calendar/", {"unit": "nowhere"}).status_code == 404
