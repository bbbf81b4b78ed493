"""The permission gate as a matrix: every role, every action, own unit vs. sibling."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser

from tincoso.conftest import make_user, person_with
from tincoso.core.errors import PermissionDeniedError
from tincoso.units import permissions
from tincoso.units.models import Role, Unit
from tincoso.units.permissions import ROLE_ACTIONS, Action
from tincoso.units.services import grant_role, revoke_role

ROLES = list(Role.values)
ACTIONS = list(Action)

# The policy, written out as the README's roles table says it: this test does not
# read ROLE_ACTIONS, so a change to the gate's table must be made here too, on purpose.
POLICY = """
action              admin  editor  approver  officer  reporter  viewer
view                  x      x        x         x        x        x
view_figures          x      x        x         x        x        x
edit_content          x      x        .         .        .        .
register_documents    x      x        .         x        .        .
dispatch              x      x        .         .        .        .
approve               .      .        x         .        .        .
acknowledge           x      .        .         x        .        .
report                x      .        .         x        .        .
log_activity          x      x        .         x        x        .
manage_units          x      .        .         .        .        .
manage_members        x      .        .         .        .        .
view_audit            x      .        .         .        .        .
"""


def _policy() -> dict[tuple[str, str], bool]:
    header, *rows = [line.split() for line in POLICY.strip().splitlines()]
    return {
        (role, row[0]): mark == "x"
        for row in rows
        for role, mark in zip(header[1:], row[1:], strict=True)
    }


def test_the_written_policy_covers_every_role_and_action() -> None:
    policy = _policy()
    assert {role for role, _ in policy} == set(ROLES)
    assert {action for _, action in policy} == {a.value for a in ACTIONS}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", ACTIONS)
def test_a_role_on_a_cell_allows_exactly_its_actions_there_and_nothing_on_a_sibling(
    tree: dict[str, Unit], role: str, action: Action
) -> None:
    user = person_with(role, tree["cell-a"])
    expected = _policy()[(role, action.value)]
    assert permissions.can(user, action, tree["cell-a"]) is expected
    assert permissions.can(user, action, tree["cell-b"]) is False
    assert permissions.can(user, action, tree["committee"]) is False
    assert permissions.can(user, action, tree["province"]) is False
    assert permissions.can(user, action, tree["commune"]) is False


@pytest.mark.parametrize("role", ROLES)
def test_a_role_applies_to_the_whole_subtree(tree: dict[str, Unit], role: str) -> None:
    user = person_with(role, tree["committee"])
    for code in ("committee", "cell-a", "cell-b"):
        assert permissions.can(user, Action.VIEW, tree[code])
    assert not permissions.can(user, Action.VIEW, tree["commune"])
    assert not permissions.can(user, Action.VIEW, tree["village"])


@pytest.mark.parametrize("role", ROLES)
def test_lists_are_narrowed_to_the_users_subtrees(tree: dict[str, Unit], role: str) -> None:
    user = person_with(role, tree["commune"])
    visible = set(permissions.units_where(user, Action.VIEW).values_list("code", flat=True))
    assert visible == {"commune", "village"}


def test_an_outsider_and_anonymous_may_do_nothing(tree: dict[str, Unit]) -> None:
    outsider = make_user("nobody")
    for user in (outsider, AnonymousUser()):
        for action in ACTIONS:
            assert not permissions.can(user, action, tree["village"])
        assert permissions.units_where(user, Action.VIEW).count() == 0


def test_an_inactive_user_may_do_nothing(tree: dict[str, Unit]) -> None:
    user = person_with(Role.ADMIN, tree["province"])
    user.is_active = False
    user.save()
    assert not permissions.can(user, Action.VIEW, tree["village"])


def test_a_superuser_may_do_everything(tree: dict[str, Unit]) -> None:
    from django.contrib.auth import get_user_model

    root = get_user_model().objects.create_superuser("root", "r@example.invalid", "x" * 12)
    for action in ACTIONS:
        assert permissions.can(root, action, tree["cell-b"])


def test_no_role_can_approve_unless_it_is_the_approver_role() -> None:
    allowed = [role for role, actions in ROLE_ACTIONS.items() if Action.APPROVE in actions]
    assert allowed == [Role.APPROVER]


def test_require_raises_a_bilingual_permission_error(tree: dict[str, Unit]) -> None:
    user = person_with(Role.EDITOR, tree["cell-a"])
    with pytest.raises(PermissionDeniedError) as caught:
        permissions.require(user, Action.EDIT_CONTENT, tree["cell-b"])
    both = caught.value.bilingual()
    assert "Chi bộ Sở Y tế" in both["vi"] and "Chi bộ Sở Y tế" in both["en"]
    assert caught.value.status == 403


def test_objects_are_checked_through_their_unit(tree: dict[str, Unit]) -> None:
    user = person_with(Role.OFFICER, tree["cell-a"])

    class Thing:
        def __init__(self, unit: Unit) -> None:
            self.unit = unit

    assert permissions.can(user, Action.ACKNOWLEDGE, Thing(tree["cell-a"]))
    assert not permissions.can(user, Action.ACKNOWLEDGE, Thing(tree["cell-b"]))


def test_revoking_a_role_takes_effect_at_once(tree: dict[str, Unit]) -> None:
    user: Any = make_user("temp")
    membership = grant_role(None, user, tree["cell-a"], Role.VIEWER)
    assert permissions.can(user, Action.VIEW, tree["cell-a"])
    revoke_role(None, membership)
    assert not permissions.can(user, Action.VIEW, tree["cell-a"])


def test_an_admin_cannot_give_roles_outside_their_subtree(tree: dict[str, Unit]) -> None:
    admin = person_with(Role.ADMIN, tree["commune"])
    target = make_user("target")
    with pytest.raises(PermissionDeniedError):
        grant_role(admin, target, tree["cell-a"], Role.VIEWER)
    assert not target.memberships.exists()
