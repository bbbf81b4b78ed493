"""In a real browser the size of a phone: the station pages of a demo commune fit the
screen and their lists read as labelled cards; an operator adds a slot by the form."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tincoso.conftest import log_in
from tincoso.reports.tests.test_e2e_phone import MISFITS, PHONE
from tincoso.units.demo import DEMO_PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def phone(browser: Any) -> Iterator[Any]:
    context = browser.new_context(locale="vi-VN", viewport=PHONE)
    tab = context.new_page()
    tab.set_default_timeout(15000)
    yield tab
    context.close()


def test_station_pages_fit_a_phone_and_the_operator_adds_a_slot(
    app_server: Any, phone: Any
) -> None:
    from tincoso.broadcast.stations.demo import load_demo as load_stations
    from tincoso.broadcast.stations.models import Station
    from tincoso.units.demo import load_demo as load_units

    load_units()
    load_stations()
    station = Station.objects.get(unit__code="tan-phong")
    base = app_server.url
    log_in(phone, base, "bientap.tanphong", DEMO_PASSWORD)
    found: list[str] = []
    for path in ("", f"{station.pk}/", f"{station.pk}/programme/", f"{station.pk}/inbox/",
                 f"{station.pk}/schedules/"):
        url = f"{base}/app/broadcast/stations/{path}"
        response = phone.goto(url)
        assert response.status == 200, url
        found += [f"{url}: {m}" for m in phone.evaluate(MISFITS)]
    assert found == []
    phone.goto(f"{base}/app/broadcast/stations/{station.pk}/")
    phone.get_by_text("Thêm khung giờ").click()
    phone.locator("#sl-start").fill("11:00")
    phone.locator("#sl-end").fill("11:15")
    phone.get_by_role("button", name="Thêm", exact=True).last.click()
    phone.wait_for_url(f"{base}/app/broadcast/stations/{station.pk}/")
    assert phone.locator("#slots").inner_text().count("11:00–11:15") == 1
    assert station.slots.count() == 3
    added = station.slots.get(start="11:00")
    phone.get_by_text("Sửa khung giờ 11:00–11:15").click()  # and the operator moves its end
    edit = phone.locator(f"details[data-slot='{added.pk}']")
    edit.locator(f"#sl-end-{added.pk}").fill("11:20")
    edit.get_by_role("button", name="Lưu").click()
    phone.wait_for_url(f"{base}/app/broadcast/stations/{station.pk}/")
    assert phone.locator("#slots").inner_text().count("11:00–11:20") == 1
    assert station.slots.count() == 3
