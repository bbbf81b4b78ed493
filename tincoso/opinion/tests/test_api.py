"""The opinion API: the taxonomy, aggregates a caller may see, a unit's notes for its
collaborators; nobody lists notes by author, and bad input gets a bilingual 400."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from rest_framework.test import APIClient

from tincoso.conftest import make_user, person_with
from tincoso.core import clock
from tincoso.opinion import services
from tincoso.opinion.tests.conftest import note
from tincoso.units import guidance
from tincoso.units.models import Role, Unit

pytestmark = pytest.mark.django_db
SECRET = "Bà con ở xóm dưới lo lắng"


def _api(user: Any) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_the_taxonomy_is_readable_with_its_phrase_rules(tree: dict[str, Unit]) -> None:
    got = _api(person_with(Role.VIEWER, tree["village"])).get("/api/opinion/topics/")
    assert got.status_code == 200
    by_slug = {t["slug"]: t for t in got.json()["results"]}
    assert by_slug["gia-ca"]["name"] == "Giá cả" and "giá điện" in by_slug["gia-ca"]["phrases"]
    assert APIClient().get("/api/opinion/topics/").status_code in (401, 403)


def test_collaborators_see_only_their_units_notes_and_never_an_author(
        tree: dict[str, Unit], village_b: Unit, collaborator: Any) -> None:
    other = make_user("ctv-b")
    services.name_collaborator(None, village_b, other)
    mine = note(tree["village"], "gia-ca", by=collaborator, summary="Giá rau tăng")
    note(village_b, "dat-dai", by=other, summary=SECRET)
    note(tree["village"], "dat-dai", by=None, summary="Tranh chấp ranh giới")
    client = _api(collaborator)
    listed = client.get("/api/opinion/notes/").json()["results"]
    assert {n["unit"] for n in listed} == {"village"} and len(listed) == 2
    assert all("filed_by" not in n and "author" not in n for n in listed)
    assert SECRET not in str(listed)
    # an author "filter" filters nothing: both of the unit's notes are still there
    for param in ("filed_by", "author", "filed_by__username"):
        again = client.get("/api/opinion/notes/", {param: collaborator.pk}).json()
        assert again["results"] == listed
    assert client.get(f"/api/opinion/notes/{mine.pk}/").json()["summary"] == "Giá rau tăng"
    theirs = _api(other).get("/api/opinion/notes/").json()["results"]
    assert [n["unit"] for n in theirs] == ["village-b"]
    only = client.get("/api/opinion/notes/", {"topic": "gia-ca"}).json()["results"]
    assert [n["id"] for n in only] == [mine.pk]


def test_the_board_sees_aggregates_of_what_it_guides_but_no_note(
        tree: dict[str, Unit], board: Unit, collaborator: Any) -> None:
    clock.set(dt.datetime(2026, 11, 25, 9, 0))
    guidance.link(None, board, tree["commune"], ["figures"])
    made = note(tree["village"], "gia-ca", by=collaborator, summary=SECRET, reach="most")
    client = _api(person_with(Role.EDITOR, board, "board-editor"))
    got = client.get("/api/opinion/aggregates/",
                     {"unit": board.code, "scope": "guided", "weeks": "4"})
    assert got.status_code == 200
    body = got.json()
    assert body["weeks"][-1] == "2026-11-23" and len(body["weeks"]) == 4
    assert body["topics"] == [{"topic": "gia-ca", "series": [0, 0, 0, 3],
                               "moods": {"worried": 1}, "rising_in": ["village"],
                               "emerging": False}]
    assert SECRET not in got.content.decode()
    assert client.get("/api/opinion/notes/").json()["results"] == []
    assert client.get(f"/api/opinion/notes/{made.pk}/").status_code == 404
    # its own subtree has no notes; a unit it neither holds nor guides is refused
    own = client.get("/api/opinion/aggregates/", {"unit": board.code}).json()
    assert own["topics"] == []
    assert client.get("/api/opinion/aggregates/", {"unit": "cell-a"}).status_code == 403


def test_aggregates_refuse_bad_input_and_other_subtrees(
        tree: dict[str, Unit], collaborator: Any) -> None:
    officer = _api(person_with(Role.OFFICER, tree["cell-a"]))
    assert officer.get("/api/opinion/aggregates/", {"unit": "commune"}).status_code == 403
    commune = _api(person_with(Role.OFFICER, tree["commune"]))
    for bad in ({"unit": "commune", "weeks": "abc"}, {"unit": "commune", "weeks": "99"},
                {"unit": "commune", "scope": "author"}, {}):
        assert commune.get("/api/opinion/aggregates/", bad).status_code == 400
    missing = commune.get("/api/opinion/aggregates/", {"unit": "nowhere"})
    assert missing.status_code == 404 and missing.json()["detail_en"]
