"""The registry as officers use it: who manages which devices, the pages, the
credential actions shown once, and the signing key kept outside the database."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse

from tincoso.broadcast.devices import credentials, services, signing
from tincoso.broadcast.devices.models import Device, EnrolmentCode
from tincoso.broadcast.devices.tests.conftest import auth
from tincoso.broadcast.stations.models import Station
from tincoso.core import clock
from tincoso.core.errors import PermissionDeniedError
from tincoso.units.models import Unit

pytestmark = pytest.mark.django_db


# Who may manage (register, code, rotate, revoke) a device of the commune: written out.
MANAGE = {
    "province_admin": True,
    "commune_editor": True,
    "commune_officer": True,
    "sibling_officer": False,
    "cell_officer": False,
    "outsider": False,
}


@pytest.mark.parametrize(("persona", "allowed"), sorted(MANAGE.items()))
def test_who_manages_a_communes_devices(
        request: pytest.FixtureRequest, device: Device, commune2: Unit, persona: str,
        allowed: bool, client: Any) -> None:
    user = request.getfixturevalue(persona)
    client.force_login(user)
    answer = client.post(reverse("device-rotate", args=[device.pk]))
    assert answer.status_code == (200 if allowed else 403)
    device.refresh_from_db()
    assert bool(device.token_hash) == allowed
    assert services.can_manage(user, device.unit) == allowed


def test_a_sibling_officer_neither_sees_nor_lists_the_device(
        client: Any, device: Device, sibling_officer: Any) -> None:
    client.force_login(sibling_officer)
    assert client.get(reverse("device-detail", args=[device.pk])).status_code == 403
    assert device.name not in client.get(reverse("device-list")).content.decode()
    answer = client.post(reverse("device-code", args=[device.pk]))
    assert answer.status_code == 403
    assert not EnrolmentCode.objects.exists()


def test_an_officer_registers_a_device_and_gets_a_code_shown_once(
        client: Any, commune_officer: Any, station: Station, tree: dict[str, Unit]) -> None:
    client.force_login(commune_officer)
    cluster = station.clusters.first()
    assert cluster is not None
    answer = client.post(reverse("device-new"), {
        "unit": "commune", "kind": "loudspeaker", "name": "  Loa  trung tâm ",
        "cluster": cluster.pk, "latitude": "22,35", "longitude": "103.6", "group": "TT"})
    device = Device.objects.get()
    assert answer.status_code == 302
    assert (device.name, device.cluster, str(device.latitude)) == (
        "Loa trung tâm", cluster, "22.350000")
    shown = client.post(reverse("device-code", args=[device.pk])).content.decode()
    row = EnrolmentCode.objects.get()
    code = shown.split('<code>')[1].split('</code>')[0]
    assert row.code_hash == credentials.digest(credentials.normalise_code(code))
    assert "<svg" in shown
    # Shown once: the page itself never shows it again.
    assert code not in client.get(reverse("device-detail", args=[device.pk])).content.decode()


def test_registration_refuses_bad_input_and_changes_nothing(
        client: Any, commune_officer: Any, station2: Station) -> None:
    client.force_login(commune_officer)
    cluster_of_sibling = station2.clusters.create(name="Cụm loa xã bên")
    for data in ({"kind": "toaster", "name": "x"}, {"kind": "board", "name": " "},
                 {"kind": "board", "name": "x", "latitude": "91"},
                 {"kind": "loudspeaker", "name": "x", "cluster": cluster_of_sibling.pk}):
        answer = client.post(reverse("device-new"), {"unit": "commune", **data})
        assert answer.status_code == 400
    assert not Device.objects.exists()


def test_revoking_needs_confirmation_then_refuses_the_device(
        client: Any, commune_officer: Any, device: Device, token: str) -> None:
    client.force_login(commune_officer)
    assert client.post(reverse("device-revoke", args=[device.pk])).status_code == 400
    device.refresh_from_db()
    assert device.revoked_at is None
    client.post(reverse("device-revoke", args=[device.pk]), {"confirm": "1"})
    client.logout()
    assert client.get("/api/device/v1/manifest", **auth(token)).status_code == 401


def test_the_list_shows_status_and_filters_by_status_and_kind(
        client: Any, commune_editor: Any, device: Device, token: str, other_device: Device,
        province_admin: Any) -> None:
    client.post("/api/device/v1/heartbeat", "{}", content_type="application/json", **auth(token))
    client.force_login(province_admin)
    online = client.get(reverse("device-list"), {"status": "online"}).content.decode()
    assert device.name in online and other_device.name not in online
    offline = client.get(reverse("device-list"), {"status": "offline"}).content.decode()
    assert other_device.name in offline and device.name not in offline
    boards = client.get(reverse("device-list"), {"kind": "board"}).content.decode()
    assert other_device.name in boards and device.name not in boards
    in_unit = client.get(reverse("device-list"), {"unit": "commune"}).content.decode()
    assert device.name in in_unit and other_device.name not in in_unit
    clock.advance(dt.timedelta(minutes=4))
    later = client.get(reverse("device-list"), {"status": "offline"}).content.decode()
    assert device.name in later


def test_the_station_page_links_to_its_devices(
        client: Any, commune_editor: Any, station: Station) -> None:
    client.force_login(commune_editor)
    page = client.get(reverse("station-detail", args=[station.pk])).content.decode()
    assert f'{reverse("device-list")}?unit=commune' in page


def test_the_list_costs_the_same_queries_for_one_device_or_many(
        client: Any, province_admin: Any, device: Device, tree: dict[str, Unit],
        ) -> None:
    client.force_login(province_admin)
    client.get(reverse("device-list"))

    def count() -> int:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("device-list")).status_code == 200
        return len(queries)

    one = count()
    for n in range(5):
        services.save_device(None, tree["commune"], services.DeviceData(
            name=f"Bảng {n}", kind=Device.Kind.BOARD))
    assert count() == one


def test_services_refuse_a_sibling_officer(device: Device, sibling_officer: Any) -> None:
    for action in (services.rotate, services.revoke, services.new_enrolment_code):
        with pytest.raises(PermissionDeniedError):
            action(sibling_officer, device)


# --- the signing key ---------------------------------------------------------------


def test_the_signing_key_comes_from_the_file_named_in_the_environment(
        tmp_path: Any, monkeypatch: pytest.MonkeyPatch, settings: Any) -> None:
    key = Ed25519PrivateKey.generate()
    path = tmp_path / "province.pem"
    path.write_bytes(key.private_bytes(serialization.Encoding.PEM,
                                       serialization.PrivateFormat.PKCS8,
                                       serialization.NoEncryption()))
    monkeypatch.setenv("DEVICE_SIGNING_KEY_FILE", str(path))
    raw = key.public_key().public_bytes(serialization.Encoding.Raw,
                                        serialization.PublicFormat.Raw)
    assert signing.public_key_raw() == raw
    assert signing.verify(b"data", signing.sign(b"data"), raw)
    assert not (settings.VAR_DIR / signing.KEY_FILE_NAME).exists()


def test_development_keeps_its_generated_key_and_production_refuses_to_invent_one(
        settings: Any) -> None:
    first = signing.key_id()
    assert (settings.VAR_DIR / signing.KEY_FILE_NAME).stat().st_mode & 0o077 == 0
    assert signing.key_id() == first
    settings.PRODUCTION = True
    with pytest.raises(ImproperlyConfigured):
        signing.private_key()


def test_the_public_key_page_and_the_detail_page_show_the_same_key(
        client: Any, province_admin: Any, device: Device) -> None:
    key = client.get("/api/device/v1/public-key").json()
    client.force_login(province_admin)
    page = client.get(reverse("device-detail", args=[device.pk])).content.decode()
    assert key["key_id"] in page
    assert key["pem"].splitlines()[1] in page


# --- the same through the user API ------------------------------------------------


def test_the_api_registers_codes_and_enrols_a_device_for_its_units_officer(
        client: Any, commune_officer: Any, station: Station) -> None:
    client.force_login(commune_officer)
    made = client.post("/api/broadcast/devices/", {
        "unit": "commune", "kind": "board", "name": "Bảng tin chợ"},
        content_type="application/json")
    assert made.status_code == 201
    device_id = made.json()["id"]
    issued = client.post(f"/api/broadcast/devices/{device_id}/enrolment-code/")
    assert issued.status_code == 201
    client.logout()
    enrolled = client.post("/api/device/v1/enrol", {"code": issued.json()["code"]},
                           content_type="application/json")
    assert enrolled.json()["device_id"] == device_id
    assert client.get("/api/device/v1/manifest", **auth(enrolled.json()["token"])
                      ).status_code == 200


def test_the_api_hides_and_refuses_a_device_to_a_sibling_officer(
        client: Any, device: Device, token: str, sibling_officer: Any) -> None:
    client.force_login(sibling_officer)
    assert client.get("/api/broadcast/devices/").json()["results"] == []
    assert client.post(f"/api/broadcast/devices/{device.pk}/rotate/").status_code == 404
    made = client.post("/api/broadcast/devices/", {
        "unit": "commune", "kind": "board", "name": "Bảng lạ"}, content_type="application/json")
    assert made.status_code == 403
    assert made.json()["detail_en"]
    assert Device.objects.count() == 1
    client.logout()
    assert client.get("/api/device/v1/manifest", **auth(token)).status_code == 200


def test_rotation_and_revocation_are_audited_and_heartbeats_are_not(
        client: Any, device: Device, token: str, commune_officer: Any) -> None:
    from auditlog.models import LogEntry

    before = LogEntry.objects.get_for_object(device).count()
    client.post("/api/device/v1/heartbeat", '{"volume": 3}', content_type="application/json",
                **auth(token))
    client.get("/api/device/v1/manifest", **auth(token))
    assert LogEntry.objects.get_for_object(device).count() == before
    services.revoke(commune_officer, device)
    entries = LogEntry.objects.get_for_object(device)
    assert entries.count() == before + 1
    assert "revoked_at" in entries.first().changes_dict  # type: ignore[union-attr]
    assert "token_hash" not in entries.first().changes_dict  # type: ignore[union-attr]
