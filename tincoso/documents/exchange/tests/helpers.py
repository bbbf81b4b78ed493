"""Two bodies of the test tree with their OrganIds, and a registered document to send."""

from __future__ import annotations

from typing import Any

from tincoso.conftest import person_with, registered_document
from tincoso.documents.exchange.models import Organ
from tincoso.units.models import Role, Unit

SENDER_ID = "000.00.00.H99"
RECEIVER_ID = "000.00.01.H99"


def bodies(tree: dict[str, Unit]) -> dict[str, Any]:
    """The committee sends, the commune receives; an officer keeps each register."""
    sender = Organ.objects.create(
        organ_id=SENDER_ID, name="Tỉnh ủy Thử Nghiệm", unit=tree["committee"]
    )
    receiver = Organ.objects.create(
        organ_id=RECEIVER_ID, name="UBND xã Đồng Tâm", unit=tree["commune"]
    )
    return {
        "sender": sender,
        "receiver": receiver,
        "sender_officer": person_with(Role.OFFICER, tree["committee"], "vanthu-tinhuy"),
        "receiver_officer": person_with(Role.OFFICER, tree["commune"], "vanthu-xa"),
    }


def sent_document(tree: dict[str, Unit], people: dict[str, Any]) -> Any:
    editor = person_with(Role.EDITOR, tree["committee"], "bientap-tinhuy")
    return registered_document(editor, tree["committee"])
