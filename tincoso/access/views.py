"""Staff pages: the requests of the units one handles, one request (with identity,
for its unit's officers only), the step forms, and the proactive-publication list."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from tincoso.access import services
from tincoso.access.forms import ActionForm, PublishedForm
from tincoso.access.models import Channel, InfoRequest, PublishedInfo
from tincoso.core.errors import DomainError, PermissionDeniedError
from tincoso.units import permissions
from tincoso.units.models import Unit
from tincoso.units.permissions import Action


@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    """Code, unit, channel, dates and status only: no name or identity number in the
    list. ``?channel=`` keeps one channel; an unknown one is a bad request (400)."""
    qs = services.visible_to(request.user).only(
        "pk", "code", "unit__name", "channel", "status", "received_on", "due_on",
        "closed_on")
    channel = request.GET.get("channel") or ""
    if channel:
        if channel not in Channel.values:
            raise services.AccessError(_("Hình thức yêu cầu để lọc không hợp lệ."))
        qs = qs.filter(channel=channel)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(request, "access/inbox.html", {
        "page": page, "channel": channel, "channels": Channel.choices})


def _handled(request: HttpRequest, pk: int) -> InfoRequest:
    req = get_object_or_404(InfoRequest.objects.select_related("unit"), pk=pk)
    if not permissions.can(request.user, Action.REGISTER_DOCUMENTS, req.unit):
        raise Http404  # another unit's request: not even its existence
    return req


@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    req = _handled(request, pk)
    return render(request, "access/detail.html", {
        "req": req, "events": req.events.all(), "form": ActionForm()})


@login_required
@require_POST
def act(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    req = _handled(request, pk)
    form = ActionForm(request.POST)
    error: DomainError | None = None
    if form.is_valid():
        text = form.cleaned_data["reply"]
        try:
            if action == "complex":
                services.mark_complex(request.user, req, text)
            elif action == "extend":
                services.extend(request.user, req, text)
            elif action == "answer":
                services.answer(request.user, req, text)
            elif action == "refuse":
                services.refuse(request.user, req, form.cleaned_data["ground"], text)
            else:
                raise Http404
            return redirect("access-detail", pk=req.pk)
        except DomainError as exc:
            error = exc
    req.refresh_from_db()
    return render(request, "access/detail.html", {
        "req": req, "events": req.events.all(), "form": form, "error": error},
        status=error.status if error else 400)


@login_required
def published(request: HttpRequest, code: str) -> HttpResponse:
    unit = get_object_or_404(Unit, code=code)
    if not permissions.can(request.user, Action.EDIT_CONTENT, unit):
        raise PermissionDeniedError(_("Bạn không có quyền sửa danh mục của đơn vị này."))
    form = PublishedForm(request.POST or None)
    if request.method == "POST":
        remove = request.POST.get("remove")
        if remove:
            PublishedInfo.objects.filter(unit=unit, pk=int(remove) if remove.isdigit()
                                         else 0).delete()
            return redirect("access-published-edit", code=unit.code)
        if form.is_valid():
            PublishedInfo.objects.create(unit=unit, **form.cleaned_data)
            return redirect("access-published-edit", code=unit.code)
    return render(request, "access/published_edit.html", {
        "unit": unit, "form": form, "entries": PublishedInfo.objects.filter(unit=unit)},
        status=400 if request.method == "POST" else 200)
