"""What waits for a person among bulletins: those in review they may approve."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _

from tincoso.broadcast.bulletins import services
from tincoso.broadcast.bulletins.models import Bulletin
from tincoso.core.todo import Entry, Section, section_of
from tincoso.units import permissions
from tincoso.units.permissions import Action


def awaiting_approval(user: Any) -> QuerySet[Bulletin]:
    """Bulletins in review where ``user`` approves, except their own (four eyes)."""
    own = Q(created_by=user) | Q(last_edited_by=user) | Q(submitted_by=user)
    in_review = Bulletin.objects.filter(status=Bulletin.Status.REVIEW).exclude(own)
    approves = permissions.restrict(in_review, user, Action.APPROVE)
    guided = services.approvable_units(user)
    if guided:
        approves = approves | in_review.filter(unit__in=guided)
    return approves.order_by("updated_at", "pk")


def _entry(bulletin: Bulletin) -> Entry:
    return Entry(title=bulletin.title, url=reverse("bulletin-detail", args=[bulletin.pk]),
                 unit=bulletin.unit.name, step=_("Duyệt"))  # fmt: skip


def approvals(user: Any, limit: int) -> Section | None:
    if permissions.root_paths(user, Action.APPROVE) == []:
        return None
    return section_of(
        awaiting_approval(user), limit, _entry, related=("unit",), key="bulletin-approvals",
        title=_("Bản tin phát thanh chờ bạn duyệt"), nav="bulletin-list",
        more_url=reverse("bulletin-list") + "?status=review",
    )  # fmt: skip
