"""Staff page: record a request received by post or fax, or at the unit's office, so
that its deadline follows that channel's article (``deadlines``). Only for units where
the user handles requests; the identity is kept as for the public form."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _

from tincoso.access import services
from tincoso.access.forms import RegisterForm
from tincoso.core.errors import DomainError, PermissionDeniedError
from tincoso.units import permissions
from tincoso.units.models import Unit
from tincoso.units.permissions import Action


def handled_units(user: object) -> QuerySet[Unit]:
    return permissions.units_where(user, Action.REGISTER_DOCUMENTS).filter(
        active=True).order_by("path")


@login_required
def register(request: HttpRequest) -> HttpResponse:
    units = handled_units(request.user)
    if not units.exists():
        raise PermissionDeniedError(_("Bạn không có quyền ghi nhận yêu cầu của đơn vị nào."))
    form = RegisterForm(request.POST or None, units=units)
    error: DomainError | None = None
    if request.method == "POST" and form.is_valid():
        c = form.cleaned_data
        try:
            req = services.file_request(
                c["unit"], full_name=c["full_name"], id_number=c["id_number"],
                address=c["address"], information=c["information"],
                delivery=c["delivery"], phone=c["phone"], email=c["email"] or "",
                purpose=c["purpose"], channel=c["channel"], is_complex=c["is_complex"],
                by=request.user)
            return redirect("access-detail", pk=req.pk)
        except DomainError as exc:
            error = exc
    status = error.status if error else (400 if request.method == "POST" else 200)
    return render(request, "access/register.html", {"form": form, "error": error},
                  status=status)
