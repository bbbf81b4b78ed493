"""The REST API applies the same gate as the UI."""

from __future__ import annotations

from typing import Any

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tincoso.conftest import PASSWORD, make_user, person_with
from tincoso.units.models import Membership, Role, Unit


def api_for(user: Any) -> APIClient:
    client = APIClient()
    token, _ = Token.objects.get_or_create(user=user)
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


@pytest.mark.parametrize("role", list(Role.values))
def test_units_list_holds_only_the_callers_subtree(tree: dict[str, Unit], role: str) -> None:
    client = api_for(person_with(role, tree["committee"]))
    codes = {u["code"] for u in client.get("/api/units/").json()["results"]}
    assert codes == {"committee", "cell-a", "cell-b"}
    assert client.get("/api/units/commune/").status_code == 404


@pytest.mark.parametrize("role", list(Role.values))
def test_no_role_on_a_cell_can_create_under_or_move_a_sibling(
    tree: dict[str, Unit], role: str
) -> None:
    client = api_for(person_with(role, tree["cell-a"]))
    response = client.post(
        "/api/units/", {"code": "x", "name": "X", "kind": "other", "parent": "cell-b"}
    )
    assert response.status_code == 403
    assert response.json()["detail"] and response.json()["detail_en"]
    assert not Unit.objects.filter(code="x").exists()
    assert client.post("/api/units/cell-b/move/", {"parent": "commune"}).status_code == 404


def test_an_admin_creates_and_moves_units_by_api(
    tree: dict[str, Unit], province_admin: Any
) -> None:
    client = api_for(province_admin)
    created = client.post(
        "/api/units/", {"code": "xa-api", "name": "Xã API", "kind": "commune", "parent": "province"}
    )
    assert created.status_code == 201, created.content
    assert created.json()["parent"] == "province"
    moved = client.post("/api/units/village/move/", {"parent": "xa-api"})
    assert moved.status_code == 200
    assert moved.json()["parent"] == "xa-api"
    cycle = client.post("/api/units/province/move/", {"parent": "village"})
    assert cycle.status_code == 400
    assert "Bản Nà Khum" in cycle.json()["detail_en"]


def test_memberships_are_listed_and_granted_only_within_the_admins_subtree(
    tree: dict[str, Unit],
) -> None:
    admin = person_with(Role.ADMIN, tree["commune"], "commune-admin")
    person_with(Role.OFFICER, tree["cell-a"], "far-officer")
    client = api_for(admin)
    names = {m["username"] for m in client.get("/api/memberships/").json()["results"]}
    assert "far-officer" not in names and "commune-admin" in names
    make_user("newbie")
    ok = client.post(
        "/api/memberships/", {"username": "newbie", "unit_code": "village", "role": "viewer"}
    )
    assert ok.status_code == 201
    refused = client.post(
        "/api/memberships/", {"username": "newbie", "unit_code": "cell-a", "role": "admin"}
    )
    assert refused.status_code == 403
    assert not Membership.objects.filter(user__username="newbie", unit__code="cell-a").exists()


def test_anonymous_callers_are_refused(tree: dict[str, Unit]) -> None:
    assert APIClient().get("/api/units/").status_code == 401


def test_a_token_is_issued_for_a_valid_password(tree: dict[str, Unit], cell_officer: Any) -> None:
    response = APIClient().post(
        "/api/auth/token/", {"username": "cell-officer", "password": PASSWORD}
    )
    assert response.status_code == 200
    token = response.json()["token"]
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert client.get("/api/units/cell-a/").json()["name"] == "Chi bộ Sở Nội vụ"


def test_session_auth_works_for_the_api(tree: dict[str, Unit], cell_officer: Any) -> None:
    client = APIClient()
    client.force_login(cell_officer)
    assert client.get("/api/units/").status_code == 200


def test_the_openapi_schema_and_docs_are_served_without_a_cdn(db: Any) -> None:
    client = APIClient()
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert schema.status_code == 200
    assert "/api/units/" in schema.content.decode()
    docs = client.get("/api/docs/").content.decode()
    assert "swagger-ui" in docs
    assert "cdn" not in docs.lower() and "jsdelivr" not in docs.lower()


def test_the_units_list_makes_a_bounded_number_of_queries(
    tree: dict[str, Unit], province_admin: Any, django_assert_max_num_queries: Any
) -> None:
    for i in range(40):
        Unit.objects.add_child(
            Unit.objects.get(code="commune"),
            {"code": f"t{i}", "name": f"Thôn {i}", "kind": "village"},
        )
    client = api_for(province_admin)
    with django_assert_max_num_queries(10):
        assert client.get("/api/units/").status_code == 200


def test_the_openapi_schema_generates_without_warnings(db: Any) -> None:
    """Every endpoint is typed; drf-spectacular's warnings would also fail check --deploy."""
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[3]
    result = subprocess.run(
        [sys.executable, "-m", "tincoso.cli", "manage", "spectacular", "--fail-on-warn",
         "--validate", "--file", "/dev/null"],
        cwd=root, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stderr[-3000:]
