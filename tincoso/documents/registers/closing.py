"""Closing a unit's incoming register for a year (NĐ 30/2020 Art. 22(3)(b): the
register kept on the system is printed, signed and closed).

Closed, the year takes no new số đến (``rules._next_number`` asks ``is_closed``) and
the register's lines are kept as they were printed: later changes to a document or
its handling no longer move them.
"""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from tincoso.core import clock
from tincoso.core.errors import ConflictError
from tincoso.documents.models import RegisterClosure
from tincoso.documents.registers.rows import entries, register_row
from tincoso.documents.rules import DocumentError, _require
from tincoso.units.models import Unit
from tincoso.units.permissions import Action


def is_closed(unit: Unit, year: int) -> bool:
    return RegisterClosure.objects.filter(unit=unit, year=year).exists()


def closure(unit: Unit, year: int) -> RegisterClosure | None:
    return RegisterClosure.objects.filter(unit=unit, year=year).select_related("closed_by").first()


def refuse_if_closed(unit: Unit, year: int) -> None:
    if is_closed(unit, year):
        raise ConflictError(
            _("Sổ đăng ký văn bản đến năm %(year)s của %(unit)s đã khóa: không cấp số đến mới."),
            year=year,
            unit=unit.name,
        )


@transaction.atomic
def close_register(actor: Any, unit: Unit, year: int) -> RegisterClosure:
    """Close ``unit``'s incoming register for ``year`` (this year or an earlier one)."""
    _require(actor, Action.REGISTER_DOCUMENTS, unit)
    if year > clock.today().year:
        raise DocumentError(_("Không khóa được sổ của một năm chưa đến."))
    if year < 2000:
        raise DocumentError(_("Năm của sổ phải từ 2000 trở đi."))
    Unit.objects.select_for_update().filter(pk=unit.pk).first()  # one closing at a time
    refuse_if_closed(unit, year)
    rows = [register_row(e) for e in entries(unit, year)]
    try:
        with transaction.atomic():
            return RegisterClosure.objects.create(
                unit=unit, year=year, closed_by=actor, closed_at=clock.now(),
                count=len(rows), rows=rows,
            )  # fmt: skip
    except IntegrityError:  # closed meanwhile by someone else
        refuse_if_closed(unit, year)
        raise
