"""Officers' emergency page: the emergencies of the units they see (with how many
devices acknowledged), a form to start one on a unit they manage, and stop.

A simple page for now; issue 15 (CAP alerts, two-person approval) replaces the
one-officer start with its own flow on the same services."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tincoso.broadcast.bulletins.models import Bulletin
from tincoso.broadcast.devices import emergency
from tincoso.broadcast.devices.push_models import Emergency
from tincoso.broadcast.devices.views import _int, _managed_units
from tincoso.core import clock
from tincoso.core.errors import DomainError
from tincoso.units import permissions
from tincoso.units.models import Unit
from tincoso.units.permissions import Action


def visible(user: Any) -> QuerySet[Emergency]:
    return permissions.restrict(Emergency.objects.select_related("unit", "bulletin"), user,
                                Action.VIEW)


@login_required
def emergency_list(request: HttpRequest) -> HttpResponse:
    rows = list(visible(request.user)[:50])
    now = clock.now()
    return render(request, "broadcast/devices/emergencies.html", {
        "rows": [(e, emergency.reach(e), e.stopped_at is None and e.expires_at > now)
                 for e in rows],
        "units": _managed_units(request.user),
    })  # fmt: skip


@login_required
@require_POST
def emergency_start(request: HttpRequest) -> HttpResponse:
    p = request.POST
    unit = get_object_or_404(Unit, code=str(p.get("unit") or "")[:64])
    bulletin = None
    bulletin_id = _int(p.get("bulletin_id"))
    if bulletin_id:
        bulletin = Bulletin.objects.select_related("unit").filter(pk=bulletin_id).first()
        if bulletin is None:
            raise DomainError(_("Không có bản tin mã %(id)s."), id=bulletin_id)
    row = emergency.start(request.user, unit, str(p.get("title") or ""),
                          str(p.get("text") or ""), bulletin=bulletin,
                          exercise=p.get("exercise") == "1",
                          minutes=_int(p.get("minutes")) or 0,
                          repeat_every_s=_int(p.get("repeat_every_s")) or 0)
    messages.success(request, _("Đã phát báo động “%(title)s”.") % {"title": row.title})
    return redirect("emergency-list")


@login_required
@require_POST
def emergency_stop(request: HttpRequest, pk: int) -> HttpResponse:
    row = get_object_or_404(Emergency.objects.select_related("unit"), pk=pk)
    permissions.require(request.user, Action.VIEW, row.unit)
    emergency.stop(request.user, row)
    messages.success(request, _("Đã dừng báo động “%(title)s”.") % {"title": row.title})
    return redirect("emergency-list")
