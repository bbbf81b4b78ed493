"""Optimistic concurrency on items: an edit made from an old version is refused,
never silently written over someone else's newer one."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from rest_framework.test import APIClient

from tincoso.conftest import person_with
from tincoso.publishing import services
from tincoso.publishing.models import Item
from tincoso.units.models import Role, Unit


def api(user: Any) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def new_item(tree: dict[str, Unit], editor: Any) -> Item:
    return services.create_item(
        editor, tree["commune"], services.Draft(title="Lịch tiêm chủng", body="Thứ Hai.")
    )


@pytest.mark.django_db
def test_a_patch_from_an_old_version_is_refused_and_changes_nothing(
    tree: dict[str, Unit],
) -> None:
    editor = person_with(Role.EDITOR, tree["commune"], "editor")
    item = new_item(tree, editor)
    anna, binh = api(editor), api(person_with(Role.EDITOR, tree["commune"], "binh"))
    url = f"/api/items/{item.pk}/"
    etag = anna.get(url)["ETag"]
    assert etag == f'"item-{item.pk}-v1"' and binh.get(url)["ETag"] == etag

    first = anna.patch(url, {"title": "Lịch tiêm chủng tháng 5"}, format="json",
                       HTTP_IF_MATCH=etag)  # fmt: skip
    assert first.status_code == 200 and first["ETag"] == f'"item-{item.pk}-v2"'
    late = binh.patch(url, {"title": "Tiêu đề cũ"}, format="json", HTTP_IF_MATCH=etag)
    assert late.status_code == 412 and late.json()["code"] == "precondition_failed"
    assert "phiên bản 2" in late.json()["detail"] and "version 2" in late.json()["detail_en"]
    by_body = binh.patch(url, {"title": "Tiêu đề cũ", "version": 1}, format="json")
    assert by_body.status_code == 409 and by_body.json()["code"] == "stale_version"
    garbage = binh.patch(url, {"title": "Tiêu đề cũ"}, format="json", HTTP_IF_MATCH='"v1"')
    assert garbage.status_code == 412
    item.refresh_from_db()
    assert item.current.title == "Lịch tiêm chủng tháng 5" and item.versions.count() == 2

    fresh = binh.patch(url, {"title": "Lịch tiêm chủng tháng 5 (sửa)"}, format="json",
                       HTTP_IF_MATCH=first["ETag"])  # fmt: skip
    assert fresh.status_code == 200 and fresh["ETag"] == f'"item-{item.pk}-v3"'


@pytest.mark.django_db(transaction=True)
def test_of_many_simultaneous_patches_from_one_version_exactly_one_wins(
    tree: dict[str, Unit],
) -> None:
    editor = person_with(Role.EDITOR, tree["commune"], "editor")
    item = new_item(tree, editor)
    statuses: list[int] = []

    def patch(n: int) -> None:
        try:
            response = api(editor).patch(
                f"/api/items/{item.pk}/", {"title": f"Bản sửa số {n}"}, format="json",
                HTTP_IF_MATCH=f'"item-{item.pk}-v1"',
            )  # fmt: skip
            statuses.append(response.status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=patch, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(statuses) == [200] + [412] * 7, statuses
    item.refresh_from_db()
    assert item.versions.count() == 2 and item.current.title.startswith("Bản sửa số")


@pytest.mark.django_db
def test_the_edit_form_says_someone_else_changed_the_item(tree: dict[str, Unit]) -> None:
    editor = person_with(Role.EDITOR, tree["commune"], "editor")
    item = new_item(tree, editor)
    client = Client()
    client.force_login(editor)
    form = client.get(f"/app/items/{item.pk}/edit/").content.decode()
    assert 'name="version" value="1"' in form
    services.edit_item(editor, item, services.Draft(title="Sửa bởi người khác", body="Thứ Ba."))
    response = client.post(
        f"/app/items/{item.pk}/edit/",
        {"title": "Bản của tôi", "summary": "", "body": "Thứ Hai.", "kind": "bulletin",
         "audience": "public", "language": "vi", "version": "1"},
    )  # fmt: skip
    assert response.status_code == 200
    assert "vừa được người khác sửa" in response.content.decode()
    item.refresh_from_db()
    assert item.current.title == "Sửa bởi người khác" and item.versions.count() == 2
