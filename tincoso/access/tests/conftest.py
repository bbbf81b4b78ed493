"""Shared set-up: a frozen working Monday and the public form's valid data."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
from django.core.cache import caches

from tincoso.core import clock

FORM: dict[str, Any] = {"full_name": "Nguyễn Văn Bình", "id_number": "001099012345",
        "address": "Thôn Nà Khum, xã Đồng Tâm", "phone": "0912345678", "email": "",
        "information": "Quyết định phê duyệt quy hoạch khu dân cư Đồng Tâm năm 2025",
        "purpose": "Tìm hiểu", "delivery": "in_person"}


@pytest.fixture(autouse=True)
def _monday(db: Any) -> Iterator[None]:
    clock.set(dt.datetime(2025, 3, 3, 9, 0))  # Monday 3 March 2025
    for name in caches:
        caches[name].clear()  # the rate-limit counters of earlier tests
    yield
    clock.reset()


def form_for(unit: Any, **changes: str) -> dict[str, Any]:
    return {**FORM, "unit": str(unit.pk), **changes}
