"""An officer records a request received by post or at the office; its deadline follows
that channel. Only units the officer handles; bad input stores nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from tincoso.access.models import InfoRequest
from tincoso.access.tests.conftest import form_for
from tincoso.conftest import person_with
from tincoso.units.models import Role, Unit

pytestmark = pytest.mark.django_db
URL = "/app/access/new/"


def _staff(unit: Unit, role: str = Role.OFFICER) -> Client:
    client = Client()
    client.force_login(person_with(role, unit))
    return client


def test_post_request_gets_five_working_days(tree: dict[str, Unit]) -> None:
    staff = _staff(tree["commune"])
    assert staff.get(URL).status_code == 200
    response = staff.post(URL, form_for(tree["commune"], channel="post"))
    assert response.status_code == 302
    req = InfoRequest.objects.get()
    assert req.channel == "post" and req.due_on == dt.date(2025, 3, 10)  # Điều 31: 5
    assert req.events.get().by is not None


def test_office_request_marked_complex_at_receipt(tree: dict[str, Unit]) -> None:
    staff = _staff(tree["commune"])
    staff.post(URL, form_for(tree["commune"], channel="office", is_complex="on"))
    req = InfoRequest.objects.get()
    assert req.is_complex and req.due_on == dt.date(2025, 3, 17)  # 10 working days


def test_another_units_request_or_online_channel_refused(tree: dict[str, Unit]) -> None:
    staff = _staff(tree["commune"])
    assert staff.post(URL, form_for(tree["cell-a"], channel="post")).status_code == 400
    assert staff.post(URL, form_for(tree["commune"], channel="online")).status_code == 400
    assert not InfoRequest.objects.exists()


def test_without_a_handled_unit_forbidden(tree: dict[str, Unit]) -> None:
    staff = _staff(tree["commune"], Role.VIEWER)
    assert staff.get(URL).status_code == 403
    assert staff.post(URL, form_for(tree["commune"], channel="post")).status_code == 403
    assert not InfoRequest.objects.exists()
