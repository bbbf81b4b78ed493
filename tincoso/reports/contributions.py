"""What each record contributes to the daily and monthly subtree tallies the roll-ups read.

Each function returns, for one record (a mapping of the fields it names), the
unit, the day (Vietnam time) and the figures it adds there: dispatches and activities here,
feedback in ``feedback.figures`` (which the feedback statistics page reads too).
``ReportsConfig.ready`` hands them to ``units.subtree_tallies.track``, which keeps
the tally in step on every save and delete. The same figures are counted in SQL
for the days that cut a month (``rollup._records_between``, and
``feedback.figures.count_into``); ``reports/tests/test_tallies.py`` compares both
ways on random data, every figure and histogram bin. Figures that depend on the
present moment (how many are overdue *now*) are not tallied: the roll-up counts
them from the few open records.
"""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from tincoso.feedback import figures as feedback_figures
from tincoso.feedback.figures import HOUR, HOURS_TO_ANSWER
from tincoso.opinion.figures import HOURS_TO_CORRECTION
from tincoso.units import subtree_tallies
from tincoso.units.subtree_tallies import Contribution, day_of, duration_bin, seconds_between

DAYS_TO_ACKNOWLEDGE = "documents.median_days_to_acknowledge"
DAYS_TO_FINISH = "documents.median_days_to_finish"
# Each median figure, the unit its durations are shown in (seconds per unit).
MEDIANS = {DAYS_TO_ACKNOWLEDGE: 86400, DAYS_TO_FINISH: 86400, HOURS_TO_ANSWER: HOUR,
           HOURS_TO_CORRECTION: HOUR}

DISPATCH_FIELDS = ("recipient_id", "sent_at", "opened_at", "acknowledged_at", "done_at")
AUDIENCE = ("total", "members", "civil_servants", "citizens", "ethnic_minority")
ACTIVITY_FIELDS = ("unit_id", "starts_at", "form", *(f"audience_{a}" for a in AUDIENCE))


def dispatch(row: Mapping[str, Any]) -> Contribution:
    """A directive received by a unit: counted on the day it was sent."""
    sent, ack, done = row["sent_at"], row["acknowledged_at"], row["done_at"]
    figures = {"documents.received": 1}
    if row["opened_at"] is not None:
        figures["documents.opened"] = 1
    if ack is not None:
        figures["documents.acknowledged"] = 1
        figures.update(duration_bin(DAYS_TO_ACKNOWLEDGE, seconds_between(sent, ack)))
        if done is not None:
            figures.update(duration_bin(DAYS_TO_FINISH, seconds_between(sent, done)))
    if done is not None:
        figures["documents.done"] = 1
    return [(row["recipient_id"], day_of(sent), figures)]


def activity(row: Mapping[str, Any]) -> Contribution:
    """A talk, meeting or broadcast: counted on the day it started, with its audience."""
    figures = {"activities.count": 1, f"activities.by_form.{row['form']}": 1}
    for name in AUDIENCE:
        value = row[f"audience_{name}"] or 0
        if value:
            figures[f"activities.audience.{name}"] = value
    return [(row["unit_id"], day_of(row["starts_at"]), figures)]


def build_if_missing(**kwargs: Any) -> None:
    """After ``migrate``: a database that has records but no tallies yet (an upgrade
    from before the tallies existed) gets them built once."""
    from tincoso.units import models as m

    if not any(spec.model._base_manager.exists() for spec in subtree_tallies.tracked()):
        return
    if not (m.SubtreeMonth.objects.exists() and m.SubtreeDay.objects.exists()):
        subtree_tallies.rebuild()
        return
    # An upgrade from before the coarser and dekad tallies: summed from months and days.
    if not (m.SubtreeQuarter.objects.exists() and m.SubtreeYear.objects.exists()):
        subtree_tallies.sum_months()
    if not m.SubtreeDekad.objects.exists():
        subtree_tallies.sum_days()


def register() -> None:
    from tincoso.documents.models import Dispatch
    from tincoso.feedback.models import Feedback
    from tincoso.outreach.models import Activity

    subtree_tallies.track(Dispatch, DISPATCH_FIELDS, dispatch, "sent_at")
    subtree_tallies.track(
        Feedback, feedback_figures.FIELDS, feedback_figures.contribution, "submitted_at"
    )
    subtree_tallies.track(Activity, ACTIVITY_FIELDS, activity, "starts_at")
