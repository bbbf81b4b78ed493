"""The public "follow it with its code" page, shared by feedback and requests for
information: whoever holds the code sees the state, never the sender's identity."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from tincoso.core.errors import NotFoundError


def track_page(request: HttpRequest, find: Callable[[str], object], template: str,
               name: str) -> HttpResponse:  # fmt: skip
    """``?code=`` looked up with ``find``: what it found under ``name`` in the context,
    or its NotFoundError as ``error`` with a 404; no code, an empty form."""
    code = (request.GET.get("code") or "").strip()
    found: object = None
    error: NotFoundError | None = None
    if code:
        try:
            found = find(code)
        except NotFoundError as exc:
            error = exc
    return render(request, template, {name: found, "error": error, "code": code},
                  status=404 if error else 200)  # fmt: skip
