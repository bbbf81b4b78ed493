"""``key_ids`` in heartbeats over HTTP (docs/device-protocol.md §6): stored sorted,
kept when a heartbeat leaves them out, a bad list refused whole with nothing
changed; the count of devices lacking the next key (§2.1) and its filter."""

from __future__ import annotations

import json
from typing import Any

import pytest

from tincoso.broadcast.devices import key_reach, services
from tincoso.broadcast.devices.models import Device
from tincoso.broadcast.devices.tests.conftest import auth
from tincoso.broadcast.devices.tests.test_key_rotation import _pem

pytestmark = pytest.mark.django_db
HEARTBEAT = "/api/device/v1/heartbeat"
A, B = "3f1c0a9b6d2e4f71", "9a7e55c2d41b0f38"


def _beat(client: Any, token: str, **body: Any) -> Any:
    return client.post(HEARTBEAT, json.dumps(body), content_type="application/json",
                       **auth(token))


def test_key_ids_are_stored_sorted_and_kept_when_left_out(client: Any, token: str,
                                                          device: Device) -> None:
    assert _beat(client, token, key_ids=[B, A, B]).status_code == 200
    assert Device.objects.get(pk=device.pk).reported_key_ids == f"{A},{B}"
    assert _beat(client, token, volume=40).status_code == 200
    assert Device.objects.get(pk=device.pk).reported_key_ids == f"{A},{B}"


@pytest.mark.parametrize("bad", ["3f1c0a9b6d2e4f71", ["3F1C0A9B6D2E4F71"], ["3f1c"], [7],
                                 [f"{i:016x}" for i in range(17)]])
def test_a_bad_key_list_is_refused_whole_and_changes_nothing(
        client: Any, token: str, device: Device, bad: Any) -> None:
    assert _beat(client, token, key_ids=[A]).status_code == 200
    answer = _beat(client, token, key_ids=bad, volume=10)
    assert answer.status_code == 400
    assert "key_ids" in answer.json()["detail"] and "key_ids" in answer.json()["detail_en"]
    row = Device.objects.get(pk=device.pk)
    assert (row.reported_key_ids, row.volume) == (A, None)


def test_the_devices_lacking_the_next_key_are_counted_and_listed(
        client: Any, token: str, device: Device, commune_officer: Any,
        monkeypatch: pytest.MonkeyPatch) -> None:
    assert key_reach.next_key_reach() is None  # outside a rotation
    pem, next_id = _pem()
    monkeypatch.setenv("DEVICE_SIGNING_NEXT_KEY", pem)
    assert _beat(client, token, key_ids=[A]).status_code == 200
    reach = key_reach.next_key_reach()
    assert reach is not None and (reach.enrolled, reach.knowing, reach.missing,
                                  reach.silent) == (1, 0, 1, 0)
    lacking = services.devices_visible_to(commune_officer, {"status": "missing-key"})
    assert list(lacking) == [device]
    assert _beat(client, token, key_ids=[A, next_id]).status_code == 200
    assert not services.devices_visible_to(commune_officer, {"status": "missing-key"}).exists()
    reach = key_reach.next_key_reach()
    assert reach is not None and (reach.knowing, reach.missing) == (1, 0)
