"""Topics over time across notes and feedback: the signal, the trend, the emerging rule.

The signal of a topic in a unit and a week adds every note there (weighted by how
widespread it says the view is: few 1, many 2, most 3) and every feedback item or
question whose topic an officer confirmed (1 each, counted at the place it came
from). Only counts leave this module: no text, no author.

A topic is **rising** in a unit when its signal this week is at least
``OPINION_EMERGING_MIN_SIGNAL`` and at least ``OPINION_EMERGING_FACTOR`` times last
week's; it is **emerging** in a scope when it rises in at least
``OPINION_EMERGING_MIN_UNITS`` units in the same week (settings, from the environment).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.utils import timezone

from tincoso.feedback.models import Feedback
from tincoso.opinion.models import Mood, Note, Reach
from tincoso.opinion.services import week_of, within

REACH_WEIGHT = {Reach.FEW: 1, Reach.MANY: 2, Reach.MOST: 3}
WEEK = dt.timedelta(days=7)

# (topic id, unit id, week) → signal
Signals = Counter[tuple[int, int, dt.date]]


@dataclass(frozen=True)
class Rule:
    min_units: int
    min_signal: int
    factor: int

    @classmethod
    def from_settings(cls) -> Rule:
        return cls(settings.OPINION_EMERGING_MIN_UNITS, settings.OPINION_EMERGING_MIN_SIGNAL,
                   settings.OPINION_EMERGING_FACTOR)


def signals(paths: list[str], first: dt.date, last: dt.date) -> tuple[Signals, Counter[
        tuple[int, str]]]:
    """Signals by (topic, unit, week) in the subtrees ``paths``, weeks ``first``..``last``
    (Mondays), and the notes' moods by (topic, mood)."""
    found: Signals = Counter()
    moods: Counter[tuple[int, str]] = Counter()
    notes = Note.objects.filter(within(paths, "unit"), week__gte=first, week__lte=last)
    for topic_id, unit_id, week, reach, mood in notes.values_list(
            "topic_id", "unit_id", "week", "reach", "mood"):
        found[(topic_id, unit_id, week)] += REACH_WEIGHT[Reach(reach)]
        moods[(topic_id, mood)] += 1
    zone = timezone.get_default_timezone()
    since = dt.datetime.combine(first, dt.time.min, tzinfo=zone)
    until = dt.datetime.combine(last + WEEK, dt.time.min, tzinfo=zone)
    tagged = Feedback.objects.filter(within(paths, "place"), opinion_topic__isnull=False,
                                     submitted_at__gte=since, submitted_at__lt=until)
    for topic_id, place_id, at in tagged.values_list("opinion_topic__topic_id", "place_id",
                                                     "submitted_at"):
        found[(topic_id, place_id, week_of(timezone.localdate(at, zone)))] += 1
    return found, moods


def rising_units(found: Signals, topic_id: int, week: dt.date, rule: Rule) -> list[int]:
    """Units where ``topic_id`` rises in ``week`` against the week before."""
    now: dict[int, int] = defaultdict(int)
    before: dict[int, int] = defaultdict(int)
    for (topic, unit, at), n in found.items():
        if topic != topic_id:
            continue
        if at == week:
            now[unit] += n
        elif at == week - WEEK:
            before[unit] += n
    return sorted(u for u, n in now.items()
                  if n >= rule.min_signal and n >= rule.factor * before[u])


def emerging(found: Signals, week: dt.date, rule: Rule) -> dict[int, list[int]]:
    """Topics emerging in ``week``: topic id → the units where they rise."""
    out = {}
    for topic_id in sorted({t for t, _u, _w in found}):
        units = rising_units(found, topic_id, week, rule)
        if len(units) >= rule.min_units:
            out[topic_id] = units
    return out


@dataclass
class TopicTrend:
    topic_id: int
    series: list[int]  # one signal a week, oldest first
    rising_in: list[int] = field(default_factory=list)
    moods: dict[str, int] = field(default_factory=dict)
    emerging: bool = False

    @property
    def change(self) -> int:
        return self.series[-1] - self.series[-2] if len(self.series) > 1 else 0


def trends(paths: list[str], today: dt.date, weeks: int, rule: Rule) -> tuple[
        list[dt.date], list[TopicTrend]]:
    """The weeks shown and each topic's trend over them, busiest this week first."""
    last = week_of(today)
    shown = [last - WEEK * i for i in range(weeks - 1, -1, -1)]
    found, moods = signals(paths, shown[0], last)
    per_topic: dict[int, Counter[dt.date]] = defaultdict(Counter)
    for (topic, _unit, week), n in found.items():
        per_topic[topic][week] += n
    now_emerging = emerging(found, last, rule)
    out = [TopicTrend(topic_id=t, series=[per_topic[t][w] for w in shown],
                      rising_in=rising_units(found, t, last, rule),
                      moods={m: moods[(t, m)] for m in Mood.values if moods[(t, m)]},
                      emerging=t in now_emerging)
           for t in per_topic]
    out.sort(key=lambda tr: (-tr.series[-1], -sum(tr.series), tr.topic_id))
    return shown, out
