"""Staff pages: the tree browser, unit pages, people management and the audit log."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from tincoso.conftest import make_user, person_with
from tincoso.units.models import Membership, Role, Unit


def client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_anonymous_is_sent_to_log_in(tree: dict[str, Unit]) -> None:
    response = Client().get(reverse("unit-detail", args=["province"]))
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


@pytest.mark.parametrize("role", list(Role.values))
def test_every_role_sees_its_own_unit_and_is_refused_the_siblings_page(
    tree: dict[str, Unit], role: str
) -> None:
    client = client_for(person_with(role, tree["cell-a"]))
    assert client.get(reverse("unit-detail", args=["cell-a"])).status_code == 200
    refused = client.get(reverse("unit-detail", args=["cell-b"]))
    assert refused.status_code == 403
    assert "Chi bộ Sở Y tế" in refused.content.decode()
    assert client.get(reverse("unit-audit", args=["cell-b"])).status_code == 403
    assert client.get(reverse("unit-export", args=["cell-b", "csv"])).status_code == 403


@pytest.mark.parametrize("role", list(Role.values))
def test_no_role_on_a_cell_can_change_the_sibling(tree: dict[str, Unit], role: str) -> None:
    client = client_for(person_with(role, tree["cell-a"]))
    target = make_user("target")
    responses = [
        client.post(
            reverse("unit-add-child", args=["cell-b"]), {"code": "x", "name": "X", "kind": "other"}
        ),
        client.post(reverse("unit-move", args=["cell-b"]), {"new_parent": "commune"}),
        client.post(
            reverse("unit-grant", args=["cell-b"]), {"username": "target", "role": "admin"}
        ),
    ]
    assert [r.status_code for r in responses] == [403, 403, 403]
    assert not Unit.objects.filter(code="x").exists()
    assert not target.memberships.exists()


def test_the_tree_shows_only_the_users_subtree_and_searches_without_diacritics(
    tree: dict[str, Unit], commune_editor: Any
) -> None:
    client = client_for(commune_editor)
    page = client.get(reverse("unit-tree")).content.decode()
    assert "Xã Đồng Tâm" in page and "Bản Nà Khum" in page
    assert "Chi bộ Sở Nội vụ" not in page
    found = client.get(reverse("unit-tree"), {"q": "na khum"}, HTTP_HX_REQUEST="true")
    body = found.content.decode()
    assert "Bản Nà Khum" in body and "Xã Đồng Tâm" not in body
    assert "<html" not in body  # htmx gets the rows only


def test_an_admin_creates_a_person_with_a_role_and_revokes_it(
    tree: dict[str, Unit], province_admin: Any
) -> None:
    client = client_for(province_admin)
    response = client.post(
        reverse("unit-add-person", args=["village"]),
        {
            "username": "truongthon",
            "full_name": "Lò Văn Pọm",
            "email": "pom@example.invalid",
            "role": "officer",
        },
    )
    assert response.status_code == 302
    membership = Membership.objects.get(user__username="truongthon")
    assert (membership.unit.code, membership.role) == ("village", "officer")
    page = client.get(reverse("people")).content.decode()
    assert "Lò Văn Pọm" in page
    client.post(reverse("unit-revoke", args=["village", membership.pk]))
    assert not Membership.objects.filter(pk=membership.pk).exists()


def test_people_page_is_for_admins_only(tree: dict[str, Unit], commune_editor: Any) -> None:
    assert client_for(commune_editor).get(reverse("people")).status_code == 403


def test_an_admin_sees_only_the_people_of_their_subtree(tree: dict[str, Unit]) -> None:
    admin = person_with(Role.ADMIN, tree["commune"], "commune-admin")
    person_with(Role.OFFICER, tree["cell-a"], "far-away-officer")
    page = client_for(admin).get(reverse("people")).content.decode()
    assert "far-away-officer" not in page
    assert "commune-admin" in page


def test_the_audit_log_records_who_changed_what_and_shows_it_to_subtree_admins(
    tree: dict[str, Unit], province_admin: Any
) -> None:
    client = client_for(province_admin)
    client.post(
        reverse("unit-add-child", args=["commune"]),
        {"code": "ban-moi", "name": "Bản Mới", "kind": "village"},
    )
    client.post(
        reverse("unit-grant", args=["village"]), {"username": "province-admin", "role": "viewer"}
    )
    page = client.get(reverse("unit-audit", args=["commune"])).content.decode()
    assert "Bản Mới" in page
    assert "province-admin" in page  # the actor
    assert "viewer" in page  # the membership change, with its values
    editor = person_with(Role.EDITOR, tree["commune"])
    assert client_for(editor).get(reverse("unit-audit", args=["commune"])).status_code == 403
    sibling_admin = person_with(Role.ADMIN, tree["committee"])
    page = client_for(sibling_admin).get(reverse("unit-audit", args=["committee"])).content
    assert "Bản Mới" not in page.decode()


def test_a_cycle_from_the_move_form_is_refused_with_a_message(
    tree: dict[str, Unit], province_admin: Any
) -> None:
    client = client_for(province_admin)
    response = client.post(
        reverse("unit-move", args=["commune"]), {"new_parent": "village"}, follow=True
    )
    assert "Không thể chuyển" in response.content.decode()
    assert Unit.objects.get_parent(Unit.objects.get(code="commune")).code == "province"


def test_the_import_page_reports_errors_in_the_readers_language_only(
    tree: dict[str, Unit], province_admin: Any
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = client_for(province_admin)
    upload = SimpleUploadedFile("t.csv", b"code,name,kind,parent\nx,X,commune,nowhere\n")
    page = client.post(reverse("unit-import", args=["province"]), {"file": upload})
    body = page.content.decode()
    error = body.split('class="message error"')[1].split("</div>")[0]
    assert "nowhere" in error and "không tồn tại" in error
    assert "does not exist" not in error
    assert not Unit.objects.filter(code="x").exists()


def test_the_dashboard_lists_the_users_units_and_roles(
    tree: dict[str, Unit], cell_officer: Any
) -> None:
    page = client_for(cell_officer).get(reverse("dashboard")).content.decode()
    assert "Chi bộ Sở Nội vụ" in page and "Cán bộ đơn vị" in page


def test_the_language_switch_is_kept_on_the_account(
    tree: dict[str, Unit], cell_officer: Any
) -> None:
    client = client_for(cell_officer)
    client.post(reverse("set-language"), {"language": "en", "next": "/app/"})
    cell_officer.refresh_from_db()
    assert cell_officer.language == "en"
    assert client.get(reverse("dashboard"))["Content-Language"] == "en"


def test_the_unit_tree_page_makes_a_bounded_number_of_queries(
    tree: dict[str, Unit], province_admin: Any, django_assert_max_num_queries: Any
) -> None:
    client = client_for(province_admin)
    for i in range(30):
        Unit.objects.add_child(
            Unit.objects.get(code="commune"),
            {"code": f"v{i}", "name": f"Thôn {i}", "kind": "village"},
        )
    with django_assert_max_num_queries(12):
        assert client.get(reverse("unit-tree")).status_code == 200
