"""People and helpers for the alert tests.

province           far approver (the province's approver role)
└── commune        editor, approver, second approver, a second editor
    └── village
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from tincoso.alerts import services
from tincoso.alerts.models import Alert
from tincoso.conftest import person_with
from tincoso.core import clock
from tincoso.units.models import Role, Unit


@pytest.fixture(autouse=True)
def _keys(settings: Any, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One development key pair for the whole session (RSA generation is slow)."""
    path = tmp_path_factory.getbasetemp() / "alert-keys"
    settings.VAR_DIR = path
    return path


@pytest.fixture
def people(tree: dict[str, Unit]) -> dict[str, Any]:
    return {
        "editor": person_with(Role.EDITOR, tree["commune"], "editor"),
        "editor2": person_with(Role.EDITOR, tree["commune"], "editor2"),
        "approver": person_with(Role.APPROVER, tree["commune"], "approver"),
        "approver2": person_with(Role.APPROVER, tree["commune"], "approver2"),
        "far_approver": person_with(Role.APPROVER, tree["province"], "far-approver"),
    }


def draft(tree: dict[str, Unit], **extra: Any) -> services.Draft:
    values: dict[str, Any] = dict(
        event="Lũ quét",
        headline="Cảnh báo lũ quét, rủi ro thiên tai cấp độ 3",
        description="Mưa lớn có thể gây lũ quét trên suối Nà Khum đêm nay.",
        instruction="Di chuyển ngay lên chỗ cao.",
        area_units=[tree["village"]],
        category="Geo",
        urgency="Immediate",
        certainty="Likely",
        risk_level=3,
        hazard="mua-lon-lu-lu-quet-sat-lo",
        template="lu-quet",
        expires=clock.now() + dt.timedelta(hours=6),
    )
    values.update(extra)
    return services.Draft(**values)


def composed(tree: dict[str, Unit], people: dict[str, Any], **extra: Any) -> Alert:
    return services.compose(people["editor"], tree["commune"], draft(tree, **extra))


def sent(tree: dict[str, Unit], people: dict[str, Any], **extra: Any) -> Alert:
    return services.approve(people["approver"], composed(tree, people, **extra))
