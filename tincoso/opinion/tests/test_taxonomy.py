"""The taxonomy page: the province's propaganda board adds, renames and retires
topics and edits their phrases; nobody else may; bad input changes nothing."""

from __future__ import annotations

import pytest
from django.test import Client

from tincoso.conftest import person_with
from tincoso.opinion import services, taxonomy
from tincoso.opinion.models import Topic
from tincoso.opinion.tests.conftest import note
from tincoso.units import guidance
from tincoso.units.models import Role, Unit, UnitKind

pytestmark = pytest.mark.django_db
TEXT = "Bà con hỏi về nước sạch sinh hoạt, giếng khoan bị cạn"


@pytest.fixture
def editor(tree: dict[str, Unit], board: Unit) -> Client:
    guidance.link(None, board, tree["commune"], ["figures"])
    client = Client()
    client.force_login(person_with(Role.EDITOR, board, "btg-editor"))
    return client


def test_the_province_board_adds_renames_and_retires_a_topic(
        tree: dict[str, Unit], editor: Client) -> None:
    assert not Topic.objects.filter(slug="nuoc-sach").exists()
    got = editor.post("/app/opinion/taxonomy/", {
        "name": "Nước sạch", "keywords": "nước sạch\n*giếng khoan\n\n  ", "active": "1"})
    assert got.status_code == 302
    topic = Topic.objects.get(name="Nước sạch")
    assert (topic.slug, topic.keywords, topic.active) == ("nuoc-sach", "nước sạch\n*giếng khoan",
                                                          True)
    suggested, because = services.suggestion_for(TEXT)
    assert suggested == topic and "giếng khoan" in because
    assert "Nước sạch" in editor.get("/app/opinion/taxonomy/").content.decode()

    made = note(tree["village"], "nuoc-sach")
    got = editor.post(f"/app/opinion/taxonomy/{topic.pk}/", {
        "name": "Nước sinh hoạt", "keywords": "nước sinh hoạt"})  # no "active": retired
    assert got.status_code == 302
    topic.refresh_from_db()
    assert (topic.name, topic.slug, topic.active) == ("Nước sinh hoạt", "nuoc-sach", False)
    assert services.suggestion_for(TEXT)[0] != topic  # no longer suggested
    made.refresh_from_db()
    assert made.topic == topic  # the old note keeps it
    form = editor.get(f"/app/opinion/taxonomy/{topic.pk}/").content.decode()
    assert 'value="Nước sinh hoạt"' in form and "checked" not in form


def test_bad_input_is_refused_in_both_languages_and_changes_nothing(editor: Client) -> None:
    before = list(Topic.objects.values_list("name", "keywords", "active"))
    gia = Topic.objects.get(slug="gia-ca")
    cases = [("/app/opinion/taxonomy/", {"name": "GIA CA", "keywords": "x"}, "Đã có chủ đề"),
             ("/app/opinion/taxonomy/", {"name": "", "keywords": "x"}, "Tên chủ đề"),
             ("/app/opinion/taxonomy/", {"name": "Mới", "keywords": "a" * 81}, "dài quá"),
             (f"/app/opinion/taxonomy/{gia.pk}/", {"name": "Đất đai", "keywords": ""},
              "Đã có chủ đề")]
    for url, data, message in cases:
        got = editor.post(url, {**data, "active": "1"})
        assert got.status_code == 400 and message in got.content.decode()
    with pytest.raises(taxonomy.TaxonomyError) as caught:
        taxonomy.add_topic(None, taxonomy.TopicData(name="giá  cả", keywords=""))
    assert caught.value.bilingual()["en"] == "There is already a topic “giá cả”."
    assert list(Topic.objects.values_list("name", "keywords", "active")) == before


def test_only_the_province_board_may_edit(tree: dict[str, Unit], board: Unit) -> None:
    guidance.link(None, board, tree["commune"], ["figures"])
    ward_board = Unit.objects.add_child(Unit.objects.get(code="commune"), {
        "code": "ward-board", "name": "Ban tuyên giáo xã", "kind": UnitKind.DEPARTMENT})
    guidance.link(None, Unit.objects.get(pk=ward_board.pk), tree["village"], ["figures"])
    gia = Topic.objects.get(slug="gia-ca")
    for who in (person_with(Role.EDITOR, Unit.objects.get(pk=ward_board.pk), "ward-editor"),
                person_with(Role.OFFICER, tree["commune"], "commune-officer"),
                person_with(Role.VIEWER, board, "board-viewer")):
        client = Client()
        client.force_login(who)
        assert client.get("/app/opinion/taxonomy/").status_code == 403
        assert client.post("/app/opinion/taxonomy/", {"name": "Lạ", "active": "1"}
                           ).status_code == 403
        assert client.post(f"/app/opinion/taxonomy/{gia.pk}/", {"name": "Lạ"}
                           ).status_code == 403
    assert not Topic.objects.filter(name="Lạ").exists()
    assert Topic.objects.get(pk=gia.pk).active
    assert Client().get("/app/opinion/taxonomy/").status_code == 302
    leader = Client()
    leader.force_login(person_with(Role.APPROVER, board, "board-leader"))
    assert leader.get("/app/opinion/taxonomy/").status_code == 200
    assert "/app/opinion/taxonomy/" in leader.get(
        f"/app/opinion/?unit={board.code}&guided=1").content.decode()
