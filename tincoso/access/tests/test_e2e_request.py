"""In a real browser: a citizen asks the ward for information on the public site, the
ward's officer marks it complex (Điều 30 channel: online), extends once and answers,
and the citizen reads the answer with the tracking code. Nobody else sees who asked."""

from __future__ import annotations

from typing import Any

import pytest

from tincoso.access.deadlines import extended_due
from tincoso.access.models import Channel, InfoRequest, Status
from tincoso.access.workdays import add_working_days
from tincoso.conftest import log_in
from tincoso.units.demo import DEMO_PASSWORD, load_demo
from tincoso.units.models import Unit

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

WANTED = "Kế hoạch sửa chữa nhà văn hóa tổ dân phố số 2 và dự toán kinh phí năm nay"
REPLY = "Gửi kèm bản sao Kế hoạch số 12/KH-UBND về sửa chữa nhà văn hóa, gồm dự toán."


def _log_in(page: Any, base: str, username: str) -> None:
    page.context.clear_cookies()
    log_in(page, base, username, DEMO_PASSWORD)


def test_a_citizen_asks_the_ward_answers_in_time_the_citizen_reads_it(
        app_server: Any, page: Any) -> None:
    load_demo()
    base = app_server.url
    ward = Unit.objects.get(code="tan-phong")

    # The citizen files the request on the public site; an ID of the wrong length is
    # refused and nothing is stored.
    page.goto(f"{base}/thong-tin/yeu-cau/?unit=tan-phong")
    page.get_by_label("Họ và tên").fill("Vàng A Dình")
    page.get_by_label("Số định danh cá nhân / CCCD").fill("12345")
    page.get_by_label("Nơi cư trú").fill("Tổ dân phố số 2, phường Tân Phong")
    page.get_by_label("Thông tin cần cung cấp").fill(WANTED)
    page.get_by_label("Hình thức nhận thông tin").select_option("in_person")
    page.get_by_role("button", name="Gửi yêu cầu").click()
    assert "12 chữ số" in page.get_by_role("alert").first.inner_text()
    assert not InfoRequest.objects.filter(information=WANTED).exists()
    page.get_by_label("Số định danh cá nhân / CCCD").fill("011099004321")
    page.get_by_role("button", name="Gửi yêu cầu").click()
    page.wait_for_url("**/thong-tin/yeu-cau/da-gui/**")
    code = page.locator("#tracking-code").inner_text()
    req = InfoRequest.objects.get(code=code)
    today = req.received_on  # the server's own day (this module's clock is frozen)
    assert req.unit == ward
    assert req.due_on == add_working_days(today, 3)  # online, simple
    assert req.due_on.strftime("%d/%m/%Y") in page.locator("main").inner_text()

    # The ward's officer extends once, with the reason, then answers before the deadline.
    _log_in(page, base, "canbo.tanphong")
    page.goto(f"{base}/app/access/")
    page.get_by_role("link", name=code).click()
    assert "011099004321" in page.locator("main").inner_text()  # the handler sees who
    page.get_by_label("Nội dung / lý do").fill("Thông tin cần tập hợp từ Tổ dân phố.")
    page.get_by_role("button", name="Thông tin phức tạp: báo thời hạn mới").click()
    complex_due = add_working_days(today, 15)  # Điều 30 khoản 4
    assert complex_due.strftime("%d/%m/%Y") in page.locator("main").inner_text()
    page.get_by_label("Nội dung / lý do").fill("Cần tập hợp hồ sơ dự toán từ Tổ dân phố.")
    page.get_by_role("button", name="Gia hạn", exact=True).click()
    extended_to = extended_due(Channel.ONLINE, complex_due)  # at most 15 days
    assert extended_to.strftime("%d/%m/%Y") in page.locator("main").inner_text()
    assert page.get_by_role("button", name="Gia hạn", exact=True).count() == 0
    page.get_by_label("Nội dung / lý do").fill(REPLY)
    page.get_by_role("button", name="Cung cấp thông tin").click()
    page.get_by_role("heading", name="Trả lời").wait_for()
    req.refresh_from_db()
    assert req.status == Status.ANSWERED and req.closed_on is not None
    assert req.closed_on <= req.due_on == extended_to
    assert list(req.events.values_list("kind", flat=True)) == ["received", "complex",
                                                               "extended", "answered"]

    # The citizen, with no account, reads the answer by the code, never the identity.
    page.context.clear_cookies()
    page.goto(f"{base}/thong-tin/tra-cuu/")
    page.get_by_label("Mã tra cứu").fill(code)
    page.get_by_role("button", name="Tra cứu").click()
    main = page.locator("main").inner_text()
    assert page.locator("#status").inner_text() == "Đã cung cấp thông tin"
    assert page.locator("#channel").inner_text() == Channel.ONLINE.label
    assert REPLY in main and extended_to.strftime("%d/%m/%Y") in main
    assert "011099004321" not in main and "Vàng A Dình" not in main
