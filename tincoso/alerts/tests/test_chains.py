"""Update and Cancel follow CAP: a new identifier, the msgType, and references naming
"sender,identifier,sent" of every earlier message; the devices follow the chain and
nothing starts twice."""

from __future__ import annotations

from typing import Any

from lxml import etree

from tincoso.alerts import fanout, services
from tincoso.alerts.cap import NS, cap_time
from tincoso.alerts.models import AlertEmergency
from tincoso.alerts.tests.conftest import composed, draft, sent
from tincoso.broadcast.devices import emergency as emergencies
from tincoso.broadcast.devices.push_models import Emergency
from tincoso.units.models import Unit

C = {"c": NS}


def _references(xml: str) -> str:
    return etree.fromstring(xml.encode()).findtext("c:references", namespaces=C)


def test_an_update_then_a_cancel_reference_every_earlier_message(
    tree: dict[str, Unit], people: dict[str, Any]
) -> None:
    alert = sent(tree, people)
    update = services.update(people["editor"], alert, draft(tree, headline="Mưa tăng"))
    cancel = services.cancel(people["approver"], update)
    first = f"{alert.sender},{alert.identifier},{cap_time(alert.sent_at)}"
    second = f"{update.sender},{update.identifier},{cap_time(update.sent_at)}"
    assert len({alert.identifier, update.identifier, cancel.identifier}) == 3
    assert _references(update.cap_xml) == first
    assert _references(cancel.cap_xml) == f"{first} {second}"
    assert (update.msg_type, cancel.msg_type) == ("Update", "Cancel")
    assert list(services.active()) == []
    assert services.chain(cancel) == [alert, update, cancel]


def test_the_superseded_message_is_no_longer_active(
    tree: dict[str, Unit], people: dict[str, Any]
) -> None:
    alert = sent(tree, people)
    assert list(services.active()) == [alert]
    update = services.update(people["approver"], alert, draft(tree))
    assert list(services.active()) == [update]


def test_sending_starts_one_emergency_per_unit_and_a_retry_starts_none(
    tree: dict[str, Unit], people: dict[str, Any]
) -> None:
    alert = sent(tree, people, area_units=[tree["village"], tree["commune"]])
    assert alert.emergencies.count() == 2
    fanout.on_sent(alert)  # a retry
    assert alert.emergencies.count() == 2 and Emergency.objects.count() == 2
    row = Emergency.objects.get(unit=tree["village"])
    assert row.title == alert.headline and "Di chuyển ngay" in row.text
    assert not row.exercise and row.expires_at <= alert.expires


def test_an_update_replaces_the_emergencies_and_a_cancel_stops_them(
    tree: dict[str, Unit], people: dict[str, Any]
) -> None:
    alert = sent(tree, people)
    update = services.update(people["editor"], alert, draft(tree, headline="Lũ lên nhanh"))
    assert [e.title for e in emergencies.active()] == ["Lũ lên nhanh"]
    services.cancel(people["editor"], update)
    assert not emergencies.active().exists()
    assert AlertEmergency.objects.count() == 2


def test_an_exercise_goes_to_the_devices_marked_and_a_test_goes_to_none(
    tree: dict[str, Unit], people: dict[str, Any]
) -> None:
    exercise = sent(tree, people, status="Exercise")
    row = exercise.emergencies.get().emergency
    assert row.exercise and row.title.startswith("DIỄN TẬP: ")
    services.send_test(people["editor"], composed(tree, people, status="Test"))
    assert Emergency.objects.count() == 1


def test_an_exercise_update_stays_an_exercise(
    tree: dict[str, Unit], people: dict[str, Any]
) -> None:
    exercise = sent(tree, people, status="Exercise")
    update = services.update(people["editor"], exercise, draft(tree, status="Actual"))
    assert update.status == "Exercise"
