"""Forms for units and people (labels in Vietnamese through gettext)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from tincoso.units.models import Role, UnitKind


class UnitForm(forms.Form):
    code = forms.SlugField(label=_("Mã"), max_length=64)
    name = forms.CharField(label=_("Tên"), max_length=255)
    short_name = forms.CharField(label=_("Tên viết tắt"), max_length=64, required=False)
    kind = forms.ChoiceField(label=_("Loại"), choices=UnitKind.choices)


class MoveForm(forms.Form):
    new_parent = forms.CharField(label=_("Mã đơn vị cấp trên mới"), max_length=64)


class PersonForm(forms.Form):
    username = forms.CharField(label=_("Tên đăng nhập"), max_length=150)
    full_name = forms.CharField(label=_("Họ và tên"), max_length=150)
    email = forms.EmailField(label=_("Thư điện tử"))
    role = forms.ChoiceField(label=_("Vai trò"), choices=Role.choices)


class GrantForm(forms.Form):
    username = forms.CharField(label=_("Tên đăng nhập"), max_length=150)
    role = forms.ChoiceField(label=_("Vai trò"), choices=Role.choices)


class TreeImportForm(forms.Form):
    file = forms.FileField(label=_("Tệp CSV hoặc YAML"))


class GuidanceForm(forms.Form):
    guided = forms.CharField(label=_("Mã đơn vị được chỉ đạo"), max_length=64)
    purposes = forms.MultipleChoiceField(
        label=_("Chỉ đạo để"),
        choices=[
            ("dispatch", _("gửi văn bản chỉ đạo")),
            ("figures", _("xem số liệu, tổng hợp")),
            ("reports", _("nhận báo cáo")),
        ],
        initial=["dispatch", "figures", "reports"],
        widget=forms.CheckboxSelectMultiple,
    )
    note = forms.CharField(label=_("Căn cứ, ghi chú"), max_length=255, required=False)
