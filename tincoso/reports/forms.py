from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from tincoso.core import forms as core_forms
from tincoso.core.errors import DomainError
from tincoso.reports.models import Frequency
from tincoso.reports.periods import Period


class PeriodForm(forms.Form):
    """A reporting period: both dates, the end not before the start, at most 5 years."""

    start = core_forms.DateField(label=_("Từ ngày"))
    end = core_forms.DateField(label=_("Đến ngày"))

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        core_forms.check_range(self, "start", "end")
        if not self.errors:
            try:
                cleaned["period"] = Period(cleaned["start"], cleaned["end"])
            except DomainError as exc:
                self.add_error("end", str(exc))
        return cleaned


class NewReportForm(PeriodForm):
    directive = forms.IntegerField(
        label=_("Báo cáo về văn bản (không bắt buộc)"), required=False, widget=forms.Select
    )

    def __init__(self, *args: Any, directives: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        widget: Any = self.fields["directive"].widget
        widget.choices = [("", "—"), *[(d.pk, f"{d.label} — {d.title[:80]}") for d in directives]]


class NarrativeForm(forms.Form):
    title = forms.CharField(label=_("Trích yếu"), max_length=500)
    results = forms.CharField(
        label=_("Kết quả đạt được"), required=False, widget=forms.Textarea(attrs={"rows": 5})
    )
    limitations = forms.CharField(
        label=_("Hạn chế"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    causes = forms.CharField(
        label=_("Nguyên nhân"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    proposals = forms.CharField(
        label=_("Phương hướng, kiến nghị"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    signing_authority = forms.CharField(
        label=_("Thẩm quyền ký (ví dụ: T/M CHI BỘ)"), max_length=128, required=False
    )
    signer_title = forms.CharField(label=_("Chức vụ người ký"), max_length=128, required=False)
    signer_name = forms.CharField(label=_("Người ký"), max_length=128, required=False)
    outside_recipient = forms.CharField(
        label=_("Nơi nhận ngoài hệ thống (cho đơn vị cấp cao nhất)"),
        max_length=255,
        required=False,
        help_text=_("Ví dụ: Ban Tuyên giáo và Dân vận Trung ương"),
    )


class ScheduleForm(forms.Form):
    frequency = forms.ChoiceField(label=_("Chu kỳ"), choices=Frequency.choices)
    due_days = forms.IntegerField(
        label=_("Hạn nộp sau kỳ (ngày)"), min_value=0, max_value=60, initial=5
    )
    remind_days = forms.IntegerField(
        label=_("Nhắc trước hạn (ngày)"), min_value=0, max_value=30, initial=3
    )
