"""Monthly tallies of activities per unit, kept in step with the activities themselves.

Roll-ups over a year on a big province would otherwise read a million activity
rows; with the tally they read one row per unit and month (the edges of a
period that cut a month in two still come from the activities). Every service
that writes activities calls :func:`apply` in the same transaction, so the
tally never drifts; ``tincoso manage rebuild_activity_tally`` recomputes it from
scratch, and a test checks that both ways agree.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from typing import Any
from zoneinfo import ZoneInfo

from django.db import IntegrityError, models, transaction
from django.db.models import F

# models.py imports this module at its end, after Form is defined.
from tincoso.outreach.models import Form
from tincoso.units.models import Unit

VN = ZoneInfo("Asia/Ho_Chi_Minh")
FORMS = tuple(Form.values)  # one count column per form: a new form needs a migration
AUDIENCE = (
    "audience_total",
    "audience_members",
    "audience_civil_servants",
    "audience_citizens",
    "audience_ethnic_minority",
)


class ActivityMonth(models.Model):
    """Counts and audience sums of one unit's activities in one calendar month (Vietnam time)."""

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+")
    month = models.DateField()  # the first day of the month
    count = models.IntegerField(default=0)
    audience_total = models.BigIntegerField(default=0)
    audience_members = models.BigIntegerField(default=0)
    audience_civil_servants = models.BigIntegerField(default=0)
    audience_citizens = models.BigIntegerField(default=0)
    audience_ethnic_minority = models.BigIntegerField(default=0)

    class Meta:
        app_label = "outreach"
        constraints = [
            models.UniqueConstraint(fields=["unit", "month"], name="one_tally_per_unit_and_month")
        ]
        indexes = [models.Index(fields=["month", "unit"])]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.month:%Y-%m}: {self.count}"


for _form in FORMS:
    ActivityMonth.add_to_class(f"n_{_form}", models.IntegerField(default=0))


def month_of(moment: dt.datetime) -> dt.date:
    local = moment.astimezone(VN)
    return dt.date(local.year, local.month, 1)


def _deltas(activities: Iterable[Any], sign: int) -> dict[tuple[int, dt.date], dict[str, int]]:
    out: dict[tuple[int, dt.date], dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for a in activities:
        delta = out[(a.unit_id, month_of(a.starts_at))]
        delta["count"] += sign
        delta[f"n_{a.form}"] += sign
        for name in AUDIENCE:
            delta[name] += sign * (getattr(a, name) or 0)
    return out


def apply(added: Iterable[Any] = (), removed: Iterable[Any] = ()) -> None:
    """Add ``added`` activities to the tally and take ``removed`` ones out.

    For an edit, pass the activity as it was in ``removed`` and as it is now in
    ``added``. Call inside the transaction that writes the activities.
    """
    merged: dict[tuple[int, dt.date], dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for part in (_deltas(added, 1), _deltas(removed, -1)):
        for key, delta in part.items():
            for name, value in delta.items():
                merged[key][name] += value
    for (unit_id, month), delta in merged.items():
        changes = {name: F(name) + value for name, value in delta.items() if value}
        if not changes:
            continue
        with transaction.atomic():
            updated = ActivityMonth.objects.filter(unit_id=unit_id, month=month).update(**changes)
            if not updated:
                try:
                    with transaction.atomic():
                        ActivityMonth.objects.create(unit_id=unit_id, month=month, **delta)
                except IntegrityError:  # another writer created it first
                    ActivityMonth.objects.filter(unit_id=unit_id, month=month).update(**changes)


@transaction.atomic
def rebuild() -> int:
    """Recompute the whole tally from the activities; returns the number of tally rows."""
    from tincoso.outreach.models import Activity

    ActivityMonth.objects.all().delete()
    rows: dict[tuple[int, dt.date], dict[str, int]] = defaultdict(lambda: defaultdict(int))
    fields = ("unit_id", "form", "starts_at", *AUDIENCE)
    for values in Activity.objects.values_list(*fields).iterator(chunk_size=20000):
        record = dict(zip(fields, values, strict=True))
        row = rows[(record["unit_id"], month_of(record["starts_at"]))]
        row["count"] += 1
        row[f"n_{record['form']}"] += 1
        for name in AUDIENCE:
            row[name] += record[name] or 0
    ActivityMonth.objects.bulk_create(
        [ActivityMonth(unit_id=u, month=m, **row) for (u, m), row in rows.items()], batch_size=5000
    )
    return len(rows)
