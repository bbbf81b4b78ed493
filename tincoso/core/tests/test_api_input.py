"""Bad numbers in API requests get a bilingual 400 and change nothing (never a 500)."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from rest_framework.test import APIClient

from tincoso.conftest import DOCUMENT_SAMPLE as SAMPLE
from tincoso.conftest import person_with
from tincoso.documents import services as documents
from tincoso.documents.models import Dispatch
from tincoso.feedback import services as feedback
from tincoso.units.models import Role, Unit, UnitKind

pytestmark = pytest.mark.django_db


def api(user: Any) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def api_list_urls() -> list[str]:
    """Every list route of the REST API (router names end in ``-list``)."""
    found: list[str] = []

    def walk(patterns: list[Any], prefix: str) -> None:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, prefix + str(pattern.pattern))
            elif isinstance(pattern, URLPattern) and str(pattern.name).endswith("-list"):
                route = (prefix + str(pattern.pattern)).replace("^", "").replace("$", "")
                if "<" not in route and "(?P" not in route:
                    found.append("/" + route)

    walk(get_resolver().url_patterns, "")
    return sorted({url for url in found if url.startswith("/api/")})


def assert_bilingual_400(response: Any, word: str) -> None:
    assert response.status_code == 400, (response.status_code, response.content[:300])
    body = response.json()
    assert word in body["detail"] and word in body["detail_en"]
    assert body["detail"] != body["detail_en"]


def test_every_api_list_refuses_a_limit_or_offset_out_of_range(
    tree: dict[str, Unit], province_admin: Any
) -> None:
    urls = api_list_urls()
    assert "/api/items/" in urls and "/api/feedback/" in urls and len(urls) >= 12, urls
    client = api(province_admin)
    for url in urls:
        assert client.get(url).status_code == 200, url
        for limit in ("99999999999999999999", "1001", "0", "-5", "abc"):
            assert_bilingual_400(client.get(url, {"limit": limit}), "limit")
        assert_bilingual_400(client.get(url, {"offset": "99999999999999999999"}), "offset")
        assert client.get(url, {"limit": "1000", "offset": "3"}).status_code == 200, url


def test_a_page_holds_at_most_the_maximum_limit(tree: dict[str, Unit], province_admin: Any) -> None:
    page = api(province_admin).get("/api/units/", {"limit": "1000"}).json()
    assert page["count"] == 6 and len(page["results"]) == 6


def test_responding_to_a_dispatch_without_a_document_is_a_400(
    tree: dict[str, Unit],
) -> None:
    board = Unit.objects.add_child(
        tree["committee"], {"code": "board", "name": "Ban Tuyên giáo", "kind": UnitKind.DEPARTMENT}
    )
    editor = person_with(Role.EDITOR, board, "board-editor")
    doc = documents.import_document(editor, board, SAMPLE.read_bytes(), "30.txt")
    doc = documents.register_document(editor, doc)
    documents.dispatch_document(editor, doc, [Unit.objects.get(code="cell-a")])
    dispatch = Dispatch.objects.get()
    officer = api(person_with(Role.OFFICER, Unit.objects.get(code="cell-a"), "officer-a"))
    for body in ({}, {"document": "abc"}, {"document": None}, {"document": 10**30}):
        response = officer.post(f"/api/dispatches/{dispatch.pk}/respond/", body, format="json")
        assert_bilingual_400(response, "document")
    dispatch.refresh_from_db()
    assert dispatch.status == "sent" and not dispatch.response_documents.exists()


def test_assigning_feedback_to_a_user_that_is_not_an_id_is_a_400(
    tree: dict[str, Unit], province_admin: Any
) -> None:
    item = feedback.submit_feedback(tree["cell-a"], "report", "Đường vào bản bị sạt lở sau mưa.")
    for user in ("abc", "1.5", [1], 10**30):
        response = api(province_admin).post(
            f"/api/feedback/{item.pk}/assign/", {"user": user}, format="json"
        )
        assert_bilingual_400(response, "user")
    item.refresh_from_db()
    assert item.status == "new" and item.assigned_to is None
