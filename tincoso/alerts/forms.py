"""The alert form: three fields to fill under stress (area, risk level, what and
where), the rest pre-filled from a template (``presets``) and open to change."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from tincoso.alerts import levels, presets
from tincoso.alerts.drafts import Draft, InfoDraft
from tincoso.alerts.models import Alert, CapStatus, Category, Certainty, Severity, Urgency
from tincoso.core import clock
from tincoso.units.models import Unit


class AlertForm(forms.Form):
    area_units = forms.ModelMultipleChoiceField(
        queryset=Unit.objects.none(),
        to_field_name="code",
        label=_("Vùng cảnh báo"),
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )
    risk_level = forms.TypedChoiceField(
        label=_("Cấp độ rủi ro (QĐ 18/2021/QĐ-TTg)"),
        choices=[("", "—"), *levels.CHOICES],
        coerce=int,
        empty_value=None,
        required=False,
    )
    description = forms.CharField(
        label=_("Mô tả: điều gì, ở đâu, khi nào"), widget=forms.Textarea(attrs={"rows": 4})
    )
    unit = forms.ModelChoiceField(
        queryset=Unit.objects.none(), to_field_name="code", label=_("Đơn vị phát")
    )
    status = forms.ChoiceField(label=_("Loại tin"), choices=CapStatus.choices)
    event = forms.CharField(label=_("Sự kiện"), max_length=120)
    headline = forms.CharField(label=_("Tiêu đề"), max_length=200)
    instruction = forms.CharField(
        label=_("Hướng dẫn người dân"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    category = forms.ChoiceField(label=_("Nhóm"), choices=Category.choices)
    urgency = forms.ChoiceField(label=_("Mức khẩn"), choices=Urgency.choices)
    severity = forms.ChoiceField(
        label=_("Mức nghiêm trọng (khi không có cấp độ)"),
        choices=Severity.choices,
        initial=Severity.UNKNOWN,
    )
    certainty = forms.ChoiceField(label=_("Mức chắc chắn"), choices=Certainty.choices)
    hours = forms.IntegerField(label=_("Hiệu lực trong (giờ)"), min_value=1, max_value=168)
    polygon = forms.CharField(
        label=_("Đa giác (tùy chọn): “vĩ độ,kinh độ …”, điểm cuối trùng điểm đầu"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    hazard = forms.CharField(widget=forms.HiddenInput, required=False)
    template = forms.CharField(widget=forms.HiddenInput, required=False)
    en_event = forms.CharField(label=_("Sự kiện (tiếng Anh)"), required=False, max_length=120)
    en_headline = forms.CharField(label=_("Tiêu đề (tiếng Anh)"), required=False, max_length=200)
    en_description = forms.CharField(
        label=_("Mô tả (tiếng Anh)"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    en_instruction = forms.CharField(
        label=_("Hướng dẫn (tiếng Anh)"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(
        self, *args: Any, units: Any, area: Any, follow_up: bool = False, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]
        self.fields["area_units"].queryset = area  # type: ignore[attr-defined]
        if follow_up:  # an update keeps its unit and its status
            del self.fields["unit"], self.fields["status"]

    def draft(self) -> Draft:
        d = self.cleaned_data
        infos = []
        if any(d.get(f"en_{k}") for k in ("event", "headline", "description")):
            infos.append(
                InfoDraft(
                    "en", d["en_event"], d["en_headline"], d["en_description"], d["en_instruction"]
                )
            )
        now = clock.now()
        return Draft(
            event=d["event"],
            headline=_headline(d),
            description=d["description"],
            area_units=list(d["area_units"]),
            category=d["category"],
            urgency=d["urgency"],
            severity=d["severity"],
            certainty=d["certainty"],
            instruction=d["instruction"],
            status=d.get("status", CapStatus.ACTUAL),
            risk_level=d["risk_level"],
            hazard=d["hazard"],
            template=d["template"],
            polygon=d["polygon"],
            effective=now,
            expires=now + dt.timedelta(hours=d["hours"]),
            infos=infos,
        )


def _headline(d: dict[str, Any]) -> str:
    """The template's headline follows the level chosen, unless the officer wrote
    another one (under stress the level is changed, the headline forgotten)."""
    preset = presets.PRESETS.get(d.get("template") or "")
    if preset is not None and d["headline"] == presets.headline_for(preset, preset.level):
        return presets.headline_for(preset, d["risk_level"])
    return str(d["headline"])


def initial_from_preset(slug: str) -> dict[str, Any]:
    preset = presets.PRESETS.get(slug)
    if preset is None:
        return {"hours": 12, "status": CapStatus.ACTUAL}
    return {
        "template": preset.slug, "event": preset.event, "category": preset.category,
        "hazard": preset.hazard, "risk_level": preset.level, "urgency": preset.urgency,
        "certainty": preset.certainty, "headline": presets.headline_for(preset, preset.level),
        "description": preset.description, "instruction": preset.instruction,
        "hours": preset.hours, "status": CapStatus.ACTUAL, "en_event": "",
    }  # fmt: skip


def initial_from_alert(alert: Alert) -> dict[str, Any]:
    left = max(1, round((alert.expires - clock.now()).total_seconds() / 3600))
    initial = {
        f: getattr(alert, f)
        for f in (
            "event",
            "category",
            "hazard",
            "risk_level",
            "urgency",
            "severity",
            "certainty",
            "headline",
            "description",
            "instruction",
            "polygon",
            "template",
        )
    }
    initial["area_units"] = list(alert.area_units.values_list("code", flat=True))
    initial["hours"] = min(168, left)
    for info in alert.infos.filter(language="en"):
        initial.update(
            en_event=info.event,
            en_headline=info.headline,
            en_description=info.description,
            en_instruction=info.instruction,
        )
    return initial
