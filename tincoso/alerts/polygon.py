"""A CAP polygon typed by a person: "lat,lon lat,lon …", at least four pairs, the
first repeated as the last (CAP 1.2 §3.2.4), WGS 84 degrees."""

from __future__ import annotations

import re

from django.utils.translation import gettext_lazy as _

from tincoso.core.errors import DomainError

_NUMBER = re.compile(r"^-?\d{1,3}(\.\d+)?$")
MAX_POINTS = 1000


class PolygonError(DomainError):
    code = "invalid_polygon"


def clean_polygon(text: str) -> str:
    """The polygon in CAP's canonical spacing, or "" when none; raises PolygonError."""
    pairs = (text or "").split()
    if not pairs:
        return ""
    points: list[tuple[float, float]] = []
    for pair in pairs:
        parts = pair.split(",")
        if len(parts) != 2 or not all(_NUMBER.match(p) for p in parts):
            raise PolygonError(_("Điểm “%(point)s” không đúng dạng “vĩ độ,kinh độ”."), point=pair)
        lat, lon = float(parts[0]), float(parts[1])
        if not (-90 <= lat <= 90 and -180 <= lon <= 180):
            raise PolygonError(_("Điểm “%(point)s” nằm ngoài phạm vi tọa độ."), point=pair)
        points.append((lat, lon))
    if len(points) < 4 or len(points) > MAX_POINTS:
        raise PolygonError(_("Vùng cần từ 4 đến %(n)s điểm."), n=MAX_POINTS)
    if points[0] != points[-1]:
        raise PolygonError(_("Điểm cuối của vùng phải trùng điểm đầu."))
    return " ".join(pairs)
