"""Where our copy of a received document stands, as the code its sender is told."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from tincoso.conftest import person_with
from tincoso.documents import services
from tincoso.documents.exchange import building, receiving, statuses
from tincoso.documents.exchange.envelope import Edoc, File, Organ
from tincoso.documents.exchange.models import Message, Way
from tincoso.documents.exchange.tests.helpers import RECEIVER_ID, bodies
from tincoso.documents.models import DispatchStatus
from tincoso.units.models import Role, Unit

pytestmark = pytest.mark.django_db


def _received(tree: dict[str, Unit]) -> Any:
    edoc = Edoc(
        Organ("000.00.00.H55", "Sở Thử nghiệm"), [Organ(RECEIVER_ID, "UBND xã Đồng Tâm")],
        "000.00.00.H55,2026/11/20,5/STN-VP", code_number="5", code_notation="STN-VP",
        type_name="Công văn", subject="V/v thử",
        files=[File("cv.txt", "CÔNG VĂN\nV/v thử".encode(), "text/plain")],
    )  # fmt: skip
    (message,) = receiving.receive(building.build_edoc(edoc, statuses_now()))
    return message


def statuses_now() -> Any:
    from tincoso.core import clock

    return clock.now()


def reported(message: Message) -> list[str]:
    return list(
        Message.objects.filter(way=Way.OUT, kind="status", edxml_id=message.edxml_id)
        .order_by("pk")
        .values_list("status_code", flat=True)
    )


def test_arrived_registered_passed_on_done(tree: dict[str, Unit]) -> None:
    people = bodies(tree)
    message = _received(tree)
    doc = message.document
    assert reported(message) == ["01"]
    services.update_fields(people["receiver_officer"], doc, date=statuses_now().date())
    doc = services.register_document(people["receiver_officer"], doc)
    receiving.queue_status_updates()
    assert reported(message) == ["01", "03"]

    editor = person_with(Role.EDITOR, tree["commune"], "bientap-xa")
    (dispatch,) = services.dispatch_document(editor, doc, [tree["village"]])
    receiving.queue_status_updates()
    assert reported(message) == ["01", "03", "05"]
    village = person_with(Role.OFFICER, tree["village"], "canbo-ban")
    services.acknowledge(village, dispatch)
    services.complete(village, dispatch, "Đã thông báo trên loa.", [])
    dispatch.refresh_from_db()
    assert dispatch.status == DispatchStatus.DONE
    receiving.queue_status_updates()
    assert reported(message) == ["01", "03", "05", "06"]
    assert receiving.queue_status_updates() == 0  # once per change

    # what the sender's side shows for each code
    assert statuses.CODE_TO_DISPATCH_STATUS["05"] == DispatchStatus.IMPLEMENTING
    assert statuses.label("06") == "Đã xử lý xong"


def test_a_revocation_is_recorded_against_the_document_received(tree: dict[str, Unit]) -> None:
    bodies(tree)
    message = _received(tree)
    revoke = Edoc(
        Organ("000.00.00.H55", "Sở Thử nghiệm"), [Organ(RECEIVER_ID, "UBND xã Đồng Tâm")],
        message.edxml_id, subject="V/v thử", business_type="1", business_reason="Ban hành nhầm",
    )  # fmt: skip
    (recorded,) = receiving.receive(building.build_edoc(revoke, statuses_now()))
    assert recorded.business_type == "1" and recorded.document == message.document
    assert recorded.description == "Ban hành nhầm"
    assert Message.objects.filter(way=Way.IN, kind="edoc").count() == 2


def test_the_admin_lists_identifiers(tree: dict[str, Unit], admin_client: Client) -> None:
    bodies(tree)
    page = admin_client.get("/admin/exchange/organ/").content.decode()
    assert "000.00.01.H99" in page and "UBND xã Đồng Tâm" in page
