"""The portal: conditional GETs and the shared cache, files behind the gate, language
links, variants, sitemap and robots, and list pages that don't grow with their rows."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import feedparser
import pytest
from django.test import Client
from PIL import Image

from tincoso.conftest import person_with
from tincoso.core import clock
from tincoso.publishing import services
from tincoso.publishing.images import add_attachment, add_image
from tincoso.publishing.models import Item, Topic
from tincoso.publishing.tests.conftest import publish
from tincoso.units.models import Role, Unit


def png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (1200, 800), "blue").save(out, "PNG")
    return out.getvalue()


def test_a_cached_page_carries_no_csrf_token_and_sets_no_cookie(
    tree: dict[str, Unit], people: dict[str, Any]
) -> None:
    item = publish(people, tree["commune"], "Tin công khai")
    for url in ("/", f"/tin/{item.pk}/", "/don-vi/commune/", "/feeds/rss/"):
        response = Client().get(url)
        assert response.status_code == 200
        assert response["Cache-Control"] == "public, no-cache"
        assert b"csrfmiddlewaretoken" not in response.content
        assert not response.cookies, url


def test_an_expired_item_changes_the_etag_without_any_write(
    tree: dict[str, Unit], people: dict[str, Any]
) -> None:
    """GIVEN a page fetched with its ETag WHEN an item on it expires (no request, no
    periodic job) THEN the old ETag no longer earns a 304 and the item is gone."""
    clock.set(dt.datetime(2026, 5, 1, 8, 0, tzinfo=dt.UTC))
    publish(
        people,
        tree["commune"],
        "Thông báo cắt điện",
        expires_at=clock.now() + dt.timedelta(hours=1),
    )
    client = Client()
    first = client.get("/")
    assert "Thông báo cắt điện" in first.content.decode()
    assert client.get("/", HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    clock.advance(dt.timedelta(hours=2))
    again = client.get("/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 200
    assert "Thông báo cắt điện" not in again.content.decode()


def test_withdrawing_invalidates_the_cached_page_and_feed(
    tree: dict[str, Unit], people: dict[str, Any]
) -> None:
    item = publish(people, tree["commune"], "Tin sẽ bị gỡ")
    client = Client()
    home, feed = client.get("/"), client.get("/feeds/atom/")
    assert client.get("/feeds/atom/", HTTP_IF_NONE_MATCH=f"W/{feed['ETag']}").status_code == 304
    services.withdraw(people["approver"], item)
    assert client.get("/", HTTP_IF_NONE_MATCH=home["ETag"]).status_code == 200
    assert "Tin sẽ bị gỡ" not in client.get("/").content.decode()
    assert feedparser.parse(client.get("/feeds/atom/").content).entries == []


def test_logged_in_readers_are_never_served_the_shared_copy(
    tree: dict[str, Unit], people: dict[str, Any]
) -> None:
    publish(people, tree["commune"], "Tin nội bộ xã", audience=Item.Audience.MEMBERS)
    Client().get("/")  # fills the anonymous copy
    member = Client()
    member.force_login(person_with(Role.VIEWER, tree["village"], "villager"))
    page = member.get("/")
    assert page["Cache-Control"] == "private, no-cache"
    assert "Tin nội bộ xã" in page.content.decode()
    assert "Tin nội bộ xã" not in Client().get("/").content.decode()


def test_files_of_a_members_only_item_stay_with_its_members(
    tree: dict[str, Unit], people: dict[str, Any]
) -> None:
    item = services.create_item(
        people["editor"],
        tree["commune"],
        services.Draft(title="Tài liệu sinh hoạt chi bộ", audience=Item.Audience.MEMBERS),
    )
    image = add_image(people["editor"], item, png(), "Sơ đồ tổ chức")
    attachment = add_attachment(people["editor"], item, "tai-lieu.pdf", b"%PDF-1.4 noi bo")
    image_url = f"/tin/{item.pk}/anh/{image.pk}/?size=small"
    file_url = f"/tin/{item.pk}/tep/{attachment.pk}/"
    staff = Client()
    staff.force_login(people["editor"])
    assert staff.get(image_url).status_code == 200  # a draft: its own unit's staff preview it
    assert Client().get(file_url).status_code == 404  # not published: nobody else
    services.submit_for_review(people["editor"], item)
    services.approve(people["approver"], item)
    anonymous = Client().get(file_url)
    assert anonymous.status_code == 302 and "/accounts/login/" in anonymous["Location"]
    sibling = Client()
    sibling.force_login(person_with(Role.VIEWER, tree["cell-a"], "cell-viewer"))
    assert sibling.get(file_url).status_code == 404
    member = Client()
    member.force_login(person_with(Role.VIEWER, tree["village"], "villager"))
    response = member.get(file_url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 noi bo"  # type: ignore[attr-defined]
    assert response["Cache-Control"] == "private, no-cache"
    assert 'filename="tai-lieu.pdf"' in response["Content-Disposition"]


def test_a_public_items_image_is_public_and_small_for_phones(
    tree: dict[str, Unit], people: dict[str, Any]
) -> None:
    item = publish(people, tree["commune"], "Ngày hội đại đoàn kết")
    image = add_image(people["editor"], item, png(), "Bà con dự ngày hội")
    services.approve_files(people["approver"], item)
    page = Client().get(f"/tin/{item.pk}/").content.decode()
    assert 'alt="Bà con dự ngày hội"' in page and 'property="og:image"' in page
    response = Client().get(f"/tin/{item.pk}/anh/{image.pk}/?size=small")
    assert response["Cache-Control"] == "public, max-age=86400"
    with Image.open(io.BytesIO(b"".join(response.streaming_content))) as small:  # type: ignore[attr-defined]
        assert small.width == 640
    assert Client().get(f"/tin/{item.pk}/anh/{image.pk + 99}/").status_code == 404


def test_the_language_link_sets_the_cookie_and_stays_on_this_site(db: Any) -> None:
    response = Client().get("/ngon-ngu/en/", {"next": "/chu-de/x/"})
    assert response.status_code == 302 and response["Location"] == "/chu-de/x/"
    assert response.cookies["django_language"].value == "en"
    hostile = Client().get("/ngon-ngu/en/", {"next": "https://evil.example/"})
    assert hostile["Location"] == "/"
    assert "django_language" not in Client().get("/ngon-ngu/xx/").cookies
    english = Client()
    english.cookies["django_language"] = "en"
    assert '<html lang="en">' in english.get("/").content.decode()


def test_language_variants_link_to_each_other(
    tree: dict[str, Unit], people: dict[str, Any]
) -> None:
    original = publish(people, tree["commune"], "Phòng chống mưa lũ")
    thai = services.create_item(
        people["editor"],
        tree["commune"],
        services.Draft(title="Pọng chống nặm nóng", language="tai"),
        translation_of=original,
    )
    with pytest.raises(services.ItemError) as refused:
        services.create_item(
            people["editor"],
            tree["commune"],
            services.Draft(title="Bản thứ hai", language="tai"),
            translation_of=original,
        )
    assert refused.value.bilingual()["en"]
    services.submit_for_review(people["editor"], thai)
    services.approve(people["approver"], thai)
    page = Client().get(f"/tin/{original.pk}/").content.decode()
    assert f'href="/tin/{thai.pk}/" lang="tai"' in page
    assert 'lang="tai"' in Client().get(f"/tin/{thai.pk}/").content.decode()


def test_print_view_open_graph_and_the_item_links_hook(
    tree: dict[str, Unit], people: dict[str, Any]
) -> None:
    item = publish(people, tree["commune"], "Hội nghị báo cáo viên")
    page = Client().get(f"/tin/{item.pk}/").content.decode()
    assert '<meta property="og:title" content="Hội nghị báo cáo viên">' in page
    assert 'href="?print=1"' in page
    # The feedback app registers "Gửi câu hỏi" through core.registry.item_links.
    assert f"/gop-y/bai/{item.pk}/" in page
    printed = Client().get(f"/tin/{item.pk}/", {"print": "1"}).content.decode()
    assert ".no-print { display: none; }" in printed


def test_sitemap_and_robots_list_only_public_pages(
    tree: dict[str, Unit], people: dict[str, Any]
) -> None:
    Topic.objects.create(slug="so-hoa", name="Số hóa")
    public = publish(people, tree["commune"], "Tin công khai", topics=["so-hoa"])
    members = publish(people, tree["commune"], "Tin nội bộ", audience=Item.Audience.MEMBERS)
    sitemap = Client().get("/sitemap.xml")
    assert sitemap["Content-Type"].startswith("application/xml")
    body = sitemap.content.decode()
    assert f"/tin/{public.pk}/" in body and f"/tin/{members.pk}/" not in body
    assert "/chu-de/so-hoa/" in body and "/don-vi/commune/" in body
    robots = Client().get("/robots.txt").content.decode()
    assert "Disallow: /app/" in robots and "Sitemap: http://testserver/sitemap.xml" in robots


def test_portal_lists_keep_their_query_count_as_items_grow(
    tree: dict[str, Unit], people: dict[str, Any], django_assert_max_num_queries: Any
) -> None:
    Topic.objects.create(slug="tin", name="Tin")
    for i in range(12):
        publish(people, tree["village"], f"Tin số {i}", topics=["tin"], featured=i < 3)
    for url in ("/", "/don-vi/province/", "/chu-de/tin/", "/feeds/rss/", "/sitemap.xml"):
        with django_assert_max_num_queries(12):
            assert Client().get(url).status_code == 200
    staff = Client()
    staff.force_login(people["editor"])
    with django_assert_max_num_queries(12):
        assert staff.get("/app/items/").status_code == 200
    with django_assert_max_num_queries(12):
        assert staff.get("/api/items/").status_code == 200


def test_the_home_page_leads_the_public_to_feedback_qa_corrections_and_unit_pages(
    tree: dict[str, Unit], people: dict[str, Any]
) -> None:
    publish(people, tree["commune"], "Tin của xã")
    body = Client().get("/").content.decode()
    for url in ("/gop-y/", "/hoi-dap/", "/dinh-chinh/", "/don-vi/commune/"):
        assert f'href="{url}"' in body, url


def test_an_item_shows_once_on_the_home_page_whether_featured_or_latest(
    tree: dict[str, Unit], people: dict[str, Any]
) -> None:
    featured = publish(people, tree["commune"], "Tin nổi bật", featured=True)
    plain = publish(people, tree["commune"], "Tin thường")
    body = Client().get("/").content.decode()
    featured_part, latest_part = body.split('id="h-latest"')
    assert f'href="/tin/{featured.pk}/"' in featured_part
    assert f'href="/tin/{featured.pk}/"' not in latest_part
    assert body.count(f'href="/tin/{plain.pk}/"') == 1
