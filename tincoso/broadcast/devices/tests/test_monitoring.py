"""Offline alerts: once per outage in the app and by e-mail, a "back online" notice,
safe when several schedulers run the job; the outage shows on the device page."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client

from tincoso.broadcast.devices import credentials, monitoring, services, uplink_worker
from tincoso.broadcast.devices.models import Device
from tincoso.broadcast.devices.monitor_models import DeviceOutage, DeviceStatusChange
from tincoso.core import clock
from tincoso.core.models import Notification, PeriodicRun

pytestmark = pytest.mark.django_db(transaction=True)
JOB = "tincoso.broadcast.devices.monitoring.check_offline"


def _heard(device: Device, minutes_ago: float = 0) -> None:
    Device.objects.filter(pk=device.pk).update(
        last_seen=clock.now() - dt.timedelta(minutes=minutes_ago))


def _subjects(user: Any) -> list[str]:
    return list(Notification.objects.filter(user=user).order_by("id")
                .values_list("subject", flat=True))


def test_one_alert_per_outage_then_back_online(device: Device, token: str,
                                                commune_officer: Any, sibling_officer: Any,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DEVICE_OFFLINE_ALERT_MINUTES", "10")
    _heard(device, minutes_ago=9)
    assert monitoring.check_offline() == {"opened": 0, "closed": 0}  # not yet ten minutes
    clock.advance(dt.timedelta(minutes=2))
    assert monitoring.check_offline() == {"opened": 1, "closed": 0}
    assert monitoring.check_offline() == {"opened": 0, "closed": 0}  # once per outage
    clock.advance(dt.timedelta(minutes=30))
    assert monitoring.check_offline() == {"opened": 0, "closed": 0}
    assert _subjects(commune_officer) == ["Thiết bị mất liên lạc: Loa Nà Khum 1"]
    assert _subjects(sibling_officer) == []  # another unit's officers hear nothing
    assert [m.to for m in mail.outbox] == [[commune_officer.email]]
    assert "/app/broadcast/devices/" in mail.outbox[0].body

    _heard(device)  # it speaks again
    assert monitoring.check_offline() == {"opened": 0, "closed": 1}
    assert _subjects(commune_officer)[-1] == "Thiết bị đã liên lạc lại: Loa Nà Khum 1"
    assert len(mail.outbox) == 2
    outage = DeviceOutage.objects.get()
    assert outage.ended_at == clock.now()
    # First heard at 05:00 - 9 min (over HTTP, no MQTT status), silent, back.
    assert [(c.online) for c in DeviceStatusChange.objects.order_by("at")] == [
        True, False, True]

    page = Client()
    page.force_login(commune_officer)
    html = page.get(f"/app/broadcast/devices/{device.pk}/").content.decode()
    assert 'id="outages"' in html and outage.since.astimezone(
        dt.timezone(dt.timedelta(hours=7))).strftime("%d/%m/%Y %H:%M") in html


def test_revoked_or_never_seen_devices_raise_nothing(device: Device, token: str,
                                                     other_device: Device,
                                                     commune_officer: Any) -> None:
    _heard(device, minutes_ago=60)
    assert monitoring.check_offline()["opened"] == 1
    Device.objects.filter(pk=device.pk).update(revoked_at=clock.now())
    assert monitoring.check_offline() == {"opened": 0, "closed": 1}  # ended, nobody told
    assert len(_subjects(commune_officer)) == 1
    assert monitoring.check_offline() == {"opened": 0, "closed": 0}


def test_two_schedulers_alert_once(device: Device, token: str, commune_officer: Any) -> None:
    """The job as the scheduler runs it, twice at once: the claim lets one run it."""
    _heard(device, minutes_ago=60)
    call_command("run_periodic", "--once", stdout=open("/dev/null", "w"))  # noqa: SIM115
    PeriodicRun.objects.filter(job=JOB).update(next_due=clock.now())
    call_command("run_periodic", "--once", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert DeviceOutage.objects.count() == 1
    assert _subjects(commune_officer) == ["Thiết bị mất liên lạc: Loa Nà Khum 1"]
    # A second outage row for the same device is refused by the database itself.
    outage = DeviceOutage.objects.get()
    assert monitoring._open(Device.objects.select_related("unit").get(pk=device.pk),
                            clock.now()) is None
    assert DeviceOutage.objects.get() == outage


def test_mqtt_status_records_transitions_only(device: Device, token: str) -> None:
    limit = uplink_worker.RateLimit(100)
    for online in (True, True, False, False, True):
        payload = b'{"online": %s}' % (b"true" if online else b"false")
        assert uplink_worker.handle(f"tcs/up/{device.pk}/status", payload, limit) == "status"
    assert list(DeviceStatusChange.objects.order_by("id").values_list("online", flat=True)) \
        == [True, False, True]


def test_mass_outage_sends_one_mail_per_unit(device: Device, token: str, tree: Any,
                                              commune_officer: Any) -> None:
    """The broker down: five devices of one unit fall silent in the same run."""
    more = [services.save_device(None, tree["commune"], services.DeviceData(
        name=f"Loa bản {i}", kind=Device.Kind.LOUDSPEAKER)) for i in range(4)]
    for d in more:
        credentials.issue_token(d)
    for d in [device, *more]:
        _heard(d, minutes_ago=60)
    assert monitoring.check_offline() == {"opened": 5, "closed": 0}
    assert monitoring.check_offline() == {"opened": 0, "closed": 0}  # nothing more
    assert DeviceOutage.objects.filter(ended_at__isnull=True).count() == 5  # per device
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [commune_officer.email]
    assert mail.outbox[0].subject.startswith("5 thiết bị mất liên lạc")
    for name in ["Loa Nà Khum 1", *(d.name for d in more)]:
        assert name in mail.outbox[0].body
    assert _subjects(commune_officer) == [mail.outbox[0].subject]

    for d in [device, *more]:
        _heard(d)
    assert monitoring.check_offline() == {"opened": 0, "closed": 5}
    assert len(mail.outbox) == 2 and "5 thiết bị đã liên lạc lại" in mail.outbox[1].subject
    assert all(d.name in mail.outbox[1].body for d in more)
    assert monitoring.check_offline() == {"opened": 0, "closed": 0}
    assert len(mail.outbox) == 2
