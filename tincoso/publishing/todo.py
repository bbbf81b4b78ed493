"""What waits for a person in publishing: items in review that they may approve."""

from __future__ import annotations

from typing import Any

from django.db.models import F, Q, QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _

from tincoso.core.todo import Entry, Section, section_of
from tincoso.publishing.models import Item, ItemVersion
from tincoso.units import permissions
from tincoso.units.permissions import Action


def awaiting_approval(user: Any) -> QuerySet[Item]:
    """Items in review, and published items with a pending correction, on units where
    ``user`` approves, except their own (four eyes: ``services.approve`` refuses an
    author of any version, ``approve_correction`` an author of the correction), oldest
    first."""
    own = ItemVersion.objects.filter(created_by=user).values("item_id")
    own_correction = ItemVersion.objects.filter(
        created_by=user, discarded_at=None, number__gt=F("item__published_version__number")
    ).values("item_id")
    in_review = Q(status=Item.Status.REVIEW) & ~Q(author=user) & ~Q(pk__in=own)
    correction = (
        Q(status=Item.Status.PUBLISHED)
        & ~Q(current=F("published_version"))
        & ~Q(pk__in=own_correction)
    )
    return permissions.restrict(
        Item.objects.filter(in_review | correction), user, Action.APPROVE
    ).order_by("updated_at", "pk")


def _entry(item: Item) -> Entry:
    return Entry(
        title=str(item),
        url=reverse("item-detail", args=[item.pk]),
        unit=item.unit.name,
        step=_("Duyệt"),
    )


def approvals(user: Any, limit: int) -> Section | None:
    if permissions.root_paths(user, Action.APPROVE) == []:
        return None
    return section_of(
        awaiting_approval(user),
        limit,
        _entry,
        related=("unit", "current"),
        key="approvals",
        title=_("Tin bài chờ bạn duyệt"),
        nav="item-list",
        more_url=reverse("item-list") + "?status=review",
    )
