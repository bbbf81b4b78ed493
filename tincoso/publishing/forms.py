from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from tincoso.core import forms as core_forms
from tincoso.publishing.models import LANGUAGES, Item, Topic
from tincoso.units.models import Unit


class ItemForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("Đơn vị phát hành"), queryset=Unit.objects.none())
    title = forms.CharField(label=_("Tiêu đề"), max_length=300)
    summary = forms.CharField(
        label=_("Tóm tắt"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    # A plain textarea (Markdown) that editor.js turns into a rich-text editor (HTML).
    body = forms.CharField(
        label=_("Nội dung"),
        required=False,
        widget=forms.Textarea(
            attrs={
                "rows": 12,
                "data-rich-editor": "",
                "data-html": "body-start",
                "data-labels": "editor-labels",
                "data-pasted-image": "pasted-image",
            }
        ),
    )
    kind = forms.ChoiceField(label=_("Loại"), choices=Item.Kind.choices)
    audience = forms.ChoiceField(label=_("Đối tượng"), choices=Item.Audience.choices)
    language = forms.ChoiceField(label=_("Ngôn ngữ"), choices=LANGUAGES)
    topics = forms.ModelMultipleChoiceField(
        label=_("Chủ đề"),
        queryset=Topic.objects.all(),
        required=False,
        to_field_name="slug",
        widget=forms.CheckboxSelectMultiple,
    )
    featured = forms.BooleanField(label=_("Nổi bật"), required=False)
    publish_at = core_forms.DateTimeField(label=_("Hẹn giờ đăng"), required=False)
    expires_at = core_forms.DateTimeField(label=_("Hết hạn"), required=False)
    # The version the form was opened at: saving over someone else's newer save is refused.
    version = forms.IntegerField(required=False, min_value=0, widget=forms.HiddenInput)
    document = forms.IntegerField(required=False, widget=forms.HiddenInput)
    translation_of = forms.IntegerField(required=False, widget=forms.HiddenInput)
    correction_note = forms.CharField(
        label=_("Nội dung đính chính (khi sửa tin đã đăng)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, units: Any = None, editing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if editing:
            # An item stays with the unit that issued it; source and family are set once.
            for name in ("unit", "document", "translation_of"):
                del self.fields[name]
            return
        field: Any = self.fields["unit"]
        field.queryset = units if units is not None else Unit.objects.none()
        field.empty_label = None


class ImageForm(forms.Form):
    image = forms.ImageField(label=_("Ảnh"))
    alt = forms.CharField(label=_("Mô tả ảnh cho người không nhìn thấy (bắt buộc)"), max_length=300)


class AttachmentForm(forms.Form):
    attachment = forms.FileField(label=_("Tệp đính kèm (.pdf, .docx, .xlsx, .odt, .txt, ảnh)"))
