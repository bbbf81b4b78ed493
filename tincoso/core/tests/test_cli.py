"""The tincoso command: demo (idempotent), periodic jobs, parse."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command

from tincoso.core import clock
from tincoso.documents.models import Dispatch, Document
from tincoso.units.models import Guidance, Membership, Unit

ROOT = Path(__file__).resolve().parents[3]


@pytest.mark.django_db
def test_demo_builds_a_realistic_province_and_running_it_again_changes_nothing() -> None:
    out = StringIO()
    call_command("demo", stdout=out)
    counts = (
        Unit.objects.count(),
        Membership.objects.count(),
        Document.objects.count(),
        Dispatch.objects.count(),
        Guidance.objects.count(),
    )
    # Ten agencies' cells, and a cell for each of the 36 villages on the party line.
    assert Unit.objects.filter(kind="party_cell").count() == 10 + 36
    assert Unit.objects.filter(kind="commune").count() == 12
    assert Unit.objects.filter(kind="party_committee", code__startswith="du-").count() == 12
    # The provincial board guides every commune beside the tree.
    assert Guidance.objects.filter(guide__code="btg-tu").count() == 12
    assert Unit.objects.filter(kind="village").count() >= 24
    assert {m.role for m in Membership.objects.all()} == {
        "admin",
        "editor",
        "approver",
        "officer",
        "reporter",
        "viewer",
    }
    assert "bientap.btg" in out.getvalue() and "TinCoSo@2026" in out.getvalue()
    call_command("demo", stdout=StringIO())
    assert (
        Unit.objects.count(),
        Membership.objects.count(),
        Document.objects.count(),
        Dispatch.objects.count(),
        Guidance.objects.count(),
    ) == counts


@pytest.mark.django_db
def test_run_periodic_once_escalates_overdue_dispatches(capsys: Any) -> None:
    call_command("demo", stdout=StringIO())
    clock.set(clock.now() + dt.timedelta(days=30))
    call_command("run_periodic", "--once")
    assert Dispatch.objects.filter(overdue_notified_at__isnull=False).count() >= 1


def test_tincoso_parse_prints_one_json_line_per_file() -> None:
    sample = ROOT / "tincoso" / "documents" / "demo_data" / "30-HD-BTG.txt"
    result = subprocess.run(
        [sys.executable, "-m", "tincoso.cli", "parse", str(sample), str(sample), "--json"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
    )
    lines = result.stdout.strip().splitlines()
    assert len(lines) == 2
    parsed = json.loads(lines[0])
    assert parsed["symbol"] == "30-HD/BTG" and parsed["date"] == "2017-06-06"
