"""Guidance links: who guides whom beside the tree (party, state and Front lines).

A link is made by an administrator who holds both ends (``MANAGE_UNITS`` on the
guiding unit and on the guided one, which an administrator of a common ancestor
does). What a link lets the guiding side do is decided by the permission gate
(``units.permissions``), never here.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from tincoso.core.errors import DomainError
from tincoso.core.text import clean_line
from tincoso.units import permissions
from tincoso.units.models import PURPOSES, Guidance, Unit
from tincoso.units.permissions import Action


class GuidanceError(DomainError):
    code = "invalid_guidance"


@transaction.atomic
def link(
    actor: Any, guide: Unit, guided: Unit, purposes: Iterable[str], note: str = ""
) -> Guidance:
    """Make (or change the purposes of) the link ``guide`` → ``guided``."""
    if actor is not None:
        permissions.require(actor, Action.MANAGE_UNITS, guide)
        permissions.require(actor, Action.MANAGE_UNITS, guided)
    chosen = set(purposes)
    unknown = chosen - set(PURPOSES)
    if unknown:
        names = ", ".join(sorted(unknown))
        raise GuidanceError(_("Mục đích không hợp lệ: %(names)s."), names=names)
    if not chosen:
        raise GuidanceError(_("Hãy chọn ít nhất một mục đích chỉ đạo."))
    if guided.is_within(guide):
        raise GuidanceError(
            _("“%(guided)s” đã thuộc “%(guide)s”: không cần quan hệ chỉ đạo."),
            guided=guided.name,
            guide=guide.name,
        )
    if guide.is_within(guided):
        raise GuidanceError(
            _("“%(guide)s” thuộc “%(guided)s”: đơn vị cấp dưới không chỉ đạo cấp trên."),
            guided=guided.name,
            guide=guide.name,
        )
    found = Guidance.objects.filter(guide=guide, guided=guided).first()
    made = found or Guidance(guide=guide, guided=guided)
    for name in PURPOSES:
        setattr(made, name, name in chosen)
    made.note = clean_line(note or "")[:255]
    made.save()
    return made


@transaction.atomic
def unlink(actor: Any, made: Guidance) -> None:
    if actor is not None:
        permissions.require(actor, Action.MANAGE_UNITS, made.guide)
        permissions.require(actor, Action.MANAGE_UNITS, made.guided)
    made.delete()


def links_of(unit: Unit) -> dict[str, list[Guidance]]:
    """The links a unit's page shows: those it (or a unit above it) gives and those
    it (or a unit above it) receives."""
    above = [*Unit.objects.get_ancestors(unit), unit] if unit.depth > 1 else [unit]
    related = Guidance.objects.select_related("guide", "guided").order_by(
        "guide__path", "guided__path"
    )
    return {
        "gives": list(related.filter(guide=unit)),
        "receives": list(related.filter(guided__in=above)),
    }


def guided_roots(unit: Unit, purpose: str) -> QuerySet[Unit]:
    """The roots of the subtrees ``unit`` reaches through links, for ``purpose``."""
    paths = permissions.guided_paths([unit.path], purpose)
    return Unit.objects.filter(path__in=paths).order_by("path")


def reach(unit: Unit, purpose: str) -> QuerySet[Unit]:
    """Every unit ``unit`` reaches for ``purpose``: its subtree and what it guides."""
    paths = permissions.reach_paths(unit, purpose)
    query = Q()
    for path in paths:
        query |= Q(path__startswith=path)
    return Unit.objects.filter(query)
