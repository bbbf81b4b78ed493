"""The working-day calculator against dates checked by hand on the 2025–2027 calendars."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from tincoso.access import workdays
from tincoso.access.workdays import add_working_days, is_working_day, working_days_between

D = dt.date


def test_weekends_are_not_working_days() -> None:
    assert is_working_day(D(2025, 3, 14))  # Friday
    assert not is_working_day(D(2025, 3, 15))  # Saturday
    assert not is_working_day(D(2025, 3, 16))  # Sunday


@pytest.mark.parametrize("day", [D(2025, 1, 1), D(2025, 1, 29), D(2025, 4, 7), D(2025, 4, 30),
                                 D(2025, 5, 2), D(2025, 9, 2), D(2026, 2, 17), D(2026, 4, 27),
                                 D(2027, 2, 8), D(2027, 4, 16), D(2027, 5, 3)])
def test_public_holidays_are_days_off(day: dt.date) -> None:
    assert not is_working_day(day)


def test_make_up_saturday_is_a_working_day() -> None:
    assert is_working_day(D(2025, 4, 26))  # worked for Friday 2 May 2025


def test_ten_working_days_plain() -> None:
    # Monday 3 March 2025 → 10 working days later is Monday 17 March.
    assert add_working_days(D(2025, 3, 3), 10) == D(2025, 3, 17)


def test_ten_working_days_over_tet_2025() -> None:
    # Received Monday 20 Jan 2025: 21–24 Jan (4), Tết 27–31 Jan off, 3–7 Feb (9), 10 Feb (10).
    assert add_working_days(D(2025, 1, 20), 10) == D(2025, 2, 10)


def test_ten_working_days_over_reunification_day_2025() -> None:
    # Received Thu 24 Apr: 25 Apr, Sat 26 Apr (make-up), 28, 29 Apr, [30/4, 1/5, 2/5 off],
    # 5–9 May (9), 12 May (10).
    assert add_working_days(D(2025, 4, 24), 10) == D(2025, 5, 12)


def test_extension_over_tet_2026() -> None:
    # Due Friday 13 Feb 2026, extended by 10 working days: Tết 16–20 Feb off,
    # 23–27 Feb (5), 2–6 March (10).
    assert add_working_days(D(2026, 2, 13), 10) == D(2026, 3, 6)


def test_working_days_between_counts_like_add() -> None:
    start = D(2027, 2, 1)
    assert working_days_between(start, add_working_days(start, 10)) == 10


def test_year_outside_the_data_is_refused_bilingually() -> None:
    with pytest.raises(workdays.CalendarMissingError) as caught:
        is_working_day(D(2031, 6, 2))
    both = caught.value.bilingual()
    assert "2031" in both["vi"] and both["vi"] != both["en"]


def test_holiday_file_is_data(tmp_path, settings) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "h.json"
    path.write_text(json.dumps({"2030": {"off": ["2030-06-03"], "work": []}}))
    settings.ACCESS_HOLIDAYS_FILE = str(path)
    assert not is_working_day(D(2030, 6, 3))  # a Monday, off by the file
    assert is_working_day(D(2030, 6, 4))


@pytest.mark.parametrize(("day", "works"), [
    (D(2026, 1, 2), False),  # Friday swapped away (văn bản 12729/VPCP-KGVX)
    (D(2026, 1, 10), True),  # ... for Saturday 10 January
    (D(2026, 8, 31), False),  # Monday swapped away for the Quốc khánh break
    (D(2026, 8, 22), True),  # ... for Saturday 22 August
    (D(2026, 9, 1), False), (D(2026, 9, 3), True), (D(2026, 11, 24), True),
])
def test_2026_follows_the_governments_notices(day: dt.date, works: bool) -> None:
    assert is_working_day(day) is works


def test_a_request_received_before_the_2026_national_day_break() -> None:
    # Received Thu 20 Aug 2026: Sat 22/8 is worked, 31/8, 1/9 and 2/9 are off.
    assert add_working_days(D(2026, 8, 20), 10) == D(2026, 9, 7)
