"""In a real browser against ``tincoso serve`` (its task worker included): an editor
opens a published item, follows "Gửi mọi kênh", ticks every channel with the TT 39
"Ưu tiên" priority and sends; the page then shows each channel's status, and the
loudspeakers' row turns to sent once the worker has spoken and offered it (the table
refreshes itself)."""

from __future__ import annotations

from typing import Any

import pytest

from tincoso.broadcast.stations import services as stations
from tincoso.conftest import live_item, log_in, person_with
from tincoso.units.models import Role, Unit

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_the_editor_sends_an_item_everywhere_from_one_form(
    app_server: Any, page: Any, tree: dict[str, Unit]
) -> None:
    stations.create_station(None, tree["commune"], "Đài xã Đồng Tâm")
    item = live_item(tree["commune"], "Lịch tiêm chủng tháng 3")
    person_with(Role.EDITOR, tree["commune"], "editor")
    base = app_server.url

    log_in(page, base, "editor")
    page.goto(f"{base}/app/items/{item.pk}/")
    page.get_by_role("link", name="Gửi mọi kênh").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Một tin, mọi kênh"
    page.get_by_label("Nơi nhận bên ngoài (webhook, SMS)").check()
    page.get_by_label("Mức ưu tiên (Thông tư 39/2020)").select_option("priority")
    page.get_by_role("button", name="Gửi", exact=True).click()
    table = page.locator("table.delivery")
    assert "Đã gửi đến các kênh đã chọn." in page.locator("main").inner_text()
    assert table.locator("tr", has_text="Trang thông tin").inner_text().count("Đã gửi") == 1
    assert "Nguồn tin RSS/Atom" in table.inner_text()
    speakers = table.locator("tr", has_text="Loa truyền thanh")
    speakers.filter(has_text="2 đã gửi").wait_for(timeout=60_000)  # bulletin + the station
