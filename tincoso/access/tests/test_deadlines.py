"""Deadlines by channel (``deadlines``: Điều 29, 30, 31 of the law), with weekends,
holidays and the make-up Saturday of the 2025 calendar; dates checked by hand."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from tincoso.access import services
from tincoso.access.models import Event, InfoRequest
from tincoso.access.tests.conftest import FORM
from tincoso.conftest import person_with
from tincoso.core import clock
from tincoso.units.models import Role, Unit

pytestmark = pytest.mark.django_db
D = dt.date


def _on(day: dt.date) -> None:
    clock.set(dt.datetime(day.year, day.month, day.day, 9, 0))


def _file(unit: Unit, day: dt.date, channel: str, **kw: Any) -> InfoRequest:
    _on(day)
    return services.file_request(unit, **FORM, channel=channel, **kw)


@pytest.mark.parametrize(("channel", "received", "due"), [
    ("online", D(2025, 3, 3), D(2025, 3, 6)),  # Điều 30 khoản 3: 3 working days
    ("online", D(2025, 4, 4), D(2025, 4, 10)),  # Friday; Monday 7 April is Giỗ Tổ
    ("post", D(2025, 3, 3), D(2025, 3, 10)),  # Điều 31 khoản 1: 5 working days
    # Friday 25 April: Saturday 26 is worked, 30 April – 2 May are off.
    ("post", D(2025, 4, 25), D(2025, 5, 6)),
    ("office", D(2025, 3, 3), D(2025, 3, 3)),  # simple and available: at once
])
def test_simple_deadline_by_channel(tree: dict[str, Unit], channel: str,
                                    received: dt.date, due: dt.date) -> None:
    assert _file(tree["commune"], received, channel).due_on == due


def test_post_complex_within_three_working_days_moves_to_fifteen(
        tree: dict[str, Unit]) -> None:
    req = _file(tree["commune"], D(2025, 3, 3), "post")
    officer = person_with(Role.OFFICER, tree["commune"])
    _on(D(2025, 3, 6))  # the 3rd working day after receipt: still in time
    services.mark_complex(officer, req, "Cần ý kiến của Phòng Tài nguyên")
    req.refresh_from_db()
    assert req.is_complex and req.due_on == D(2025, 3, 24)  # 15 working days
    assert req.events.last().kind == "complex"  # type: ignore[union-attr]


def test_marking_complex_too_late_is_refused_and_changes_nothing(
        tree: dict[str, Unit]) -> None:
    req = _file(tree["commune"], D(2025, 3, 3), "post")
    officer = person_with(Role.OFFICER, tree["commune"])
    _on(D(2025, 3, 7))  # the 4th working day
    with pytest.raises(services.AccessError) as caught:
        services.mark_complex(officer, req, "Muộn")
    assert caught.value.bilingual()["en"] != caught.value.bilingual()["vi"]
    req.refresh_from_db()
    assert not req.is_complex and req.due_on == D(2025, 3, 10)
    assert Event.objects.filter(kind="complex").count() == 0


def test_notice_window_counts_working_days_across_holidays(tree: dict[str, Unit]) -> None:
    # Online, received Friday 4 April: Monday 7 is off, so the 3rd working day is 10 April.
    req = _file(tree["commune"], D(2025, 4, 4), "online")
    officer = person_with(Role.OFFICER, tree["commune"])
    _on(D(2025, 4, 10))
    services.mark_complex(officer, req, "Cần tập hợp hồ sơ")
    req.refresh_from_db()
    # Điều 30 khoản 4: 15 working days; Giỗ Tổ is skipped and the make-up Saturday
    # 26 April (worked in 2025 for Friday 2 May) is the 15th.
    assert req.due_on == D(2025, 4, 26)


def test_post_extension_is_fifteen_days_back_to_a_working_day(
        tree: dict[str, Unit]) -> None:
    req = _file(tree["commune"], D(2025, 3, 24), "post", is_complex=True)
    assert req.due_on == D(2025, 4, 15)  # 15 working days, over Giỗ Tổ (7 April)
    officer = person_with(Role.OFFICER, tree["commune"])
    _on(D(2025, 4, 14))
    services.extend(officer, req, "Cần sao chụp hồ sơ lưu trữ")
    req.refresh_from_db()
    # 15 days later is Wednesday 30 April, a holiday: back to Tuesday 29 April.
    assert req.extended and req.due_on == D(2025, 4, 29)


def test_post_simple_request_cannot_be_extended(tree: dict[str, Unit]) -> None:
    req = _file(tree["commune"], D(2025, 3, 3), "post")
    officer = person_with(Role.OFFICER, tree["commune"])
    with pytest.raises(services.AccessError):
        services.extend(officer, req, "Cần thêm thời gian")
    req.refresh_from_db()
    assert not req.extended and req.due_on == D(2025, 3, 10)


def test_extension_only_within_the_time_limit(tree: dict[str, Unit]) -> None:
    req = _file(tree["commune"], D(2025, 3, 3), "online", is_complex=True)  # due 24 March
    officer = person_with(Role.OFFICER, tree["commune"])
    _on(D(2025, 3, 25))
    with pytest.raises(services.AccessError) as caught:
        services.extend(officer, req, "Muộn")
    assert "before the deadline" in caught.value.bilingual()["en"]
    req.refresh_from_db()
    assert not req.extended and req.due_on == D(2025, 3, 24)


@pytest.mark.parametrize(("channel", "received", "due"), [
    ("online", D(2025, 3, 3), D(2025, 3, 6)),
    ("office", D(2025, 3, 3), D(2025, 3, 3)),
])
def test_simple_requests_of_every_channel_cannot_be_extended(
        tree: dict[str, Unit], channel: str, received: dt.date, due: dt.date) -> None:
    req = _file(tree["commune"], received, channel)  # Điều 29, 30: complex case only
    officer = person_with(Role.OFFICER, tree["commune"])
    with pytest.raises(services.AccessError) as caught:
        services.extend(officer, req, "Cần thêm thời gian")
    assert "complex" in caught.value.bilingual()["en"]
    req.refresh_from_db()
    assert not req.extended and req.due_on == due and req.events.count() == 1


def test_online_complex_is_fifteen_working_days_then_fifteen_days(
        tree: dict[str, Unit]) -> None:
    req = _file(tree["commune"], D(2025, 3, 3), "online")
    officer = person_with(Role.OFFICER, tree["commune"])
    services.mark_complex(officer, req, "Cần ý kiến của Phòng Tài nguyên")
    req.refresh_from_db()
    assert req.due_on == D(2025, 3, 24)  # Điều 30 khoản 4: 15 working days
    _on(D(2025, 3, 24))  # the last day of the time limit: still in time
    services.extend(officer, req, "Cần sao chụp hồ sơ lưu trữ")
    req.refresh_from_db()
    # 15 days, not working days: 8 April (in working days, over Giỗ Tổ, 15 April).
    assert req.extended and req.due_on == D(2025, 4, 8)


def test_online_complex_extension_ending_on_a_holiday_comes_back(
        tree: dict[str, Unit]) -> None:
    req = _file(tree["commune"], D(2025, 3, 24), "online", is_complex=True)
    assert req.due_on == D(2025, 4, 15)  # 15 working days, over Giỗ Tổ (7 April)
    officer = person_with(Role.OFFICER, tree["commune"])
    services.extend(officer, req, "Cần thêm thời gian")
    req.refresh_from_db()
    assert req.due_on == D(2025, 4, 29)  # 30 April is a holiday: back to 29 April


def test_office_complex_extension_is_ten_working_days(tree: dict[str, Unit]) -> None:
    req = _file(tree["commune"], D(2025, 3, 24), "office", is_complex=True)
    assert req.due_on == D(2025, 4, 8)  # Điều 29 khoản 2: 10 working days, Giỗ Tổ off
    officer = person_with(Role.OFFICER, tree["commune"])
    _on(D(2025, 4, 8))
    services.extend(officer, req, "Cần tập hợp từ các bộ phận")
    req.refresh_from_db()
    assert req.extended and req.due_on == D(2025, 4, 22)  # at most 10 working days


def test_office_complex_only_on_the_day_of_receipt(tree: dict[str, Unit]) -> None:
    officer = person_with(Role.OFFICER, tree["commune"])
    late = _file(tree["commune"], D(2025, 3, 3), "office")
    _on(D(2025, 3, 4))
    with pytest.raises(services.AccessError):
        services.mark_complex(officer, late, "Cần tập hợp")
    same_day = _file(tree["commune"], D(2025, 3, 4), "office")
    services.mark_complex(officer, same_day, "Cần tập hợp")
    same_day.refresh_from_db()
    assert same_day.due_on == D(2025, 3, 18)  # 10 working days


def test_unknown_channel_refused_nothing_stored(tree: dict[str, Unit]) -> None:
    with pytest.raises(services.AccessError):
        services.file_request(tree["commune"], **FORM, channel="pigeon")
    assert not InfoRequest.objects.exists()
