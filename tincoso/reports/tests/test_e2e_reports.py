"""In a real browser: a cell officer writes and submits a quarterly report, the party
committee's leader approves it; the parent's dashboard then shows the cell as
reported, with its figures."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest

from tincoso.conftest import log_in, person_with
from tincoso.core import clock
from tincoso.outreach.services import ActivityData, log_activity
from tincoso.units.models import Role, Unit

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_cell_reports_its_quarter_and_the_parent_sees_it(
    app_server: Any, page: Any, tree: dict[str, Unit]
) -> None:
    today = clock.today()
    quarter_start = dt.date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)
    log_activity(
        None,
        ActivityData(
            unit=tree["cell-a"],
            form="cell_meeting",
            topic="Quán triệt Chỉ thị 07-CT/TW",
            starts_at=dt.datetime.combine(quarter_start, dt.time(8), tzinfo=dt.UTC),
            audience_total=18,
            audience_members=18,
        ),
    )
    officer = person_with(Role.OFFICER, tree["cell-a"], "officer-a")
    officer.full_name = "Lê Thị Thu"
    officer.save()
    person_with(Role.OFFICER, tree["committee"], "committee-officer")
    person_with(Role.APPROVER, tree["committee"], "committee-leader")
    base = app_server.url

    log_in(page, base, "officer-a")
    page.get_by_role("link", name=re.compile(r"^Báo cáo(\s|$)")).click()
    page.get_by_role("button", name="Tạo báo cáo").click()
    page.wait_for_url("**/app/reports/*/")
    assert page.get_by_role("cell", name="Sinh hoạt chi bộ").is_visible()
    page.get_by_label("Kết quả đạt được").fill("Đã quán triệt Chỉ thị 07 đến 18/18 đảng viên.")
    page.get_by_label("Thẩm quyền ký (ví dụ: T/M CHI BỘ)").fill("T/M CHI BỘ")
    page.get_by_label("Chức vụ người ký").fill("Bí thư")
    page.get_by_role("button", name="Trình duyệt").click()
    page.get_by_text("Đã trình duyệt. Người có thể duyệt: committee-leader.").wait_for()
    assert page.locator("#report-status").inner_text() == "Chờ duyệt"
    report_url = page.url

    page.get_by_role("button", name="Đăng xuất").click()
    log_in(page, base, "committee-leader")
    page.goto(report_url)
    page.get_by_role("button", name="Duyệt, ký và gửi").click()
    page.get_by_text(re.compile(r"^Đã duyệt; báo cáo số \d+-BC/")).wait_for()
    assert page.locator("#report-status").inner_text() == "Đã gửi"

    page.get_by_role("button", name="Đăng xuất").click()
    log_in(page, base, "committee-officer")
    page.get_by_role("link", name="Tổng hợp").click()
    page.wait_for_url("**/app/dashboard/**")
    row = page.locator('#drilldown tr[data-unit="cell-a"]')
    assert row.locator("td").nth(4).inner_text() == "1"  # one activity
    assert row.locator("td").nth(5).inner_text() == "18"  # eighteen people
    reported = page.locator("#not-reported").inner_text()
    assert "Chi bộ Sở Y tế" in reported and "Chi bộ Sở Nội vụ" not in reported
    page.get_by_role("link", name="Văn bản đến").click()
    assert page.get_by_text("Báo cáo số").count() >= 1
