"""A unit's external recipients kept from the staff page: validation (https only,
http to the loopback only with DEBUG, Vietnamese phones normalised), role checks on
the unit's subtree (a sibling unit's admin sees nothing of them), refusals in both
languages that change nothing."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from tincoso.alerts import recipients
from tincoso.alerts.outbound_models import Subscriber
from tincoso.conftest import person_with
from tincoso.core.errors import DomainError, PermissionDeniedError
from tincoso.units.models import Role, Unit

URL = "/app/alerts/recipients/"


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _webhook(unit: Unit, **extra: str) -> dict[str, str]:
    return {"unit": str(unit.pk), "name": "Cổng tỉnh", "kind": "webhook",
            "audience": "production", "url": "https://doi-tac.example.vn/hook",
            "secret_env": "WEBHOOK_SECRET_TINH", **extra}


@pytest.mark.django_db
def test_admin_adds_disables_and_removes(tree: dict[str, Unit]) -> None:
    admin = person_with(Role.ADMIN, tree["commune"], "commune-admin")
    page = _client(admin)
    assert page.post(URL, _webhook(tree["commune"])).status_code == 302
    sms = {"unit": str(tree["village"].pk), "name": "Trưởng thôn", "kind": "sms",
           "audience": "drill", "phones": "+84 912 345 678\n0912.345.678\n84987654321"}
    assert page.post(URL, sms).status_code == 302
    hook, phones = Subscriber.objects.order_by("pk")
    assert (hook.url, hook.secret_env, hook.unit) == (
        "https://doi-tac.example.vn/hook", "WEBHOOK_SECRET_TINH", tree["commune"])
    assert phones.phones == "0912345678\n0987654321" and phones.audience == "drill"
    html = page.get(URL).content.decode()
    assert "Cổng tỉnh" in html and "0987654321" in html
    assert page.post(f"{URL}{hook.pk}/disable/").status_code == 302
    assert Subscriber.objects.get(pk=hook.pk).active is False
    assert page.post(f"{URL}{hook.pk}/enable/").status_code == 302
    assert Subscriber.objects.get(pk=hook.pk).active is True
    assert page.post(f"{URL}{phones.pk}/remove/").status_code == 302
    assert list(Subscriber.objects.all()) == [hook]


@pytest.mark.django_db
def test_bad_input_is_refused_in_both_languages_and_changes_nothing(
        tree: dict[str, Unit], settings: Any) -> None:
    approver = person_with(Role.APPROVER, tree["commune"], "commune-approver")
    page = _client(approver)
    for bad in ({"url": "http://doi-tac.example.vn/hook"}, {"url": "ftp://x.vn/"},
                {"url": "http://127.0.0.1:9/hook"},  # loopback, but not DEBUG
                {"secret_env": "khóa bí mật"}, {"secret_env": ""}, {"name": " "},
                {"kind": "fax"}, {"audience": "all"},
                {"kind": "sms", "phones": "0912 345 67"}, {"kind": "sms", "phones": ""}):
        answer = page.post(URL, _webhook(tree["commune"], **bad))
        assert answer.status_code == 400, bad
    assert not Subscriber.objects.exists()
    with pytest.raises(DomainError) as error:
        recipients.webhook_url("http://doi-tac.example.vn/")
    assert error.value.bilingual()["en"].startswith("A webhook address must start with https")
    assert error.value.bilingual()["vi"].startswith("Địa chỉ webhook phải bắt đầu bằng https")
    with pytest.raises(DomainError) as error:
        recipients.phones("12345")
    assert "Số điện thoại không hợp lệ" in error.value.bilingual()["vi"]
    assert error.value.bilingual()["en"] != error.value.bilingual()["vi"]
    settings.DEBUG = True  # a developer's local receiver
    assert recipients.webhook_url("http://127.0.0.1:9/hook") == "http://127.0.0.1:9/hook"
    assert recipients.webhook_url("http://[::1]/h") == "http://[::1]/h"
    with pytest.raises(DomainError):
        recipients.webhook_url("http://10.0.0.1/hook")


@pytest.mark.django_db
def test_sibling_units_and_other_roles_are_refused(tree: dict[str, Unit]) -> None:
    sub = recipients.add(person_with(Role.ADMIN, tree["cell-a"], "admin-a"), tree["cell-a"],
                         recipients.RecipientData(name="SMS chi bộ A", kind="sms",
                                                  phones="0912345678"))
    sibling = _client(person_with(Role.ADMIN, tree["cell-b"], "admin-b"))
    assert "SMS chi bộ A" not in sibling.get(URL).content.decode()
    for action in ("disable", "remove"):
        assert sibling.post(f"{URL}{sub.pk}/{action}/").status_code == 404
    assert sibling.post(URL, _webhook(tree["cell-a"])).status_code == 404
    editor = _client(person_with(Role.EDITOR, tree["commune"], "commune-editor"))
    assert editor.get(URL).status_code == 403  # writes alerts, keeps no recipients
    assert editor.post(f"{URL}{sub.pk}/remove/").status_code == 404
    assert list(Subscriber.objects.values_list("active", flat=True)) == [True]
    officer = person_with(Role.OFFICER, tree["cell-a"], "officer-a")
    with pytest.raises(PermissionDeniedError) as denied:
        recipients.set_active(officer, sub, False)
    assert denied.value.bilingual()["en"].startswith("Only an administrator or a leader")
