"""``{% nav_count url_name %}``: the badge beside a navigation link saying how many
things wait there for the person (nothing when none)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import ngettext

from tincoso.core import todo

register = template.Library()


@register.simple_tag(takes_context=True)
def nav_count(context: Any, url_name: str) -> SafeString | str:
    counts = context.get("todo_counts")
    n = counts.get(url_name, 0) if counts else 0
    if not n:
        return ""
    return format_html(
        ' <span class="count">{}<span class="visually-hidden"> {}</span></span>',
        n,
        ngettext("việc đang chờ", "việc đang chờ", n),
    )


@register.filter
def time_left(due: dt.datetime, now: dt.datetime) -> str:
    """``{{ entry.due|time_left:now }}``: how long is left, or how long overdue."""
    return todo.time_left(due, now)
