"""Webhooks and eSMS.vn, each faked only at its HTTP boundary (a real server on
loopback), through the real worker: one delivery per target even when the fan-out
runs again, retries with backoff until the far end takes it, HMAC over the body,
drills never reach production subscribers, status on the alert's page."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django_tasks_db.models import DBTaskResult as DBTask

from tincoso.alerts import fanout, outbound, services
from tincoso.alerts.adapters import esms, webhook
from tincoso.alerts.models import Delivery, Subscriber
from tincoso.alerts.tests.conftest import draft, sent
from tincoso.alerts.tests.gateway import Gateway, gateway
from tincoso.broadcast.bulletins.tests.conftest import run_worker
from tincoso.core import clock
from tincoso.units.models import Unit

__all__ = ["gateway"]
pytestmark = pytest.mark.django_db(transaction=True)  # the worker commits
SECRET = "s3cret-of-the-partner"
ACCEPTED = json.dumps({"CodeResult": "100", "CountRegenerate": 0, "SMSID": "abc123"})


@pytest.fixture(autouse=True)
def _outbound(settings: Any, monkeypatch: pytest.MonkeyPatch, gateway: Gateway) -> None:
    settings.OUTBOUND_BACKOFF_S = 0
    settings.OUTBOUND_ATTEMPTS = 3
    monkeypatch.setenv("PARTNER_SECRET", SECRET)
    monkeypatch.setenv("ESMS_URL", gateway.url + "/esms/")
    for name, value in (("ESMS_API_KEY", "key"), ("ESMS_SECRET_KEY", "secret"),
                        ("ESMS_BRANDNAME", "UBND-XA")):  # fmt: skip
        monkeypatch.setenv(name, value)


def _webhook(unit: Unit, gate: Gateway, audience: str = "production") -> Subscriber:
    return Subscriber.objects.create(unit=unit, name="Hệ thống tỉnh", kind="webhook",
                                     url=gate.url + "/hook", secret_env="PARTNER_SECRET",
                                     audience=audience)  # fmt: skip


def _sms(unit: Unit, audience: str = "production") -> Subscriber:
    return Subscriber.objects.create(unit=unit, name="Trưởng bản", kind="sms",
                                     phones="0912 345 678\n+84987654321", audience=audience)


def test_webhook_carries_the_signed_cap_once_even_when_the_fanout_runs_again(
    tree: dict[str, Unit], people: dict[str, Any], gateway: Gateway
) -> None:
    _webhook(tree["province"], gateway)  # a partner above the area hears it
    alert = sent(tree, people)
    run_worker()
    fanout.on_sent(alert)  # a retry of the whole fan-out
    run_worker()
    [hook] = [r for r in gateway.received if r.path == "/hook"]
    expected = "sha256=" + hmac.new(SECRET.encode(), hook.body, hashlib.sha256).hexdigest()
    assert hmac.compare_digest(hook.headers[webhook.HEADER], expected)
    data = hook.json()
    assert data["identifier"] == alert.identifier and data["cap_xml"] == alert.cap_xml
    assert data["msgType"] == "Alert" and data["exercise"] is False
    [row] = Delivery.objects.filter(channel="webhook")
    assert (row.status, row.attempts) == ("sent", 1)


def test_failures_are_retried_with_the_same_delivery_key_then_recorded(
    tree: dict[str, Unit], people: dict[str, Any], gateway: Gateway
) -> None:
    _webhook(tree["commune"], gateway)
    gateway.answer((503, "busy"), (200, "{}"))
    sent(tree, people)
    run_worker()
    assert len(gateway.received) == 2
    assert len({r.headers[webhook.EVENT_HEADER] for r in gateway.received}) == 1
    row = Delivery.objects.get()
    assert (row.status, row.attempts) == ("sent", 2)

    gateway.answer((500, "down"))
    gateway.received.clear()
    sent(tree, people, headline="Cảnh báo sạt lở đất")
    run_worker()
    failed = Delivery.objects.get(status="failed")
    assert failed.attempts == 3 and len(gateway.received) == 3
    assert "HTTP 500" in failed.detail


def test_esms_gets_one_unaccented_trimmed_sms_per_phone(
    tree: dict[str, Unit], people: dict[str, Any], gateway: Gateway
) -> None:
    _sms(tree["village"])
    gateway.answer((200, ACCEPTED))
    alert = sent(tree, people, instruction="Di chuyển ngay lên chỗ cao. " * 10)
    run_worker()
    fanout.on_sent(alert)
    run_worker()
    bodies = [r.json() for r in gateway.received if r.path == "/esms/"]
    assert sorted(b["Phone"] for b in bodies) == ["0912345678", "0987654321"]
    for body in bodies:
        assert (body["ApiKey"], body["SecretKey"], body["Brandname"]) == ("key", "secret",
                                                                         "UBND-XA")
        assert (body["SmsType"], body["IsUnicode"]) == ("2", "0") and body["RequestId"]
        assert body["Content"].startswith("Canh bao lu quet, rui ro thien tai cap do 3")
        assert body["Content"].isascii() and len(body["Content"]) <= 160
    assert set(Delivery.objects.values_list("status", flat=True)) == {"sent"}
    page = _page(people["editor"], f"/app/alerts/{alert.pk}/delivery/")
    assert "Tin nhắn SMS" in page and "2 đã gửi" in page


def test_a_refusal_by_the_gateway_is_shown_with_its_reason(
    tree: dict[str, Unit], people: dict[str, Any], gateway: Gateway
) -> None:
    _sms(tree["village"])
    refusal = {"CodeResult": "99", "ErrorMessage": "Brandname chưa đăng ký"}
    gateway.answer((200, json.dumps(refusal)))
    alert = sent(tree, people)
    run_worker()
    rows = Delivery.objects.all()
    assert {r.status for r in rows} == {"failed"} and all("mã 99" in r.detail for r in rows)
    page = _page(people["editor"], f"/app/alerts/{alert.pk}/")
    assert "2 thất bại" in page and "Brandname chưa đăng ký" in page  # the reason, shown


def test_a_drill_never_reaches_production_subscribers(
    tree: dict[str, Unit], people: dict[str, Any], gateway: Gateway
) -> None:
    _webhook(tree["province"], gateway)
    _sms(tree["village"])
    drill_hook = _webhook(tree["commune"], gateway, audience="drill")
    sent(tree, people, status="Exercise")
    run_worker()
    [row] = Delivery.objects.all()
    assert row.subscriber == drill_hook and row.status == "sent"
    [hook] = gateway.received
    assert hook.json()["exercise"] is True and hook.json()["headline"].startswith("DIỄN TẬP: ")
    test = services.compose(people["editor"], tree["commune"], draft(tree, status="Test"))
    services.send_test(people["editor"], test)  # one person, to the test group only
    run_worker()
    assert [r.json()["status"] for r in gateway.received] == ["Exercise", "Test"]
    assert Delivery.objects.filter(subscriber__audience="production").count() == 0


def test_another_units_officer_sees_no_delivery_table(
    tree: dict[str, Unit], people: dict[str, Any]
) -> None:
    from tincoso.conftest import person_with
    from tincoso.units.models import Role

    alert = sent(tree, people)
    stranger = person_with(Role.EDITOR, tree["cell-a"], "stranger")
    client = Client()
    client.force_login(stranger)
    assert client.get(f"/app/alerts/{alert.pk}/delivery/").status_code == 404


def test_bad_subscribers_and_texts_are_refused_in_both_languages(tree: dict[str, Unit]) -> None:
    with pytest.raises(ValidationError, match=r"không hợp lệ.*/ Invalid phone"):
        Subscriber(unit=tree["village"], name="x", kind="sms", phones="12345").clean()
    with pytest.raises(ValidationError):
        Subscriber(unit=tree["village"], name="x", kind="webhook", url="https://a.vn/").clean()
    assert esms.unaccented("Đảng ủy xã Đồng Tâm") == "Dang uy xa Dong Tam"
    line = esms.sms_text("Lũ quét " * 40, limit=50)
    assert len(line) <= 50 and line.endswith("...") and line.startswith("Lu quet Lu quet")


def _page(user: Any, url: str) -> str:
    client = Client()
    client.force_login(user)
    answer = client.get(url)
    assert answer.status_code == 200
    return answer.content.decode()


def test_a_send_whose_worker_died_is_taken_back_once_after_the_lease(
    tree: dict[str, Unit], people: dict[str, Any], gateway: Gateway, settings: Any
) -> None:
    """The worker claimed the row and was killed before sending: no task is left. The
    periodic pass queues it again after the lease, once even with two schedulers."""
    settings.OUTBOUND_LEASE_S = 300
    _webhook(tree["commune"], gateway)
    sent(tree, people)
    row = Delivery.objects.get()
    assert outbound.claim(row)  # ... and the worker dies here
    DBTask.objects.all().delete()  # its task is gone with it
    assert outbound.retry_stuck() == 0  # within the lease: it may still be sending
    clock.advance(dt.timedelta(seconds=301))
    assert outbound.retry_stuck() == 1
    assert outbound.retry_stuck() == 0  # a second scheduler finds nothing to take
    run_worker()
    [hook] = [r for r in gateway.received if r.path == "/hook"]
    assert hook.headers[webhook.EVENT_HEADER] == outbound.delivery_key(row)
    row.refresh_from_db()
    assert (row.status, row.attempts, row.claimed_at) == ("sent", 2, None)
    assert outbound.retry_stuck() == 0


def test_a_send_that_died_on_its_last_try_is_recorded_failed(
    tree: dict[str, Unit], people: dict[str, Any], gateway: Gateway
) -> None:
    _webhook(tree["commune"], gateway)
    sent(tree, people)
    Delivery.objects.update(attempts=2)  # OUTBOUND_ATTEMPTS is 3 here
    assert outbound.claim(Delivery.objects.get())
    DBTask.objects.all().delete()
    clock.advance(outbound.lease() + dt.timedelta(seconds=1))
    assert outbound.retry_stuck() == 1
    row = Delivery.objects.get()
    assert (row.status, row.attempts) == ("failed", 3)
    assert "Bộ gửi dừng giữa chừng" in row.detail and "/" in row.detail
    run_worker()
    assert not [r for r in gateway.received if r.path == "/hook"]
