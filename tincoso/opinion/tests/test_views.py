"""The pages: collaborators see their unit's notes, a guiding board sees counts only,
no page lists notes by author, the form refuses personal data and changes nothing."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client

from tincoso.conftest import make_user, person_with, same_queries_for_more_rows
from tincoso.core import clock
from tincoso.opinion import services
from tincoso.opinion.models import Note, Topic
from tincoso.opinion.tests.conftest import note
from tincoso.units import guidance
from tincoso.units.models import Role, Unit

pytestmark = pytest.mark.django_db
SECRET = "Bà con ở xóm dưới lo lắng"


def _client(user: Any) -> Client:
    c = Client()
    c.force_login(user)
    return c


def test_a_collaborator_lists_only_their_units_notes(
        tree: dict[str, Unit], village_b: Unit, collaborator: Any) -> None:
    other = make_user("ctv-b")
    services.name_collaborator(None, village_b, other)
    note(tree["village"], "gia-ca", by=collaborator, summary="Giá rau tăng")
    theirs = note(village_b, "dat-dai", by=other, summary=SECRET)
    page = _client(collaborator).get("/app/opinion/notes/").content.decode()
    assert "Bản Nà Khum" in page and "Bản Chu Va" not in page
    assert _client(collaborator).get(f"/app/opinion/notes/{theirs.pk}/").status_code == 403


def test_no_page_names_or_filters_by_the_author(tree: dict[str, Unit],
                                                 collaborator: Any) -> None:
    collaborator.full_name = "Lò Thị Cộng Tác"
    collaborator.save()
    made = note(tree["village"], "gia-ca", by=collaborator)
    officer = person_with(Role.OFFICER, tree["commune"], "officer")
    client = _client(officer)
    for url in ("/app/opinion/notes/", f"/app/opinion/notes/{made.pk}/",
                f"/app/opinion/notes/?author={collaborator.pk}",
                f"/app/opinion/notes/?filed_by={collaborator.pk}"):
        body = client.get(url).content.decode()
        assert "Cộng Tác" not in body and "ctv-village" not in body
    # an author filter is not a filter: the other author's note is still listed
    other = make_user("ctv-2")
    services.name_collaborator(None, tree["village"], other)
    note(tree["village"], "dat-dai", by=other)
    listed = client.get(f"/app/opinion/notes/?filed_by={collaborator.pk}").content.decode()
    assert "Đất đai" in listed


def test_a_guiding_board_sees_aggregates_but_never_a_note(
        tree: dict[str, Unit], board: Unit, collaborator: Any) -> None:
    clock.set(dt.datetime(2026, 11, 25, 9, 0))
    guidance.link(None, board, tree["commune"], ["figures"])
    made = note(tree["village"], "gia-ca", by=collaborator, summary=SECRET)
    client = _client(person_with(Role.EDITOR, board, "board-editor"))
    page = client.get(f"/app/opinion/?unit={board.code}&guided=1")
    assert page.status_code == 200
    body = page.content.decode()
    assert "Giá cả" in body and SECRET not in body
    assert client.get(f"/app/opinion/notes/{made.pk}/").status_code == 403
    assert SECRET not in client.get("/app/opinion/notes/").content.decode()
    # the guided commune's figures, but not as its own subtree's page
    assert client.get(f"/app/opinion/?unit={tree['commune'].code}").status_code == 200
    assert client.get(f"/app/opinion/?unit={tree['cell-a'].code}").status_code == 403


def test_the_form_refuses_personal_data_in_both_languages_and_saves_nothing(
        tree: dict[str, Unit], collaborator: Any) -> None:
    response = _client(collaborator).post("/app/opinion/notes/new/", {
        "unit": tree["village"].pk, "topic": Topic.objects.get(slug="gia-ca").pk,
        "summary": "Ông Tư số 0912 345 678 nói giá điện tăng", "reach": "many",
        "mood": "worried", "save": "1"})
    assert response.status_code == 400
    assert "0912 345 678" in response.content.decode()
    assert not Note.objects.exists()


def test_the_form_suggests_a_topic_and_says_why(tree: dict[str, Unit],
                                                 collaborator: Any) -> None:
    response = _client(collaborator).post("/app/opinion/notes/new/", {
        "unit": tree["village"].pk, "summary": "Bà con bàn về giá điện, sợ tăng giá",
        "reach": "many", "mood": "worried", "suggest": "1"})
    body = response.content.decode()
    assert "“giá điện”, “tăng giá”" in body
    gia = Topic.objects.get(slug="gia-ca").pk
    assert f'<option value="{gia}" selected>' in body
    assert not Note.objects.exists()


def test_people_who_are_no_collaborators_cannot_open_the_form(tree: dict[str, Unit]) -> None:
    officer = person_with(Role.OFFICER, tree["commune"], "officer")
    assert _client(officer).get("/app/opinion/notes/new/").status_code == 403


def test_an_officer_confirms_a_suggested_topic_for_feedback(tree: dict[str, Unit]) -> None:
    from tincoso.feedback import services as feedback_services

    officer = person_with(Role.OFFICER, tree["commune"], "officer")
    feedback = feedback_services.submit_feedback(tree["village"], "question",
                                                 "Vì sao hóa đơn điện tháng này tăng?")
    client = _client(officer)
    page = client.get("/app/opinion/topics/").content.decode()
    assert "hóa đơn điện" in page and "gợi ý vì có" in page
    gia = Topic.objects.get(slug="gia-ca")
    assert client.post(f"/app/opinion/topics/{feedback.pk}/",
                       {"topic": gia.pk}).status_code == 302
    assert feedback.opinion_topic.topic == gia  # type: ignore[attr-defined]
    outsider = person_with(Role.OFFICER, tree["cell-a"], "cell-officer")
    assert _client(outsider).post(f"/app/opinion/topics/{feedback.pk}/",
                                  {"topic": gia.pk}).status_code == 404


def test_the_notes_list_and_the_dashboard_cost_the_same_queries_for_more_rows(
        tree: dict[str, Unit], board: Unit, collaborator: Any) -> None:
    clock.set(dt.datetime(2026, 11, 25, 9, 0))
    guidance.link(None, board, tree["commune"], ["figures"])
    topics = list(Topic.objects.all())
    made = {"n": 0}

    def add(n: int) -> None:
        for _ in range(n):
            note(tree["village"], topics[made["n"] % len(topics)].slug, by=collaborator)
            made["n"] += 1

    reader = _client(person_with(Role.OFFICER, tree["commune"], "officer"))
    same_queries_for_more_rows(lambda: reader.get("/app/opinion/notes/"), add)
    board_client = _client(person_with(Role.EDITOR, board, "board-editor"))
    same_queries_for_more_rows(
        lambda: board_client.get(f"/app/opinion/?unit={board.code}&guided=1"), add)


def test_a_unit_admin_names_and_removes_collaborators(tree: dict[str, Unit]) -> None:
    admin = _client(person_with(Role.ADMIN, tree["commune"], "admin"))
    someone = make_user("someone")
    url = f"/app/opinion/collaborators/{tree['village'].code}/"
    assert admin.post(url, {"username": "someone"}).status_code == 302
    assert services.can_file(someone, tree["village"])
    assert "someone" in admin.get(url).content.decode()
    assert admin.post(url, {"username": "nobody"}).status_code == 404
    named = services.Collaborator.objects.get(user=someone)
    assert admin.post(url, {"remove": named.pk}).status_code == 302
    assert not services.can_file(someone, tree["village"])
    officer = _client(person_with(Role.OFFICER, tree["commune"], "officer"))
    assert officer.get(url).status_code == 403
    assert officer.post(url, {"username": "someone"}).status_code == 403
    assert not services.Collaborator.objects.exists()
