"""The emergency a board must show (§9.6, §9.9): the active one for its unit or a
unit above it (started, not stopped, not expired); when several are, the latest
started. A sibling unit's emergency never reaches this board."""

from __future__ import annotations

import datetime as dt
from typing import Any

from tincoso.broadcast.devices.manifest import utc
from tincoso.broadcast.devices.models import Device
from tincoso.broadcast.devices.push_models import Emergency


def active_for(device: Device, now: dt.datetime) -> dict[str, Any] | None:
    found = (Emergency.objects.filter(unit__path__in=device.unit.paths_above(),
                                      starts_at__lte=now, expires_at__gt=now,
                                      stopped_at__isnull=True)
             .order_by("-starts_at", "-id").first())
    if found is None:
        return None
    return {"id": found.public_id, "title": found.title, "text": found.text,
            "exercise": found.exercise, "unit_id": found.unit_id,
            "starts_at": utc(found.starts_at), "expires_at": utc(found.expires_at)}
