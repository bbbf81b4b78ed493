"""The items API follows the same rules as the pages: units, four eyes, corrections."""

from __future__ import annotations

from typing import Any

from rest_framework.test import APIClient

from tincoso.conftest import person_with
from tincoso.publishing.models import Item
from tincoso.units.models import Role, Unit


def api(user: Any) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_write_submit_approve_and_correct_over_the_api(tree: dict[str, Unit]) -> None:
    editor = api(person_with(Role.EDITOR, tree["commune"], "editor"))
    approver = api(person_with(Role.APPROVER, tree["commune"], "approver"))
    created = editor.post(
        "/api/items/",
        {"unit": "commune", "title": "Tin qua API", "body": "<script>x</script>Nội dung"},
        format="json",
    )
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    assert "<script" not in created.json()["current"]["body_html"]
    assert editor.post(f"/api/items/{pk}/approve/").status_code == 403  # not an approver
    assert editor.post(f"/api/items/{pk}/submit/").json()["status"] == "review"
    assert approver.post(f"/api/items/{pk}/approve/").json()["status"] == "published"
    refused = editor.patch(
        f"/api/items/{pk}/", {"title": "Tin qua API", "body": "Sửa"}, format="json"
    )
    assert refused.status_code == 400 and refused.json()["detail_en"]
    fixed = editor.patch(
        f"/api/items/{pk}/",
        {"title": "Tin qua API", "body": "Sửa", "correction_note": "Sửa nội dung."},
        format="json",
    )
    assert fixed.status_code == 202
    assert fixed.json()["pending_version"]["correction_note"] == "Sửa nội dung."
    assert approver.post(f"/api/items/{pk}/approve/").status_code == 200
    shown = editor.get(f"/api/items/{pk}/").json()
    assert shown["published_version"]["correction_note"] == "Sửa nội dung."
    assert shown["pending_version"] is None
    assert len(editor.get(f"/api/items/{pk}/versions/").json()) == 2
    hits = APIClient().get("/api/search/", {"q": "tin qua api"}).json()["hits"]
    assert [h["id"] for h in hits] == [pk]


def test_a_sibling_unit_neither_sees_nor_writes_items(tree: dict[str, Unit]) -> None:
    editor = api(person_with(Role.EDITOR, tree["commune"], "editor"))
    pk = editor.post("/api/items/", {"unit": "commune", "title": "Nháp"}, format="json").json()[
        "id"
    ]
    outsider = api(person_with(Role.EDITOR, tree["cell-a"], "cell-editor"))
    assert outsider.get(f"/api/items/{pk}/").status_code == 404
    assert (
        outsider.post("/api/items/", {"unit": "commune", "title": "X"}, format="json").status_code
        == 403
    )
    assert Item.objects.count() == 1
