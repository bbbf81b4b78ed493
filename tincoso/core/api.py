"""Shared API pieces: domain errors become JSON with the message in both languages;
ids in request bodies and the list pagination are checked, so bad numbers get a 400."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework.pagination import LimitOffsetPagination
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from tincoso.core.errors import DomainError

# Beyond this an id or an offset cannot name a row (SQLite and PostgreSQL bigint are
# 64-bit); a larger number would overflow the database driver instead.
_MAX_ID = 2**63 - 1


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, DomainError):
        both = exc.bilingual()
        return Response(
            {"code": exc.code, "detail": both["vi"], "detail_en": both["en"]}, status=exc.status
        )
    return drf_exception_handler(exc, context)


def _whole_number(raw: object, lowest: int, highest: int) -> int | None:
    text = str(raw).strip()
    if not text.isascii() or not text.isdigit():
        return None
    value = int(text)
    return value if lowest <= value <= highest else None


def body(request: Request) -> dict[str, Any]:
    """The request body as a mapping (a JSON list body counts as empty)."""
    return request.data if isinstance(request.data, dict) else {}


def object_id(data: Any, name: str) -> int:
    """The id of a record given as ``name`` in a request body: a positive whole number."""
    raw = data.get(name) if hasattr(data, "get") else None
    value = None if raw is None or isinstance(raw, bool) else _whole_number(raw, 1, _MAX_ID)
    if value is None:
        raise DomainError(_("Trường “%(field)s” phải là mã số (số nguyên dương) của một bản ghi."),
                          field=name)  # fmt: skip
    return value


class Pagination(LimitOffsetPagination):
    """Limit/offset pages of at most ``max_limit`` rows; a limit or offset that is not
    a whole number in range is refused with a 400 rather than ignored or overflowing."""

    default_limit = 100
    max_limit = 1000

    def get_limit(self, request: Request) -> int:
        raw = request.query_params.get(self.limit_query_param)
        if raw is None:
            return self.default_limit
        value = _whole_number(raw, 1, self.max_limit)
        if value is None:
            raise DomainError(
                _("Tham số limit phải là số nguyên từ 1 đến %(max)s."), max=self.max_limit
            )
        return value

    def get_offset(self, request: Request) -> int:
        raw = request.query_params.get(self.offset_query_param)
        if raw is None:
            return 0
        value = _whole_number(raw, 0, _MAX_ID - self.max_limit)
        if value is None:
            raise DomainError(_("Tham số offset phải là số nguyên không âm."))
        return value

    def get_schema_operation_parameters(self, view: Any) -> list[dict[str, Any]]:
        """The parameters as DRF documents them, with the bounds enforced above."""
        parameters = super().get_schema_operation_parameters(view)
        bounds = {
            self.limit_query_param: {"minimum": 1, "maximum": self.max_limit},
            self.offset_query_param: {"minimum": 0, "maximum": _MAX_ID - self.max_limit},
        }
        for parameter in parameters:
            parameter["schema"].update(bounds.get(parameter["name"], {}))
        return parameters
