"""Shared API pieces: domain errors become JSON with the message in both languages."""

from __future__ import annotations

from typing import Any

from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from tincoso.core.errors import DomainError


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, DomainError):
        both = exc.bilingual()
        return Response(
            {"code": exc.code, "detail": both["vi"], "detail_en": both["en"]}, status=exc.status
        )
    return drf_exception_handler(exc, context)
