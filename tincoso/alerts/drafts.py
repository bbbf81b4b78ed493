"""What a person typed for an alert, checked before anything is written: every rule
here raises a bilingual ``AlertError`` and nothing changes."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from tincoso.alerts import levels
from tincoso.alerts.models import CapStatus, Category, Certainty, Severity, Urgency
from tincoso.alerts.polygon import clean_polygon
from tincoso.core import clock
from tincoso.core.errors import DomainError
from tincoso.core.text import clean_line, nfc
from tincoso.units.models import Unit
from tincoso.units.permissions import reach_paths

MAX_HOURS = 7 * 24
LANGUAGES = {"en": "English"}


class AlertError(DomainError):
    code = "invalid_alert"


@dataclass
class InfoDraft:
    """The alert in another language (English): optional, all or nothing."""

    language: str
    event: str
    headline: str
    description: str
    instruction: str = ""


@dataclass
class Draft:
    event: str
    headline: str
    description: str
    area_units: list[Unit]
    category: str = Category.OTHER
    urgency: str = Urgency.IMMEDIATE
    severity: str = Severity.UNKNOWN
    certainty: str = Certainty.LIKELY
    instruction: str = ""
    status: str = CapStatus.ACTUAL
    risk_level: int | None = None
    hazard: str = ""
    template: str = ""
    polygon: str = ""
    area_desc: str = ""
    effective: dt.datetime | None = None
    expires: dt.datetime | None = None
    infos: list[InfoDraft] = field(default_factory=list)


def _text(value: str, label: Any, limit: int, required: bool = True) -> str:
    text = nfc(value or "").replace("\r\n", "\n").strip()
    if required and not text:
        raise AlertError(_("Cần nhập %(field)s."), field=label)
    if len(text) > limit:
        raise AlertError(_("%(field)s dài quá %(n)s ký tự."), field=label, n=limit)
    return text


def _choice(value: str, choices: type[models.TextChoices], label: Any) -> str:
    if value not in choices.values:
        raise AlertError(
            _("Giá trị “%(value)s” không hợp lệ cho %(field)s."), value=value, field=label
        )
    return value


def _area(unit: Unit, units: list[Unit]) -> list[Unit]:
    """The unit's own subtree and the units it guides (``reach_paths`` "dispatch")."""
    if not units:
        raise AlertError(_("Chọn ít nhất một đơn vị trong vùng cảnh báo."))
    reach = reach_paths(unit, "dispatch")
    outside = [u.name for u in units if not any(u.path.startswith(p) for p in reach)]
    if outside:
        raise AlertError(
            _("Đơn vị ngoài phạm vi của %(unit)s: %(names)s."),
            unit=unit.name,
            names=", ".join(outside),
        )
    return sorted(set(units), key=lambda u: u.path)


def _times(draft: Draft) -> tuple[dt.datetime, dt.datetime]:
    now = clock.now()
    effective = draft.effective or now
    expires = draft.expires
    if expires is None or expires <= max(effective, now):
        raise AlertError(_("Thời điểm hết hiệu lực phải sau thời điểm hiệu lực và sau bây giờ."))
    if expires - effective > dt.timedelta(hours=MAX_HOURS):
        raise AlertError(
            _("Một cảnh báo hiệu lực tối đa %(n)s giờ; hãy cập nhật khi cần."), n=MAX_HOURS
        )
    return effective, expires


def check(unit: Unit, draft: Draft) -> Draft:
    """The draft cleaned (NFC, trimmed, severity from the risk level), or AlertError."""
    draft.event = clean_line(_text(draft.event, _("sự kiện"), 120))
    draft.headline = clean_line(_text(draft.headline, _("tiêu đề"), 200))
    draft.description = _text(draft.description, _("mô tả"), 4000)
    draft.instruction = _text(draft.instruction, _("hướng dẫn"), 4000, required=False)
    draft.category = _choice(draft.category, Category, _("nhóm"))
    draft.urgency = _choice(draft.urgency, Urgency, _("mức khẩn"))
    draft.certainty = _choice(draft.certainty, Certainty, _("mức chắc chắn"))
    draft.status = _choice(draft.status, CapStatus, _("loại tin"))
    if draft.risk_level is not None:
        if draft.risk_level not in levels.LEVELS:
            raise AlertError(_("Cấp độ rủi ro phải từ 1 đến 5."))
        draft.severity = levels.LEVELS[draft.risk_level].severity  # the level decides
    draft.severity = _choice(draft.severity, Severity, _("mức nghiêm trọng"))
    draft.area_units = _area(unit, draft.area_units)
    draft.polygon = clean_polygon(draft.polygon)
    draft.area_desc = (
        clean_line(draft.area_desc or "")[:500] or ", ".join(u.name for u in draft.area_units)[:500]
    )
    draft.effective, draft.expires = _times(draft)
    for info in draft.infos:
        if info.language not in LANGUAGES:
            raise AlertError(_("Ngôn ngữ “%(lang)s” chưa được hỗ trợ."), lang=info.language)
        info.event = clean_line(_text(info.event, "event (en)", 120))
        info.headline = clean_line(_text(info.headline, "headline (en)", 200))
        info.description = _text(info.description, "description (en)", 4000)
        info.instruction = _text(info.instruction, "instruction (en)", 4000, required=False)
    return draft
