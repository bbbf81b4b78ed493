"""Dates are shown and entered as dd/mm/yyyy whatever the browser's locale; a reversed
range is an error beside the field, never an error page; the API stays ISO."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django import forms
from django.test import Client

from tincoso.conftest import person_with
from tincoso.core import forms as core_forms
from tincoso.units.models import Role, Unit


class _Form(forms.Form):
    day = core_forms.DateField()
    moment = core_forms.DateTimeField(required=False)


@pytest.mark.parametrize("typed", ["05/03/2026", "5/3/2026", " 05/03/2026 ", "2026-03-05"])
def test_a_date_is_read_day_first_or_as_iso(typed: str) -> None:
    form = _Form({"day": typed})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["day"] == dt.date(2026, 3, 5)


def test_a_month_first_date_is_refused_with_the_format_to_use() -> None:
    form = _Form({"day": "03/15/2026"})
    assert not form.is_valid()
    assert form.errors["day"] == ["Ngày phải có dạng dd/mm/yyyy."]


def test_a_date_and_time_is_read_day_first_in_vietnam_time() -> None:
    form = _Form({"day": "05/03/2026", "moment": "05/03/2026 14:30"})
    assert form.is_valid(), form.errors
    moment = form.cleaned_data["moment"]
    assert moment.astimezone(dt.timezone(dt.timedelta(hours=7))).replace(tzinfo=None) == (
        dt.datetime(2026, 3, 5, 14, 30)
    )


def test_the_inputs_are_text_with_the_format_shown_not_the_browsers_date_picker() -> None:
    html = str(_Form(initial={"day": dt.date(2026, 3, 5)})["day"])
    assert 'type="text"' in html and 'type="date"' not in html
    assert 'value="05/03/2026"' in html and 'placeholder="dd/mm/yyyy"' in html
    assert re.search(r'pattern="[^"]+"', html)


def test_no_staff_or_portal_form_uses_the_browsers_date_inputs(
    tree: dict[str, Unit], province_admin: Any
) -> None:
    client = Client()
    client.force_login(province_admin)
    for url in (
        "/app/dashboard/",
        "/app/feedback/stats/",
        "/search?q=x",
        "/app/items/new/",
        "/app/outreach/new/",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert 'type="date"' not in html and 'type="datetime-local"' not in html, url


@pytest.fixture
def admin_client(province_admin: Any) -> Client:
    client = Client()
    client.force_login(province_admin)
    return client


def test_the_dashboard_takes_dd_mm_yyyy_and_shows_it_back(admin_client: Client) -> None:
    page = admin_client.get("/app/dashboard/", {"start": "01/01/2026", "end": "31/03/2026"})
    assert page.status_code == 200
    html = page.content.decode()
    assert 'value="01/01/2026"' in html and 'value="31/03/2026"' in html


def test_a_reversed_range_on_the_dashboard_is_an_error_beside_the_field(
    admin_client: Client,
) -> None:
    page = admin_client.get("/app/dashboard/", {"start": "31/03/2026", "end": "01/01/2026"})
    assert page.status_code == 400
    html = page.content.decode()
    assert "Ngày kết thúc phải sau ngày bắt đầu." in html
    assert 'class="errorlist' in html  # on the form, with the rest of the dashboard
    assert "Không thực hiện được" not in html  # not the error page
    assert 'id="pick-unit"' in html


@pytest.mark.parametrize("url", ["/search?q=tin", "/app/feedback/stats/"])
def test_a_reversed_range_on_search_and_statistics_is_an_inline_error(
    url: str, tree: dict[str, Unit]
) -> None:
    client = Client()
    client.force_login(person_with(Role.OFFICER, tree["commune"]))
    page = client.get(url, {"from": "31/03/2026", "to": "01/01/2026"})
    assert page.status_code == 200
    html = page.content.decode()
    assert "Ngày kết thúc phải sau ngày bắt đầu." in html and 'class="errorlist' in html


def test_the_api_keeps_iso_dates(tree: dict[str, Unit]) -> None:
    from rest_framework.test import APIClient

    client = APIClient()
    client.force_authenticate(person_with(Role.VIEWER, tree["commune"]))
    ok = client.get("/api/rollups/", {"unit": "commune", "from": "2026-01-01", "to": "2026-03-31"})
    assert ok.status_code == 200
    assert ok.json()["period"] == {"from": "2026-01-01", "to": "2026-03-31"}


def test_a_date_typed_as_iso_or_short_is_shown_back_day_first() -> None:
    for typed in ("2026-03-05", "5/3/2026"):
        assert 'value="05/03/2026"' in str(_Form({"day": typed})["day"])
    assert 'value="hôm qua"' in str(_Form({"day": "hôm qua"})["day"])  # kept to be fixed
