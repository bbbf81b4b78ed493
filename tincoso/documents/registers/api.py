"""REST API of the incoming registers (same gate and lines as the pages).

GET  /api/registers/{unit}/{year}/{den|theo-doi}/   header, rows, closure
POST /api/registers/{unit}/{year}/close/           close the year's sổ đăng ký
GET  /api/registers/{unit}/report/?from=&to=        the handling report's counts
"""

from __future__ import annotations

from typing import Any

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import path
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.decorators import api_view
from rest_framework.request import Request
from rest_framework.response import Response

from tincoso.documents.models import RegisterClosure
from tincoso.documents.registers import books, closing
from tincoso.documents.registers.report import handling_report, period
from tincoso.units import permissions
from tincoso.units.models import Unit
from tincoso.units.permissions import Action


def _unit(request: Request, code: str) -> Unit:
    unit = get_object_or_404(Unit, code=code)
    permissions.require(request.user, Action.VIEW, unit)
    return unit


def _closure(c: RegisterClosure | None) -> dict[str, Any] | None:
    if c is None:
        return None
    by = c.closed_by.username if c.closed_by else None
    return {"closed_at": c.closed_at.isoformat(), "closed_by": by, "count": c.count}


@extend_schema(responses=OpenApiResponse(description="header, rows and closure"))
@api_view(["GET"])
def book(request: Request, code: str, year: int, kind: str) -> Response:
    if kind not in books.TITLES or not 2000 <= year <= 2100:
        raise Http404
    b = books.book(_unit(request, code), year, kind)
    return Response(
        {"title": b.title, "year": year, "unit": b.unit.code, "header": b.header,
         "rows": b.rows, "closure": _closure(b.closure)}
    )  # fmt: skip


@extend_schema(request=None, responses=OpenApiResponse(description="the closure"))
@api_view(["POST"])
def close(request: Request, code: str, year: int) -> Response:
    made = closing.close_register(request.user, _unit(request, code), year)
    return Response(_closure(made), status=201)


@extend_schema(responses=OpenApiResponse(description="counts by group"))
@api_view(["GET"])
def report(request: Request, code: str) -> Response:
    unit = _unit(request, code)
    start, end = period(request.query_params)
    figures = handling_report(unit, start, end)
    return Response({"from": start.isoformat(), "to": end.isoformat(), **figures.counts})


urlpatterns = [
    path("registers/<slug:code>/report/", report, name="api-register-report"),
    path("registers/<slug:code>/<int:year>/close/", close, name="api-register-close"),
    path("registers/<slug:code>/<int:year>/<slug:kind>/", book, name="api-register-book"),
]
