"""Shell pages: the to-do home, the language switch and the log-in."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.views import defaults
from django.views.decorators.http import require_POST

from tincoso.core import language as languages
from tincoso.core import loginguard
from tincoso.core.errors import NotFoundError


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """404: the API's clients get JSON in both languages, like every other API error;
    people get the page."""
    if request.path.startswith("/api/"):
        error = NotFoundError(_("Không có địa chỉ API này."))
        both = error.bilingual()
        body = {"code": error.code, "detail": both["vi"], "detail_en": both["en"]}
        return JsonResponse(body, status=404)
    return defaults.page_not_found(request, exception or Exception())


def home(request: HttpRequest) -> HttpResponse:
    return redirect("dashboard")


@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    """Switch the UI language; a logged-in user keeps the choice on their account."""
    language = request.POST.get("language", "")
    response = languages.back_to(request, request.POST.get("next"))
    if not languages.known(language):
        return response
    if request.user.is_authenticated:
        request.user.language = language
        request.user.save(update_fields=["language"])
    translation.activate(language)
    languages.remember(response, language)
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


def _reset_rate_limited(request: HttpRequest) -> bool:
    """Counted per client address and per e-mail address typed, in the shared cache
    (RATELIMIT_USE_CACHE): no one can flood a mailbox or the mail server."""
    from django_ratelimit import ALL  # type: ignore[import-untyped]
    from django_ratelimit.core import is_ratelimited  # type: ignore[import-untyped]

    from tincoso.core.clientip import client_address

    email = str(request.POST.get("email", "")).strip().casefold()
    address = client_address(request) or ""
    keys = [
        ("password-reset-address", address, settings.PASSWORD_RESET_RATE),
        ("password-reset-email", email, settings.PASSWORD_RESET_EMAIL_RATE),
    ]
    limited = False
    for group, value, rate in keys:
        # Every counter moves, so stopping at the first one over cannot be used to probe.
        limited |= bool(
            is_ratelimited(request, group=group, key=lambda _g, _r, v=value: v, rate=rate,
                           method=ALL, increment=True)
        )  # fmt: skip
    return limited


class PasswordResetView(auth_views.PasswordResetView):
    """Django's reset request, limited: too many requests get a 429 and send no mail."""

    def post(self, request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        if _reset_rate_limited(request):
            context = self.get_context_data(form=self.get_form(), limited=True)
            return self.render_to_response(context, status=429)
        return super().post(request, *args, **kwargs)
