"""The portal's banner: while an Actual or Exercise alert is live (sent, not
cancelled, not superseded, not expired), every public page of a unit of its area
or below shows it at the top; the portal's home shows every live alert.

Registered with the portal through ``core.registry`` (``portal_banners``); the
portal's page cache follows through ``STAMP_SQL`` (``portal_stamp_sql``): a send,
update or cancel is a new sent row (its ``sent_at`` and the count move), an expiry
moves "the latest expiry already past" with no write at all.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.utils import translation

from tincoso.alerts import levels, services
from tincoso.alerts.cap import marked
from tincoso.alerts.models import Alert, CapStatus
from tincoso.units.models import Unit

# Each an index look-up (every anonymous portal request pays for them): the latest
# send, the latest expiry already past, the newest row (an Update or Cancel is a new
# row, so two sends in one clock tick still move the stamp). A draft's row or expiry
# moves it too: one needless re-render, never a stale page.
STAMP_SQL = [
    "(SELECT MAX(sent_at) FROM alerts_alert)",
    "(SELECT MAX(expires) FROM alerts_alert WHERE expires <= %s)",
    "(SELECT MAX(id) FROM alerts_alert)",
]
# Severity's colour when an alert has no QĐ 18/2021 level (e.g. an epidemic).
SEVERITY_HEX = {"Extreme": "#d62828", "Severe": "#fb8500", "Moderate": "#ffe680"}
LIGHT = {"#8ecae6", "#ffe680"}  # backgrounds that take dark text


def shown(unit: Unit | None) -> QuerySet[Alert]:
    """Live public alerts for a page of ``unit`` (its area is the unit or above it),
    or for the home (``None``): every one."""
    found = services.live().exclude(status=CapStatus.TEST)
    if unit is not None:
        found = found.filter(area_units__path__in=unit.paths_above()).distinct()
    return found


def colour(alert: Alert) -> str:
    level = levels.LEVELS.get(alert.risk_level or 0)
    return level.hex if level else SEVERITY_HEX.get(alert.severity, "#8ecae6")


def _in_reader_language(alert: Alert) -> tuple[str, str]:
    """Headline and instruction in the page's language when the alert has that
    variant (an English ``<info>``), else the Vietnamese ones."""
    language = (translation.get_language() or "vi").split("-")[0]
    for info in alert.infos.all():  # prefetched
        if info.language.split("-")[0] == language:
            return info.headline, info.instruction
    return alert.headline, alert.instruction


def render(request: Any, unit: Unit | None) -> str:
    alerts = []
    for alert in shown(unit).prefetch_related("infos"):
        headline, instruction = _in_reader_language(alert)
        bg = colour(alert)
        alerts.append({
            "alert": alert, "headline": marked(alert, headline), "instruction": instruction,
            "bg": bg, "fg": "#1b1b1b" if bg in LIGHT else "#ffffff",
            "level": levels.LEVELS.get(alert.risk_level or 0),
        })  # fmt: skip
    if not alerts:
        return ""
    return render_to_string("alerts/_banner.html", {"alerts": alerts}, request=request)
