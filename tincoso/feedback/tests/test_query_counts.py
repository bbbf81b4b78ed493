"""The public Q&A and corrections lists cost the same queries for 3 entries or 6."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.test import Client

from tincoso.conftest import person_with, same_queries_for_more_rows
from tincoso.core import clock
from tincoso.feedback import corrections, services
from tincoso.feedback.corrections import CorrectionData
from tincoso.units.models import Role


def test_the_questions_and_answers_page_costs_the_same_for_more(tree: dict[str, Any]) -> None:
    clock.set(dt.datetime(2026, 3, 1, 8, 0, tzinfo=dt.UTC))
    officer = person_with(Role.OFFICER, tree["commune"], "officer")
    leader = person_with(Role.APPROVER, tree["commune"], "leader")
    made: list[int] = []

    def add(n: int) -> None:
        for _ in range(n):
            made.append(1)
            item = services.submit_feedback(tree["commune"], "question", "Khi nào sửa đường?")
            services.answer(officer, item, "Đã sửa xong.")
            services.publish(officer, item, f"Câu hỏi số {len(made)} về đường vào bản?",
                             "Đã sửa xong.")
            services.approve_publication(leader, item)

    page = same_queries_for_more_rows(lambda: Client().get("/hoi-dap/"), add)
    assert page.content.decode().count("Câu hỏi số") == 6


def test_the_corrections_page_costs_the_same_for_more(tree: dict[str, Any]) -> None:
    clock.set(dt.datetime(2026, 3, 1, 8, 0, tzinfo=dt.UTC))
    editor = person_with(Role.EDITOR, tree["committee"], "editor")
    approver = person_with(Role.APPROVER, tree["committee"], "approver")
    made: list[int] = []

    def add(n: int) -> None:
        for _ in range(n):
            made.append(1)
            correction = corrections.start_correction(editor, tree["committee"], CorrectionData(
                headline=f"Đính chính số {len(made)} về định danh điện tử",
                claim_summary="Tin đồn: làm định danh điện tử sẽ bị thu hồi sổ đỏ.",
                claim_where_seen="Nhóm Zalo của bản", claim_urls=["https://example.com/p/1"],
                claim_first_seen=dt.date(2026, 2, 20), claim_reach=1200, rating="false",
                facts="Định danh điện tử không liên quan đến quyền sử dụng đất.",
                sources=[{"title": "Cổng Dịch vụ công", "url": "https://dichvucong.gov.vn/"}],
            ))
            version = correction.versions.get()
            corrections.submit(editor, version)
            corrections.approve(approver, version)

    page = same_queries_for_more_rows(lambda: Client().get("/dinh-chinh/"), add)
    assert page.content.decode().count("Đính chính số") == 6
