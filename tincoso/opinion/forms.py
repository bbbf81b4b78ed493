"""The note form; it warns that a note never names or identifies anyone."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from tincoso.opinion.models import Mood, Reach, Topic
from tincoso.opinion.services import MAX_TEXT, NoteData
from tincoso.outreach.forms import UnitChoiceField
from tincoso.units.models import Unit

PRIVACY_WARNING = _("Không ghi họ tên, số điện thoại, địa chỉ, số CCCD/CMND hay thư điện tử "
                    "của bất kỳ ai: phiếu ghi người dân nghĩ gì, không ghi ai nghĩ gì.")


class NoteForm(forms.Form):
    unit = UnitChoiceField(label=_("Đơn vị"), queryset=Unit.objects.none())
    week = forms.DateField(label=_("Trong tuần có ngày"), required=False,
                           widget=forms.DateInput(attrs={"type": "date"}))
    topic = forms.ModelChoiceField(label=_("Chủ đề"), queryset=Topic.objects.none(),
                                   required=False)
    summary = forms.CharField(label=_("Người dân nói gì (tóm tắt)"), max_length=MAX_TEXT,
                              help_text=PRIVACY_WARNING,
                              widget=forms.Textarea(attrs={"rows": 4}))
    reach = forms.ChoiceField(label=_("Mức độ"), choices=Reach.choices, widget=forms.RadioSelect)
    mood = forms.ChoiceField(label=_("Tâm trạng"), choices=Mood.choices,
                             widget=forms.RadioSelect)
    suggestions = forms.CharField(label=_("Kiến nghị, đề xuất"), max_length=MAX_TEXT,
                                  required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, units: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]
        self.fields["topic"].queryset = Topic.objects.filter(  # type: ignore[attr-defined]
            active=True)

    def to_data(self, topic: Topic) -> NoteData:
        d = self.cleaned_data
        return NoteData(topic=topic, summary=d["summary"], reach=d["reach"], mood=d["mood"],
                        suggestions=d["suggestions"], week=d["week"])
