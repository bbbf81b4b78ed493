"""A long register on screen in spans of its own numbers (số đến), the last span first;
the printed register keeps the whole year, at fixed Phụ lục IV column widths."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from tincoso.conftest import person_with
from tincoso.core import clock
from tincoso.documents.models import Direction, Document
from tincoso.documents.registers import books, numbers
from tincoso.documents.registers.tests.test_register_queries import _lines
from tincoso.units.models import Role, Unit

pytestmark = pytest.mark.django_db


def _shown(page: str) -> list[str]:
    """The số đến (column 2) of the register's lines on a page."""
    return re.findall(r"<tr><td>[^<]*</td><td>(\d+)</td>", page)


@pytest.fixture
def officer(tree: dict[str, Unit]) -> Client:
    client = Client()
    client.force_login(person_with(Role.OFFICER, tree["committee"], "officer"))
    return client


def test_a_long_register_opens_on_its_last_numbers(
    tree: dict[str, Unit], officer: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(numbers, "PAGE_LINES", 2)
    _lines(tree)(5)
    url = reverse("register-book", args=["committee", clock.today().year, "den"])
    page = officer.get(url).content.decode()
    assert _shown(page) == ["5"]  # the span 5–6, where the last line is
    assert "?from=1&amp;to=2" in page and "?from=3&amp;to=4" in page
    assert _shown(officer.get(url, {"from": "1", "to": "2"}).content.decode()) == ["1", "2"]
    follow = reverse("register-book", args=["committee", clock.today().year, "theo-doi"])
    assert _shown_follow(officer.get(follow, {"from": "2", "to": "4"}).content.decode()) == [
        "2", "3", "4"
    ]  # fmt: skip
    printed = reverse("register-print", args=["committee", clock.today().year, "den"])
    assert _shown(officer.get(printed).content.decode()) == ["1", "2", "3", "4", "5"]
    assert _shown(officer.get(printed, {"from": "4"}).content.decode()) == ["4", "5"]


def _shown_follow(page: str) -> list[str]:
    return re.findall(r"<tr><td>(\d+)</td>", page)


@pytest.mark.parametrize("bad", [{"from": "x"}, {"from": "3", "to": "1"}, {"from": "0"}])
def test_a_bad_span_is_refused_clearly(
    tree: dict[str, Unit], officer: Client, bad: dict[str, str]
) -> None:
    _lines(tree)(1)
    url = reverse("register-book", args=["committee", clock.today().year, "den"])
    refused = officer.get(url, bad)
    assert refused.status_code == 400 and "Khoảng số đến không hợp lệ" in refused.content.decode()
    officer.post("/language/", {"language": "en", "next": "/app/"})
    assert "range of incoming numbers" in officer.get(url, bad).content.decode()


def test_the_printed_columns_have_fixed_widths_in_the_official_order(
    tree: dict[str, Unit], officer: Client
) -> None:
    _lines(tree)(1)
    for kind, columns in (("den", 10), ("theo-doi", 7)):
        assert len(books.WIDTHS[kind]) == columns and sum(books.WIDTHS[kind]) == 100
        url = reverse("register-print", args=["committee", clock.today().year, kind])
        page = officer.get(url).content.decode()
        assert "table-layout: fixed" in page
        widths = re.findall(r'<col style="width: (\d+)%">', page)
        assert [int(w) for w in widths] == books.WIDTHS[kind]
        assert page.count("<th>") == columns


@pytest.mark.parametrize("kind", ["theo-doi", "den"])
def test_the_page_builds_the_whole_years_lines_of_its_span_only(
    tree: dict[str, Unit], officer: Client, monkeypatch: pytest.MonkeyPatch, kind: str
) -> None:
    """The page's lines are the whole-year register's lines whose số đến is in the span,
    the same figures in the same order, and no other: dispatches and the unit's own
    registered letters alike, the last span by default."""
    monkeypatch.setattr(numbers, "PAGE_LINES", 3)
    year = clock.today().year
    _lines(tree)(5)  # received: số đến 1 to 5
    for k in (6, 7):  # registered by the unit itself, in the same numbering
        Document.objects.create(
            unit=tree["committee"], direction=Direction.INCOMING, status="registered",
            symbol=f"{k}/CV-HND", title=f"Thư {k}", issuer="Hội Nông dân tỉnh",
            register_year=year, register_number=k,
        )  # fmt: skip
    whole = books.book(tree["committee"], year, kind).rows
    column = 0 if kind == "theo-doi" else 1
    assert [int(r[column]) for r in whole] == list(range(1, 8))
    url = reverse("register-book", args=["committee", year, kind])
    for params, low, high in (({}, 7, 9), ({"from": "2", "to": "6"}, 2, 6),
                              ({"from": "4"}, 4, 7), ({"to": "1"}, 1, 1)):
        page = officer.get(url, params)
        shown = page.context["book"]
        assert shown.numbers == (low, high)
        assert shown.rows == [r for r in whole if low <= int(r[column]) <= high]
        assert shown.rows_html in page.content.decode()
