"""The channel a request came through (online form, post/fax, at the office) on the
officers' inbox, with a filter by channel, and on the public tracking page, which
still never shows who asked."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tincoso.access import services
from tincoso.access.models import InfoRequest
from tincoso.access.tests.conftest import FORM
from tincoso.conftest import person_with
from tincoso.units.models import Role, Unit

pytestmark = pytest.mark.django_db
INBOX = "/app/access/"


def _officer(unit: Unit) -> Client:
    client = Client()
    client.force_login(person_with(Role.OFFICER, unit))
    return client


def _one_of_each(tree: dict[str, Unit]) -> dict[str, InfoRequest]:
    return {channel: services.file_request(tree["commune"], **FORM, channel=channel)
            for channel in ("online", "post", "office")}


def test_inbox_shows_the_channel_and_filters_by_it(tree: dict[str, Unit]) -> None:
    reqs = _one_of_each(tree)
    officer = _officer(tree["commune"])
    page = officer.get(INBOX).text
    for label in ("Qua mạng điện tử (biểu mẫu trực tuyến)", "Qua dịch vụ bưu chính, fax",
                  "Trực tiếp tại trụ sở"):
        assert f'class="channel">{label}</td>' in page
    posted = officer.get(INBOX, {"channel": "post"})
    assert posted.status_code == 200
    assert reqs["post"].code in posted.text
    assert reqs["online"].code not in posted.text and reqs["office"].code not in posted.text
    assert '<option value="post" selected>' in posted.text
    everything = officer.get(INBOX, {"channel": ""}).text
    assert all(r.code in everything for r in reqs.values())


def test_the_filter_stays_within_the_officers_units(tree: dict[str, Unit]) -> None:
    mine = services.file_request(tree["cell-a"], **FORM, channel="post")
    theirs = services.file_request(tree["cell-b"], **FORM, channel="post")
    page = _officer(tree["cell-a"]).get(INBOX, {"channel": "post"}).text
    assert mine.code in page and theirs.code not in page


def test_the_next_page_keeps_the_channel(tree: dict[str, Unit]) -> None:
    for _ in range(51):
        services.file_request(tree["commune"], **FORM, channel="office")
    services.file_request(tree["commune"], **FORM, channel="post")
    officer = _officer(tree["commune"])
    first = officer.get(INBOX, {"channel": "office"}).text
    assert 'href="?channel=office&amp;page=2"' in first
    second = officer.get(INBOX, {"channel": "office", "page": "2"}).text
    assert "Trang 2/2" in second and "Qua dịch vụ bưu chính, fax</td>" not in second


def test_an_unknown_channel_is_a_bilingual_bad_request(tree: dict[str, Unit]) -> None:
    req = services.file_request(tree["commune"], **FORM, channel="post")
    person = person_with(Role.OFFICER, tree["commune"])
    officer = Client()
    officer.force_login(person)
    response = officer.get(INBOX, {"channel": "fax"})
    assert response.status_code == 400
    assert "Hình thức yêu cầu để lọc không hợp lệ." in response.text
    assert req.code not in response.text
    person.language = "en"  # the language the officer chose in the profile
    person.save(update_fields=["language"])
    english = officer.get(INBOX, {"channel": "email"})
    assert english.status_code == 400
    assert "Unknown request channel to filter by." in english.text


def test_tracking_page_shows_the_channel_never_the_identity(tree: dict[str, Unit]) -> None:
    req = services.file_request(tree["commune"], **{**FORM, "email": "binh@example.vn"},
                                channel="office")
    page = Client().get("/thong-tin/tra-cuu/", {"code": req.code}).text
    assert '<span id="channel">Trực tiếp tại trụ sở</span>' in page
    for secret in (FORM["full_name"], FORM["id_number"], FORM["address"], FORM["phone"],
                   "binh@example.vn"):
        assert secret not in page
    online = services.file_request(tree["commune"], **FORM)
    english = Client()
    english.cookies["django_language"] = "en"
    text = english.get("/thong-tin/tra-cuu/", {"code": online.code}).text
    assert '<span id="channel">Online (web form)</span>' in text


def test_the_inbox_costs_the_same_queries_for_few_or_many(tree: dict[str, Unit]) -> None:
    officer = _officer(tree["commune"])

    def queries() -> int:
        with CaptureQueriesContext(connection) as seen:
            assert officer.get(INBOX, {"channel": "post"}).status_code == 200
        return len(seen)

    services.file_request(tree["commune"], **FORM, channel="post")
    few = queries()
    for unit in ("commune", "village", "commune", "village") * 5:
        services.file_request(tree[unit], **FORM, channel="post")
    assert queries() == few
