"""Who sees which published items: live ones of their audiences."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from tincoso.core import clock
from tincoso.publishing.models import Item
from tincoso.units import permissions
from tincoso.units.models import Unit
from tincoso.units.permissions import Action

S = Item.Status


def live() -> QuerySet[Item]:
    now = clock.now()
    return Item.objects.filter(status=S.PUBLISHED, published_at__lte=now).filter(
        Q(expires_at__isnull=True) | Q(expires_at__gt=now)
    )


def member_paths(user: Any) -> tuple[list[str], list[str]]:
    """(subtree roots, ancestor paths) of the units a logged-in user belongs to."""
    if not (user and user.is_authenticated):
        return [], []
    if user.is_superuser:
        return [""], []
    roots = permissions.root_paths(user, Action.VIEW) or []
    ancestors = {p for root in roots for p in Unit.prefixes(root)[:-1]}
    return roots, sorted(ancestors)


def audience_filter(user: Any, prefix: str = "") -> Q:
    """Public items, and members-only items of units the user belongs to, above or below."""
    roots, ancestors = member_paths(user)
    q = Q(**{f"{prefix}audience": Item.Audience.PUBLIC})
    for root in roots:
        q |= Q(**{f"{prefix}unit__path__startswith": root})
    if ancestors:
        q |= Q(**{f"{prefix}unit__path__in": ancestors})
    return q


def items_visible_to(user: Any) -> QuerySet[Item]:
    return live().filter(audience_filter(user)).select_related("unit", "published_version")


def can_read(user: Any, item: Item) -> bool:
    return items_visible_to(user).filter(pk=item.pk).exists()
