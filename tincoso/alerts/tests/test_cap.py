"""Every kind of alert becomes a CAP 1.2 message that the official OASIS schema
accepts and whose XML-DSig signature verifies with the province's certificate."""

from __future__ import annotations

from typing import Any

import pytest
from lxml import etree
from signxml.exceptions import InvalidSignature

from tincoso.alerts import schema, services, signing
from tincoso.alerts.cap import NS
from tincoso.alerts.drafts import InfoDraft
from tincoso.alerts.models import Alert
from tincoso.alerts.tests.conftest import composed, draft, sent
from tincoso.units.models import Unit

C = {"c": NS}
POLYGON = "21.30,105.10 21.35,105.10 21.35,105.20 21.30,105.10"


def _checked(alert: Alert) -> etree._Element:
    xml = alert.cap_xml.encode()
    schema.validate(xml)
    return signing.verify(xml)


def _kinds(tree: dict[str, Unit], people: dict[str, Any]) -> list[Alert]:
    english = [
        InfoDraft(
            "en",
            "Flash flood",
            "Flash flood warning, level 3",
            "Heavy rain may cause flash floods tonight.",
            "Move to high ground.",
        )
    ]
    actual = sent(tree, people, polygon=POLYGON, infos=english)
    update = services.update(people["editor"], actual, draft(tree, headline="Lũ quét đã xảy ra"))
    cancel = services.cancel(people["approver"], update, "Mưa đã ngớt.")
    exercise = sent(tree, people, status="Exercise")
    test = services.send_test(people["editor"], composed(tree, people, status="Test"))
    return [actual, update, cancel, exercise, test]


def test_every_kind_of_alert_is_valid_cap_and_its_signature_verifies(
    tree: dict[str, Unit], people: dict[str, Any]
) -> None:
    kinds = _kinds(tree, people)
    seen = set()
    for alert in kinds:
        signed = _checked(alert)
        seen.add(
            (signed.findtext("c:status", namespaces=C), signed.findtext("c:msgType", namespaces=C))
        )
    assert seen == {
        ("Actual", "Alert"),
        ("Actual", "Update"),
        ("Actual", "Cancel"),
        ("Exercise", "Alert"),
        ("Test", "Alert"),
    }


def test_the_message_says_what_the_alert_says(
    tree: dict[str, Unit], people: dict[str, Any]
) -> None:
    english = [InfoDraft("en", "Flash flood", "Flash flood warning", "Heavy rain.", "")]
    root = _checked(sent(tree, people, polygon=POLYGON, infos=english))
    infos = root.findall("c:info", C)
    assert [i.findtext("c:language", namespaces=C) for i in infos] == ["vi-VN", "en"]
    vi = infos[0]
    assert vi.findtext("c:severity", namespaces=C) == "Severe"  # level 3
    params = {
        p.findtext("c:valueName", namespaces=C): p.findtext("c:value", namespaces=C)
        for p in vi.findall("c:parameter", C)
    }
    assert params == {"capDoRuiRo": "3", "mauCapDoRuiRo": "da cam"}
    assert vi.findtext("c:area/c:polygon", namespaces=C) == POLYGON
    assert vi.findtext("c:area/c:geocode/c:value", namespaces=C) == "village"
    assert vi.findtext("c:description", namespaces=C).startswith("Mưa lớn")
    for tag in ("sent",):
        assert root.findtext(f"c:{tag}", namespaces=C).endswith("+07:00")
    assert vi.findtext("c:expires", namespaces=C).endswith("+07:00")


def test_an_exercise_says_dien_tap_in_its_headline_and_note(
    tree: dict[str, Unit], people: dict[str, Any]
) -> None:
    root = _checked(sent(tree, people, status="Exercise"))
    assert root.findtext("c:note", namespaces=C).startswith("DIỄN TẬP")
    assert root.findtext("c:info/c:headline", namespaces=C).startswith("DIỄN TẬP: ")


def test_a_changed_message_fails_verification(
    tree: dict[str, Unit], people: dict[str, Any]
) -> None:
    xml = sent(tree, people).cap_xml
    forged = xml.replace("Di chuyển ngay lên chỗ cao.", "Ở yên trong nhà.").encode()
    assert forged != xml.encode()
    with pytest.raises(InvalidSignature):
        signing.verify(forged)


def test_the_schema_refuses_a_utc_z_time(tree: dict[str, Unit], people: dict[str, Any]) -> None:
    root = etree.fromstring(sent(tree, people).cap_xml.encode())
    sent_at = root.find("c:sent", C)
    sent_at.text = sent_at.text.replace("+07:00", "Z")
    with pytest.raises(schema.CapInvalidError):
        schema.validate(etree.tostring(root))
