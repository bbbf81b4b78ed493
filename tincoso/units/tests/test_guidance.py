"""Guidance links: a board guides units outside its subtree, for named purposes only.

    province
    ├── committee
    │   ├── board      (Ban Tuyên giáo: guides the commune's subtree)
    │   ├── cell_a
    │   └── cell_b
    └── commune        (guided)
        └── village    (guided, through the commune)

Personas: the guide's editor and leader (board), the guided commune's officer,
a sibling of the guide (cell_b officer) and a cousin of the guided (village is
inside; the committee's other cell is a cousin of the commune).
"""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from tincoso.conftest import person_with
from tincoso.core.errors import PermissionDeniedError
from tincoso.units import guidance, permissions
from tincoso.units.models import Guidance, Role, Unit
from tincoso.units.permissions import Action

pytestmark = pytest.mark.django_db


@pytest.fixture
def link(tree: dict[str, Unit], board: Unit) -> Guidance:
    return guidance.link(None, board, tree["commune"], ["dispatch", "figures", "reports"])


@pytest.fixture
def people(tree: dict[str, Unit], board: Unit) -> dict[str, Any]:
    return {
        "guide_editor": person_with(Role.EDITOR, board, "guide-editor"),
        "guide_leader": person_with(Role.APPROVER, board, "guide-leader"),
        "guided_officer": person_with(Role.OFFICER, tree["commune"], "guided-officer"),
        "sibling": person_with(Role.OFFICER, tree["cell-b"], "sibling-officer"),
        "cousin": person_with(Role.OFFICER, tree["cell-a"], "cousin-officer"),
    }


# --- the gate ------------------------------------------------------------------------

# (persona, unit, action, allowed) with the link board → commune in place.
MATRIX = [
    # The guide reads the guided subtree's figures, and nothing more.
    ("guide_editor", "commune", Action.VIEW_FIGURES, True),
    ("guide_editor", "village", Action.VIEW_FIGURES, True),
    ("guide_leader", "village", Action.VIEW_FIGURES, True),
    ("guide_editor", "commune", Action.VIEW, False),
    ("guide_editor", "commune", Action.EDIT_CONTENT, False),
    ("guide_editor", "commune", Action.DISPATCH, False),
    ("guide_editor", "commune", Action.REGISTER_DOCUMENTS, False),
    # The commune has no approver of its own: the guiding leader approves (four eyes).
    ("guide_leader", "commune", Action.APPROVE, True),
    ("guide_editor", "commune", Action.APPROVE, False),
    ("guide_editor", "village", Action.ACKNOWLEDGE, False),
    # The guided side gains nothing over the guide.
    ("guided_officer", "board", Action.VIEW_FIGURES, False),
    ("guided_officer", "board", Action.VIEW, False),
    # A sibling of the guide and a cousin of the guided reach neither.
    ("sibling", "commune", Action.VIEW_FIGURES, False),
    ("sibling", "board", Action.VIEW_FIGURES, False),
    ("cousin", "commune", Action.VIEW_FIGURES, False),
    ("cousin", "village", Action.VIEW, False),
    # Own subtrees as before.
    ("guided_officer", "village", Action.VIEW_FIGURES, True),
    ("cousin", "cell-a", Action.VIEW_FIGURES, True),
]


@pytest.mark.parametrize(("persona", "code", "action", "allowed"), MATRIX)
def test_the_gate_answers_with_guidance_links(
    link: Guidance,
    people: dict[str, Any],
    board: Unit,
    persona: str,
    code: str,
    action: Action,
    allowed: bool,
) -> None:
    unit = Unit.objects.get(code=code)
    assert permissions.can(people[persona], action, unit) is allowed


def test_without_the_link_the_guide_reaches_nothing(
    tree: dict[str, Unit], people: dict[str, Any]
) -> None:
    assert not permissions.can(people["guide_editor"], Action.VIEW_FIGURES, tree["commune"])


def test_a_link_for_dispatch_only_gives_no_figures(
    tree: dict[str, Unit], board: Unit, people: dict[str, Any]
) -> None:
    guidance.link(None, board, tree["commune"], ["dispatch"])
    assert not permissions.can(people["guide_editor"], Action.VIEW_FIGURES, tree["commune"])
    assert [u.code for u in guidance.reach(board, "dispatch").order_by("path")][-2:] == [
        "commune",
        "village",
    ]


def test_a_role_above_the_guide_reaches_what_the_guide_guides(
    tree: dict[str, Unit], link: Guidance
) -> None:
    """A role applies to its unit's whole subtree, the guiding board included."""
    committee_leader = person_with(Role.APPROVER, tree["committee"], "committee-leader")
    assert permissions.can(committee_leader, Action.VIEW_FIGURES, tree["village"])
    assert not permissions.can(committee_leader, Action.VIEW, tree["village"])


# --- making links ----------------------------------------------------------------------


def test_an_admin_of_both_ends_links_and_unlinks(
    tree: dict[str, Unit], board: Unit, province_admin: Any
) -> None:
    made = guidance.link(province_admin, board, tree["commune"], ["figures"], "Theo 30-HD/BTG")
    assert made.purposes() == ["figures"] and made.note == "Theo 30-HD/BTG"
    again = guidance.link(province_admin, board, tree["commune"], ["dispatch", "figures"])
    assert again.pk == made.pk and again.purposes() == ["dispatch", "figures"]
    guidance.unlink(province_admin, again)
    assert not Guidance.objects.exists()


def test_an_admin_of_one_end_only_cannot_link(tree: dict[str, Unit], board: Unit) -> None:
    commune_admin = person_with(Role.ADMIN, tree["commune"], "commune-admin")
    committee_admin = person_with(Role.ADMIN, tree["committee"], "committee-admin")
    for admin in (commune_admin, committee_admin):
        with pytest.raises(PermissionDeniedError):
            guidance.link(admin, board, tree["commune"], ["dispatch"])
    assert not Guidance.objects.exists()


@pytest.mark.parametrize(
    ("guide", "guided", "purposes", "words"),
    [
        ("committee", "cell-a", ["dispatch"], "không cần quan hệ chỉ đạo"),
        ("village", "commune", ["dispatch"], "không chỉ đạo cấp trên"),
        ("board", "commune", [], "ít nhất một mục đích"),
        ("board", "commune", ["edit"], "không hợp lệ"),
    ],
)
def test_pointless_or_malformed_links_are_refused_in_both_languages(
    board: Unit, province_admin: Any, guide: str, guided: str, purposes: list[str], words: str
) -> None:
    with pytest.raises(guidance.GuidanceError) as caught:
        guidance.link(
            province_admin, Unit.objects.get(code=guide), Unit.objects.get(code=guided), purposes
        )
    both = caught.value.bilingual()
    assert words in both["vi"] and both["en"] != both["vi"]
    assert not Guidance.objects.exists()


# --- pages and API -----------------------------------------------------------------------


def test_the_unit_page_shows_links_both_ways_and_lets_the_admin_add_one(
    client: Client, tree: dict[str, Unit], board: Unit, province_admin: Any
) -> None:
    client.force_login(province_admin)
    response = client.post(
        reverse("unit-guidance-add", args=["board"]),
        {"guided": "commune", "purposes": ["dispatch", "figures"], "note": "30-HD/BTG"},
    )
    assert response.status_code == 302
    assert Guidance.objects.get().purposes() == ["dispatch", "figures"]
    page = client.get(reverse("unit-detail", args=["board"])).content.decode()
    assert "Xã Đồng Tâm" in page and "30-HD/BTG" in page
    page = client.get(reverse("unit-detail", args=["village"])).content.decode()
    assert "Ban Tuyên giáo" in page  # guided through its commune


def test_the_guide_cannot_open_the_guided_units_pages_or_add_links(
    client: Client, link: Guidance, people: dict[str, Any]
) -> None:
    client.force_login(people["guide_editor"])
    assert client.get(reverse("unit-detail", args=["commune"])).status_code == 403
    assert client.get(reverse("inbox", args=["commune"])).status_code == 403
    response = client.post(
        reverse("unit-guidance-add", args=["board"]), {"guided": "cell-b", "purposes": ["figures"]}
    )
    assert response.status_code == 403
    assert Guidance.objects.count() == 1


def test_the_guide_reads_the_guided_figures_on_the_dashboard_and_the_api(
    client: Client, link: Guidance, people: dict[str, Any]
) -> None:
    client.force_login(people["guide_editor"])
    page = client.get(reverse("rollup-dashboard") + "?unit=board")
    assert page.status_code == 200
    html = page.content.decode()
    assert 'data-unit="commune"' in html and 'id="scope-choice"' in html
    assert client.get(reverse("rollup-dashboard") + "?unit=commune").status_code == 200
    api = client.get("/api/rollups/?unit=board&from=2026-01-01&to=2026-03-31&scope=guided")
    assert api.status_code == 200
    assert [c["unit"]["code"] for c in api.json()["children"]] == ["commune"]
    client.force_login(people["sibling"])
    assert client.get(reverse("rollup-dashboard") + "?unit=commune").status_code == 403
    assert client.get("/api/rollups/?unit=commune&from=2026-01-01&to=2026-03-31").status_code == 403


def test_the_api_lists_creates_and_deletes_links_for_admins_of_both_ends(
    client: Client, tree: dict[str, Unit], board: Unit, province_admin: Any, people: dict[str, Any]
) -> None:
    client.force_login(people["guide_editor"])
    refused = client.post(
        "/api/guidance/",
        {"guide": "board", "guided": "commune", "purposes": ["figures"]},
        content_type="application/json",
    )
    assert refused.status_code == 403 and not Guidance.objects.exists()
    client.force_login(province_admin)
    made = client.post(
        "/api/guidance/",
        {"guide": "board", "guided": "commune", "purposes": ["figures", "reports"]},
        content_type="application/json",
    )
    assert made.status_code == 201, made.content
    assert made.json()["purposes"] == ["figures", "reports"]
    bad = client.post(
        "/api/guidance/",
        {"guide": "board", "guided": "commune", "purposes": []},
        content_type="application/json",
    )
    assert bad.status_code == 400
    client.force_login(people["guided_officer"])
    assert [g["guided"] for g in client.get("/api/guidance/").json()["results"]] == ["commune"]
    client.force_login(people["sibling"])
    assert client.get("/api/guidance/").json()["results"] == []
    client.force_login(province_admin)
    link_id = made.json()["id"]
    assert client.delete(f"/api/guidance/{link_id}/").status_code == 204
    assert not Guidance.objects.exists()


# --- four eyes where a small unit has no approver ------------------------------------------


def test_the_guiding_units_approver_approves_where_the_line_has_none(
    tree: dict[str, Unit], link: Guidance, people: dict[str, Any]
) -> None:
    leader = people["guide_leader"]
    assert permissions.approver_ids(tree["village"]) == {leader.pk}
    assert permissions.can(leader, Action.APPROVE, tree["village"])
    # Once the commune has a leader of its own, approval is theirs alone.
    own = person_with(Role.APPROVER, tree["commune"], "commune-leader")
    assert permissions.approver_ids(tree["village"]) == {own.pk}
    assert not permissions.can(leader, Action.APPROVE, tree["village"])
    # A sibling's approver never approves through someone else's link.
    sibling_leader = person_with(Role.APPROVER, tree["cell-b"], "sibling-leader")
    assert not permissions.can(sibling_leader, Action.APPROVE, tree["commune"])


def test_a_communes_item_is_approved_by_the_guiding_leader_who_is_told(
    client: Client, tree: dict[str, Unit], link: Guidance, people: dict[str, Any],
    commune_editor: Any,
) -> None:
    from tincoso.core.models import Notification
    from tincoso.publishing import services as publishing
    from tincoso.publishing.models import Item

    item = publishing.create_item(
        commune_editor,
        tree["commune"],
        publishing.Draft(title="Lịch tiêm chủng tháng 3", summary="", body="Sáng thứ Tư.",
                         kind="notice"),
    )
    client.force_login(commune_editor)
    page = client.get(reverse("item-detail", args=[item.pk])).content.decode()
    assert 'id="reviewers"' in page and people["guide_leader"].display_name in page
    publishing.submit_for_review(commune_editor, item)
    leader = people["guide_leader"]
    assert Notification.objects.filter(user=leader).exists()
    client.force_login(leader)
    assert client.get(reverse("item-detail", args=[item.pk])).status_code == 200
    publishing.approve(leader, Item.objects.get(pk=item.pk))
    assert Item.objects.get(pk=item.pk).status == Item.Status.PUBLISHED
    # The guide's editor still cannot open the commune's items.
    client.force_login(people["guide_editor"])
    assert client.get(reverse("item-detail", args=[item.pk])).status_code == 404


def test_an_author_is_told_when_nobody_can_approve(
    client: Client, tree: dict[str, Unit], commune_editor: Any
) -> None:
    from tincoso.publishing import services as publishing

    item = publishing.create_item(
        commune_editor,
        tree["commune"],
        publishing.Draft(title="Thông báo", summary="", body="Nội dung.", kind="notice"),
    )
    client.force_login(commune_editor)
    page = client.get(reverse("item-detail", args=[item.pk])).content.decode()
    assert "Chưa có ai duyệt được tin của đơn vị này" in page


def test_an_admin_cannot_grant_themselves_the_approver_role(
    client: Client, tree: dict[str, Unit], province_admin: Any
) -> None:
    """Issue 18 #6: the rule 'an administrator runs the system, not the line' holds
    for self-grants too, on the service, the page and the API; another admin may."""
    from tincoso.core.errors import PermissionDeniedError
    from tincoso.units.models import Membership
    from tincoso.units.services import grant_role

    with pytest.raises(PermissionDeniedError):
        grant_role(province_admin, province_admin, tree["commune"], Role.APPROVER)
    client.force_login(province_admin)
    api = client.post(
        "/api/memberships/",
        {"unit_code": "commune", "username": province_admin.username, "role": "approver"},
        content_type="application/json",
    )
    assert api.status_code == 403
    page = client.post(
        reverse("unit-grant", args=["commune"]),
        {"username": province_admin.username, "role": "approver"},
    )
    assert page.status_code == 403
    assert not Membership.objects.filter(user=province_admin, role=Role.APPROVER).exists()
    other = person_with(Role.ADMIN, tree["province"], "second-admin")
    grant_role(other, province_admin, tree["commune"], Role.APPROVER)
    assert permissions.can(province_admin, Action.APPROVE, tree["commune"])
