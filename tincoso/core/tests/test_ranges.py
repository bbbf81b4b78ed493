"""core.ranges: which bytes a Range header asks for (RFC 9110 §14)."""

from __future__ import annotations

import pytest

from tincoso.core.ranges import wanted_range


@pytest.mark.parametrize(
    "header, expected",
    [
        ("", None),
        ("bytes=0-99", (0, 99)),
        ("bytes=100-", (100, 999)),
        ("bytes=-100", (900, 999)),
        ("bytes=-5000", (0, 999)),
        ("bytes=990-5000", (990, 999)),
        ("bytes = 1 - 2", (1, 2)),
        ("bytes=1000-", False),  # starts past the end
        ("bytes=5-4", False),
        ("bytes=-0", False),
        ("bytes=0-1,5-6", None),  # several ranges: the whole file
        ("items=0-1", None),
        ("bytes=-", None),
        ("bytes=x-y", None),
    ],
)
def test_a_range_header_names_one_span_or_none(header: str, expected: object) -> None:
    assert wanted_range(header, 1000) == expected


def test_an_empty_file_has_no_satisfiable_suffix() -> None:
    assert wanted_range("bytes=-10", 0) is False
