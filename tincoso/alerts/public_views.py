"""Public pages: the signed CAP message of a sent alert and its page in Vietnamese.
A draft or discarded alert does not exist here (404)."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from tincoso.alerts import levels, services
from tincoso.alerts.cap import marked
from tincoso.alerts.models import Alert


def _sent(identifier: str) -> Alert:
    alert = get_object_or_404(Alert.objects.select_related("unit"), identifier=identifier)
    if alert.state != Alert.State.SENT:
        raise Http404
    return alert


def alert_cap(request: HttpRequest, identifier: str) -> HttpResponse:
    alert = _sent(identifier)
    return HttpResponse(alert.cap_xml.encode(), content_type="application/cap+xml")


def alert_public(request: HttpRequest, identifier: str) -> HttpResponse:
    alert = _sent(identifier)
    newer = alert.followups.filter(state=Alert.State.SENT).order_by("-sent_at").first()
    return render(request, "alerts/public.html", {
        "alert": alert, "headline": marked(alert, alert.headline),
        "level": levels.LEVELS.get(alert.risk_level or 0), "newer": newer,
        "active": services.active(alert.status).filter(pk=alert.pk).exists(),
        "infos": alert.infos.all(), "units": alert.area_units.order_by("path"),
    })  # fmt: skip
