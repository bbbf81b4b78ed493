"""Public pages (no account): file a request for information, follow it with its
code, read a unit's list of information published proactively. Protected like the
feedback form: CSRF, honeypot, per-source rate limit in the shared cache, sizes."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from tincoso.access import services
from tincoso.access.forms import RequestForm
from tincoso.access.models import PublishedInfo
from tincoso.core.errors import DomainError
from tincoso.core.tracking import track_page
from tincoso.feedback import limits
from tincoso.units.models import Unit


def _units() -> QuerySet[Unit]:
    return Unit.objects.filter(active=True).order_by("path")


def submit(request: HttpRequest) -> HttpResponse:
    units = _units()
    preset = units.filter(code=(request.GET.get("unit") or "").strip()[:64]).first()
    form = RequestForm(request.POST or None, units=units,
                       initial={"unit": preset} if preset else None)
    error: DomainError | None = None
    if request.method == "POST":
        try:
            limits.check_honeypot(request.POST)
            limits.check_rate(request)
            if form.is_valid():
                c = form.cleaned_data
                req = services.file_request(
                    c["unit"], full_name=c["full_name"], id_number=c["id_number"],
                    address=c["address"], information=c["information"],
                    delivery=c["delivery"], phone=c["phone"], email=c["email"] or "",
                    purpose=c["purpose"])
                return redirect("access-thanks", code=req.code)
        except DomainError as exc:
            error = exc
    status = error.status if error else (400 if request.method == "POST" else 200)
    return render(request, "access/public_form.html",
                  {"form": form, "error": error}, status=status)


def thanks(request: HttpRequest, code: str) -> HttpResponse:
    return render(request, "access/public_thanks.html", {"req": services.find_by_code(code)})


def track(request: HttpRequest) -> HttpResponse:
    """Status, deadline and reply; never the identity (whoever holds the code sees this)."""
    return track_page(request, services.find_by_code, "access/public_track.html", "req")


def published(request: HttpRequest, code: str) -> HttpResponse:
    unit = get_object_or_404(Unit, code=code, active=True)
    return render(request, "access/public_published.html",
                  {"unit": unit, "entries": PublishedInfo.objects.filter(unit=unit)})
