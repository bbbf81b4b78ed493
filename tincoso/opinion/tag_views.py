"""Confirming topics of feedback and questions, and answering a false claim in one click."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tincoso.core.flash import shown_as_message
from tincoso.feedback.services import can_handle, feedback_visible_to
from tincoso.opinion import responses, services
from tincoso.opinion.models import Note, Topic
from tincoso.opinion.tagging import suggest, taxonomy_rules
from tincoso.units.services import get_unit

QUEUE = 30


@login_required
def tag_queue(request: HttpRequest) -> HttpResponse:
    """Feedback without a confirmed topic, each with a suggestion and why."""
    waiting = list(feedback_visible_to(request.user).filter(opinion_topic__isnull=True)
                   .select_related("unit").order_by("-submitted_at", "-pk")[:QUEUE])
    rules = taxonomy_rules()
    topics = {t.slug: t for t in Topic.objects.filter(active=True)}
    rows = []
    for feedback in waiting:
        ranked = suggest(feedback.text, rules)
        top = ranked[0] if ranked else None
        rows.append({"feedback": feedback, "topic": topics.get(top.slug) if top else None,
                     "because": top.because if top else [],
                     "can_confirm": can_handle(request.user, feedback.unit)})
    return render(request, "opinion/tags.html", {"rows": rows, "topics": topics.values()})


@login_required
@require_POST
def tag_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    feedback = get_object_or_404(feedback_visible_to(request.user), pk=pk)
    topic = get_object_or_404(Topic, pk=request.POST.get("topic") or 0, active=True)
    services.confirm_topic(request.user, feedback, topic)
    messages.success(request, _("Đã gắn chủ đề “%(topic)s”.") % {"topic": topic.name})
    return redirect("opinion-tags")


@login_required
@require_POST
def respond(request: HttpRequest) -> HttpResponse:
    """One click: a correction draft and a bulletin draft, then the correction's page."""
    note = None
    if request.POST.get("note"):
        note = get_object_or_404(Note, pk=request.POST["note"])
    topic = note.topic if note else get_object_or_404(Topic, pk=request.POST.get("topic") or 0)
    unit = get_unit(request.POST.get("unit") or "") if request.POST.get("unit") else None
    if unit is None and note is not None:
        unit = responses.issuing_unit(request.user, note.unit)
    if unit is None:
        messages.error(request, _("Hãy chọn đơn vị đính chính."))
        return redirect("opinion-dashboard")
    with shown_as_message(request) as outcome:
        made = responses.open_response(request.user, unit, topic, note)
    if outcome.failed:
        return redirect("opinion-dashboard")
    messages.success(request, _("Đã mở bản nháp đính chính và bản tin; hãy bổ sung thông "
                                "tin chính xác rồi gửi duyệt."))
    return redirect("correction-detail", pk=made.correction_id)
