"""Items: four eyes, scheduling, corrections, withdrawal, sanitising, visibility, feeds."""

from __future__ import annotations

import datetime as dt
from typing import Any

import feedparser
import pytest
from django.test import Client

from tincoso import search
from tincoso.conftest import person_with
from tincoso.core import clock
from tincoso.core.errors import ConflictError, PermissionDeniedError
from tincoso.publishing import services
from tincoso.publishing.content import render
from tincoso.publishing.models import Item, Topic
from tincoso.units.models import Role, Unit


@pytest.fixture
def people(tree: dict[str, Unit]) -> dict[str, Any]:
    return {
        "editor": person_with(Role.EDITOR, tree["commune"], "editor"),
        "approver": person_with(Role.APPROVER, tree["commune"], "approver"),
        "other_approver": person_with(Role.APPROVER, tree["committee"], "far-approver"),
    }


def write(
    people: dict[str, Any], unit: Unit, title: str = "Thông tin cơ sở ở Đảng ủy xã", **extra: Any
) -> Item:
    item = services.create_item(
        people["editor"],
        unit,
        services.Draft(title=title, summary="Tóm tắt", body="Nội dung **quan trọng**.", **extra),
    )
    services.submit_for_review(people["editor"], item)
    return item


def test_the_author_cannot_approve_their_own_item(tree: dict[str, Unit]) -> None:
    # One person who is both editor (on the commune) and approver (on the province).
    both = person_with(Role.EDITOR, tree["commune"], "both")
    from tincoso.units.services import grant_role

    grant_role(None, both, tree["province"], Role.APPROVER)
    item = services.create_item(both, tree["commune"], services.Draft(title="Tin"))
    services.submit_for_review(both, item)
    with pytest.raises(PermissionDeniedError):
        services.approve(both, item)
    assert Item.objects.get(pk=item.pk).status == Item.Status.REVIEW


def test_an_approver_of_another_unit_cannot_approve(
    tree: dict[str, Unit], people: dict[str, Any]
) -> None:
    item = write(people, tree["commune"])
    with pytest.raises(PermissionDeniedError):
        services.approve(people["other_approver"], item)
    services.approve(people["approver"], item)
    assert Item.objects.get(pk=item.pk).status == Item.Status.PUBLISHED


def test_scheduled_publication_waits_for_its_time(
    tree: dict[str, Unit], people: dict[str, Any]
) -> None:
    clock.set(dt.datetime(2026, 5, 1, 8, 0))
    item = write(people, tree["commune"], publish_at=clock.now() + dt.timedelta(hours=2))
    services.approve(people["approver"], item)
    assert Item.objects.get(pk=item.pk).status == Item.Status.APPROVED
    assert not services.items_visible_to(None).filter(pk=item.pk).exists()
    assert services.publish_due() == 0
    clock.advance(dt.timedelta(hours=3))
    assert services.publish_due() == 1
    assert services.items_visible_to(None).filter(pk=item.pk).exists()
    assert search.search("thong tin co so", None).total == 1


def test_expired_items_leave_the_portal(tree: dict[str, Unit], people: dict[str, Any]) -> None:
    clock.set(dt.datetime(2026, 5, 1, 8, 0))
    item = write(people, tree["commune"], expires_at=clock.now() + dt.timedelta(days=1))
    services.approve(people["approver"], item)
    assert services.items_visible_to(None).filter(pk=item.pk).exists()
    clock.advance(dt.timedelta(days=2))
    assert not services.items_visible_to(None).filter(pk=item.pk).exists()


def test_a_published_item_changes_only_with_a_correction_note_shown_on_the_page(
    tree: dict[str, Unit], people: dict[str, Any]
) -> None:
    item = write(people, tree["commune"])
    services.approve(people["approver"], item)
    draft = services.Draft(title="Thông tin cơ sở ở Đảng ủy xã", body="Số liệu đã sửa.")
    with pytest.raises(ConflictError):
        services.edit_item(people["editor"], item, draft)
    with pytest.raises(services.ItemError):
        services.correct(people["editor"], item, draft, "  ")
    services.correct(people["editor"], item, draft, "Sửa số liệu ở đoạn hai.")
    services.approve(people["approver"], item)
    page = Client().get(f"/tin/{item.pk}/").content.decode()
    assert "Đính chính" in page and "Sửa số liệu ở đoạn hai." in page
    assert "Số liệu đã sửa." in page
    versions = list(item.versions.all())
    assert len(versions) == 2
    assert "+Số liệu đã sửa." in services.diff(versions[0], versions[1])


def test_withdrawing_removes_the_item_from_portal_feed_and_search(
    tree: dict[str, Unit], people: dict[str, Any]
) -> None:
    item = write(people, tree["commune"])
    services.approve(people["approver"], item)
    client = Client()
    assert client.get(f"/tin/{item.pk}/").status_code == 200
    assert len(feedparser.parse(client.get("/feeds/rss/").content).entries) == 1
    services.withdraw(people["approver"], item)
    assert client.get(f"/tin/{item.pk}/").status_code == 404
    assert feedparser.parse(client.get("/feeds/rss/").content).entries == []
    assert search.search("thong tin", None).total == 0


@pytest.mark.parametrize(
    "hostile",
    [
        "<script>alert(1)</script>",
        '<img src=x onerror="alert(1)">',
        "[bấm](javascript:alert(1))",
        '<a href="javascript:alert(1)">x</a>',
        "<iframe src='https://evil.example'></iframe>",
        "<svg onload=alert(1)>",
        '<p style="background:url(javascript:alert(1))">x</p>',
    ],
)
def test_no_script_survives_sanitising(hostile: str) -> None:
    html = render(hostile).lower()
    for bad in ("<script", "onerror", "javascript:", "<iframe", "onload", "style="):
        assert bad not in html


def test_members_only_items_need_a_member(tree: dict[str, Unit], people: dict[str, Any]) -> None:
    item = write(
        people, tree["commune"], title="Tài liệu nội bộ xã", audience=Item.Audience.MEMBERS
    )
    services.approve(people["approver"], item)
    anonymous = Client()
    assert anonymous.get(f"/tin/{item.pk}/").status_code == 302  # to log in
    assert search.search("tai lieu noi bo", None).total == 0
    assert feedparser.parse(anonymous.get("/feeds/rss/").content).entries == []
    village = Client()
    village.force_login(person_with(Role.VIEWER, tree["village"], "villager"))
    assert village.get(f"/tin/{item.pk}/").status_code == 200
    assert search.search("tai lieu noi bo", person_with(Role.VIEWER, tree["province"])).total == 1
    outsider = Client()
    outsider.force_login(person_with(Role.VIEWER, tree["cell-a"], "cell-viewer"))
    assert outsider.get(f"/tin/{item.pk}/").status_code == 404


def test_feeds_are_valid_rss_and_atom_per_unit_and_topic(
    tree: dict[str, Unit], people: dict[str, Any]
) -> None:
    Topic.objects.create(slug="thien-tai", name="Thiên tai")
    item = write(people, tree["village"], title="Bản Nà Khum phòng lũ", topics=["thien-tai"])
    services.approve(people["approver"], item)
    client = Client()
    for url in (
        "/feeds/rss/",
        "/feeds/atom/",
        "/feeds/unit/commune/rss/",
        "/feeds/unit/commune/atom/",
        "/feeds/topic/thien-tai/rss/",
        "/feeds/topic/thien-tai/atom/",
    ):
        feed = feedparser.parse(client.get(url).content)
        assert not feed.bozo, (url, feed.get("bozo_exception"))
        assert [e.title for e in feed.entries] == ["Bản Nà Khum phòng lũ"]
    assert feedparser.parse(client.get("/feeds/unit/committee/rss/").content).entries == []


def test_anonymous_pages_answer_conditional_gets_and_change_after_publishing(
    tree: dict[str, Unit], people: dict[str, Any]
) -> None:
    client = Client()
    first = client.get("/")
    item = write(people, tree["commune"])
    services.approve(people["approver"], item)
    page = client.get(f"/tin/{item.pk}/")
    assert page.status_code == 200 and page["ETag"] and page["Last-Modified"]
    assert client.get(f"/tin/{item.pk}/", HTTP_IF_NONE_MATCH=page["ETag"]).status_code == 304
    assert client.get("/", HTTP_IF_NONE_MATCH=first.get("ETag", "")).status_code == 200


def test_a_unit_page_shows_items_of_its_subtree(
    tree: dict[str, Unit], people: dict[str, Any]
) -> None:
    item = write(people, tree["village"], title="Tin của bản")
    services.approve(people["approver"], item)
    client = Client()
    assert "Tin của bản" in client.get("/don-vi/commune/").content.decode()
    assert "Tin của bản" in client.get("/don-vi/province/").content.decode()
    assert "Tin của bản" not in client.get("/don-vi/committee/").content.decode()
