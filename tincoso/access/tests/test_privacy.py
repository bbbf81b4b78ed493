"""Identity is seen by the handling unit's officers only; siblings get 404/403."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from tincoso.access import services
from tincoso.access.tests.conftest import FORM
from tincoso.conftest import person_with
from tincoso.core.errors import PermissionDeniedError
from tincoso.units.models import Role, Unit

pytestmark = pytest.mark.django_db


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_sibling_unit_cannot_see_or_answer(tree: dict[str, Unit]) -> None:
    req = services.file_request(tree["cell-a"], **FORM)
    sibling = person_with(Role.OFFICER, tree["cell-b"])
    client = _client(sibling)
    assert client.get(f"/app/access/{req.pk}/").status_code == 404
    assert client.post(f"/app/access/{req.pk}/answer/", {"reply": "xem"}).status_code == 404
    assert req.code not in client.get("/app/access/").text
    with pytest.raises(PermissionDeniedError):
        services.answer(sibling, req, "Trả lời")
    req.refresh_from_db()
    assert req.status == "received"


def test_viewer_of_the_unit_cannot_read_identity(tree: dict[str, Unit]) -> None:
    req = services.file_request(tree["cell-a"], **FORM)
    viewer = person_with(Role.VIEWER, tree["cell-a"])
    assert _client(viewer).get(f"/app/access/{req.pk}/").status_code == 404


def test_identity_never_in_lists_or_public_pages(client: Client, tree: dict[str, Unit]) -> None:
    req = services.file_request(tree["cell-a"], **FORM)
    officer = person_with(Role.OFFICER, tree["cell-a"])
    inbox = _client(officer).get("/app/access/").text
    assert req.code in inbox
    for page in (inbox, client.get(f"/thong-tin/tra-cuu/?code={req.code}").text,
                 client.get(f"/thong-tin/yeu-cau/da-gui/{req.code}/").text,
                 client.get("/thong-tin/cong-khai/cell-a/").text):
        assert FORM["id_number"] not in page and FORM["full_name"] not in page
        assert FORM["address"] not in page


def test_published_list_editing_needs_the_unit(tree: dict[str, Unit]) -> None:
    sibling = person_with(Role.EDITOR, tree["cell-b"])
    client = _client(sibling)
    assert client.get("/app/access/published/cell-a/").status_code == 403
    assert client.post("/app/access/published/cell-a/",
                       {"title": "X", "where": "Y"}).status_code == 403
