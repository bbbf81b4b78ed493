"""In a real browser: a citizen asks about an item, the commune officer answers and
publishes, and the Q&A shows on the portal without anything personal."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.urls import reverse

from tincoso.conftest import live_item
from tincoso.units.demo import DEMO_PASSWORD, load_demo
from tincoso.units.models import Membership, Role, Unit

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

QUESTION = ("Tôi là Lò Thị Hoa ở tổ dân phố số 1. Xin hỏi lịch tiêm chủng mở rộng "
            "cho trẻ dưới 5 tuổi tháng này là ngày nào?")
PUBLIC_QUESTION = "Lịch tiêm chủng mở rộng cho trẻ dưới 5 tuổi tháng này là ngày nào?"
ANSWER = "Trạm y tế phường tiêm vào sáng thứ Tư, ngày 15 hằng tháng, từ 7 giờ 30."


def _item_page(base: str, unit: Unit) -> str:
    """The portal page of a published item of the commune: where the citizen starts."""
    item = live_item(unit, "Phường Tân Phong triển khai tiêm chủng mở rộng")
    return f"{base}{reverse('portal-item', args=[item.pk])}"


def test_a_citizens_question_is_answered_and_published_without_personal_details(
        app_server: Any, page: Any) -> None:
    load_demo()
    base = app_server.url
    place = Unit.objects.get(code="tan-phong-1")

    item_page = _item_page(base, Unit.objects.get(code="tan-phong"))
    # As in the demo, the ward has no leader of its own on the platform.
    Membership.objects.filter(unit__code="tan-phong", role=Role.APPROVER).delete()

    # The citizen, no account: from the item to the form, anonymous unless they choose.
    page.goto(item_page)
    assert page.get_by_role("heading", level=1).inner_text().startswith("Phường Tân Phong")
    page.get_by_role("link", name="Gửi câu hỏi về bài này").click()
    page.wait_for_url(re.compile(r".*/gop-y/\?.*item=\d+"))
    # The place: the item's ward is preset; a few words typed without diacritics find
    # the residential group within it.
    chooser = page.get_by_label("Nơi bạn ở hoặc nơi xảy ra sự việc")
    assert chooser.input_value() == str(Unit.objects.get(code="tan-phong").pk)
    page.get_by_label("Tìm nhanh xã, phường, thôn, tổ dân phố").fill("tan phong so 1")
    assert chooser.input_value() == str(place.pk)
    page.get_by_label("Câu hỏi").check()
    page.get_by_label("Nội dung").fill(QUESTION)
    page.get_by_label("Tôi muốn để lại thông tin liên hệ").check()
    page.get_by_label("Họ và tên").fill("Lò Thị Hoa")
    page.get_by_label("Số điện thoại").fill("0912 345 678")
    page.get_by_role("button", name="Gửi").click()
    page.wait_for_url(re.compile(r".*/gop-y/da-gui/\w+/"))
    assert page.get_by_role("heading", level=1).inner_text() == "Cảm ơn bạn đã gửi ý kiến"
    code = page.locator("#tracking-code").inner_text()
    assert "Phường Tân Phong" in page.locator("main").inner_text()

    # The commune officer answers and publishes, rewording the question.
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Tên đăng nhập").fill("canbo.tanphong")
    page.get_by_label("Mật khẩu").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(f"{base}/app/")
    # The navigation link, whatever count of waiting work it carries.
    page.get_by_role("link", name=re.compile(r"^Ý kiến(\s|$)")).first.click()
    page.wait_for_url(f"{base}/app/feedback/")
    page.get_by_role("link", name=re.compile("Tôi là Lò Thị Hoa")).click()
    assert page.get_by_text("0912 345 678").is_visible()  # the handling unit sees the contact
    page.get_by_role("button", name="Nhận xử lý").click()
    page.locator("#id_answer").fill(ANSWER)
    page.get_by_role("button", name="Gửi trả lời").click()
    question_box = page.get_by_label("Câu hỏi (đã biên tập, không có thông tin cá nhân)")
    # Publishing with the name still in the text is refused.
    page.get_by_role("button", name="Đề nghị công khai").click()
    assert page.get_by_role("alert").first.inner_text().startswith("Nội dung công khai còn")
    question_box.fill(PUBLIC_QUESTION)
    page.get_by_role("button", name="Đề nghị công khai").click()
    # Four eyes: the ward has no leader on the platform, so the leader of the board
    # guiding it approves, and the officer sees who that is.
    pending = page.locator("#publication-pending").inner_text()
    assert "Phan Xuân Trường" in pending
    publication = page.url.rstrip("/") + "/publication/"
    page.context.clear_cookies()
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Tên đăng nhập").fill("lanhdao.btg")
    page.get_by_label("Mật khẩu").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(f"{base}/app/")
    page.goto(publication)
    assert PUBLIC_QUESTION in page.locator("#public-question").inner_text()
    assert "Lò Thị Hoa" not in page.locator("main").inner_text()
    page.get_by_role("button", name="Duyệt và công khai").click()
    assert page.get_by_text("Xem trên trang Hỏi đáp").is_visible()

    # The public portal: the Q&A is there, nothing personal is.
    page.context.clear_cookies()
    page.goto(f"{base}/hoi-dap/")
    main = page.locator("main").inner_text()
    assert PUBLIC_QUESTION in main and ANSWER in main
    for personal in ("Lò Thị Hoa", "0912", "tổ dân phố số 1"):
        assert personal not in main
    page.get_by_role("link", name=PUBLIC_QUESTION).click()
    detail = page.locator("main").inner_text()
    assert ANSWER in detail and "Lò Thị Hoa" not in detail and "0912" not in detail
    # The citizen reads the answer with the tracking code.
    page.goto(f"{base}/gop-y/tra-cuu/?code={code}")
    assert ANSWER in page.locator("main").inner_text()
