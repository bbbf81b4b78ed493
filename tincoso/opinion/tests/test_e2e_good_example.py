"""In a real browser: a ward sends a good example with a photo, the province's
propaganda board selects it (a draft in the portal series), a second person of the
board approves it, and it appears in the portal series with its photo; before the
approval the public sees nothing."""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from tincoso.conftest import log_in
from tincoso.opinion.examples.models import GoodExample
from tincoso.opinion.examples.services import SERIES_SLUG
from tincoso.units.demo import DEMO_PASSWORD, load_demo
from tincoso.units.models import Unit

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

TITLE = "Tổ dân phố số 1 giữ đường sạch bằng ngày thứ Bảy xanh"


def _log_in(page: Any, base: str, username: str) -> None:
    page.context.clear_cookies()
    log_in(page, base, username, DEMO_PASSWORD)


def _photo(tmp_path: Path) -> Path:
    buffer = io.BytesIO()
    Image.new("RGB", (640, 420), (30, 140, 60)).save(buffer, "JPEG")
    path = tmp_path / "ngay-thu-bay-xanh.jpg"
    path.write_bytes(buffer.getvalue())
    return path


def test_a_good_example_goes_from_the_ward_to_the_portal_series(
        app_server: Any, page: Any, tmp_path: Path) -> None:
    load_demo()
    base = app_server.url
    place = Unit.objects.get(code="tan-phong-1")

    # The ward's officer sends the case with a photo.
    _log_in(page, base, "canbo.tanphong")
    page.goto(f"{base}/app/opinion/examples/new/")
    page.get_by_label("Đơn vị").select_option(str(place.pk))
    page.get_by_label("Tên điển hình, cách làm hay").fill(TITLE)
    page.get_by_label("Ở đâu (thôn, tổ, cơ quan)").fill("Tổ dân phố số 1, phường Tân Phong")
    page.get_by_label("Đã làm gì, làm thế nào").fill(
        "Mỗi sáng thứ Bảy, các hộ cùng quét dọn và phân loại rác trên tuyến phố.")
    page.get_by_label("Kết quả").fill("Sau ba tháng tuyến phố không còn điểm rác tự phát.")
    page.locator("#id_photos").set_input_files(str(_photo(tmp_path)))
    page.get_by_role("button", name="Gửi", exact=True).click()
    page.wait_for_url(re.compile(r".*/app/opinion/examples/\d+/$"))
    example = GoodExample.objects.get(title=TITLE)
    assert example.photos.count() == 1 and example.status == GoodExample.Status.SUBMITTED
    assert page.get_by_role("img", name="Ảnh 1").count() == 1
    example_url = page.url

    # The province's board selects it: a draft article in the series, photo attached.
    _log_in(page, base, "bientap.btg")
    page.goto(example_url)
    page.get_by_role("button", name="Chọn đăng trong loạt bài").click()
    page.wait_for_url(re.compile(r".*/app/items/\d+/$"))
    example.refresh_from_db()
    assert example.status == GoodExample.Status.SELECTED and example.item is not None
    assert example.item.unit.code == "btg-tu"
    page.get_by_role("button", name="Gửi duyệt").click()
    item_url = page.url

    # Not public before a second person approves.
    page.context.clear_cookies()
    page.goto(f"{base}/chu-de/{SERIES_SLUG}/")
    assert TITLE not in page.locator("main").inner_text()

    _log_in(page, base, "lanhdao.btg")
    page.goto(item_url)
    page.get_by_role("button", name="Duyệt và đăng").click()
    example.item.refresh_from_db()
    assert example.item.status == "published"

    # The public finds it in the series, with the photo.
    page.context.clear_cookies()
    page.goto(f"{base}/chu-de/{SERIES_SLUG}/")
    page.get_by_role("link", name=TITLE).click()
    main = page.locator("main")
    assert "Sau ba tháng tuyến phố không còn điểm rác tự phát." in main.inner_text()
    assert main.locator("img").count() >= 1
