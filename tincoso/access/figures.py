"""Counts for the roll-up (``reports.rollup``), by unit, never by requester:

``access.received``   requests received in the period (by date of receipt)
``access.on_time``    of those, settled (answered or refused) by their deadline
``access.late``       of those, settled after their deadline
``access.overdue``    of those, still open today past their deadline
``access.refused``    of those, refused (on a ground of khoản 1 Điều 28)
``access.refused_by.<ground>``  the refusals by ground (``models.RefusalGround``)
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable

from django.db.models import Count, F, Q
from django.db.models.functions import Substr

from tincoso.access.models import OPEN, InfoRequest, Status
from tincoso.core import clock
from tincoso.units.models import Unit

FIGURES = ("received", "on_time", "late", "overdue", "refused")
BY_GROUND = "access.refused_by."


def figures_into(path: str, since: dt.datetime, until: dt.datetime, child_len: int,
                 bucket: Callable[[str], Counter[str]]) -> None:
    """Count into ``bucket(first child_len chars of the unit path)`` for [since, until)."""
    settled = Q(closed_on__isnull=False)
    requests = (InfoRequest.objects.filter(
        unit__path__startswith=path, received_on__gte=since.date(),
        received_on__lt=until.date()).order_by()
        .annotate(b=Substr("unit__path", 1, child_len)))
    rows = requests.values("b").annotate(
        received=Count("pk"),
        timely=Count("pk", filter=settled & Q(closed_on__lte=F("due_on"))),
        late=Count("pk", filter=settled & Q(closed_on__gt=F("due_on"))),
        overdue=Count("pk", filter=Q(status__in=OPEN, due_on__lt=clock.today())),
        refused=Count("pk", filter=Q(status=Status.REFUSED)))
    for row in rows:
        counts = {"received": row["received"], "on_time": row["timely"], "late": row["late"],
                  "overdue": row["overdue"], "refused": row["refused"]}
        c = bucket(row["b"])
        for name in FIGURES:
            c[f"access.{name}"] += counts[name]
    grounds = (requests.filter(status=Status.REFUSED).values("b", "refusal_ground")
               .annotate(n=Count("pk")))
    for by in grounds:
        bucket(by["b"])[BY_GROUND + by["refusal_ground"]] += by["n"]


def _total(unit: Unit, start: dt.date, end: dt.date) -> Counter[str]:
    total: Counter[str] = Counter()
    figures_into(unit.path, dt.datetime.combine(start, dt.time()),
                 dt.datetime.combine(end + dt.timedelta(days=1), dt.time()), len(unit.path),
                 lambda _b: total)
    return total


def request_figures(unit: Unit, start: dt.date, end: dt.date) -> dict[str, int]:
    """The same counts for one subtree, requests received from ``start`` to ``end``."""
    total = _total(unit, start, end)
    return {name: total[f"access.{name}"] for name in FIGURES}


def refusal_grounds(unit: Unit, start: dt.date, end: dt.date) -> dict[str, int]:
    """The refusals of one subtree by ground, requests received from ``start`` to ``end``."""
    return {key.removeprefix(BY_GROUND): n for key, n in _total(unit, start, end).items()
            if key.startswith(BY_GROUND) and n}
