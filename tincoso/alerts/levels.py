"""The natural-disaster risk levels of QĐ 18/2021/QĐ-TTg (Art. 4) and how each maps
to CAP 1.2 severity (docs/alerts.md). The decision gives at most five levels per
hazard, each with a fixed colour on maps; CAP has four severities, so levels 4 and 5
both become ``Extreme`` and the exact level travels as the CAP parameter
``capDoRuiRo`` (with its colour in ``mauCapDoRuiRo``).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class RiskLevel:
    level: int
    name: str | Promise
    colour: str  # the colour's name in Vietnamese, as the decision says it
    hex: str  # how pages and boards paint it
    severity: str  # CAP <severity>


LEVELS: dict[int, RiskLevel] = {
    1: RiskLevel(1, _("Cấp độ 1 — rủi ro thấp"), "xanh dương nhạt", "#8ecae6", "Minor"),
    2: RiskLevel(2, _("Cấp độ 2 — rủi ro trung bình"), "vàng nhạt", "#ffe680", "Moderate"),
    3: RiskLevel(3, _("Cấp độ 3 — rủi ro lớn"), "da cam", "#fb8500", "Severe"),
    4: RiskLevel(4, _("Cấp độ 4 — rủi ro rất lớn"), "đỏ", "#d62828", "Extreme"),
    5: RiskLevel(5, _("Cấp độ 5 — thảm họa"), "tím", "#7b2cbf", "Extreme"),
}
CHOICES = [(n, lvl.name) for n, lvl in LEVELS.items()]
PARAMETER = "capDoRuiRo"
COLOUR_PARAMETER = "mauCapDoRuiRo"
