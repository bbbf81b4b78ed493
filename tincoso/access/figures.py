"""Counts for the roll-up: requests received, settled on time, settled late, open past
their deadline, over a unit's subtree and a period. Counts only: no identity."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, F, Q

from tincoso.access.models import OPEN, InfoRequest
from tincoso.core import clock
from tincoso.units.models import Unit


def request_figures(unit: Unit, start: dt.date, end: dt.date) -> dict[str, int]:
    """Requests received in [start, end] by units under ``unit``."""
    today = clock.today()
    counts = InfoRequest.objects.filter(
        unit__path__startswith=unit.path, received_on__range=(start, end)).aggregate(
        received=Count("pk"),
        on_time=Count("pk", filter=Q(closed_on__isnull=False, closed_on__lte=F("due_on"))),
        late=Count("pk", filter=Q(closed_on__isnull=False, closed_on__gt=F("due_on"))),
        overdue=Count("pk", filter=Q(status__in=OPEN, due_on__lt=today)),
        refused=Count("pk", filter=Q(status="refused")))
    return {key: int(value) for key, value in counts.items()}
