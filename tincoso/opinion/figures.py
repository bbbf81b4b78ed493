"""Opinion figures for the roll-up and the dashboard (counts only, never authors).

``opinion.notes``                 notes filed (counted at the note's unit, by filing time)
``opinion.by_topic.<slug>``       notes plus confirmed feedback tags, by topic
``opinion.tagged``                feedback and questions whose topic was confirmed, at
                                  the unit handling them, in the month of confirmation
                                  (the dashboard's weekly trend counts them where they
                                  came from, in the week they were sent)
``opinion.corrections``           corrections opened from opinion and published
``opinion.median_hours_to_correction``  first report → published correction (a
                                  duration histogram, so medians roll up exactly)
``opinion.examples.submitted``    good examples submitted (at the submitting unit)
``opinion.examples.published``    good examples selected by a board and published on
                                  the portal (at the submitting unit, when published)
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable
from typing import Any

from django.db.models import Count, F
from django.db.models.functions import Substr
from django.utils import timezone

from tincoso.opinion.models import FeedbackTopic, GoodExample, Note, Response
from tincoso.units.subtree_tallies import duration_bin, median_seconds, seconds_between

HOURS_TO_CORRECTION = "opinion.median_hours_to_correction"


def figures_into(path: str, since: dt.datetime, until: dt.datetime, child_len: int,
                 bucket: Callable[[str], Counter[str]]) -> None:
    """Count into ``bucket(first child_len chars of the unit path)`` for [since, until)."""
    notes = (Note.objects.filter(unit__path__startswith=path, filed_at__gte=since,
                                 filed_at__lt=until).order_by()
             .annotate(b=Substr("unit__path", 1, child_len), slug=F("topic__slug"))
             .values("b", "slug").annotate(n=Count("pk")))
    for row in notes:
        c = bucket(row["b"])
        c["opinion.notes"] += row["n"]
        c[f"opinion.by_topic.{row['slug']}"] += row["n"]
    tags = (FeedbackTopic.objects.filter(feedback__unit__path__startswith=path,
                                         confirmed_at__gte=since, confirmed_at__lt=until)
            .order_by().annotate(b=Substr("feedback__unit__path", 1, child_len),
                                 slug=F("topic__slug"))
            .values("b", "slug").annotate(n=Count("pk")))
    for row in tags:
        c = bucket(row["b"])
        c["opinion.tagged"] += row["n"]
        c[f"opinion.by_topic.{row['slug']}"] += row["n"]
    answered = Response.objects.filter(
        unit__path__startswith=path, correction__first_published_at__gte=since,
        correction__first_published_at__lt=until).values_list(
        "unit__path", "first_reported_at", "correction__first_published_at")
    for unit_path, reported, published in answered:
        if published is None:  # never: the filter asks for a publication moment
            continue
        c = bucket(unit_path[:child_len])
        c["opinion.corrections"] += 1
        c.update(duration_bin(HOURS_TO_CORRECTION, seconds_between(reported, published)))
    _examples_into(path, since, until, child_len, bucket)


def _examples_into(path: str, since: dt.datetime, until: dt.datetime, child_len: int,
                   bucket: Callable[[str], Counter[str]]) -> None:
    mine = GoodExample.objects.filter(unit__path__startswith=path).order_by()
    for figure, rows in (
        ("submitted", mine.filter(submitted_at__gte=since, submitted_at__lt=until)),
        ("published", mine.filter(item__published_at__gte=since, item__published_at__lt=until,
                                  item__status__in=["published", "withdrawn", "archived"])),
    ):
        for row in (rows.annotate(b=Substr("unit__path", 1, child_len)).values("b")
                    .annotate(n=Count("pk"))):
            bucket(row["b"])[f"opinion.examples.{figure}"] += row["n"]


def summary(paths: list[str], first: dt.date, last: dt.date) -> dict[str, Any]:
    """The dashboard's headline figures over the subtrees ``paths``, days first..last."""
    zone = timezone.get_default_timezone()
    since = dt.datetime.combine(first, dt.time.min, tzinfo=zone)
    until = dt.datetime.combine(last + dt.timedelta(days=1), dt.time.min, tzinfo=zone)
    total: Counter[str] = Counter()
    for path in paths:
        figures_into(path, since, until, len(path), lambda _b: total)
    median = median_seconds(total, HOURS_TO_CORRECTION)
    return {"notes": total["opinion.notes"], "tagged": total["opinion.tagged"],
            "topics": len([k for k in total if k.startswith("opinion.by_topic.")]),
            "corrections": total["opinion.corrections"],
            "median_hours": round(median / 3600, 1) if median is not None else None}
