"""Shared steps for report tests: a report through both pairs of eyes."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model

from tincoso.conftest import person_with
from tincoso.reports import services
from tincoso.reports.models import Report
from tincoso.units.models import Role


def approver_of(report: Report) -> Any:
    """An approver on the report's own unit (made once per unit)."""
    name = f"approver-{report.unit.code}"
    existing = get_user_model().objects.filter(username=name).first()
    return existing or person_with(Role.APPROVER, report.unit, name)


def issued(author: Any, report: Report) -> Report:
    """The author submits, an approver of the unit approves: numbered and sent."""
    approver = approver_of(report)
    report = services.submit_report(author, Report.objects.get(pk=report.pk))
    return services.approve_report(approver, report)
