"""Refusal because the requester did not pay the actual costs of printing, copying or
sending (Điều 28 khoản 1 điểm e): offered to the officer, shown with its legal label on
the request and on the requester's tracking page (in both languages), counted among
the refusals."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from tincoso.access import services
from tincoso.access.figures import refusal_grounds, request_figures
from tincoso.access.models import InfoRequest
from tincoso.access.tests.conftest import FORM
from tincoso.conftest import person_with
from tincoso.units.models import Role, Unit

pytestmark = pytest.mark.django_db
LABEL_VI = "không thanh toán chi phí thực tế để in, sao, chụp, gửi thông tin"
LABEL_EN = "did not pay the actual cost of printing, copying"


def _refused_by_post(tree: dict[str, Unit]) -> InfoRequest:
    req = services.file_request(tree["commune"], **{**FORM, "delivery": "post"},
                                channel="post")
    officer = Client()
    officer.force_login(person_with(Role.OFFICER, tree["commune"]))
    form = officer.get(f"/app/access/{req.pk}/").text
    assert 'value="d28_unpaid"' in form and "Điều 28 khoản 1 điểm e" in form
    response = officer.post(f"/app/access/{req.pk}/refuse/", {
        "ground": "d28_unpaid", "reply": "Chưa nộp chi phí sao chụp, gửi bưu chính."})
    assert response.status_code == 302
    assert LABEL_VI in officer.get(f"/app/access/{req.pk}/").text
    req.refresh_from_db()
    return req


def test_unpaid_costs_refusal_reaches_the_requester_in_both_languages(
        tree: dict[str, Unit]) -> None:
    req = _refused_by_post(tree)
    assert req.status == "refused" and req.refusal_ground == "d28_unpaid"
    assert list(req.events.values_list("kind", "note")) == [
        ("received", "post"), ("refused", "d28_unpaid")]
    public = Client()
    page = public.get(f"/thong-tin/tra-cuu/?code={req.code}").text
    assert LABEL_VI in page and "Điều 28 khoản 1 điểm e" in page
    public.cookies["django_language"] = "en"
    english = public.get(f"/thong-tin/tra-cuu/?code={req.code}").text
    assert LABEL_EN in english and "Article 28(1)(e)" in english


def test_unpaid_costs_refusal_counts_among_the_refusals_by_its_ground(
        tree: dict[str, Unit]) -> None:
    from tincoso.reports import official
    from tincoso.reports.periods import Period
    from tincoso.reports.rollup import rollup_for

    _refused_by_post(tree)
    other = services.file_request(tree["village"], **FORM)
    services.refuse(person_with(Role.OFFICER, tree["village"]), other, "d11_already",
                    "Đã đăng trên cổng")
    march = (dt.date(2025, 3, 1), dt.date(2025, 3, 31))
    figures = request_figures(tree["commune"], *march)
    assert figures["received"] == 2 and figures["refused"] == 2
    assert figures["on_time"] == 2  # refused the day they came: within their deadline
    assert refusal_grounds(tree["commune"], *march) == {"d28_unpaid": 1, "d11_already": 1}
    assert refusal_grounds(tree["village"], *march) == {"d11_already": 1}

    totals = rollup_for(tree["commune"], Period(*march)).totals
    assert totals["access"]["refused_by"] == {"d28_unpaid": 1, "d11_already": 1}
    table = next(t for t in official.figure_tables({"totals": totals}, {})
                 if t.title == "Cung cấp thông tin theo yêu cầu của công dân")
    rows = {row[0]: row[1] for row in table.rows}
    assert rows["Từ chối cung cấp (có lý do theo luật)"] == "2"
    unpaid = next(label for label in rows if LABEL_VI in label)
    assert unpaid.startswith("Trong đó: ") and "Điều 28 khoản 1 điểm e" in unpaid
    assert rows[unpaid] == "1"
