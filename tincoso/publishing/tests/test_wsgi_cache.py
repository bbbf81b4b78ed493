"""The WSGI cache of anonymous portal pages: what it answers, and what it leaves to Django.

Requests go through Django's real WSGI handler (the whole middleware stack and
the database), wrapped in the cache exactly as ``tincoso/wsgi.py`` does; the
only addition is a counter of how often Django itself was entered.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable
from typing import Any
from wsgiref.util import setup_testing_defaults

import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.test import Client

from tincoso.publishing import services
from tincoso.publishing.models import Item
from tincoso.publishing.tests.conftest import publish
from tincoso.publishing.wsgi_cache import AnonymousPageCache
from tincoso.units.models import Unit

pytestmark = pytest.mark.django_db(transaction=True)


class Counted:
    """Django's handler, counting the requests that reached it."""

    def __init__(self) -> None:
        self.django = WSGIHandler()
        self.calls = 0

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Iterable[bytes]:
        self.calls += 1
        return self.django(environ, start_response)


def get(
    cache: Callable[[dict[str, Any], Any], Iterable[bytes]], path: str, method: str = "GET",
    **headers: str,
) -> tuple[int, dict[str, str], bytes]:
    """One request through a WSGI application (the cache, or the devices' poll path)."""
    path, _, query = path.partition("?")
    environ: dict[str, Any] = {
        "REQUEST_METHOD": method,
        "PATH_INFO": path,
        "QUERY_STRING": query,
        "HTTP_HOST": "testserver",
        "wsgi.input": io.BytesIO(b""),
        **{f"HTTP_{k.upper()}": v for k, v in headers.items()},
    }
    setup_testing_defaults(environ)
    seen: dict[str, Any] = {}

    def start_response(
        status: str, response_headers: list[tuple[str, str]], exc: Any = None
    ) -> Any:
        seen["status"], seen["headers"] = status, response_headers

    result = cache(environ, start_response)
    body = b"".join(result)
    if hasattr(result, "close"):
        result.close()
    header_map: dict[str, str] = {}
    for name, value in seen["headers"]:
        header_map[name.lower()] = (
            f"{header_map[name.lower()]}, {value}" if name.lower() in header_map else value
        )
    return int(seen["status"].split()[0]), header_map, body


@pytest.fixture
def cache() -> AnonymousPageCache:
    return AnonymousPageCache(Counted())


def calls(cache: AnonymousPageCache) -> int:
    app = cache.app
    assert isinstance(app, Counted)
    return app.calls


def test_a_repeated_anonymous_page_is_answered_without_entering_django(
    cache: AnonymousPageCache, tree: dict[str, Unit], people: dict[str, Any]
) -> None:
    item = publish(people, tree["commune"], "Lịch tiếp công dân tháng 12")
    first = get(cache, f"/tin/{item.pk}/")
    second = get(cache, f"/tin/{item.pk}/")
    assert first[0] == 200 and "Lịch tiếp công dân tháng 12" in first[2].decode()
    assert second == first  # same status, every header, same bytes
    assert calls(cache) == 1 and cache.hits == 1
    assert first[1]["cache-control"] == "public, no-cache" and "etag" in first[1]


def test_publishing_and_withdrawing_are_seen_at_once(
    cache: AnonymousPageCache, tree: dict[str, Unit], people: dict[str, Any]
) -> None:
    """GIVEN pages the cache holds WHEN an item is published or withdrawn THEN the very
    next request shows it (the stamp moved), in every copy."""
    old = publish(people, tree["commune"], "Tin cũ")
    get(cache, "/")
    get(cache, f"/tin/{old.pk}/")
    new = publish(people, tree["commune"], "Tin mới đăng")
    assert "Tin mới đăng" in get(cache, "/")[2].decode()
    services.withdraw(people["approver"], old)
    status, _, body = get(cache, f"/tin/{old.pk}/")
    assert status == 404 and "Tin cũ" not in body.decode()
    assert "Tin cũ" not in get(cache, "/")[2].decode()
    assert get(cache, f"/tin/{new.pk}/")[0] == 200
    assert cache.hits == 0


def test_each_language_gets_its_own_copy(
    cache: AnonymousPageCache, tree: dict[str, Unit], people: dict[str, Any]
) -> None:
    publish(people, tree["commune"], "Tin song ngữ")
    vi = get(cache, "/", accept_language="vi")
    en = get(cache, "/", accept_language="en")
    by_cookie = get(cache, "/", cookie="django_language=en")
    assert vi[1]["content-language"] == "vi"
    assert en[1]["content-language"] == "en" and by_cookie[1]["content-language"] == "en"
    assert get(cache, "/", accept_language="en") == en
    assert calls(cache) == 3 and cache.hits == 1


def test_logged_in_readers_always_reach_django_and_nothing_of_theirs_is_kept(
    cache: AnonymousPageCache, tree: dict[str, Unit], people: dict[str, Any]
) -> None:
    item = publish(people, tree["commune"], "Tin nội bộ", audience=Item.Audience.MEMBERS)
    client = Client()
    client.force_login(people["editor"])
    session = f"sessionid={client.cookies['sessionid'].value}"
    anonymous = get(cache, f"/tin/{item.pk}/")
    assert "Tin nội bộ" not in anonymous[2].decode()  # asked to log in
    for _ in range(2):
        status, headers, body = get(cache, f"/tin/{item.pk}/", cookie=session)
        assert status == 200 and "Tin nội bộ" in body.decode()
        assert headers["cache-control"] == "private, no-cache"
    assert calls(cache) == 3 and cache.hits == 0
    assert all("Tin nội bộ" not in c.body.decode() for c in cache.copies.values())


def test_conditional_gets_posts_and_tokens_go_to_django(
    cache: AnonymousPageCache, tree: dict[str, Unit], people: dict[str, Any]
) -> None:
    item = publish(people, tree["commune"], "Tin có ETag")
    _, headers, _ = get(cache, f"/tin/{item.pk}/")
    status, _, body = get(cache, f"/tin/{item.pk}/", if_none_match=headers["etag"])
    assert status == 304 and body == b""
    get(cache, f"/tin/{item.pk}/", method="POST")
    get(cache, f"/tin/{item.pk}/", authorization="Token abc")
    assert calls(cache) == 4 and cache.hits == 0


def test_a_refused_host_is_refused_even_when_a_copy_exists(
    cache: AnonymousPageCache, tree: dict[str, Unit], people: dict[str, Any]
) -> None:
    item = publish(people, tree["commune"], "Tin")
    assert get(cache, f"/tin/{item.pk}/")[0] == 200
    status, _, body = get(cache, f"/tin/{item.pk}/", host="evil.example")
    assert status == 400 and "Tin" not in body.decode()


def test_pages_that_set_cookies_or_are_private_are_never_kept(
    cache: AnonymousPageCache, tree: dict[str, Unit]
) -> None:
    status, headers, _ = get(cache, "/gop-y/")  # the public feedback form: a CSRF cookie
    assert status == 200 and "set-cookie" in headers
    get(cache, "/accounts/login/")
    get(cache, "/app/")
    assert cache.copies == {}


def test_the_copies_are_bounded(tree: dict[str, Unit], people: dict[str, Any]) -> None:
    cache = AnonymousPageCache(Counted(), max_entries=2)
    items = [publish(people, tree["commune"], f"Tin {i}") for i in range(3)]
    for item in items:
        get(cache, f"/tin/{item.pk}/")
    assert len(cache.copies) == 2
    get(cache, f"/tin/{items[0].pk}/")  # the oldest was dropped: Django again
    assert calls(cache) == 4


def test_the_copies_are_bounded_in_bytes_too(tree: dict[str, Unit], people: dict[str, Any]) -> None:
    items = [publish(people, tree["commune"], f"Tin {i}") for i in range(3)]
    first = get(AnonymousPageCache(Counted()), f"/tin/{items[0].pk}/")
    cache = AnonymousPageCache(Counted(), max_bytes=int(len(first[2]) * 2.5))
    for item in items:
        get(cache, f"/tin/{item.pk}/")
    assert len(cache.copies) == 2
    assert cache.size == sum(len(c.body) for c in cache.copies.values()) <= cache.max_bytes


def test_a_renamed_unit_and_a_new_attachment_are_seen_at_once(
    cache: AnonymousPageCache, tree: dict[str, Unit], people: dict[str, Any]
) -> None:
    """GIVEN copies of the unit page and an item page WHEN the unit is renamed or the
    item gets an attachment (rows other than the item's) THEN the next request shows it."""
    from tincoso.conftest import person_with
    from tincoso.publishing.images import add_attachment
    from tincoso.units import services as units
    from tincoso.units.models import Role

    item = publish(people, tree["commune"], "Lịch tiếp công dân")
    assert "Xã Đồng Tâm" in get(cache, "/don-vi/commune/")[2].decode()
    get(cache, f"/tin/{item.pk}/")
    admin = person_with(Role.ADMIN, tree["province"], "province-admin")
    units.update_unit(admin, tree["commune"], name="Xã Đồng Tâm Mới", short_name="", kind="commune")
    assert "Xã Đồng Tâm Mới" in get(cache, "/don-vi/commune/")[2].decode()
    assert "Xã Đồng Tâm Mới" in get(cache, f"/tin/{item.pk}/")[2].decode()
    add_attachment(people["editor"], item, "lich-tiep-dan.txt", "Thứ Hai hằng tuần".encode())
    assert "lich-tiep-dan.txt" not in get(cache, f"/tin/{item.pk}/")[2].decode()  # pending
    services.approve_files(people["approver"], item)
    assert "lich-tiep-dan.txt" in get(cache, f"/tin/{item.pk}/")[2].decode()
    assert cache.hits == 0
