"""Review: notifications, sending back with a reason, drafts from documents, diffs,
the reindex command, and bad input refused with nothing changed."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client
from rest_framework.test import APIClient

from tincoso import search
from tincoso.conftest import person_with
from tincoso.core.errors import PermissionDeniedError
from tincoso.core.models import Notification
from tincoso.publishing import services
from tincoso.publishing.models import Item, ItemVersion
from tincoso.publishing.tests.conftest import publish, registered_document
from tincoso.search.models import SearchEntry
from tincoso.units.models import Role, Unit


def api(user: Any) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_submitting_tells_the_approvers_and_sending_back_tells_the_author_why(
    tree: dict[str, Unit], people: dict[str, Any]
) -> None:
    province_approver = person_with(Role.APPROVER, tree["province"], "province-approver")
    item = services.create_item(people["editor"], tree["commune"], services.Draft(title="Tin"))
    services.submit_for_review(people["editor"], item)
    told = set(Notification.objects.values_list("user__username", flat=True))
    assert told == {"approver", province_approver.username}  # not the committee's approver
    staff = Client()
    staff.force_login(people["approver"])
    staff.post(f"/app/items/{item.pk}/send_back/", {"reason": "Thiếu số liệu ở đoạn hai."})
    item.refresh_from_db()
    assert item.status == Item.Status.DRAFT
    note = Notification.objects.get(user=people["editor"])
    assert note.body == "Thiếu số liệu ở đoạn hai."
    author = Client()
    author.force_login(people["editor"])
    assert "Thiếu số liệu ở đoạn hai." in author.get(f"/app/items/{item.pk}/").content.decode()


def test_the_approve_button_is_not_offered_to_the_author(tree: dict[str, Unit]) -> None:
    both = person_with(Role.EDITOR, tree["commune"], "both")
    from tincoso.units.services import grant_role

    grant_role(None, both, tree["province"], Role.APPROVER)
    item = services.create_item(both, tree["commune"], services.Draft(title="Tin tự viết"))
    services.submit_for_review(both, item)
    client = Client()
    client.force_login(both)
    page = client.get(f"/app/items/{item.pk}/").content.decode()
    assert "Duyệt và đăng" not in page and "bốn mắt" in page
    client.post(f"/app/items/{item.pk}/approve/")  # and the rule holds if forced
    assert Item.objects.get(pk=item.pk).status == Item.Status.REVIEW


def test_draft_from_document_prefills_the_form_and_saves_only_on_post(
    tree: dict[str, Unit], people: dict[str, Any]
) -> None:
    doc = registered_document(people["editor"], tree["commune"])
    client = Client()
    client.force_login(people["editor"])
    form = client.get("/app/items/new/", {"document": doc.pk})
    assert form.status_code == 200 and not Item.objects.exists()
    html = form.content.decode()
    assert doc.title[:40] in html and f"/app/documents/{doc.pk}/" in html
    # A document of another unit that was never sent here stays out of reach.
    outsider = Client()
    outsider.force_login(person_with(Role.EDITOR, tree["cell-a"], "cell-editor"))
    assert outsider.get("/app/items/new/", {"document": doc.pk}).status_code == 403
    posted = client.post(
        "/app/items/new/",
        {
            "unit": tree["commune"].pk,
            "title": "Xã triển khai Hướng dẫn 30-HD/BTG",
            "summary": "",
            "body": "",
            "kind": "bulletin",
            "audience": "public",
            "language": "vi",
            "document": doc.pk,
        },
    )
    assert posted.status_code == 302
    assert Item.objects.get().source_document == doc


def test_draft_from_document_over_the_api(tree: dict[str, Unit], people: dict[str, Any]) -> None:
    doc = registered_document(people["editor"], tree["commune"])
    made = api(people["editor"]).post(
        "/api/items/from-document/", {"unit": "commune", "document": doc.pk}, format="json"
    )
    assert made.status_code == 201, made.content
    assert made.json()["source_document"] == doc.pk
    assert "/app/" not in made.json()["current"]["body"]  # readers cannot open staff pages
    with pytest.raises(PermissionDeniedError):
        services.draft_from_document(person_with(Role.EDITOR, tree["cell-b"]), doc)


def test_versions_are_rows_and_the_diff_shows_what_changed(
    tree: dict[str, Unit], people: dict[str, Any]
) -> None:
    item = publish(people, tree["commune"], "Lịch tiếp dân", body="Thứ Hai hằng tuần.")
    services.correct(
        people["editor"],
        item,
        services.Draft(title="Lịch tiếp dân", body="Thứ Ba hằng tuần."),
        "Đổi ngày tiếp dân.",
    )
    assert ItemVersion.objects.filter(item=item).count() == 2
    client = Client()
    client.force_login(people["editor"])
    page = client.get(f"/app/items/{item.pk}/diff/").content.decode()
    assert "<del>-Thứ Hai hằng tuần.</del>" in page and "<ins>+Thứ Ba hằng tuần.</ins>" in page
    diff = api(people["editor"]).get(f"/api/items/{item.pk}/diff/", {"a": 1, "b": 2}).json()
    assert "+Thứ Ba hằng tuần." in diff["diff"]
    assert api(people["editor"]).get(f"/api/items/{item.pk}/diff/", {"a": 9}).status_code == 404


@pytest.mark.parametrize(
    "payload, status",
    [
        ({"unit": "commune", "title": "x" * 301}, 400),
        ({"unit": "commune", "title": "Tin", "language": "klingon"}, 400),
        ({"unit": "commune", "title": "Tin", "audience": "everyone"}, 400),
        ({"unit": "commune", "title": "   "}, 400),
        ({"unit": "commune", "title": "Tin", "body": "x" * 200_001}, 400),
        (
            {
                "unit": "commune",
                "title": "Tin",
                "publish_at": "2026-05-02T08:00:00+07:00",
                "expires_at": "2026-05-01T08:00:00+07:00",
            },
            400,
        ),
        # What the payload points at does not exist: not found.
        ({"unit": "no-such-unit", "title": "Tin"}, 404),
        ({"unit": "commune", "title": "Tin", "translation_of": 999999}, 404),
        ({"unit": "commune", "title": "Tin", "source_document": 999999}, 404),
    ],
)
def test_bad_input_over_the_api_is_refused_and_changes_nothing(
    tree: dict[str, Unit], people: dict[str, Any], payload: dict[str, Any], status: int
) -> None:
    response = api(people["editor"]).post("/api/items/", payload, format="json")
    assert response.status_code == status, response.content
    assert not Item.objects.exists()


def test_domain_errors_over_the_api_come_in_both_languages(
    tree: dict[str, Unit], people: dict[str, Any]
) -> None:
    response = api(people["editor"]).post(
        "/api/items/",
        {
            "unit": "commune",
            "title": "Tin",
            "publish_at": "2026-05-02T08:00:00+07:00",
            "expires_at": "2026-05-01T08:00:00+07:00",
        },
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["detail_en"] == "The expiry time must be after the publication time."
    item = publish(people, tree["commune"], "Tin đã đăng")
    refused = api(people["editor"]).patch(
        f"/api/items/{item.pk}/", ["not", "an", "object"], format="json"
    )
    assert refused.status_code == 400
    assert Item.objects.get(pk=item.pk).versions.count() == 1


def test_a_partial_update_keeps_the_fields_left_out(
    tree: dict[str, Unit], people: dict[str, Any]
) -> None:
    client = api(people["editor"])
    pk = client.post(
        "/api/items/",
        {"unit": "commune", "title": "Tin", "summary": "Tóm tắt giữ nguyên", "kind": "notice"},
        format="json",
    ).json()["id"]
    changed = client.patch(f"/api/items/{pk}/", {"body": "Thân bài mới"}, format="json").json()
    assert changed["current"]["summary"] == "Tóm tắt giữ nguyên"
    assert changed["kind"] == "notice" and changed["current"]["body"] == "Thân bài mới"


def test_withdraw_and_archive_over_the_api(tree: dict[str, Unit], people: dict[str, Any]) -> None:
    item = publish(people, tree["commune"], "Tin để gỡ")
    assert api(people["editor"]).post(f"/api/items/{item.pk}/withdraw/").status_code == 403
    assert (
        api(people["approver"]).post(f"/api/items/{item.pk}/withdraw/").json()["status"]
        == "withdrawn"
    )
    assert (
        api(people["editor"]).post(f"/api/items/{item.pk}/archive/").json()["status"] == "archived"
    )
    assert search.search("tin de go", None).total == 0


def test_reindex_rebuilds_items_and_documents(
    tree: dict[str, Unit], people: dict[str, Any]
) -> None:
    item = publish(people, tree["commune"], "Đảng ủy xã ra nghị quyết")
    editor = person_with(Role.EDITOR, tree["province"], "doc-editor")
    registered_document(editor, tree["province"])
    draft = services.create_item(people["editor"], tree["commune"], services.Draft(title="Nháp"))
    SearchEntry.objects.all().delete()
    assert search.search("dang uy xa", None).total == 0
    call_command("reindex", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert [h.object_id for h in search.search("dang uy xa", None).hits] == [item.pk]
    assert search.search("huong dan", editor).total >= 1
    assert not SearchEntry.objects.filter(kind="item", object_id=draft.pk).exists()
