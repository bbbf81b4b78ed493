"""A register on screen in pages of its own numbering (số đến): ``?from=1&to=500``.

A busy unit's year runs to thousands of lines; the page shows one span of numbers
(the last by default: what came most recently), the printed register and its PDF
the whole year unless a span is asked for.
"""

from __future__ import annotations

from collections.abc import Mapping

from django.utils.translation import gettext_lazy as _

from tincoso.documents.rules import DocumentError

PAGE_LINES = 500
BAD_SPAN = _(
    "Khoảng số đến không hợp lệ: “từ” và “đến” là số nguyên dương, “từ” không lớn hơn “đến”."
)


def pages(last: int) -> list[tuple[int, int]]:
    """The spans of PAGE_LINES numbers that cover 1 to ``last``."""
    return [(low, low + PAGE_LINES - 1) for low in range(1, last + 1, PAGE_LINES)]


def span(params: Mapping[str, str], last: int, *, whole: bool) -> tuple[int, int] | None:
    """The numbers asked for; else the whole year (``whole``, None) or the last page."""
    raw_from, raw_to = params.get("from", ""), params.get("to", "")
    if not raw_from and not raw_to:
        if whole or last <= PAGE_LINES:
            return None
        return pages(last)[-1]
    try:
        low = int(raw_from or 1)
        high = int(raw_to or max(last, low))
    except ValueError:
        raise DocumentError(BAD_SPAN) from None
    if low < 1 or high < low:
        raise DocumentError(BAD_SPAN)
    return low, high
