"""The submission form; photos come as ``photos`` (several files) beside it."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from tincoso.opinion.examples.services import MAX_LINE, MAX_TEXT, ExampleData
from tincoso.outreach.forms import UnitChoiceField
from tincoso.units.models import Unit


class ExampleForm(forms.Form):
    unit = UnitChoiceField(label=_("Đơn vị"), queryset=Unit.objects.none())
    title = forms.CharField(label=_("Tên điển hình, cách làm hay"), max_length=MAX_LINE)
    place = forms.CharField(label=_("Ở đâu (thôn, tổ, cơ quan)"), max_length=MAX_LINE)
    what = forms.CharField(label=_("Đã làm gì, làm thế nào"), max_length=MAX_TEXT,
                           widget=forms.Textarea(attrs={"rows": 4}))
    result = forms.CharField(label=_("Kết quả"), max_length=MAX_TEXT,
                             widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, units: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]

    def to_data(self) -> ExampleData:
        d = self.cleaned_data
        return ExampleData(title=d["title"], place=d["place"], what=d["what"], result=d["result"])
