"""Roll-up counts: on time, late, overdue; counted over the subtree only."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from tincoso.access import services
from tincoso.access.figures import request_figures
from tincoso.access.tests.conftest import FORM
from tincoso.conftest import person_with
from tincoso.core import clock
from tincoso.units.models import Role, Unit

pytestmark = pytest.mark.django_db


def test_on_time_late_and_overdue(tree: dict[str, Unit]) -> None:
    officer = person_with(Role.OFFICER, tree["commune"])
    # Online and complex: 15 working days, due 24 March.
    fifteen: dict[str, Any] = {**FORM, "is_complex": True}
    early = services.file_request(tree["village"], **fifteen)
    late = services.file_request(tree["commune"], **fifteen)
    services.file_request(tree["commune"], **fifteen)  # stays open
    services.file_request(tree["cell-a"], **fifteen)  # another subtree
    clock.set(dt.datetime(2025, 3, 10, 9, 0))
    services.answer(officer, early, "Đã cung cấp bản sao")
    clock.set(dt.datetime(2025, 3, 25, 9, 0))  # due 24 March
    services.refuse(officer, late, "d11_already", "Đã đăng trên cổng")
    figures = request_figures(tree["commune"], dt.date(2025, 3, 1), dt.date(2025, 3, 31))
    assert figures == {"received": 3, "on_time": 1, "late": 1, "overdue": 1, "refused": 1}


def test_rolled_up_by_child_unit(tree: dict[str, Unit]) -> None:
    from tincoso.reports.periods import Period
    from tincoso.reports.rollup import rollup_for

    officer = person_with(Role.OFFICER, tree["province"])
    services.answer(officer, services.file_request(tree["village"], **FORM), "Bản sao kèm theo")
    services.file_request(tree["cell-a"], **FORM)
    rollup = rollup_for(tree["province"], Period(dt.date(2025, 3, 1), dt.date(2025, 3, 31)))
    assert rollup.totals["access"]["received"] == 2
    assert rollup.totals["access"]["on_time"] == 1
    by_child = {unit.code: figures.get("access", {}) for unit, figures in rollup.children}
    assert by_child["commune"] == {"received": 1, "on_time": 1}
    assert by_child["committee"] == {"received": 1}
