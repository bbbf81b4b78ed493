"""Shared people and helpers for the publishing tests."""

from __future__ import annotations

from typing import Any

import pytest

from tincoso.conftest import person_with
from tincoso.conftest import publish as publish  # shared: other apps' tests use them too
from tincoso.conftest import registered_document as registered_document
from tincoso.units.models import Role, Unit


@pytest.fixture
def people(tree: dict[str, Unit]) -> dict[str, Any]:
    return {
        "editor": person_with(Role.EDITOR, tree["commune"], "editor"),
        "approver": person_with(Role.APPROVER, tree["commune"], "approver"),
        "other_approver": person_with(Role.APPROVER, tree["committee"], "far-approver"),
    }
