"""The staff page of a unit's external recipients (webhooks, SMS lists), for its
administrators and approvers (``recipients``): list, add, disable, enable, remove."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tincoso.alerts import recipients
from tincoso.alerts.outbound_models import Subscriber
from tincoso.core.errors import PermissionDeniedError
from tincoso.core.flash import shown_as_message
from tincoso.units import permissions
from tincoso.units.permissions import Action


def _kept(request: HttpRequest) -> QuerySet[Subscriber]:
    subs = Subscriber.objects.select_related("unit")
    keep = permissions.restrict(subs, request.user, Action.MANAGE_UNITS)
    return (keep | permissions.restrict(subs, request.user, Action.APPROVE)).distinct()


@login_required
def recipient_list(request: HttpRequest) -> HttpResponse:
    units = recipients.kept_units(request.user)
    if not units.exists():
        raise PermissionDeniedError(_("Bạn không quản lý nơi nhận cảnh báo của đơn vị nào."))
    form = request.POST
    if request.method == "POST":
        unit = units.filter(pk=form.get("unit") or 0).first()
        if unit is None:
            raise Http404
        data = recipients.RecipientData(
            name=form.get("name", ""), kind=form.get("kind", ""),
            audience=form.get("audience", ""), url=form.get("url", ""),
            secret_env=form.get("secret_env", ""), phones=form.get("phones", ""))
        with shown_as_message(request):
            recipients.add(request.user, unit, data)
            messages.success(request, _("Đã thêm nơi nhận."))
            return redirect("alert-recipients")
    return render(request, "alerts/recipients.html", {
        "subs": _kept(request).order_by("unit__path", "name"), "units": units, "form": form,
        "kinds": Subscriber.Kind.choices, "audiences": Subscriber.Audience.choices,
    }, status=400 if request.method == "POST" else 200)  # fmt: skip


@login_required
@require_POST
def recipient_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    sub = get_object_or_404(_kept(request), pk=pk)  # a sibling unit's: not even shown
    if action == "remove":
        recipients.remove(request.user, sub)
    elif action in ("disable", "enable"):
        recipients.set_active(request.user, sub, action == "enable")
    else:
        raise Http404
    messages.success(request, _("Đã thực hiện."))
    return redirect("alert-recipients")
