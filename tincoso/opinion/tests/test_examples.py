"""Good examples: units submit, the guiding board selects, publishing's four eyes
publish them in the portal series, and the roll-up counts them."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image

from tincoso.conftest import jpeg_with_gps, person_with
from tincoso.core import clock
from tincoso.core.errors import PermissionDeniedError
from tincoso.opinion.examples import services
from tincoso.opinion.examples.models import ExamplePhoto, GoodExample
from tincoso.publishing import services as publishing
from tincoso.publishing.models import Item
from tincoso.reports.official import figure_tables
from tincoso.reports.periods import Period
from tincoso.reports.rollup import rollup_for
from tincoso.units import guidance
from tincoso.units.models import Role, Unit

pytestmark = pytest.mark.django_db

CASE = services.ExampleData(title="Tổ tự quản đường làng sáng xanh", place="Thôn Nà Khum",
                            what="Mỗi hộ góp một ngày công mỗi tháng.",
                            result="3 km đường có đèn, không còn rác.")


@pytest.fixture
def guided(tree: dict[str, Unit], board: Unit) -> Unit:
    """The board guides the commune (and so its villages) for figures."""
    guidance.link(None, board, tree["commune"], ["figures"])
    return board


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _submitted(tree: dict[str, Unit], by: Any = None) -> GoodExample:
    return services.submit(by, tree["village"], CASE, [jpeg_with_gps()])


def test_stored_photos_keep_no_metadata(tree: dict[str, Unit]) -> None:
    example = _submitted(tree)
    photo = example.photos.get()
    with photo.file.open("rb") as handle:
        data = handle.read()
    assert b"Phone-Model-X" not in data and b"taken at home" not in data
    with Image.open(io.BytesIO(data)) as image:
        assert not image.getexif() and image.format == "JPEG"


def test_a_sibling_unit_sees_no_draft_and_the_line_and_board_do(
        tree: dict[str, Unit], village_b: Unit, guided: Unit) -> None:
    example = _submitted(tree)
    photo = example.photos.get()
    sibling = _client(person_with(Role.OFFICER, village_b, "officer-b"))
    for url in (f"/app/opinion/examples/{example.pk}/",
                f"/app/opinion/examples/{example.pk}/photo/{photo.pk}/"):
        assert sibling.get(url).status_code == 403
    assert CASE.title not in sibling.get("/app/opinion/examples/").content.decode()
    for user in (person_with(Role.EDITOR, tree["commune"]), person_with(Role.APPROVER, guided)):
        client = _client(user)
        assert CASE.title in client.get("/app/opinion/examples/").content.decode()
        assert client.get(f"/app/opinion/examples/{example.pk}/photo/{photo.pk}/")[
            "Content-Type"] == "image/jpeg"


def test_only_the_board_selects_and_the_article_waits_for_a_second_pair_of_eyes(
        tree: dict[str, Unit], guided: Unit) -> None:
    officer = person_with(Role.OFFICER, tree["village"], "officer")
    example = _submitted(tree, officer)
    url = f"/app/opinion/examples/{example.pk}/decide/"
    for user in (officer, person_with(Role.EDITOR, tree["commune"])):
        assert _client(user).post(url, {"decision": "select"}).status_code == 403
    example.refresh_from_db()
    assert example.status == GoodExample.Status.SUBMITTED and Item.objects.count() == 0

    editor = person_with(Role.EDITOR, guided, "board-editor")
    response = _client(editor).post(url, {"decision": "select"})
    example.refresh_from_db()
    item = example.item
    assert item is not None and response["Location"] == f"/app/items/{item.pk}/"
    assert example.status == GoodExample.Status.SELECTED and item.unit == guided
    assert item.status == Item.Status.DRAFT and item.kind == Item.Kind.ARTICLE
    assert item.images.count() == 1
    series = f"/chu-de/{services.SERIES_SLUG}/"
    anonymous = Client()
    assert CASE.title not in anonymous.get(series).content.decode()
    assert anonymous.get(f"/tin/{item.pk}/").status_code == 404

    publishing.submit_for_review(editor, item)
    with pytest.raises(PermissionDeniedError):
        publishing.approve(editor, item)  # the one who wrote it never approves it
    publishing.approve(person_with(Role.APPROVER, guided, "board-leader"), item)
    assert CASE.title in anonymous.get(series).content.decode()
    assert anonymous.get(f"/tin/{item.pk}/").status_code == 200
    with pytest.raises(services.ExampleError):
        services.select(editor, example)  # selected once


def test_the_board_declines_with_a_reason(tree: dict[str, Unit], guided: Unit) -> None:
    example = _submitted(tree)
    editor = person_with(Role.EDITOR, guided, "board-editor")
    _client(editor).post(f"/app/opinion/examples/{example.pk}/decide/",
                         {"decision": "decline", "reason": "Chưa có số liệu"})
    example.refresh_from_db()
    assert example.status == GoodExample.Status.DECLINED and example.reason == "Chưa có số liệu"
    assert example.item is None


def _post(client: Any, unit: Unit, photos: list[Any], **fields: str) -> Any:
    data = {"unit": str(unit.pk), "title": CASE.title, "place": CASE.place, "what": CASE.what,
            "result": CASE.result, **fields, "photos": photos}
    return client.post("/app/opinion/examples/new/", data)


@pytest.mark.parametrize(("photos", "fields", "vi", "en"), [
    ([], {"result": "  "}, "Hãy ghi đủ", "Please fill in"),
    ([b"%PDF-1.4 not a picture"], {}, "không phải là ảnh", "not a valid image"),
    ([b"\xff\xd8" + b"0" * (9 * 1024 * 1024)], {}, "Ảnh quá lớn", "too large"),
])
def test_bad_input_is_refused_in_both_languages_and_nothing_is_stored(
        tree: dict[str, Unit], photos: list[bytes], fields: dict[str, str], vi: str,
        en: str) -> None:
    officer = person_with(Role.OFFICER, tree["village"], "officer")
    client = _client(officer)
    for language, expected in (("vi", vi), ("en", en)):
        officer.language = language  # the account's language, as the app's switch keeps it
        officer.save(update_fields=["language"])
        files = [SimpleUploadedFile("x.jpg", p, "image/jpeg") for p in photos]
        response = _post(client, tree["village"], files, **fields)
        assert response.status_code == 400
        alert = response.content.decode().split('role="alert"')[1][:300]
        assert expected in alert, alert
    assert not GoodExample.objects.exists() and not ExamplePhoto.objects.exists()


def test_too_many_photos_are_refused(tree: dict[str, Unit]) -> None:
    with pytest.raises(services.ExampleError):
        services.submit(None, tree["village"], CASE, [jpeg_with_gps()] * 5)
    assert not GoodExample.objects.exists()


def test_a_unit_officer_submits_through_the_page(tree: dict[str, Unit]) -> None:
    client = _client(person_with(Role.OFFICER, tree["village"], "officer"))
    photo = SimpleUploadedFile("a.jpg", jpeg_with_gps(), "image/jpeg")
    response = _post(client, tree["village"], [photo])
    example = GoodExample.objects.get()
    assert response["Location"] == f"/app/opinion/examples/{example.pk}/"
    assert example.photos.count() == 1 and example.unit == tree["village"]
    cell = _client(person_with(Role.OFFICER, tree["cell-a"], "cell-officer"))
    assert _post(cell, tree["village"], []).status_code == 400  # "village" is no choice for them
    assert GoodExample.objects.count() == 1


def test_submitted_and_published_examples_are_counted_in_the_rollup(
        tree: dict[str, Unit], guided: Unit) -> None:
    clock.set(dt.datetime(2026, 11, 10, 9, 0))
    editor = person_with(Role.EDITOR, guided, "board-editor")
    first, _second = _submitted(tree), _submitted(tree)
    item = services.select(editor, first)
    period = Period(dt.date(2026, 11, 1), dt.date(2026, 11, 30))
    totals = rollup_for(tree["province"], period).totals["opinion"]
    assert totals["examples"] == {"submitted": 2}
    publishing.submit_for_review(editor, item)
    publishing.approve(person_with(Role.APPROVER, guided, "board-leader"), item)
    figures = rollup_for(tree["province"], period)
    assert figures.totals["opinion"]["examples"] == {"submitted": 2, "published": 1}
    tables = figure_tables(figures.as_dict(), {})
    opinion = next(t for t in tables if t.title.startswith("Nắm bắt dư luận"))
    assert ["Điển hình, cách làm hay đã đăng trên cổng", "1"] in opinion.rows


def test_the_list_costs_the_same_queries_for_more_examples(
        tree: dict[str, Unit], guided: Unit) -> None:
    from tincoso.conftest import same_queries_for_more_rows

    client = _client(person_with(Role.APPROVER, guided, "board-leader"))
    response = same_queries_for_more_rows(
        lambda: client.get("/app/opinion/examples/"),
        lambda n: [services.submit(None, tree["village"], CASE, []) for _ in range(n)])
    assert response.content.decode().count(CASE.title) == 6
