"""The staff page of the topic taxonomy (``opinion.taxonomy``): the province's
propaganda board adds, renames and retires topics and edits their phrase rules."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from tincoso.core.errors import DomainError
from tincoso.opinion import taxonomy
from tincoso.opinion.models import Topic


def _posted(request: HttpRequest) -> taxonomy.TopicData:
    return taxonomy.TopicData(name=request.POST.get("name", ""),
                              keywords=request.POST.get("keywords", ""),
                              active=request.POST.get("active") == "1")


@login_required
def topic_list(request: HttpRequest) -> HttpResponse:
    """Every topic, active and retired, and the form to add one."""
    taxonomy.require_editor(request.user)
    error: DomainError | None = None
    if request.method == "POST":
        try:
            made = taxonomy.add_topic(request.user, _posted(request))
        except DomainError as exc:
            error = exc
        else:
            messages.success(request, _("Đã thêm chủ đề “%(name)s”.") % {"name": made.name})
            return redirect("opinion-taxonomy")
    return render(request, "opinion/taxonomy.html", {
        "topics": Topic.objects.order_by("-active", "position", "name"), "error": error,
        "posted": request.POST}, status=400 if error else 200)


@login_required
def topic_edit(request: HttpRequest, pk: int) -> HttpResponse:
    taxonomy.require_editor(request.user)
    topic = get_object_or_404(Topic, pk=pk)
    error: DomainError | None = None
    if request.method == "POST":
        try:
            taxonomy.update_topic(request.user, topic, _posted(request))
        except DomainError as exc:
            error = exc
            topic.refresh_from_db()
        else:
            messages.success(request, _("Đã lưu chủ đề “%(name)s”.") % {"name": topic.name})
            return redirect("opinion-taxonomy")
    return render(request, "opinion/topic_form.html", {"topic": topic, "error": error},
                  status=400 if error else 200)
