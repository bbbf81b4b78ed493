"""The opinion dashboard: topics by week over a unit's subtree (or what it guides),
their trend, where they rise, their mood, and what answered them. Aggregates only:
a board that guides a unit sees these counts, never the notes' text."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _

from tincoso.core import clock
from tincoso.core.errors import PermissionDeniedError
from tincoso.feedback.models import Status
from tincoso.opinion import figures, taxonomy
from tincoso.opinion.models import FeedbackTopic, Mood, Response, Topic
from tincoso.opinion.services import within
from tincoso.opinion.trends import Rule, trends
from tincoso.units import permissions
from tincoso.units.models import Unit
from tincoso.units.permissions import Action

MAX_WEEKS = 26


def _unit(request: HttpRequest) -> Unit | None:
    code = (request.GET.get("unit") or "").strip()
    if code:
        unit = get_object_or_404(Unit, code=code)
        permissions.require(request.user, Action.VIEW_FIGURES, unit)
        return unit
    return permissions.units_where(request.user, Action.VIEW_FIGURES).order_by("path").first()


def _weeks(request: HttpRequest) -> int:
    try:
        return max(2, min(MAX_WEEKS, int(request.GET.get("weeks") or 8)))
    except ValueError:
        return 8


def _answers(paths: list[str], topic_ids: list[int]) -> dict[int, dict[str, list[Any]]]:
    """What addressed each topic: corrections and bulletins opened from it, published Q&A."""
    out: dict[int, dict[str, list[Any]]] = {t: {"responses": [], "qa": []} for t in topic_ids}
    for r in Response.objects.filter(within(paths, "unit"), topic_id__in=topic_ids).select_related(
            "correction__published_version", "item").order_by("-opened_at")[:200]:
        out[r.topic_id]["responses"].append(r)
    for tag in FeedbackTopic.objects.filter(within(paths, "feedback__unit"),
                                            topic_id__in=topic_ids,
                                            feedback__status=Status.PUBLISHED).select_related(
            "feedback").order_by("-feedback__published_at")[:200]:
        out[tag.topic_id]["qa"].append(tag.feedback)
    return out


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    unit = _unit(request)
    if unit is None:
        raise PermissionDeniedError(_("Bạn không có quyền xem số liệu của đơn vị nào."))
    guided = request.GET.get("guided") == "1"
    paths = permissions.reach_paths(unit, "figures") if guided else [unit.path]
    weeks, rows = trends(paths, clock.today(), _weeks(request), Rule.from_settings())
    topics = Topic.objects.in_bulk([r.topic_id for r in rows])
    rising = Unit.objects.in_bulk({u for r in rows for u in r.rising_in})
    answers = _answers(paths, [r.topic_id for r in rows])
    table = [{"trend": r, "topic": topics[r.topic_id],
              "rising": [rising[u] for u in r.rising_in], "answers": answers[r.topic_id],
              "moods": [(Mood(m).label, n) for m, n in r.moods.items()],
              "peak": max(r.series) or 1} for r in rows]
    return render(request, "opinion/dashboard.html", {
        "unit": unit, "guided": guided, "weeks": weeks, "table": table,
        "units": permissions.units_where(request.user, Action.VIEW_FIGURES).order_by("path")[:500],
        "figures": figures.summary(paths, weeks[0], clock.today()),
        "can_respond": permissions.can(request.user, Action.EDIT_CONTENT, unit),
        "can_name": permissions.can(request.user, Action.MANAGE_MEMBERS, unit),
        "can_edit_taxonomy": taxonomy.can_edit(request.user)})

