"""The shared "follow it with its code" page (core.tracking) on both of its uses: no
code is an empty form, an unknown code a 404 naming the problem in either language."""

from __future__ import annotations

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

PAGES = [
    ("/thong-tin/tra-cuu/", "Không tìm thấy yêu cầu với mã tra cứu này.",
     "No request has this tracking code."),
    ("/gop-y/tra-cuu/", "Không tìm thấy ý kiến với mã tra cứu này.",
     "No feedback was found with this tracking code."),
]  # fmt: skip


@pytest.mark.parametrize(("path", "vietnamese", "english"), PAGES)
def test_an_unknown_code_is_a_404_that_says_so(path: str, vietnamese: str, english: str) -> None:
    empty = Client().get(path)
    assert empty.status_code == 200 and vietnamese not in empty.text
    unknown = Client().get(path, {"code": " nope-123 "})
    assert unknown.status_code == 404
    assert vietnamese in unknown.text and 'value="nope-123"' in unknown.text
    reader = Client()
    reader.cookies["django_language"] = "en"
    assert english in reader.get(path, {"code": "NOPE"}).text
