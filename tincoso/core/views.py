"""Shell pages: the to-do home and the language switch."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from tincoso.core import clock, todo
from tincoso.units import permissions


def home(request: HttpRequest) -> HttpResponse:
    return redirect("dashboard")


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    """The to-do home: what waits for the person in each app, then their units and roles."""
    sections = todo.sections_for(request.user)
    todo.remember_counts(request, sections)
    memberships = permissions.roles_of(request.user)
    return render(
        request,
        "core/dashboard.html",
        {"sections": sections, "memberships": memberships, "now": clock.now()},
    )


@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    """Switch the UI language; a logged-in user keeps the choice on their account."""
    language = request.POST.get("language", "")
    next_url = request.POST.get("next") or "/"
    if not url_has_allowed_host_and_scheme(
        next_url, {request.get_host()}, require_https=request.is_secure()
    ):
        next_url = "/"
    response = redirect(next_url)
    if language not in dict(settings.LANGUAGES):
        return response
    if request.user.is_authenticated:
        request.user.language = language
        request.user.save(update_fields=["language"])
    translation.activate(language)
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=365 * 24 * 3600,
        secure=settings.PRODUCTION,
        httponly=True,
        samesite="Lax",
    )
    return response
