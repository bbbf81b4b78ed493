"""The one gate: may this user do this action on this unit or object?

Every view, API endpoint and command asks here. A role held on a unit applies
to the unit's whole subtree, never to its siblings or ancestors. Objects of
other apps take part by having a ``unit`` attribute (or a ``permission_unit``
property) naming the unit they belong to.

Guidance links (``units.models.Guidance``) reach further for named purposes
only: a unit in the subtree guides another unit's subtree, so a role there may
read the guided subtree's figures (``VIEW_FIGURES``); where a unit may send
directives and who receives its reports are ``reach_paths(unit, purpose)``.
No link ever grants editing, approving or reading the guided units' content.
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
from tincoso.units.models import PURPOSES, Guidance, Membership, Role, Unit


class Action(StrEnum):
    VIEW = "view"  # see the unit and what belongs to it
    VIEW_FIGURES = "view_figures"  # read roll-ups and dashboards (also over guided subtrees)
    EDIT_CONTENT = "edit_content"  # write bulletins, schedule programmes
    REGISTER_DOCUMENTS = "register_documents"  # import and register the unit's documents
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
        {
            Action.VIEW,
            Action.VIEW_FIGURES,
            Action.EDIT_CONTENT,
            Action.REGISTER_DOCUMENTS,
            Action.DISPATCH,
            Action.LOG_ACTIVITY,
        }
    ),
    Role.APPROVER: frozenset({Action.VIEW, Action.VIEW_FIGURES, Action.APPROVE}),
    # An officer keeps the unit's register: the cell's own implementing plan too.
    Role.OFFICER: frozenset(
        {
            Action.VIEW,
            Action.VIEW_FIGURES,
            Action.REGISTER_DOCUMENTS,
            Action.ACKNOWLEDGE,
            Action.REPORT,
            Action.LOG_ACTIVITY,
        }
    ),
    Role.REPORTER: frozenset({Action.VIEW, Action.VIEW_FIGURES, Action.LOG_ACTIVITY}),
    Role.VIEWER: frozenset({Action.VIEW, Action.VIEW_FIGURES}),
}
# Which actions a guidance link extends, and by which of its purposes.
GUIDED_ACTIONS: dict[Action, str] = {Action.VIEW_FIGURES: "figures"}

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
    for attr in (_CACHE_ATTR, _GUIDED_ATTR):
        if hasattr(user, attr):
            delattr(user, attr)


_GUIDED_ATTR = "_tincoso_guided"


def guided_paths(paths: list[str], purpose: str) -> list[str]:
    """Paths of the subtrees that units under ``paths`` guide for ``purpose``."""
    if purpose not in PURPOSES:
        raise ValueError(purpose)
    if not paths:
        return []
    below = reduce(or_, (Q(guide__path__startswith=p) for p in paths))
    return sorted(
        set(
            Guidance.objects.filter(below, guide__active=True, guided__active=True)
            .filter(**{purpose: True})
            .values_list("guided__path", flat=True)
        )
    )


def reach_paths(unit: Unit, purpose: str) -> list[str]:
    """The unit's own subtree and the subtrees it (or a unit below it) guides for
    ``purpose``: where it may send directives ("dispatch"), whose figures it reads
    ("figures"), whose reports it receives ("reports")."""
    return _outermost([unit.path, *guided_paths([unit.path], purpose)])


def _outermost(paths: list[str]) -> list[str]:
    """Drop paths nested in another: the outer one covers them."""
    kept: list[str] = []
    for path in sorted(set(paths)):
        if not any(path.startswith(k) for k in kept):
            kept.append(path)
    return kept


def _active(user: Any) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active)


def root_paths(user: Any, action: Action) -> list[str] | None:
    """Paths of the subtrees where ``user`` may do ``action``; None means everywhere."""
    if not _active(user):
        return []
    if user.is_superuser:
        return None
    paths = [p for p, role in _grants(user) if action in ROLE_ACTIONS.get(role, ())]
    purpose = GUIDED_ACTIONS.get(action)
    if purpose is not None:
        cache: dict[str, list[str]] = getattr(user, _GUIDED_ATTR, None) or {}
        key = f"{action}"
        if key not in cache:
            cache[key] = guided_paths(_outermost(paths), purpose)
            setattr(user, _GUIDED_ATTR, cache)
        paths = [*paths, *cache[key]]
    return _outermost(paths)


def approval_fallback_paths(user: Any) -> list[str]:
    """Subtrees guided (for any purpose) by the units where ``user`` approves: where
    :func:`approver_ids` may fall back to them when a unit's own line has no approver.
    Computed once per user object (a request's to-do sections all ask)."""
    paths = root_paths(user, Action.APPROVE)
    if not paths:  # nowhere, or a superuser (everywhere already)
        return []
    cache: dict[str, list[str]] = getattr(user, _GUIDED_ATTR, None) or {}
    if "approval-fallback" not in cache:
        below = reduce(or_, (Q(guide__path__startswith=p) for p in paths))
        cache["approval-fallback"] = sorted(
            set(
                Guidance.objects.filter(below, guide__active=True).values_list(
                    "guided__path", flat=True
                )
            )
        )
        setattr(user, _GUIDED_ATTR, cache)
    return cache["approval-fallback"]


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
    unit = unit_of(target)
    if any(unit.path.startswith(p) for p in paths):
        return True
    # A small unit whose line has no approver is approved from the unit guiding it.
    return action == Action.APPROVE and bool(paths) and user.pk in approver_ids(unit)


def approver_ids(unit: Unit) -> set[int]:
    """Who approves what ``unit`` makes public or official (four eyes): the people
    with the approver role on the unit or above it; where its line has none (a
    commune without a leader on the platform), those of the units that guide it
    (or guide a unit above it)."""
    above = unit.paths_above()
    approvers = Membership.objects.filter(role=Role.APPROVER, user__is_active=True)
    own = set(approvers.filter(unit__path__in=above).values_list("user_id", flat=True))
    if own:
        return own
    guides = Unit.objects.filter(guides__guided__path__in=above, active=True).distinct()
    reach = {path for guide in guides for path in guide.paths_above()}
    return set(approvers.filter(unit__path__in=reach).values_list("user_id", flat=True))


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
