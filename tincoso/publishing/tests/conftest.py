"""Shared people and helpers for the publishing tests."""

from __future__ import annotations

from typing import Any

import pytest

from tincoso.conftest import person_with
from tincoso.documents import services as documents
from tincoso.documents.models import Document
from tincoso.publishing import services
from tincoso.publishing.models import Item
from tincoso.units.models import Role, Unit


@pytest.fixture
def people(tree: dict[str, Unit]) -> dict[str, Any]:
    return {
        "editor": person_with(Role.EDITOR, tree["commune"], "editor"),
        "approver": person_with(Role.APPROVER, tree["commune"], "approver"),
        "other_approver": person_with(Role.APPROVER, tree["committee"], "far-approver"),
    }


def publish(people: dict[str, Any], unit: Unit, title: str, **extra: Any) -> Item:
    """GIVEN an editor and an approver of ``unit`` (or above) WHEN the item is written,
    submitted and approved THEN it is on the portal (unless scheduled)."""
    body = extra.pop("body", "Nội dung **chính**.")
    item = services.create_item(
        people["editor"], unit, services.Draft(title=title, summary="Tóm tắt.", body=body, **extra)
    )
    services.submit_for_review(people["editor"], item)
    services.approve(people["approver"], item)
    item.refresh_from_db()
    return item


def registered_document(editor: Any, unit: Unit) -> Document:
    from tincoso.documents.tests.conftest import SAMPLE

    doc = documents.import_document(editor, unit, SAMPLE.read_bytes(), "30-HD-BTG.txt")
    return documents.register_document(editor, doc)
