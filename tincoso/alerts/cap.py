"""The alert as a CAP 1.2 message (OASIS, 2010), built with lxml.

Element order follows the schema (``schema/CAP-v1.2.xsd``): a message the schema
refuses is never sent (``schema.validate``). Times carry the +07:00 offset, since
the schema's pattern refuses "Z". The Vietnamese <info> comes first, then the other
languages; the QĐ 18/2021 risk level and its colour travel as parameters.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from django.conf import settings
from django.urls import reverse
from lxml import etree

from tincoso.alerts import levels
from tincoso.alerts.models import Alert, CapStatus, MsgType

NS = "urn:oasis:names:tc:emergency:cap:1.2"
VN = ZoneInfo("Asia/Ho_Chi_Minh")
EXERCISE_MARK = "DIỄN TẬP"
UNIT_GEOCODE = "tincoso:maDonVi"
HAZARD_CODE = "nhomThienTai"


def cap_time(moment: dt.datetime) -> str:
    """``2026-11-30T08:00:00+07:00``: seconds, Vietnam's offset, never "Z"."""
    return moment.astimezone(VN).replace(microsecond=0).isoformat()


def marked(alert: Alert, text: str) -> str:
    """A headline as every channel shows it: an exercise says so first."""
    return f"{EXERCISE_MARK}: {text}" if alert.status == CapStatus.EXERCISE else text


def _add(parent: etree._Element, tag: str, text: str | None = None) -> etree._Element:
    element = etree.SubElement(parent, f"{{{NS}}}{tag}")
    if text is not None:
        element.text = text
    return element


def _pair(parent: etree._Element, tag: str, name: str, value: str) -> None:
    holder = _add(parent, tag)
    _add(holder, "valueName", name)
    _add(holder, "value", value)


def _info(
    root: etree._Element,
    alert: Alert,
    language: str,
    event: str,
    headline: str,
    description: str,
    instruction: str,
    units: list[tuple[str, str]],
) -> None:
    info = _add(root, "info")
    _add(info, "language", language)
    _add(info, "category", alert.category)
    _add(info, "event", event)
    _add(info, "responseType", "None" if alert.msg_type == MsgType.CANCEL else "Prepare")
    for tag in ("urgency", "severity", "certainty"):
        _add(info, tag, getattr(alert, tag))
    if alert.hazard:
        _pair(info, "eventCode", HAZARD_CODE, alert.hazard)
    _add(info, "effective", cap_time(alert.effective))
    _add(info, "expires", cap_time(alert.expires))
    _add(info, "senderName", alert.sender_name)
    _add(info, "headline", marked(alert, headline))
    _add(info, "description", description)
    if instruction:
        _add(info, "instruction", instruction)
    _add(
        info,
        "web",
        str(settings.SITE_URL).rstrip("/") + reverse("alert-public", args=[alert.identifier]),
    )
    if alert.risk_level:
        level = levels.LEVELS[alert.risk_level]
        _pair(info, "parameter", levels.PARAMETER, str(level.level))
        _pair(info, "parameter", levels.COLOUR_PARAMETER, level.colour)
    area = _add(info, "area")
    _add(area, "areaDesc", alert.area_desc)
    if alert.polygon:
        _add(area, "polygon", alert.polygon)
    for code, _name in units:
        _pair(area, "geocode", UNIT_GEOCODE, code)


def build(alert: Alert) -> etree._Element:
    """The unsigned <alert> element; ``alert.sent_at`` must be set."""
    assert alert.sent_at is not None
    root = etree.Element(f"{{{NS}}}alert", nsmap={None: NS})
    _add(root, "identifier", alert.identifier)
    _add(root, "sender", alert.sender)
    _add(root, "sent", cap_time(alert.sent_at))
    _add(root, "status", alert.status)
    _add(root, "msgType", alert.msg_type)
    _add(root, "scope", "Public")
    if alert.status == CapStatus.EXERCISE:
        _add(root, "note", f"{EXERCISE_MARK} — không phải tình huống thật / exercise, not real")
    if alert.references:
        _add(root, "references", alert.references)
    units = sorted(alert.area_units.values_list("code", "name"))
    _info(
        root,
        alert,
        "vi-VN",
        alert.event,
        alert.headline,
        alert.description,
        alert.instruction,
        units,
    )
    for info in alert.infos.order_by("language"):
        _info(
            root,
            alert,
            info.language,
            info.event,
            info.headline,
            info.description,
            info.instruction,
            units,
        )
    return root
