"""In a real browser: the Content-Security-Policy breaks nothing on the pages people use.

Every page below is loaded with a listener for CSP violations; none may occur, and
the parts that need scripts (htmx, the dashboard's charts, the API docs, the
calendar's unit picker) still work.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.contrib.auth import get_user_model

from tincoso.conftest import PASSWORD, log_in, person_with
from tincoso.core import clock
from tincoso.outreach.services import ActivityData, log_activity
from tincoso.units.models import Role, Unit

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

WATCH = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", function (e) {
  window.__csp.push(e.violatedDirective + " " + e.blockedURI);
});
"""


def visit(page: Any, url: str) -> None:
    response = page.goto(url)
    assert response is not None and response.status == 200, url
    assert "default-src 'self'" in (response.headers.get("content-security-policy") or ""), url
    page.wait_for_load_state("networkidle")
    assert page.evaluate("window.__csp") == [], url


def test_no_page_violates_the_policy_and_scripts_still_work(
    app_server: Any, page: Any, tree: dict[str, Unit]
) -> None:
    log_activity(
        None,
        ActivityData(
            unit=tree["cell-a"], form="cell_meeting", topic="Quán triệt Chỉ thị 07-CT/TW",
            starts_at=dt.datetime.combine(clock.today(), dt.time(8), tzinfo=dt.UTC),
            audience_total=18, audience_members=18,
        ),
    )  # fmt: skip
    boss = person_with(Role.ADMIN, tree["province"], "quantri")
    get_user_model().objects.filter(pk=boss.pk).update(is_staff=True, is_superuser=True)
    page.add_init_script(WATCH)
    base = app_server.url
    for path in ("/", "/gop-y/", "/hoi-dap/", "/dinh-chinh/", "/accounts/login/"):
        visit(page, base + path)

    log_in(page, base, "quantri", PASSWORD)
    for path in ("/app/", "/app/units/", "/app/people/", "/app/feedback/", "/admin/"):
        visit(page, base + path)

    visit(page, base + "/app/dashboard/?unit=province")
    charts = page.evaluate(
        "Array.from(document.querySelectorAll('canvas')).filter(c => Chart.getChart(c)).length"
    )
    assert charts >= 1

    visit(page, base + "/app/outreach/calendar/province/")
    page.locator("#cal-unit").select_option("cell-a")
    page.get_by_role("button", name="Xem").click()
    page.wait_for_url("**/app/outreach/calendar/cell-a/")
    assert page.evaluate("window.__csp") == []

    visit(page, base + "/api/docs/")
    page.locator(".swagger-ui .info .title").wait_for()
    assert "Tin Cơ Sở API" in page.locator(".swagger-ui .info .title").inner_text()
    assert page.evaluate("window.__csp") == []
