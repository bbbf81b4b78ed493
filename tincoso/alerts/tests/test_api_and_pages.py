"""The API and the pages use the same rules: bad input refused in both languages with
nothing changed, the author cannot send, one click cancels."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from rest_framework.test import APIClient

from tincoso.alerts.models import Alert
from tincoso.alerts.tests.conftest import composed, sent
from tincoso.broadcast.devices.push_models import Emergency
from tincoso.units.models import Unit


def _api(user: Any) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


BODY = {
    "unit": "commune",
    "area_units": ["village"],
    "template": "lu-quet",
    "risk_level": 4,
    "description": "Suối Nà Khum dâng nhanh.",
}


def test_an_officer_composes_from_a_template_with_three_fields(
    tree: dict[str, Unit], people: dict[str, Any]
) -> None:
    response = _api(people["editor"]).post("/api/alerts/", BODY, format="json")
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["event"] == "Lũ quét" and data["severity"] == "Extreme"
    assert data["headline"].endswith("cấp độ 4") and data["state"] == "draft"
    refused = _api(people["editor"]).post(f"/api/alerts/{data['id']}/approve/")
    assert refused.status_code == 403
    ok = _api(people["approver"]).post(f"/api/alerts/{data['id']}/approve/")
    assert ok.status_code == 200 and ok.json()["state"] == "sent"


@pytest.mark.parametrize(
    ("change", "english"),
    [
        ({"polygon": "21,105 22,105 22,106"}, "polygon"),
        ({"polygon": "21,105 22,105 22,106 23,105"}, "last point"),
        ({"risk_level": 7}, "risk level"),
        ({"hours": 0}, "expiry"),
        ({"area_units": ["province"]}, "outside the reach"),
        ({"urgency": "Soon"}, "not a valid"),
        ({"description": "   "}, "description"),
    ],
)
def test_bad_input_is_refused_in_both_languages_and_nothing_changes(
    tree: dict[str, Unit], people: dict[str, Any], change: dict[str, Any], english: str
) -> None:
    response = _api(people["editor"]).post("/api/alerts/", {**BODY, **change}, format="json")
    assert response.status_code == 400, response.content
    body = response.json()
    assert english in body["detail_en"] and body["detail"] != body["detail_en"]
    assert body["detail"]  # the Vietnamese message
    assert Alert.objects.count() == 0


def test_an_outsider_can_neither_compose_nor_see(
    tree: dict[str, Unit], people: dict[str, Any], outsider: Any
) -> None:
    alert = composed(tree, people)
    assert _api(outsider).post("/api/alerts/", BODY, format="json").status_code == 403
    assert _api(outsider).get(f"/api/alerts/{alert.pk}/").status_code == 404
    assert _api(outsider).get("/api/alerts/").json()["results"] == []


def test_cancel_is_one_click_on_the_page_and_stops_the_devices(
    tree: dict[str, Unit], people: dict[str, Any]
) -> None:
    alert = sent(tree, people)
    client = Client()
    client.force_login(people["editor"])
    page = client.get(f"/app/alerts/{alert.pk}/").content.decode()
    assert "Hủy cảnh báo ngay" in page
    response = client.post(f"/app/alerts/{alert.pk}/cancel/")
    assert response.status_code == 302
    cancel = Alert.objects.get(previous=alert)
    assert cancel.msg_type == "Cancel"
    assert Emergency.objects.get().stopped_at is not None


def test_the_compose_page_prefills_from_the_template(
    tree: dict[str, Unit], people: dict[str, Any]
) -> None:
    client = Client()
    client.force_login(people["editor"])
    page = client.get("/app/alerts/new/?template=sat-lo-dat").content.decode()
    assert "Cảnh báo sạt lở đất" in page and "ta luy" in page
    response = client.post(
        "/app/alerts/new/",
        {
            "area_units": ["village"],
            "risk_level": "2",
            "description": "Sườn đồi thôn 3.",
            "unit": "commune",
            "status": "Exercise",
            "event": "Sạt lở đất",
            "headline": "Cảnh báo sạt lở đất",
            "instruction": "",
            "category": "Geo",
            "urgency": "Immediate",
            "severity": "Unknown",
            "certainty": "Likely",
            "hours": "6",
        },
    )
    assert response.status_code == 302
    alert = Alert.objects.get()
    assert alert.status == "Exercise" and alert.severity == "Moderate"
    assert alert.headline == "Cảnh báo sạt lở đất"  # written by the officer: kept


def test_the_list_counts_exercises_apart(tree: dict[str, Unit], people: dict[str, Any]) -> None:
    sent(tree, people)
    sent(tree, people, status="Exercise")
    sent(tree, people, status="Exercise")
    client = Client()
    client.force_login(people["approver"])
    page = client.get("/app/alerts/").content.decode()
    assert "Thật: <strong>1</strong>" in page and "Diễn tập: <strong>2</strong>" in page


def test_the_api_updates_and_cancels_in_one_call_each_and_answers_in_both_languages(
    tree: dict[str, Unit], people: dict[str, Any]
) -> None:
    alert = sent(tree, people)
    outsider = _api(people["editor2"])
    refused = outsider.post(f"/api/alerts/{alert.pk}/cancel/", {}, format="json")
    assert refused.status_code == 403
    text = str(refused.json())
    assert "Chỉ người đã soạn" in text and "Only the people who wrote" in text
    update = _api(people["approver"]).post(
        f"/api/alerts/{alert.pk}/update/", {**BODY, "risk_level": 5}, format="json"
    )
    assert update.status_code == 201, update.content
    assert update.json()["msg_type"] == "Update" and update.json()["previous"] == alert.pk
    cancel = _api(people["editor"]).post(
        f"/api/alerts/{update.json()['id']}/cancel/", {"reason": "Nước đã rút."}, format="json"
    )
    assert cancel.status_code == 201 and cancel.json()["msg_type"] == "Cancel"
    assert cancel.json()["description"] == "Nước đã rút."
    again = _api(people["editor"]).post(f"/api/alerts/{alert.pk}/cancel/", format="json")
    assert again.status_code == 409


def test_the_approval_is_in_the_audit_log_with_its_approver(
    tree: dict[str, Unit], people: dict[str, Any]
) -> None:
    from auditlog.models import LogEntry

    alert = composed(tree, people)
    client = Client()
    client.force_login(people["approver"])
    assert client.post(f"/app/alerts/{alert.pk}/approve/").status_code == 302
    entry = LogEntry.objects.get_for_object(alert).filter(actor=people["approver"]).get()
    assert entry.changes_dict["state"] == ["draft", "sent"]
    assert "cap_xml" not in entry.changes_dict
