"""Refusal because the requester did not pay the actual costs of printing, copying or
sending (Điều 28 khoản 1 điểm e): offered to the officer, shown with its legal label on
the request and on the requester's tracking page (in both languages), counted among
the refusals."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from tincoso.access import services
from tincoso.access.figures import request_figures
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


def test_unpaid_costs_refusal_counts_among_the_refusals(tree: dict[str, Unit]) -> None:
    _refused_by_post(tree)
    figures = request_figures(tree["commune"], dt.date(2025, 3, 1), dt.date(2025, 3, 31))
    assert figures["received"] == 1 and figures["refused"] == 1
    assert figures["on_time"] == 1  # refused the day it came: settled within its deadline
