"""Is the platform up, and can it serve? ``/healthz``, ``/readyz`` and ``/metrics``.

- ``/healthz`` (liveness): the process answers. Nothing else is touched, so a
  slow database never gets a healthy app server restarted.
- ``/readyz`` (readiness): every check passes — the database answers a query,
  both caches store and return a value, and whatever the apps declare on their
  config as ``health_checks`` (dotted paths of functions that raise when their
  part is not ready: the task worker, the device broker). 200 with each check's
  time, or 503 naming what failed. A load balancer sends no traffic to a server
  that is not ready.
- ``/metrics``: the same checks and the apps' ``metrics`` (dotted paths of
  functions returning :class:`Sample` lists: work waiting, overdue, devices
  online) in the Prometheus text format. The figures come from the database,
  so every app server gives the same answer whichever worker process replies;
  per-request counters belong to nginx in front. Open to loopback, or to anyone
  sending ``Authorization: Bearer $METRICS_TOKEN`` when that is set.

None of these pages is cached, logged in, or redirected to HTTPS (the load
balancer asks over plain HTTP on the private network).
"""

from __future__ import annotations

import hmac
import time
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.core.cache import caches
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.module_loading import import_string
from django.views.decorators.cache import never_cache

from tincoso.core.registry import health_checks, metric_sources


@dataclass(frozen=True)
class Sample:
    """One Prometheus sample: ``name{labels} value``, with its help text."""

    name: str
    value: float
    help: str
    labels: dict[str, str] = field(default_factory=dict)


def database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        if cursor.fetchone() != (1,):
            raise RuntimeError("SELECT 1 did not answer 1")


def _cache(alias: str) -> Callable[[], None]:
    def check() -> None:
        key, value = f"readyz:{uuid.uuid4().hex}", uuid.uuid4().hex
        store = caches[alias]
        store.set(key, value, 30)
        try:
            if store.get(key) != value:
                raise RuntimeError(f"cache {alias!r} did not return what was stored")
        finally:
            store.delete(key)

    check.__name__ = f"cache_{alias}"
    return check


def _checks() -> list[tuple[str, Callable[[], None]]]:
    own: list[tuple[str, Callable[[], None]]] = [("database", database)]
    own += [(f"cache_{alias}", _cache(alias)) for alias in settings.CACHES]
    for path in health_checks():
        own.append((path.rsplit(".", 1)[-1], import_string(path)))
    return own


@dataclass(frozen=True)
class Result:
    name: str
    ok: bool
    seconds: float
    error: str = ""


def run_checks() -> list[Result]:
    results = []
    for name, check in _checks():
        started = time.perf_counter()
        try:
            check()
        except Exception as error:
            results.append(Result(name, False, time.perf_counter() - started, repr(error)[:300]))
        else:
            results.append(Result(name, True, time.perf_counter() - started))
    return results


@never_cache
def healthz(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok\n", content_type="text/plain; charset=utf-8")


@never_cache
def readyz(request: HttpRequest) -> JsonResponse:
    results = run_checks()
    ready = all(r.ok for r in results)
    body = {
        "ready": ready,
        "checks": {
            r.name: {
                "ok": r.ok,
                "ms": round(r.seconds * 1000, 1),
                **({"error": r.error} if r.error else {}),
            }
            for r in results
        },
    }
    return JsonResponse(body, status=200 if ready else 503)


def _allowed(request: HttpRequest) -> bool:
    token = getattr(settings, "METRICS_TOKEN", "")
    if token:
        sent = request.headers.get("Authorization", "")
        return hmac.compare_digest(sent.encode(), f"Bearer {token}".encode())
    return request.META.get("REMOTE_ADDR", "") in {"127.0.0.1", "::1"}


def _escape(value: str) -> str:
    return value.replace("\\", "\\\\").replace("\n", "\\n").replace('"', '\\"')


def render(samples: Iterable[Sample]) -> str:
    """The Prometheus text exposition format (version 0.0.4)."""
    lines: list[str] = []
    seen: set[str] = set()
    for sample in samples:
        if sample.name not in seen:
            seen.add(sample.name)
            lines.append(f"# HELP {sample.name} {sample.help}")
            lines.append(f"# TYPE {sample.name} gauge")
        labels = ",".join(f'{k}="{_escape(v)}"' for k, v in sorted(sample.labels.items()))
        lines.append(
            f"{sample.name}{{{labels}}} {sample.value:g}"
            if labels
            else f"{sample.name} {sample.value:g}"
        )
    return "\n".join(lines) + "\n"


@never_cache
def metrics(request: HttpRequest) -> HttpResponse:
    if not _allowed(request):
        return HttpResponse("forbidden\n", status=403, content_type="text/plain; charset=utf-8")
    samples: list[Sample] = []
    for result in run_checks():
        samples.append(
            Sample(
                "tincoso_check_up",
                1.0 if result.ok else 0.0,
                "1 when the readiness check passes",
                {"check": result.name},
            )
        )
        samples.append(
            Sample(
                "tincoso_check_seconds",
                result.seconds,
                "time the readiness check took",
                {"check": result.name},
            )
        )
    for path in metric_sources():
        samples.extend(import_string(path)())
    samples.sort(key=lambda s: s.name)
    return HttpResponse(render(samples), content_type="text/plain; version=0.0.4; charset=utf-8")
