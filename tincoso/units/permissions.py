"""The one gate: may this user do this action on this unit or object?

Every view, API endpoint and command asks here. A role held on a unit applies
to the unit's whole subtree, never to its siblings or ancestors. Objects of
other apps take part by having a ``unit`` attribute (or a ``permission_unit``
property) naming the unit they belong to.
"""

from __future__ import annotations

from enum import StrEnum
from functools import reduce
from operator import or_
from typing import Any, TypeVar

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from tincoso.core.errors import PermissionDeniedError
from tincoso.units.models import Membership, Role, Unit


class Action(StrEnum):
    VIEW = "view"  # see the unit and what belongs to it
    EDIT_CONTENT = "edit_content"  # import documents, write bulletins, schedule programmes
    DISPATCH = "dispatch"  # send documents down the tree
    APPROVE = "approve"  # approve publication (a leadership decision)
    ACKNOWLEDGE = "acknowledge"  # receive, acknowledge and implement directives
    REPORT = "report"  # write and submit implementation reports
    LOG_ACTIVITY = "log_activity"  # log talks, meetings and attendance
    MANAGE_UNITS = "manage_units"  # create, rename, move units
    MANAGE_MEMBERS = "manage_members"  # give people roles
    VIEW_AUDIT = "view_audit"  # read the audit log


_ALL = frozenset(Action)
ROLE_ACTIONS: dict[str, frozenset[Action]] = {
    # Approval stays with leaders: an administrator runs the system, not the line.
    Role.ADMIN: _ALL - {Action.APPROVE},
    Role.EDITOR: frozenset(
        {Action.VIEW, Action.EDIT_CONTENT, Action.DISPATCH, Action.LOG_ACTIVITY}
    ),
    Role.APPROVER: frozenset({Action.VIEW, Action.APPROVE}),
    Role.OFFICER: frozenset({Action.VIEW, Action.ACKNOWLEDGE, Action.REPORT, Action.LOG_ACTIVITY}),
    Role.REPORTER: frozenset({Action.VIEW, Action.LOG_ACTIVITY}),
    Role.VIEWER: frozenset({Action.VIEW}),
}

_CACHE_ATTR = "_tincoso_grants"
M = TypeVar("M", bound=models.Model)


def _grants(user: Any) -> list[tuple[str, str]]:
    """(unit path, role) pairs of the user's memberships, cached on the user object."""
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is None:
        cached = list(
            Membership.objects.filter(user=user, unit__active=True).values_list(
                "unit__path", "role"
            )
        )
        setattr(user, _CACHE_ATTR, cached)
    return cached


def forget(user: Any) -> None:
    """Drop the cached grants after the user's memberships changed."""
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)


def _active(user: Any) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active)


def root_paths(user: Any, action: Action) -> list[str] | None:
    """Paths of the subtrees where ``user`` may do ``action``; None means everywhere."""
    if not _active(user):
        return []
    if user.is_superuser:
        return None
    paths = sorted({p for p, role in _grants(user) if action in ROLE_ACTIONS.get(role, ())})
    # Drop paths nested in another: the outer grant covers them.
    kept: list[str] = []
    for path in paths:
        if not any(path.startswith(k) for k in kept):
            kept.append(path)
    return kept


def unit_of(target: Any) -> Unit:
    if isinstance(target, Unit):
        return target
    unit = getattr(target, "permission_unit", None) or getattr(target, "unit", None)
    if not isinstance(unit, Unit):
        raise TypeError(f"{type(target).__name__} has no unit to check permissions on")
    return unit


def can(user: Any, action: Action, target: Any) -> bool:
    """May ``user`` do ``action`` on ``target`` (a Unit, or an object with a unit)?"""
    paths = root_paths(user, action)
    if paths is None:
        return True
    path = unit_of(target).path
    return any(path.startswith(p) for p in paths)


def require(user: Any, action: Action, target: Any) -> None:
    """Raise PermissionDeniedError unless ``can(user, action, target)``."""
    if not can(user, action, target):
        raise PermissionDeniedError(
            _("Bạn không có quyền thực hiện thao tác này trên đơn vị “%(unit)s”."),
            unit=unit_of(target).name,
        )


def require_unless_system(user: Any, action: Action, target: Any) -> None:
    """``require``, except for ``user=None``: the system itself (demo data, commands,
    periodic jobs), which services accept as an actor."""
    if user is not None:
        require(user, action, target)


def restrict(
    queryset: models.QuerySet[M], user: Any, action: Action, unit_field: str = "unit"
) -> models.QuerySet[M]:
    """Narrow ``queryset`` to rows whose unit lies where ``user`` may do ``action``.

    ``unit_field`` is the lookup from the row to its Unit (``""`` for Units themselves).
    """
    paths = root_paths(user, action)
    if paths is None:
        return queryset
    if not paths:
        return queryset.none()
    lookup = f"{unit_field}__path__startswith" if unit_field else "path__startswith"
    return queryset.filter(reduce(or_, (Q(**{lookup: p}) for p in paths)))


def units_where(user: Any, action: Action) -> models.QuerySet[Unit]:
    """Every unit on which ``user`` may do ``action``."""
    return restrict(Unit.objects.all(), user, action, unit_field="")


def roles_of(user: Any) -> list[Membership]:
    """The user's memberships with their units, for display."""
    return list(Membership.objects.filter(user=user).select_related("unit").order_by("unit__path"))
