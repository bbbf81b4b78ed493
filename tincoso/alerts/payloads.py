"""What a dispatch says outside: the webhook's JSON and the SMS line, for an alert
message (its signed CAP 1.2 inside) or an ordinary published item."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.urls import reverse

from tincoso.alerts.cap import marked
from tincoso.alerts.outbound_models import Dispatch


def _alert_payload(dispatch: Dispatch) -> dict[str, Any]:
    alert = dispatch.alert
    assert alert is not None
    return {
        "type": "alert", "identifier": alert.identifier, "sender": alert.sender,
        "status": alert.status, "msgType": alert.msg_type, "exercise": alert.exercise,
        "headline": marked(alert, alert.headline), "expires": alert.expires.isoformat(),
        "url": str(settings.SITE_URL) + reverse("alert-public", args=[alert.identifier]),
        "cap_xml": alert.cap_xml,
    }  # fmt: skip


def _item_payload(dispatch: Dispatch) -> dict[str, Any]:
    item = dispatch.item
    assert item is not None
    version = item.published_version or item.current
    return {
        "type": "item", "id": item.pk, "unit": item.unit.code,
        "title": version.title if version else "", "summary": version.summary if version else "",
        "published_at": item.published_at.isoformat() if item.published_at else None,
        "url": str(settings.SITE_URL) + reverse("portal-item", args=[item.pk]),
    }  # fmt: skip


def payload(dispatch: Dispatch) -> dict[str, Any]:
    return _alert_payload(dispatch) if dispatch.alert_id else _item_payload(dispatch)


def sms_line(dispatch: Dispatch) -> str:
    """The words of an SMS before the gateway's trimming: headline and what to do."""
    if dispatch.alert is not None:
        alert = dispatch.alert
        return " ".join(p for p in (marked(alert, alert.headline), alert.instruction) if p)
    data = _item_payload(dispatch)
    return f"{data['title']} {data['url']}"
