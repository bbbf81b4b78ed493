"""Forms of the outreach pages; the rules themselves are in ``services``."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tincoso.core import forms as core_forms
from tincoso.documents.models import Document
from tincoso.outreach.models import ActivityFile, Form, Level, Reporter, ReporterKind
from tincoso.outreach.services import ActivityData, ReporterData
from tincoso.publishing.models import Item
from tincoso.units.models import Unit


class UnitChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg,unused-ignore]
    def label_from_instance(self, obj: Any) -> str:
        depth = max(0, getattr(obj, "depth", 1) - 1)
        return "— " * depth + str(obj)


class ActivityForm(forms.Form):
    unit = UnitChoiceField(label=_("Đơn vị"), queryset=Unit.objects.none())
    form = forms.ChoiceField(label=_("Hình thức"), choices=Form.choices)
    topic = forms.CharField(label=_("Chủ đề"), max_length=500)
    date = core_forms.DateField(label=_("Ngày"))
    start = forms.TimeField(label=_("Giờ bắt đầu"), widget=forms.TimeInput(attrs={"type": "time"}))
    end = forms.TimeField(label=_("Giờ kết thúc"), required=False,
                          widget=forms.TimeInput(attrs={"type": "time"}))
    place = forms.CharField(label=_("Địa điểm"), max_length=255, required=False)
    reporters = forms.ModelMultipleChoiceField(label=_("Báo cáo viên"),
                                               queryset=Reporter.objects.none(), required=False)
    documents = forms.ModelMultipleChoiceField(label=_("Văn bản triển khai"),
                                               queryset=Document.objects.none(), required=False)
    items = forms.ModelMultipleChoiceField(label=_("Tin bài tuyên truyền"),
                                           queryset=Item.objects.none(), required=False)
    audience_total = forms.IntegerField(label=_("Tổng số người dự"), min_value=0, required=False)
    audience_members = forms.IntegerField(label=_("Đảng viên"), min_value=0, initial=0)
    audience_civil_servants = forms.IntegerField(label=_("Cán bộ, công chức, viên chức"),
                                                 min_value=0, initial=0)
    audience_citizens = forms.IntegerField(label=_("Nhân dân"), min_value=0, initial=0)
    audience_ethnic_minority = forms.IntegerField(label=_("Đồng bào dân tộc thiểu số"),
                                                  min_value=0, initial=0)
    minutes = forms.CharField(label=_("Biên bản, ghi chú"), required=False,
                              widget=forms.Textarea(attrs={"rows": 5}))

    def __init__(self, *args: Any, units: Any, reporters: Any, documents: Any, items: Any,
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]
        self.fields["reporters"].queryset = reporters  # type: ignore[attr-defined]
        self.fields["documents"].queryset = documents  # type: ignore[attr-defined]
        self.fields["items"].queryset = items  # type: ignore[attr-defined]

    def to_data(self) -> ActivityData:
        c = self.cleaned_data
        tz = timezone.get_current_timezone()
        starts = dt.datetime.combine(c["date"], c["start"], tzinfo=tz)
        ends = dt.datetime.combine(c["date"], c["end"], tzinfo=tz) if c.get("end") else None
        return ActivityData(
            unit=c["unit"], form=c["form"], topic=c["topic"], starts_at=starts, ends_at=ends,
            place=c.get("place") or "", reporters=list(c["reporters"]),
            documents=list(c["documents"]), items=list(c["items"]),
            audience_total=c.get("audience_total"),
            audience_members=c["audience_members"] or 0,
            audience_civil_servants=c["audience_civil_servants"] or 0,
            audience_citizens=c["audience_citizens"] or 0,
            audience_ethnic_minority=c["audience_ethnic_minority"] or 0,
            minutes=c.get("minutes") or "",
        )


class FileForm(forms.Form):
    kind = forms.ChoiceField(label=_("Loại"), choices=ActivityFile.Kind.choices)
    file = forms.FileField(label=_("Tệp"))


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Bảng tính (.xlsx)"))


class ReporterForm(forms.Form):
    unit = UnitChoiceField(label=_("Đơn vị"), queryset=Unit.objects.none())
    kind = forms.ChoiceField(label=_("Loại"), choices=ReporterKind.choices)
    full_name = forms.CharField(label=_("Họ và tên"), max_length=150)
    title = forms.CharField(label=_("Chức vụ"), max_length=255, required=False)
    level = forms.ChoiceField(label=_("Cấp"), choices=Level.choices)
    topics = forms.CharField(label=_("Lĩnh vực, chủ đề (cách nhau bằng dấu ;)"), required=False)
    languages = forms.CharField(label=_("Ngôn ngữ sử dụng (cách nhau bằng dấu ;)"),
                                required=False, initial="Tiếng Việt")
    contact = forms.CharField(label=_("Liên hệ"), max_length=255, required=False)
    username = forms.CharField(label=_("Tài khoản trên hệ thống (tên đăng nhập, nếu có)"),
                               max_length=150, required=False)
    active_from = core_forms.DateField(label=_("Hoạt động từ"), required=False)
    active_until = core_forms.DateField(label=_("Hoạt động đến"), required=False)

    def __init__(self, *args: Any, units: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]

    def to_data(self) -> ReporterData:
        c = self.cleaned_data
        return ReporterData(
            full_name=c["full_name"], title=c.get("title") or "", kind=c["kind"],
            level=c["level"], topics=(c.get("topics") or "").split(";"),
            languages=(c.get("languages") or "").split(";"), contact=c.get("contact") or "",
            active_from=c.get("active_from"), active_until=c.get("active_until"),
        )


class MaterialForm(forms.Form):
    unit = UnitChoiceField(label=_("Dành cho đơn vị (và các đơn vị trực thuộc)"),
                           queryset=Unit.objects.none())
    campaign = forms.CharField(label=_("Đợt tuyên truyền"), max_length=255)
    title = forms.CharField(label=_("Tiêu đề"), max_length=255)
    document = forms.ModelChoiceField(label=_("Văn bản"), queryset=Document.objects.none(),
                                      required=False)
    item = forms.ModelChoiceField(label=_("Tin bài"), queryset=Item.objects.none(),
                                  required=False)
    notes = forms.CharField(label=_("Nội dung chính cần tuyên truyền"), required=False,
                            widget=forms.Textarea(attrs={"rows": 6}))
    file = forms.FileField(label=_("Tệp tài liệu"), required=False)
    valid_until = core_forms.DateField(label=_("Dùng đến ngày"), required=False)

    def __init__(self, *args: Any, units: Any, documents: Any, items: Any,
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]
        self.fields["document"].queryset = documents  # type: ignore[attr-defined]
        self.fields["item"].queryset = items  # type: ignore[attr-defined]
