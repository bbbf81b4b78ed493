"""The WSGI portal front: what it answers itself, and everything it leaves to Django.

Requests go through Django's real WSGI handler (the whole middleware stack and
the database), wrapped in the front exactly as ``tincoso/wsgi.py`` does; the
only addition is a counter of how often Django itself was entered.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from typing import Any
from wsgiref.util import setup_testing_defaults

import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.test import Client

from tincoso.publishing import services
from tincoso.publishing.front import PortalFront
from tincoso.publishing.models import Item
from tincoso.publishing.tests.conftest import publish
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
    front: PortalFront, path: str, method: str = "GET", **headers: str
) -> tuple[int, dict[str, str], bytes]:
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

    result = front(environ, start_response)
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
def front() -> PortalFront:
    return PortalFront(Counted())


def calls(front: PortalFront) -> int:
    app = front.app
    assert isinstance(app, Counted)
    return app.calls


def test_a_repeated_anonymous_page_is_answered_without_entering_django(
    front: PortalFront, tree: dict[str, Unit], people: dict[str, Any]
) -> None:
    item = publish(people, tree["commune"], "Lịch tiếp công dân tháng 12")
    first = get(front, f"/tin/{item.pk}/")
    second = get(front, f"/tin/{item.pk}/")
    assert first[0] == 200 and "Lịch tiếp công dân tháng 12" in first[2].decode()
    assert second == first  # same status, every header, same bytes
    assert calls(front) == 1 and front.hits == 1
    assert first[1]["cache-control"] == "public, no-cache" and "etag" in first[1]


def test_publishing_and_withdrawing_are_seen_at_once(
    front: PortalFront, tree: dict[str, Unit], people: dict[str, Any]
) -> None:
    """GIVEN pages the front holds WHEN an item is published or withdrawn THEN the very
    next request shows it (the stamp moved), in every copy."""
    old = publish(people, tree["commune"], "Tin cũ")
    get(front, "/")
    get(front, f"/tin/{old.pk}/")
    new = publish(people, tree["commune"], "Tin mới đăng")
    assert "Tin mới đăng" in get(front, "/")[2].decode()
    services.withdraw(people["approver"], old)
    status, _, body = get(front, f"/tin/{old.pk}/")
    assert status == 404 and "Tin cũ" not in body.decode()
    assert "Tin cũ" not in get(front, "/")[2].decode()
    assert get(front, f"/tin/{new.pk}/")[0] == 200
    assert front.hits == 0


def test_each_language_gets_its_own_copy(
    front: PortalFront, tree: dict[str, Unit], people: dict[str, Any]
) -> None:
    publish(people, tree["commune"], "Tin song ngữ")
    vi = get(front, "/", accept_language="vi")
    en = get(front, "/", accept_language="en")
    by_cookie = get(front, "/", cookie="django_language=en")
    assert vi[1]["content-language"] == "vi"
    assert en[1]["content-language"] == "en" and by_cookie[1]["content-language"] == "en"
    assert get(front, "/", accept_language="en") == en
    assert calls(front) == 3 and front.hits == 1


def test_logged_in_readers_always_reach_django_and_nothing_of_theirs_is_kept(
    front: PortalFront, tree: dict[str, Unit], people: dict[str, Any]
) -> None:
    item = publish(people, tree["commune"], "Tin nội bộ", audience=Item.Audience.MEMBERS)
    client = Client()
    client.force_login(people["editor"])
    session = f"sessionid={client.cookies['sessionid'].value}"
    anonymous = get(front, f"/tin/{item.pk}/")
    assert "Tin nội bộ" not in anonymous[2].decode()  # asked to log in
    for _ in range(2):
        status, headers, body = get(front, f"/tin/{item.pk}/", cookie=session)
        assert status == 200 and "Tin nội bộ" in body.decode()
        assert headers["cache-control"] == "private, no-cache"
    assert calls(front) == 3 and front.hits == 0
    assert all("Tin nội bộ" not in c.body.decode() for c in front.copies.values())


def test_conditional_gets_posts_and_tokens_go_to_django(
    front: PortalFront, tree: dict[str, Unit], people: dict[str, Any]
) -> None:
    item = publish(people, tree["commune"], "Tin có ETag")
    _, headers, _ = get(front, f"/tin/{item.pk}/")
    status, _, body = get(front, f"/tin/{item.pk}/", if_none_match=headers["etag"])
    assert status == 304 and body == b""
    get(front, f"/tin/{item.pk}/", method="POST")
    get(front, f"/tin/{item.pk}/", authorization="Token abc")
    assert calls(front) == 4 and front.hits == 0


def test_a_refused_host_is_refused_even_when_a_copy_exists(
    front: PortalFront, tree: dict[str, Unit], people: dict[str, Any]
) -> None:
    item = publish(people, tree["commune"], "Tin")
    assert get(front, f"/tin/{item.pk}/")[0] == 200
    status, _, body = get(front, f"/tin/{item.pk}/", host="evil.example")
    assert status == 400 and "Tin" not in body.decode()


def test_pages_that_set_cookies_or_are_private_are_never_kept(
    front: PortalFront, tree: dict[str, Unit]
) -> None:
    status, headers, _ = get(front, "/gop-y/")  # the public feedback form: a CSRF cookie
    assert status == 200 and "set-cookie" in headers
    get(front, "/accounts/login/")
    get(front, "/app/")
    assert front.copies == {}


def test_the_copies_are_bounded(tree: dict[str, Unit], people: dict[str, Any]) -> None:
    front = PortalFront(Counted(), max_entries=2)
    items = [publish(people, tree["commune"], f"Tin {i}") for i in range(3)]
    for item in items:
        get(front, f"/tin/{item.pk}/")
    assert len(front.copies) == 2
    get(front, f"/tin/{items[0].pk}/")  # the oldest was dropped: Django again
    assert calls(front) == 4


def test_the_copies_are_bounded_in_bytes_too(tree: dict[str, Unit], people: dict[str, Any]) -> None:
    items = [publish(people, tree["commune"], f"Tin {i}") for i in range(3)]
    first = get(PortalFront(Counted()), f"/tin/{items[0].pk}/")
    front = PortalFront(Counted(), max_bytes=int(len(first[2]) * 2.5))
    for item in items:
        get(front, f"/tin/{item.pk}/")
    assert len(front.copies) == 2
    assert front.size == sum(len(c.body) for c in front.copies.values()) <= front.max_bytes


def test_a_renamed_unit_and_a_new_attachment_are_seen_at_once(
    front: PortalFront, tree: dict[str, Unit], people: dict[str, Any]
) -> None:
    """GIVEN copies of the unit page and an item page WHEN the unit is renamed or the
    item gets an attachment (rows other than the item's) THEN the next request shows it."""
    from tincoso.conftest import person_with
    from tincoso.publishing.images import add_attachment
    from tincoso.units import services as units
    from tincoso.units.models import Role

    item = publish(people, tree["commune"], "Lịch tiếp công dân")
    assert "Xã Đồng Tâm" in get(front, "/don-vi/commune/")[2].decode()
    get(front, f"/tin/{item.pk}/")
    admin = person_with(Role.ADMIN, tree["province"], "province-admin")
    units.update_unit(admin, tree["commune"], name="Xã Đồng Tâm Mới", short_name="", kind="commune")
    assert "Xã Đồng Tâm Mới" in get(front, "/don-vi/commune/")[2].decode()
    assert "Xã Đồng Tâm Mới" in get(front, f"/tin/{item.pk}/")[2].decode()
    add_attachment(people["editor"], item, "lich-tiep-dan.txt", "Thứ Hai hằng tuần".encode())
    assert "lich-tiep-dan.txt" not in get(front, f"/tin/{item.pk}/")[2].decode()  # pending
    services.approve_files(people["approver"], item)
    assert "lich-tiep-dan.txt" in get(front, f"/tin/{item.pk}/")[2].decode()
    assert front.hits == 0
