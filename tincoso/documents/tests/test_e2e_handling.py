"""In a real browser: a leader opens a received document and gives instructions naming
a coordinating sub-unit and a person, each with a deadline; the person finds it in
their to-do and reports it done; the document page shows the instructions and status."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from tincoso.conftest import log_in, person_with, registered_document
from tincoso.documents import services
from tincoso.documents.models import Dispatch
from tincoso.documents.tests.e2e_steps import give_instructions
from tincoso.units.models import Role, Unit

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_leader_instructs_and_the_handler_completes(
    app_server: Any, page: Any, tree: dict[str, Unit]
) -> None:
    editor = person_with(Role.EDITOR, tree["province"], "province-editor")
    doc = registered_document(editor, tree["province"])
    services.dispatch_document(editor, doc, [tree["committee"]])
    person_with(Role.APPROVER, tree["committee"], "leader")
    person_with(Role.OFFICER, tree["committee"], "handler")
    person_with(Role.OFFICER, tree["cell-b"], "officer-b")
    base = app_server.url
    in_five = (dt.date.today() + dt.timedelta(days=5)).strftime("%d/%m/%Y")
    in_three = (dt.date.today() + dt.timedelta(days=3)).strftime("%d/%m/%Y")

    log_in(page, base, "leader")
    page.goto(f"{base}/app/documents/{doc.pk}/")
    committee = page.locator('.handling[data-unit="committee"]')
    assert "Chưa có ý kiến chỉ đạo." in committee.inner_text()
    committee.get_by_role("link", name="Cho ý kiến chỉ đạo").click()
    give_instructions(
        page,
        "Giao đồng chí cán bộ chủ trì tham mưu; Chi bộ Sở Y tế phối hợp.",
        [("Chi bộ Sở Y tế", "Phối hợp", in_five), ("handler", "Chủ trì", in_three)],
    )
    made = Dispatch.objects.get(recipient__code="cell-b")
    assert made.role == "coordinate"

    page.get_by_role("button", name="Đăng xuất").click()
    log_in(page, base, "handler")
    section = page.locator("#todo-handling")
    assert "Chủ trì xử lý" in section.inner_text()
    section.locator("tbody a").first.click()
    page.wait_for_url("**/app/handling/*/")
    page.get_by_label("Kết quả, ý kiến đề xuất").fill("Đã tham mưu dự thảo kế hoạch.")
    page.get_by_role("button", name="Đã xử lý xong").click()
    assert page.locator("#assignment-status").inner_text() == "Đã xong"

    page.get_by_role("button", name="Đăng xuất").click()
    log_in(page, base, "leader")
    page.goto(f"{base}/app/documents/{doc.pk}/")
    shown = page.locator('.handling[data-unit="committee"]')
    assert "Chi bộ Sở Y tế phối hợp." in shown.locator(".instruction-text").inner_text()
    handler_row = shown.locator('tr[data-role="lead"]')
    assert handler_row.get_attribute("data-done") == "yes"
    assert "Đã tham mưu dự thảo kế hoạch." in handler_row.inner_text()
    coordinating = shown.locator('tr[data-role="coordinate"]')
    assert "Chi bộ Sở Y tế" in coordinating.inner_text()
    assert coordinating.get_attribute("data-done") == "no"
    assert coordinating.locator("td").nth(2).inner_text() == in_five
