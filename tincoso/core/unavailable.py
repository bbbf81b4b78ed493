"""A backing service away (the database or Redis restarting) is a clear, short 503.

Django's handler for uncaught errors (``handler500``) is called inside the ``except``
that caught the error, so it can tell an outage from a bug: an error of the database
driver's connection (``OperationalError``, ``InterfaceError``) or of the Redis client
becomes ``503 Service Unavailable`` with ``Retry-After`` and a message in both
languages (JSON under /api/, plain text elsewhere: no template, no database needed);
anything else stays Django's 500. Django closes a broken database connection at the
end of the request, so the next request reconnects.
"""

from __future__ import annotations

import sys

import psycopg
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext_lazy as _
from django.views import defaults
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

from tincoso.core.errors import DomainError

# Django wraps the driver's errors raised through its cursors; some escape unwrapped
# (raised while a result is consumed), so psycopg's own count too.
OUTAGES = (OperationalError, InterfaceError, psycopg.OperationalError, psycopg.InterfaceError,
           RedisConnectionError, RedisTimeoutError)  # fmt: skip
RETRY_AFTER_SECONDS = 5
MESSAGE = _("Hệ thống đang tạm gián đoạn, xin thử lại sau ít giây.")


class Unavailable(DomainError):
    status = 503
    code = "unavailable"


def server_error(request: HttpRequest) -> HttpResponse:
    error = sys.exc_info()[1]
    if not isinstance(error, OUTAGES):
        return defaults.server_error(request)
    both = Unavailable(MESSAGE).bilingual()
    response: HttpResponse
    if request.path.startswith("/api/"):
        body = {"code": Unavailable.code, "detail": both["vi"], "detail_en": both["en"]}
        response = JsonResponse(body, status=503, json_dumps_params={"ensure_ascii": False})
    else:
        response = HttpResponse(
            f"{both['vi']}\n{both['en']}\n", status=503, content_type="text/plain; charset=utf-8"
        )
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response
