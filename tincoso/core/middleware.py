"""Middleware: the user's chosen language, domain errors as clear responses, staff
pages kept out of shared caches, the Content-Security-Policy header, and addresses
carrying NUL characters refused."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import translation
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext_lazy as _

from tincoso.core.errors import DomainError


class UserLanguageMiddleware:
    """Activate the language a logged-in user chose, over browser headers."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        language = getattr(user, "language", None) if user and user.is_authenticated else None
        if language:
            translation.activate(language)
            request.LANGUAGE_CODE = language
        response = self.get_response(request)
        if language:
            response.headers.setdefault("Content-Language", language)
        return response


class DomainErrorMiddleware:
    """Turn a DomainError escaping a view into a page with its status and message."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exc: Exception) -> HttpResponse | None:
        if not isinstance(exc, DomainError):
            return None
        return render(
            request, "core/error.html", {"error": exc}, status=exc.status
        )


class PrivateAppPagesMiddleware:
    """Staff pages under /app/ show internal and personal data: no proxy or shared
    cache may keep them. A page without its own policy gets ``private, no-store``;
    one that set a policy (the calendar feed's max-age) is made private."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if request.path.startswith("/app/"):
            if response.has_header("Cache-Control"):
                patch_cache_control(response, private=True)
            else:
                response["Cache-Control"] = "private, no-store"
        return response


class ContentSecurityPolicyMiddleware:
    """Send ``settings.CONTENT_SECURITY_POLICY`` with every page that has none: scripts
    only from our own files (no inline script anywhere), images, fonts and requests
    only from this site, so an injected script or a third-party tracker cannot run."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        policy = settings.CONTENT_SECURITY_POLICY
        if policy:
            response.headers.setdefault("Content-Security-Policy", policy)
        return response


class NulCharactersMiddleware:
    """Refuse a path or query string holding a NUL character (``%00``) with a 400.

    No real address has one, and PostgreSQL cannot even compare text containing it:
    a unit code or search term with ``%00`` would reach the database and fail there
    with a server error instead of a clear answer."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        values = (v for _, vs in request.GET.lists() for v in vs)
        if "\x00" in request.path or any("\x00" in v for v in values):
            error = DomainError(_("Địa chỉ có ký tự không hợp lệ (NUL)."))
            if request.path.startswith("/api/"):
                both = error.bilingual()
                body = {"code": error.code, "detail": both["vi"], "detail_en": both["en"]}
                return JsonResponse(body, status=400)
            return render(request, "core/error.html", {"error": error}, status=400)
        return self.get_response(request)
