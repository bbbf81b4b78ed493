"""The portal's banner: on every public page of the area's units and below, not on a
sibling's; through the anonymous page cache it appears on send and goes on cancel and
on expiry (with no write at all)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.test import Client

from tincoso.alerts import services
from tincoso.alerts.drafts import InfoDraft
from tincoso.alerts.tests.conftest import draft, sent
from tincoso.conftest import person_with, publish
from tincoso.core import clock
from tincoso.publishing import caching
from tincoso.units.models import Role, Unit

HEADLINE = "Cảnh báo lũ quét, rủi ro thiên tai cấp độ 3"


def _banner(client: Client, url: str) -> bool:
    response = client.get(url)
    assert response.status_code == 200, url
    return 'class="alert-banner' in response.content.decode()


def test_the_banner_shows_on_the_areas_pages_and_not_on_a_siblings(
    tree: dict[str, Unit], people: dict[str, Any]
) -> None:
    item = publish(people, tree["village"], "Lịch họp thôn")
    theirs = {
        "editor": person_with(Role.EDITOR, tree["committee"], "committee-editor"),
        "approver": person_with(Role.APPROVER, tree["committee"], "committee-approver"),
    }
    other = publish(theirs, tree["committee"], "Tin của tỉnh ủy")
    alert = sent(tree, people, area_units=[tree["commune"]])
    client = Client()
    page = client.get("/don-vi/village/").content.decode()
    assert HEADLINE in page and "Di chuyển ngay lên chỗ cao." in page
    assert f"/canh-bao/{alert.identifier}/" in page and "#fb8500" in page  # level 3: da cam
    for url in ("/don-vi/commune/", f"/tin/{item.pk}/", "/"):
        assert _banner(client, url), url
    for url in ("/don-vi/committee/", "/don-vi/cell-a/", f"/tin/{other.pk}/"):
        assert not _banner(client, url), url


def test_an_exercise_says_dien_tap_and_a_test_shows_nowhere(
    tree: dict[str, Unit], people: dict[str, Any]
) -> None:
    sent(tree, people, status="Exercise")
    test = services.compose(
        people["editor"], tree["commune"], draft(tree, status="Test", headline="Thử hệ thống")
    )
    services.send_test(people["editor"], test)
    page = Client().get("/don-vi/village/").content.decode()
    assert f"DIỄN TẬP: {HEADLINE}" in page
    assert "Thử hệ thống" not in page


def test_the_cached_page_loses_the_banner_on_cancel(
    tree: dict[str, Unit], people: dict[str, Any]
) -> None:
    client = Client()
    before = client.get("/don-vi/village/")
    assert 'class="alert-banner' not in before.content.decode()
    alert = sent(tree, people)
    shown = client.get("/don-vi/village/", HTTP_IF_NONE_MATCH=before["ETag"])
    assert shown.status_code == 200 and HEADLINE in shown.content.decode()
    assert client.get("/don-vi/village/", HTTP_IF_NONE_MATCH=shown["ETag"]).status_code == 304
    services.cancel(people["approver"], alert)
    gone = client.get("/don-vi/village/", HTTP_IF_NONE_MATCH=shown["ETag"])
    assert gone.status_code == 200 and 'class="alert-banner' not in gone.content.decode()


def test_the_cached_page_loses_the_banner_at_expiry_with_no_write(
    tree: dict[str, Unit], people: dict[str, Any]
) -> None:
    clock.set(dt.datetime(2026, 8, 1, 8, 0, tzinfo=dt.UTC))
    sent(tree, people, expires=clock.now() + dt.timedelta(hours=1))
    client = Client()
    shown = client.get("/don-vi/village/")
    assert HEADLINE in shown.content.decode()
    stamp = caching.stamp_row()
    assert client.get("/don-vi/village/")["ETag"] == shown["ETag"]  # served from the cache
    clock.advance(dt.timedelta(minutes=61))  # nobody writes anything
    assert caching.stamp_row() != stamp
    gone = client.get("/don-vi/village/", HTTP_IF_NONE_MATCH=shown["ETag"])
    assert gone.status_code == 200 and 'class="alert-banner' not in gone.content.decode()
    assert _banner(client, "/") is False


def test_an_english_reader_gets_the_english_variant_and_a_vietnamese_one_does_not(
    tree: dict[str, Unit], people: dict[str, Any]
) -> None:
    english = InfoDraft("en", "Flash flood", "Flash flood warning, level 3",
                        "Heavy rain tonight.", "Move to high ground.")  # fmt: skip
    sent(tree, people, infos=[english])
    reader = Client()
    reader.cookies["django_language"] = "en"
    page = reader.get("/don-vi/village/").content.decode()
    assert "Flash flood warning, level 3" in page and "Move to high ground." in page
    assert HEADLINE not in page
    vietnamese = Client().get("/don-vi/village/").content.decode()
    assert HEADLINE in vietnamese and "Flash flood warning" not in vietnamese
