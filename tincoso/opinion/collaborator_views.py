"""Naming a unit's opinion collaborators: for whoever manages the unit's members."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from tincoso.core.errors import NotFoundError
from tincoso.opinion import services
from tincoso.opinion.models import Collaborator
from tincoso.units import permissions
from tincoso.units.permissions import Action
from tincoso.units.services import get_unit


@login_required
def collaborators(request: HttpRequest, code: str) -> HttpResponse:
    unit = get_unit(code)
    permissions.require(request.user, Action.MANAGE_MEMBERS, unit)
    if request.method == "POST":
        if request.POST.get("remove"):
            gone = get_object_or_404(Collaborator, pk=request.POST["remove"], unit=unit)
            services.remove_collaborator(request.user, gone)
            messages.success(request, _("Đã bỏ cộng tác viên."))
        else:
            username = (request.POST.get("username") or "").strip()
            user = get_user_model().objects.filter(username=username, is_active=True).first()
            if user is None:
                raise NotFoundError(_("Không có người dùng “%(name)s”."), name=username[:150])
            services.name_collaborator(request.user, unit, user)
            messages.success(request, _("Đã thêm cộng tác viên."))
        return redirect("opinion-collaborators", code=unit.code)
    named = Collaborator.objects.filter(unit=unit).select_related("user").order_by(
        "user__username")
    return render(request, "opinion/collaborators.html", {"unit": unit, "named": named})
