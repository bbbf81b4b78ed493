"""In a real browser: a collaborator files a note about a rumour (the topic suggested
and explained), the ward's editor opens the correction and the bulletin from it in
one click, a leader publishes the correction, and the delay shows on the dashboard."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.contrib.auth import get_user_model

from tincoso.opinion import services
from tincoso.opinion.models import Response
from tincoso.units.demo import DEMO_PASSWORD, load_demo
from tincoso.units.models import Unit

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

RUMOUR = "Có tin đồn trên mạng xã hội là phường thu tiền làm căn cước cho người già."


def _log_in(page: Any, base: str, username: str) -> None:
    page.context.clear_cookies()
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(DEMO_PASSWORD)
    page.locator("form:has(input[name=password]) button[type=submit]").click()
    page.wait_for_url(f"{base}/app/")


def test_from_a_note_to_the_published_correction(app_server: Any, page: Any) -> None:
    load_demo()
    officer = get_user_model().objects.get(username="canbo.tanphong")
    services.name_collaborator(None, Unit.objects.get(code="tan-phong"), officer)
    base = app_server.url
    place = Unit.objects.get(code="tan-phong-1")

    # The collaborator files the note; the topic is suggested, with its reason.
    _log_in(page, base, "canbo.tanphong")
    page.goto(f"{base}/app/opinion/notes/new/")
    assert "Không ghi họ tên, số điện thoại" in page.locator("main").inner_text()
    page.get_by_label("Đơn vị").select_option(str(place.pk))
    page.get_by_label("Người dân nói gì (tóm tắt)").fill(RUMOUR + " Gọi 0912 345 678.")
    page.get_by_label("Nhiều người").check()
    page.get_by_label("Lo lắng").check()
    page.get_by_role("button", name="Lưu phiếu").click()
    assert "0912 345 678" in page.get_by_role("alert").first.inner_text()
    page.get_by_label("Người dân nói gì (tóm tắt)").fill(RUMOUR)
    page.get_by_role("button", name="Gợi ý chủ đề").click()
    assert "“tin đồn”" in page.locator("#suggested-because").inner_text()
    assert page.get_by_label("Chủ đề").locator("option:checked").inner_text() == "Tin giả"
    page.get_by_role("button", name="Lưu phiếu").click()
    page.wait_for_url(re.compile(r".*/app/opinion/notes/\d+/$"))

    # The ward's editor answers it: one click opens both drafts.
    note_url = page.url
    _log_in(page, base, "bientap.tanphong")
    page.goto(note_url)
    page.get_by_role("button", name="Thông tin sai? Mở đính chính và bản tin").click()
    page.wait_for_url(re.compile(r".*/app/corrections/\d+/$"))
    response = Response.objects.get()
    assert response.item is not None and response.item.unit.code == "tan-phong"
    page.get_by_role("button", name="Sửa bản nháp").click()
    page.get_by_label("Thông tin chính xác").fill(
        "Làm căn cước cho người cao tuổi lần đầu không mất phí; tổ công tác đến tận nhà.")
    page.get_by_label("Nguồn (mỗi dòng: tên nguồn | đường dẫn)").fill(
        "Công an phường Tân Phong | https://example.invalid/thong-bao")
    page.get_by_role("button", name="Lưu bản nháp").click()
    page.get_by_role("button", name="Gửi duyệt").click()

    # A leader of the ward publishes it.
    correction_url = f"{base}/app/corrections/{response.correction_id}/"
    _log_in(page, base, "lanhdao.tanphong")
    page.goto(correction_url)
    page.get_by_role("button", name="Duyệt và công bố").click()
    page.get_by_role("link", name="Xem trang công khai").click()
    assert "căn cước" in page.locator("main").inner_text()
    response.correction.refresh_from_db()
    assert response.correction.first_published_at is not None

    # The delay is measured and shown.
    page.goto(f"{base}/app/opinion/?unit=tan-phong")
    assert "1 đính chính đã đăng" in page.locator("main").inner_text()
