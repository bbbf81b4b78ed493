"""Forms for importing, confirming, dispatching and reporting on documents."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from tincoso.core import forms as core_forms
from tincoso.documents.models import Direction, System, Urgency
from tincoso.units.models import Unit


class UploadForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("Đơn vị vào sổ"), queryset=Unit.objects.none())
    direction = forms.ChoiceField(
        label=_("Sổ"), choices=Direction.choices, initial=Direction.INCOMING
    )
    file = forms.FileField(
        label=_("Tệp văn bản (.docx, .pdf, .txt) hoặc ảnh chụp trang (.png, .jpg, .tif)")
    )

    def __init__(self, *args: Any, units: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["unit"]
        field.queryset = units if units is not None else Unit.objects.none()  # type: ignore[attr-defined]
        field.empty_label = None  # type: ignore[attr-defined]


def _lines(value: list[str] | None) -> str:
    return "\n".join(value or [])


class LinesField(forms.CharField):
    """One item per line (Nơi nhận, Kính gửi, references)."""

    widget = forms.Textarea(attrs={"rows": 4})

    def prepare_value(self, value: Any) -> Any:
        return _lines(value) if isinstance(value, list) else value

    def to_python(self, value: Any) -> list[str]:  # type: ignore[override]
        text = super().to_python(value) or ""
        return [line.strip() for line in text.splitlines() if line.strip()]


class FieldsForm(forms.Form):
    """The parsed fields, for the importer to check and correct."""

    system = forms.ChoiceField(
        label=_("Hệ thống"), choices=[("", "—"), *System.choices], required=False
    )
    doc_type = forms.CharField(label=_("Loại văn bản"), max_length=64, required=False)
    number = forms.CharField(label=_("Số"), max_length=32, required=False)
    symbol = forms.CharField(label=_("Số, ký hiệu"), max_length=96, required=False)
    issuer = forms.CharField(label=_("Cơ quan ban hành"), max_length=255, required=False)
    parent_issuer = forms.CharField(label=_("Cơ quan chủ quản"), max_length=255, required=False)
    place = forms.CharField(label=_("Địa danh"), max_length=128, required=False)
    date = core_forms.DateField(label=_("Ngày ban hành"), required=False)
    title = forms.CharField(
        label=_("Trích yếu"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    addressees = LinesField(label=_("Kính gửi (mỗi dòng một nơi)"), required=False)
    recipients = LinesField(label=_("Nơi nhận (mỗi dòng một nơi)"), required=False)
    references = LinesField(label=_("Văn bản được dẫn (mỗi dòng một số, ký hiệu)"), required=False)
    signer_title = forms.CharField(label=_("Chức vụ người ký"), max_length=128, required=False)
    signer_name = forms.CharField(label=_("Người ký"), max_length=128, required=False)
    signing_authority = forms.CharField(label=_("Thẩm quyền ký"), max_length=255, required=False)
    urgency = forms.ChoiceField(label=_("Độ khẩn"), choices=Urgency.choices)
    deadline = core_forms.DateField(label=_("Hạn xử lý"), required=False)


class DispatchForm(forms.Form):
    recipients = forms.ModelMultipleChoiceField(
        label=_("Đơn vị nhận"),
        queryset=Unit.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    deadline = core_forms.DateTimeField(label=_("Hạn tiếp nhận"), required=False)

    def __init__(self, *args: Any, scope: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["recipients"].queryset = scope if scope is not None else Unit.objects.none()  # type: ignore[attr-defined]


class CompleteForm(forms.Form):
    note = forms.CharField(label=_("Kết quả thực hiện"), widget=forms.Textarea(attrs={"rows": 4}))
    attachment = forms.FileField(label=_("Tệp kèm theo"), required=False)
