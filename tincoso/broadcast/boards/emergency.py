"""The emergency a board must show: the active one for its unit or a unit above."""

from __future__ import annotations

import datetime as dt
from typing import Any

from tincoso.broadcast.devices.models import Device


def active_for(device: Device, now: dt.datetime) -> dict[str, Any] | None:
    """Filled in when the Emergency model lands (branch ``mqtt``)."""
    return None
