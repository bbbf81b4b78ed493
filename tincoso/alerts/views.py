"""Staff pages under /app/alerts/: list, compose from a template, review and send
(the second person), update or cancel in one click."""

from __future__ import annotations

from functools import reduce
from operator import or_
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tincoso.alerts import delivery, levels, presets, recipients, services
from tincoso.alerts.cap import marked
from tincoso.alerts.forms import AlertForm, initial_from_alert, initial_from_preset
from tincoso.alerts.models import Alert, CapStatus
from tincoso.core.errors import PermissionDeniedError
from tincoso.core.flash import shown_as_message
from tincoso.units import permissions
from tincoso.units.models import Unit
from tincoso.units.permissions import Action


def _alert(request: HttpRequest, pk: int) -> Alert:
    alert = get_object_or_404(Alert.objects.select_related("unit"), pk=pk)
    if not services.can_view(request.user, alert):
        raise Http404  # another unit's alert: not even its existence is shown
    return alert


def reach_of(user: Any) -> QuerySet[Unit]:
    """Units an alert of ``user`` may cover: their editing subtrees and what those guide."""
    paths = permissions.root_paths(user, Action.EDIT_CONTENT)
    if paths is None:
        return Unit.objects.filter(active=True).order_by("path")
    reach = [*paths, *permissions.guided_paths(paths, "dispatch")] if paths else []
    if not reach:
        return Unit.objects.none()
    inside = reduce(or_, (Q(path__startswith=p) for p in reach))
    return Unit.objects.filter(inside, active=True).order_by("path")


@login_required
def alert_list(request: HttpRequest) -> HttpResponse:
    qs = services.visible_to(request.user).select_related("unit")
    status = request.GET.get("status", "")
    if status in CapStatus.values:
        qs = qs.filter(status=status)
    counts = dict(qs.filter(state=Alert.State.SENT, msg_type="Alert").values_list("status")
                  .annotate(n=Count("pk")).values_list("status", "n"))  # fmt: skip
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(request, "alerts/list.html", {
        "page": page, "status": status, "statuses": CapStatus.choices,
        "counts": [(label, counts.get(value, 0)) for value, label in CapStatus.choices],
        "presets": presets.PRESETS.values(),
        "can_write": permissions.units_where(request.user, Action.EDIT_CONTENT).exists(),
        "can_keep": recipients.kept_units(request.user).exists(),
    })  # fmt: skip


def _save(request: HttpRequest, form: AlertForm, act: Any) -> HttpResponse | None:
    if request.method == "POST" and form.is_valid():
        with shown_as_message(request):
            alert = act(form)
            return redirect("alert-detail", pk=alert.pk)
    return None


@login_required
def alert_new(request: HttpRequest) -> HttpResponse:
    units = permissions.units_where(request.user, Action.EDIT_CONTENT).order_by("path")
    if not units.exists():
        raise PermissionDeniedError(_("Bạn không có quyền soạn cảnh báo."))
    initial = initial_from_preset(request.GET.get("template", ""))
    initial["unit"] = units.first()
    form = AlertForm(
        request.POST or None, initial=initial, units=units, area=reach_of(request.user)
    )
    done = _save(
        request, form, lambda f: services.compose(request.user, f.cleaned_data["unit"], f.draft())
    )
    return done or render(
        request,
        "alerts/edit.html",
        {"form": form, "presets": presets.PRESETS.values(), "levels": levels.LEVELS.values()},
    )


@login_required
def alert_update(request: HttpRequest, pk: int) -> HttpResponse:
    alert = _alert(request, pk)
    if alert.state != Alert.State.SENT or alert.msg_type == "Cancel":
        return redirect("alert-detail", pk=alert.pk)  # only a sent alert is updated
    if not services.may_follow_up(request.user, alert, cancel=False):
        raise PermissionDeniedError(_("Chỉ người đã soạn hoặc đã duyệt mới cập nhật được."))
    area = reach_of(request.user) | Unit.objects.filter(path__startswith=alert.unit.path)
    form = AlertForm(
        request.POST or None,
        initial=initial_from_alert(alert),
        units=Unit.objects.none(),
        area=area.distinct(),
        follow_up=True,
    )
    done = _save(request, form, lambda f: services.update(request.user, alert, f.draft()))
    return done or render(
        request,
        "alerts/edit.html",
        {"form": form, "alert": alert, "levels": levels.LEVELS.values()},
    )


@login_required
def alert_detail(request: HttpRequest, pk: int) -> HttpResponse:
    alert = _alert(request, pk)
    user = request.user
    draft = alert.state == Alert.State.DRAFT
    sent = alert.state == Alert.State.SENT and alert.msg_type != "Cancel"
    newer = alert.followups.filter(state=Alert.State.SENT).first()
    return render(request, "alerts/detail.html", {
        "alert": alert, "headline": marked(alert, alert.headline), "newer": newer,
        "level": levels.LEVELS.get(alert.risk_level or 0),
        "units": alert.area_units.order_by("path"), "infos": alert.infos.all(),
        "links": alert.emergencies.select_related("unit", "emergency"),
        "chain": services.chain(alert), "channels": delivery.channels(alert),
        "can_approve": draft and alert.status != CapStatus.TEST
        and permissions.can(user, Action.APPROVE, alert.unit) and user.pk != alert.created_by_id,
        "can_send_test": draft and alert.status == CapStatus.TEST
        and permissions.can(user, Action.EDIT_CONTENT, alert.unit),
        "can_discard": draft and (user.pk == alert.created_by_id
                                  or permissions.can(user, Action.APPROVE, alert.unit)),
        "can_update": sent and not newer and services.may_follow_up(user, alert, cancel=False),
        "can_cancel": sent and not newer and services.may_follow_up(user, alert, cancel=True),
    })  # fmt: skip


@login_required
def alert_delivery(request: HttpRequest, pk: int) -> HttpResponse:
    """The channels' table alone, polled by the alert's page (htmx) while it is open."""
    alert = _alert(request, pk)
    return render(request, "alerts/_channels.html", {
        "channels": delivery.channels(alert),
        "poll_url": request.path})  # fmt: skip


_ACTIONS = {
    "approve": lambda user, a, post: services.approve(user, a),
    "send-test": lambda user, a, post: services.send_test(user, a),
    "discard": lambda user, a, post: services.discard(user, a),
    "cancel": lambda user, a, post: services.cancel(user, a, post.get("reason", "")),
}


@login_required
@require_POST
def alert_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    alert = _alert(request, pk)
    if action not in _ACTIONS:
        raise Http404
    with shown_as_message(request):
        result = _ACTIONS[action](request.user, alert, request.POST)
        messages.success(request, _("Đã thực hiện."))
        return redirect("alert-detail", pk=result.pk)
    return redirect("alert-detail", pk=alert.pk)
