"""Shell pages: the dashboard, the language switch and the log-in."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from tincoso.core import loginguard
from tincoso.units import permissions


def home(request: HttpRequest) -> HttpResponse:
    return redirect("dashboard")


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    """The user's units and roles; later issues add their figures here."""
    memberships = permissions.roles_of(request.user)
    return render(request, "core/dashboard.html", {"memberships": memberships})


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


class LoginView(auth_views.LoginView):
    """Django's log-in page, which says so, without checking the password, when the
    account has had too many failures lately and must wait (core.loginguard)."""

    redirect_authenticated_user = True

    def post(self, request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        username = str(request.POST.get("username", ""))
        wait = loginguard.wait_seconds(username)
        if wait:
            form = self.get_form_class()(request, initial={"username": username})
            context = self.get_context_data(form=form, slowed=wait)
            return self.render_to_response(context, status=429)
        return super().post(request, *args, **kwargs)
