"""Statistics are aggregates: counts by category, status, month, unit, and response times."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client

from tincoso.conftest import person_with
from tincoso.core import clock
from tincoso.feedback import services, stats
from tincoso.feedback.models import CloseReason
from tincoso.units.models import Role

pytestmark = pytest.mark.django_db
TEXT = "Đề nghị sửa lại cống thoát nước trước mùa mưa."


def test_the_rollup_counts_and_times_over_the_subtree(tree: dict[str, Any]) -> None:
    officer_a = person_with(Role.OFFICER, tree["cell-a"], "oa")
    officer_b = person_with(Role.OFFICER, tree["cell-b"], "ob")
    clock.set(dt.datetime(2026, 1, 10, 8, 0, tzinfo=dt.UTC))
    a1 = services.submit_feedback(tree["cell-a"], "question", TEXT)
    a2 = services.submit_feedback(tree["cell-a"], "report", TEXT)
    clock.advance(dt.timedelta(days=2))
    services.answer(officer_a, a1, "Đã trả lời.")  # 2 days, on time
    clock.set(dt.datetime(2026, 2, 3, 8, 0, tzinfo=dt.UTC))
    b1 = services.submit_feedback(tree["cell-b"], "question", TEXT)
    clock.advance(dt.timedelta(days=10))
    services.answer(officer_b, b1, "Trả lời muộn.")  # 10 days, late (7-day deadline)
    services.submit_feedback(tree["commune"], "opinion", TEXT)  # outside the committee
    figures = stats.rollup(tree["committee"], now=clock.now())
    assert figures.total == 3
    assert figures.by_category == {"question": 2, "opinion": 0, "report": 1, "request": 0}
    assert figures.by_status["answered"] == 2 and figures.by_status["new"] == 1
    assert figures.by_month == [("2026-01", 2), ("2026-02", 1)]
    assert [(code, n) for code, _name, n in figures.by_unit] == [("cell-a", 2), ("cell-b", 1)]
    assert figures.answered == 2 and figures.answered_on_time == 1
    assert figures.median_hours_to_answer == 144.0 and figures.mean_hours_to_answer == 144.0
    assert figures.overdue_open == 1  # a2: a report, 10 days, submitted in January
    only_january = stats.rollup(tree["committee"], dt.date(2026, 1, 1), dt.date(2026, 1, 31))
    assert only_january.total == 2 and a2.pk


def test_the_stats_page_and_api_show_aggregates_only(client: Client, tree: dict[str, Any],
                                                     province_admin: Any) -> None:
    services.submit_feedback(tree["village"], "question", TEXT, leave_contact=True,
                             contact_name="Hà Văn Lâm", contact_phone="0987654321")
    client.force_login(province_admin)
    page = client.get("/app/feedback/stats/?unit=province").content.decode()
    assert "Hà Văn Lâm" not in page and TEXT not in page and "0987654321" not in page
    api = client.get("/api/feedback/stats/?unit=province&from=2000-01-01").json()
    assert api["total"] == 1 and api["by_category"]["question"] == 1
    assert TEXT not in str(api) and "Hà Văn Lâm" not in str(api)
    assert client.get("/api/feedback/stats/?unit=province&from=bad").status_code == 400


def test_a_sibling_cannot_read_another_units_statistics(client: Client, tree: dict[str, Any],
                                                        cell_officer: Any) -> None:
    client.force_login(cell_officer)
    assert client.get("/app/feedback/stats/?unit=cell-b").status_code == 403
    assert client.get("/api/feedback/stats/?unit=cell-b").status_code == 403
    assert client.get("/api/feedback/stats/?unit=cell-a").status_code == 200


def test_the_stats_page_and_the_rollup_show_the_same_figures(
        client: Client, tree: dict[str, Any], province_admin: Any) -> None:
    """GIVEN feedback answered on time, late, left open past its deadline, and closed
    unanswered past it, across a month edge and two child units THEN the statistics
    page (and its API) show what the roll-up of the dashboard shows for the same period,
    figure by figure."""
    from tincoso.reports.periods import Period
    from tincoso.reports.rollup import rollup_for

    officers = {c: person_with(Role.OFFICER, tree[c], f"o-{c}") for c in ("cell-a", "cell-b",
                                                                          "committee")}
    clock.set(dt.datetime(2026, 1, 20, 8, 0, tzinfo=dt.UTC))
    for n, code in enumerate(["cell-a", "cell-a", "cell-b", "committee", "cell-b", "cell-a"]):
        item = services.submit_feedback(tree[code], ["question", "report"][n % 2], TEXT)
        clock.advance(dt.timedelta(days=3 + 2 * n, hours=n))
        if n < 4:
            services.answer(officers[code], item, "Đã trả lời.")
        if n == 5:  # a duplicate, closed unanswered: not overdue on either page
            services.close(officers[code], item, CloseReason.DUPLICATE)
    clock.set(dt.datetime(2026, 3, 20, 8, 0, tzinfo=dt.UTC))
    period = Period(dt.date(2026, 1, 15), dt.date(2026, 2, 28))
    shared = rollup_for(tree["committee"], period).as_dict()
    client.force_login(province_admin)
    query = "?unit=committee&from=2026-01-15&to=2026-02-28"
    page = client.get(f"/app/feedback/stats/{query}").context["stats"].as_dict()
    api = client.get(f"/api/feedback/stats/{query}").json()
    assert page == api
    totals = shared["totals"]["feedback"]
    assert (api["total"], api["answered"]) == (totals["received"], totals["answered"]) == (6, 4)
    assert {k: n for k, n in api["by_category"].items() if n} == totals["by_category"]
    assert api["median_hours_to_answer"] == totals["median_hours_to_answer"]
    late = api["answered"] - api["answered_on_time"]
    assert late + api["overdue_open"] == totals["overdue"] and api["overdue_open"] == 1
    rows = {r["unit"]["code"]: r["figures"]["feedback"]["received"] for r in shared["children"]}
    rows["committee"] = shared["own"]["feedback"]["received"]
    assert {r["unit"]: r["count"] for r in api["by_unit"]} == {c: n for c, n in rows.items() if n}
