"""Demo data: one flash-flood alert of Phường Tân Phong waiting for its second person."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model

from tincoso.alerts import presets, services
from tincoso.alerts.models import Alert
from tincoso.core import clock
from tincoso.units.models import Unit


def load_demo() -> None:
    unit = Unit.objects.filter(code="tan-phong").first()
    author = get_user_model().objects.filter(username="bientap.tanphong").first()
    if unit is None or author is None or Alert.objects.filter(unit=unit).exists():
        return
    p = presets.PRESETS["lu-quet"]
    services.compose(
        author,
        unit,
        services.Draft(
            event=p.event,
            headline=presets.headline_for(p, 3),
            description=p.description + " Khu vực suối Tân Phong, đêm nay.",
            instruction=p.instruction,
            area_units=[unit],
            category=p.category,
            urgency=p.urgency,
            certainty=p.certainty,
            risk_level=3,
            hazard=p.hazard,
            template=p.slug,
            status="Exercise",
            expires=clock.now() + dt.timedelta(hours=p.hours),
        ),
    )
