"""The reader's language choice, kept in one cookie set in one place.

Both switches use it: the app's form (``core.views.set_language``, which also keeps
the choice on the account) and the portal's plain link (``publishing.portal.language``).
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme

YEAR = 365 * 24 * 3600


def known(language: str) -> bool:
    return language in dict(settings.LANGUAGES)


def back_to(request: HttpRequest, next_url: str | None) -> HttpResponse:
    """A redirect to ``next_url`` when it stays on this site, else to the home page."""
    target = next_url or "/"
    if not url_has_allowed_host_and_scheme(
        target, {request.get_host()}, require_https=request.is_secure()
    ):
        target = "/"
    return redirect(target)


def remember(response: HttpResponse, language: str) -> None:
    """Keep ``language`` (a known one) in the language cookie for a year."""
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=YEAR,
        secure=settings.PRODUCTION,
        httponly=True,
        samesite="Lax",
    )
