"""Who a unit is on the exchange: its own OrganId, or the nearest one above it
(a board sends and receives under its body's code)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from tincoso.documents.exchange.envelope import Organ as OrganValue
from tincoso.documents.exchange.errors import EnvelopeError
from tincoso.documents.exchange.models import Organ
from tincoso.units.models import Unit

NO_IDENTITY = _("Đơn vị %(unit)s chưa có mã định danh liên thông (OrganId).")


def identity_of(unit: Unit) -> Organ | None:
    paths = Unit.prefixes(unit.path)
    found = Organ.objects.filter(unit__path__in=paths).select_related("unit")
    return max(found, key=lambda o: len(o.unit.path if o.unit else ""), default=None)


def require_identity(unit: Unit) -> Organ:
    organ = identity_of(unit)
    if organ is None:
        raise EnvelopeError(NO_IDENTITY, unit=unit.name)
    return organ


def as_value(organ: Organ) -> OrganValue:
    return OrganValue(organ_id=organ.organ_id, name=organ.name)


def units_for(organ_ids: list[str]) -> dict[str, Unit]:
    """Our units among the OrganIds, by OrganId."""
    found = Organ.objects.filter(organ_id__in=organ_ids, unit__isnull=False).select_related("unit")
    return {o.organ_id: o.unit for o in found if o.unit is not None}
