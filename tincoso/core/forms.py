"""Dates as Vietnamese write them, dd/mm/yyyy, whatever the browser's locale.

``<input type="date">`` shows the browser's own format (mm/dd/yyyy in an English
browser), so forms use a text input with a placeholder and a pattern instead, and
parse dd/mm/yyyy; ISO (yyyy-mm-dd) is accepted too, for links and bookmarks. The
API keeps ISO 8601 (its serializers do not use these fields).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

DATE_FORMAT = "%d/%m/%Y"
DATETIME_FORMAT = "%d/%m/%Y %H:%M"
DATE_INPUT_FORMATS = ["%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d"]
DATETIME_INPUT_FORMATS = [
    "%d/%m/%Y %H:%M",
    "%d/%m/%Y %H:%M:%S",
    "%d/%m/%Y",
    "%Y-%m-%dT%H:%M",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%d",
]
# The browser checks these before sending (HTML ``pattern``: whole value, "v" flag, so
# no character classes with "/" or "-" in them); the server parses more leniently.
_DATE = r"\d{1,2}/\d{1,2}/\d{4}"
_ISO = r"\d{4}-\d{2}-\d{2}"
_TIME = r"\d{1,2}:\d{2}"
DATE_PATTERN = rf"\s*({_DATE}|{_ISO})\s*"
DATETIME_PATTERN = rf"\s*({_DATE}( {_TIME})?|{_ISO}((T| ){_TIME})?)\s*"


def _text_attrs(placeholder: str, pattern: str, title: Any, attrs: Any) -> dict[str, Any]:
    base = {"placeholder": placeholder, "pattern": pattern, "autocomplete": "off", "title": title}
    return {**base, **(attrs or {})}


def _reformat(value: Any, formats: list[str], out: str) -> Any:
    """A typed value that parses (ISO from a link, "5/3/2026") is shown back as ``out``;
    anything else exactly as typed, so the person can correct it."""
    if isinstance(value, str):
        for fmt in formats:
            try:
                return dt.datetime.strptime(value.strip(), fmt).strftime(out)
            except ValueError:
                continue
    return value


class DateInput(forms.DateInput):
    input_type = "text"

    def format_value(self, value: Any) -> str | None:
        return super().format_value(_reformat(value, DATE_INPUT_FORMATS, DATE_FORMAT))

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        title = _("Ngày dạng dd/mm/yyyy, ví dụ 05/03/2026")
        attrs = {"inputmode": "numeric", **(attrs or {})}
        super().__init__(_text_attrs("dd/mm/yyyy", DATE_PATTERN, title, attrs), DATE_FORMAT)


class DateTimeInput(forms.DateTimeInput):
    input_type = "text"

    def format_value(self, value: Any) -> str | None:
        return super().format_value(_reformat(value, DATETIME_INPUT_FORMATS, DATETIME_FORMAT))

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        title = _("Ngày giờ dạng dd/mm/yyyy hh:mm, ví dụ 05/03/2026 14:30")
        attrs = _text_attrs("dd/mm/yyyy hh:mm", DATETIME_PATTERN, title, attrs)
        super().__init__(attrs, DATETIME_FORMAT)


class _Stripped:
    """Spaces around a typed date do not make it invalid."""

    def to_python(self, value: Any) -> Any:
        return super().to_python(value.strip() if isinstance(value, str) else value)  # type: ignore[misc]


class DateField(_Stripped, forms.DateField):
    widget = DateInput
    input_formats = DATE_INPUT_FORMATS
    default_error_messages = {"invalid": _("Ngày phải có dạng dd/mm/yyyy.")}


class DateTimeField(_Stripped, forms.DateTimeField):
    widget = DateTimeInput
    input_formats = DATETIME_INPUT_FORMATS
    default_error_messages = {"invalid": _("Ngày giờ phải có dạng dd/mm/yyyy hh:mm.")}


def check_range(form: forms.Form, start: str, end: str) -> None:
    """In ``form.clean``: a range whose end is before its start is an error on the end
    field, shown beside it (never an error page)."""
    since, until = form.cleaned_data.get(start), form.cleaned_data.get(end)
    if since and until and until < since:
        form.add_error(end, _("Ngày kết thúc phải sau ngày bắt đầu."))


class DateRangeForm(forms.Form):
    """The optional ``from``/``to`` filter of list and search pages (GET)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # "from" is a Python keyword, so the fields are named here, not as attributes.
        self.fields["from"] = DateField(label=_("Từ ngày"), required=False)
        self.fields["to"] = DateField(label=_("Đến ngày"), required=False)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        check_range(self, "from", "to")
        return cleaned

    def dates(self) -> tuple[dt.date | None, dt.date | None]:
        """The range when valid; no bounds (and errors to show) otherwise."""
        if not self.is_valid():
            return None, None
        return self.cleaned_data.get("from"), self.cleaned_data.get("to")
