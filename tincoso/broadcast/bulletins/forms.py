"""Forms for bulletins: write or edit, upload a recording or a language variant."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from tincoso.broadcast.bulletins.models import VARIANT_LANGUAGES
from tincoso.broadcast.speech import engines, pipeline
from tincoso.units.models import Unit

AUDIO_ACCEPT = ".mp3,.wav,.ogg,.oga,.m4a,audio/*"


class BulletinForm(forms.Form):
    unit = forms.ModelChoiceField(queryset=Unit.objects.none(), label=_("Đơn vị"))
    title = forms.CharField(label=_("Tiêu đề"), max_length=300)
    text = forms.CharField(label=_("Nội dung"), widget=forms.Textarea(attrs={"rows": 10}),
                           required=False)  # fmt: skip
    reading = forms.CharField(
        label=_("Lời đọc (máy sẽ đọc đúng như thế này; sửa nếu đọc sai)"),
        widget=forms.Textarea(attrs={"rows": 8}),
        required=False,
    )
    voice = forms.ChoiceField(label=_("Giọng đọc"), choices=[])
    rate = forms.IntegerField(label=_("Tốc độ đọc (%)"), min_value=pipeline.RATES[0],
                              max_value=pipeline.RATES[1], initial=100)  # fmt: skip
    pause_ms = forms.IntegerField(label=_("Nghỉ giữa các đoạn (ms)"), min_value=0,
                                  max_value=pipeline.MAX_PAUSE_MS, initial=800)  # fmt: skip
    item = forms.IntegerField(widget=forms.HiddenInput, required=False)
    document = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, units: Any, editing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]
        if not self.initial.get("unit"):  # the editor's own unit first, above its villages
            self.initial["unit"] = units.first()
        voice: Any = self.fields["voice"]
        voice.choices = [(v.code, v.label) for v in engines.voices()]
        if editing:
            self.fields["unit"].required = False
            self.fields["unit"].disabled = True
        else:
            del self.fields["reading"]  # shown after saving, made from the text


class RecordingForm(forms.Form):
    file = forms.FileField(
        label=_("Tệp ghi âm (MP3, WAV, OGG, M4A)"),
        widget=forms.ClearableFileInput(attrs={"accept": AUDIO_ACCEPT}),
    )


class VariantForm(RecordingForm):
    language = forms.ChoiceField(label=_("Ngôn ngữ"), choices=VARIANT_LANGUAGES)
