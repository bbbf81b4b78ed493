"""Forms for the public feedback page and the staff pages."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from tincoso.core import forms as core_forms
from tincoso.feedback.limits import HONEYPOT_FIELD, MAX_TEXT_CHARS
from tincoso.feedback.models import Category, CloseReason, Rating
from tincoso.outreach.forms import UnitChoiceField
from tincoso.units.models import Unit

MAX_PHOTO_BYTES = 8 * 1024 * 1024


class SubmitForm(forms.Form):
    place = UnitChoiceField(label=_("Nơi bạn ở hoặc nơi xảy ra sự việc"),
                            queryset=Unit.objects.none())
    category = forms.ChoiceField(label=_("Loại ý kiến"), choices=Category.choices,
                                 widget=forms.RadioSelect, initial=Category.QUESTION)
    text = forms.CharField(label=_("Nội dung"), max_length=MAX_TEXT_CHARS,
                           widget=forms.Textarea(attrs={"rows": 6,
                                                        "maxlength": MAX_TEXT_CHARS}))
    photo = forms.FileField(label=_("Ảnh (không bắt buộc)"), required=False,
                            widget=forms.ClearableFileInput(attrs={"accept": "image/*"}))
    leave_contact = forms.BooleanField(
        label=_("Tôi muốn để lại thông tin liên hệ để được trả lời trực tiếp"), required=False)
    contact_name = forms.CharField(label=_("Họ và tên"), max_length=150, required=False)
    contact_phone = forms.CharField(label=_("Số điện thoại"), max_length=32, required=False)
    contact_email = forms.CharField(label=_("Thư điện tử"), max_length=254, required=False)
    item = forms.IntegerField(required=False, widget=forms.HiddenInput, min_value=1)
    # The honeypot: hidden from people by CSS and from assistive technology by aria-hidden.
    website = forms.CharField(required=False, label=_("Để trống ô này"),
                              widget=forms.TextInput(attrs={"autocomplete": "off",
                                                            "tabindex": "-1"}))

    def __init__(self, *args: Any, places: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["place"].queryset = places  # type: ignore[attr-defined]
        assert HONEYPOT_FIELD == "website"

    def clean_photo(self) -> Any:
        photo = self.cleaned_data.get("photo")
        if photo and photo.size > MAX_PHOTO_BYTES:
            raise forms.ValidationError(_("Ảnh quá lớn (tối đa 8 MB)."))
        return photo


class AnswerForm(forms.Form):
    answer = forms.CharField(label=_("Trả lời"), widget=forms.Textarea(attrs={"rows": 6}))


class PublishForm(forms.Form):
    public_question = forms.CharField(label=_("Câu hỏi (đã biên tập, không có thông tin cá nhân)"),
                                      widget=forms.Textarea(attrs={"rows": 4}))
    public_answer = forms.CharField(label=_("Trả lời công khai"),
                                    widget=forms.Textarea(attrs={"rows": 6}))


class CloseForm(forms.Form):
    reason = forms.ChoiceField(label=_("Lý do"), choices=CloseReason.choices)


class TransferForm(forms.Form):
    unit = UnitChoiceField(label=_("Chuyển đến đơn vị"), queryset=Unit.objects.none())

    def __init__(self, *args: Any, units: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]


class CorrectionForm(forms.Form):
    unit = UnitChoiceField(label=_("Đơn vị đính chính"), queryset=Unit.objects.none())
    headline = forms.CharField(label=_("Tiêu đề"), max_length=255)
    claim_summary = forms.CharField(label=_("Thông tin sai đang lan truyền"),
                                    widget=forms.Textarea(attrs={"rows": 3}))
    claim_where_seen = forms.CharField(label=_("Xuất hiện ở đâu"), required=False,
                                       widget=forms.Textarea(attrs={"rows": 2}))
    claim_urls = forms.CharField(label=_("Đường dẫn nơi xuất hiện (mỗi dòng một đường dẫn)"),
                                 required=False, widget=forms.Textarea(attrs={"rows": 2}))
    claim_first_seen = core_forms.DateField(label=_("Phát hiện lần đầu"), required=False)
    claim_reach = forms.IntegerField(label=_("Mức độ lan truyền (ước tính số người xem)"),
                                     required=False, min_value=0)
    rating = forms.ChoiceField(label=_("Kết luận"), choices=Rating.choices)
    facts = forms.CharField(label=_("Thông tin chính xác"),
                            widget=forms.Textarea(attrs={"rows": 8}))
    sources = forms.CharField(
        label=_("Nguồn (mỗi dòng: tên nguồn | đường dẫn)"),
        widget=forms.Textarea(attrs={"rows": 3}))
    change_note = forms.CharField(label=_("Nội dung cập nhật (bắt buộc khi cập nhật)"),
                                  required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, units: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if units is None:
            del self.fields["unit"]
        else:
            self.fields["unit"].queryset = units  # type: ignore[attr-defined]

    def to_data(self) -> Any:
        from tincoso.feedback.corrections import CorrectionData

        c = self.cleaned_data
        sources = []
        for line in (c.get("sources") or "").splitlines():
            if not line.strip():
                continue
            title, _sep, url = line.partition("|")
            if not url and title.strip().startswith(("http://", "https://")):
                title, url = "", title
            sources.append({"title": title.strip(), "url": url.strip()})
        return CorrectionData(
            headline=c["headline"], claim_summary=c["claim_summary"], rating=c["rating"],
            facts=c["facts"], claim_where_seen=c.get("claim_where_seen") or "",
            claim_urls=[u for u in (c.get("claim_urls") or "").split() if u],
            claim_first_seen=c.get("claim_first_seen"), claim_reach=c.get("claim_reach"),
            sources=sources, change_note=c.get("change_note") or "",
        )


def correction_initial(version: Any) -> dict[str, Any]:
    return {
        "headline": version.headline, "claim_summary": version.claim_summary,
        "claim_where_seen": version.claim_where_seen,
        "claim_urls": "\n".join(version.claim_urls),
        "claim_first_seen": version.claim_first_seen, "claim_reach": version.claim_reach,
        "rating": version.rating, "facts": version.facts,
        "sources": "\n".join(f"{s['title']} | {s['url']}" for s in version.sources),
    }
