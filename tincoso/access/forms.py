"""The public request form and the officers' action form (sizes bounded)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from tincoso.access.models import Channel, Delivery, RefusalGround
from tincoso.feedback.limits import HONEYPOT_FIELD
from tincoso.units.models import Unit


class RequestForm(forms.Form):
    unit = forms.ModelChoiceField(Unit.objects.none(), label=_("Đơn vị được yêu cầu"))
    full_name = forms.CharField(label=_("Họ và tên"), max_length=150)
    id_number = forms.CharField(label=_("Số định danh cá nhân / CCCD"), max_length=16)
    address = forms.CharField(label=_("Nơi cư trú"), max_length=300)
    phone = forms.CharField(label=_("Điện thoại"), max_length=32, required=False)
    email = forms.EmailField(label=_("Thư điện tử"), required=False)
    information = forms.CharField(label=_("Thông tin cần cung cấp"), max_length=5000,
                                  widget=forms.Textarea(attrs={"rows": 5}))
    purpose = forms.CharField(label=_("Mục đích sử dụng"), max_length=500, required=False)
    delivery = forms.ChoiceField(label=_("Hình thức nhận thông tin"), choices=Delivery.choices)

    def __init__(self, *args: Any, units: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]
        self.honeypot = HONEYPOT_FIELD


class RegisterForm(RequestForm):
    """A request received by post or fax, or at the office, recorded by an officer."""

    channel = forms.ChoiceField(label=_("Hình thức yêu cầu"), choices=[
        (Channel.POST, Channel.POST.label), (Channel.OFFICE, Channel.OFFICE.label)])
    is_complex = forms.BooleanField(label=_("Thông tin phức tạp"), required=False)


class ActionForm(forms.Form):
    reply = forms.CharField(label=_("Nội dung / lý do"), max_length=5000,
                            widget=forms.Textarea(attrs={"rows": 4}))
    ground = forms.ChoiceField(label=_("Căn cứ từ chối"), required=False,
                               choices=[("", "—"), *RefusalGround.choices])


class PublishedForm(forms.Form):
    title = forms.CharField(label=_("Tên thông tin"), max_length=300)
    where = forms.CharField(label=_("Nơi công khai, đường dẫn"), max_length=500)
    basis = forms.CharField(label=_("Căn cứ"), max_length=200, required=False)
