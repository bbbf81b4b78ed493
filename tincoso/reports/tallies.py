"""What each record contributes to the monthly subtree tallies the roll-ups read.

Each function returns, for one record (a mapping of the fields it names), the
unit, the month and the figures it adds there. ``ReportsConfig.ready`` hands
them to ``units.tally.track``, which keeps the tally in step on every save and
delete. Figures that depend on the present moment (how many are overdue *now*)
are not tallied: the roll-up counts them from the few open records.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from tincoso.units import tally
from tincoso.units.tally import Contribution, duration_bin, month_of, seconds_between

DAYS_TO_ACKNOWLEDGE = "documents.median_days_to_acknowledge"
DAYS_TO_FINISH = "documents.median_days_to_finish"
HOURS_TO_ANSWER = "feedback.median_hours_to_answer"
# Each median figure, the unit its durations are shown in (seconds per unit).
MEDIANS = {DAYS_TO_ACKNOWLEDGE: 86400, DAYS_TO_FINISH: 86400, HOURS_TO_ANSWER: 3600}

DISPATCH_FIELDS = ("recipient_id", "sent_at", "opened_at", "acknowledged_at", "done_at")
FEEDBACK_FIELDS = ("unit_id", "submitted_at", "category", "answered_at", "deadline")
AUDIENCE = ("total", "members", "civil_servants", "citizens", "ethnic_minority")
ACTIVITY_FIELDS = ("unit_id", "starts_at", "form", *(f"audience_{a}" for a in AUDIENCE))


def dispatch(row: Mapping[str, Any]) -> Contribution:
    """A directive received by a unit: counted in the month it was sent."""
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
    return [(row["recipient_id"], month_of(sent), figures)]


def feedback(row: Mapping[str, Any]) -> Contribution:
    """A question or opinion: counted in the month it came in, at the unit handling it.

    One answered after its deadline stays overdue for good and is tallied; one still
    unanswered becomes overdue with time alone and is counted live by the roll-up.
    """
    submitted, answered = row["submitted_at"], row["answered_at"]
    figures = {"feedback.received": 1, f"feedback.by_category.{row['category']}": 1}
    if answered is not None:
        figures["feedback.answered"] = 1
        figures.update(duration_bin(HOURS_TO_ANSWER, seconds_between(submitted, answered)))
        if row["deadline"] is not None and answered > row["deadline"]:
            figures["feedback.overdue"] = 1
    return [(row["unit_id"], month_of(submitted), figures)]


def activity(row: Mapping[str, Any]) -> Contribution:
    """A talk, meeting or broadcast: counted in the month it started, with its audience."""
    figures = {"activities.count": 1, f"activities.by_form.{row['form']}": 1}
    for name in AUDIENCE:
        value = row[f"audience_{name}"] or 0
        if value:
            figures[f"activities.audience.{name}"] = value
    return [(row["unit_id"], month_of(row["starts_at"]), figures)]


def build_if_missing(**kwargs: Any) -> None:
    """After ``migrate``: a database that has records but no tallies yet (an upgrade
    from before the tallies existed) gets them built once."""
    from tincoso.units.models import SubtreeMonth

    if SubtreeMonth.objects.exists():
        return
    if any(spec.model._base_manager.exists() for spec in tally.tracked()):
        tally.rebuild()


def register() -> None:
    from tincoso.documents.models import Dispatch
    from tincoso.feedback.models import Feedback
    from tincoso.outreach.models import Activity

    tally.track(Dispatch, DISPATCH_FIELDS, dispatch)
    tally.track(Feedback, FEEDBACK_FIELDS, feedback)
    tally.track(Activity, ACTIVITY_FIELDS, activity)
