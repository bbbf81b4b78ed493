"""One message, every channel: an approved item sent from one form to the portal,
feeds, boards, loudspeakers (TT 39 priority) and a partner's webhook, with the alerts'
machinery and the real worker; sending again reaches nobody twice; bad input
changes nothing."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client

from tincoso.alerts import everywhere
from tincoso.alerts.models import Delivery, Dispatch, Subscriber
from tincoso.alerts.tests.gateway import Gateway, gateway
from tincoso.broadcast.boards.models import BoardState
from tincoso.broadcast.bulletins.models import Bulletin
from tincoso.broadcast.bulletins.tests.conftest import run_worker
from tincoso.broadcast.devices import credentials
from tincoso.broadcast.devices import services as devices
from tincoso.broadcast.devices.models import Device
from tincoso.broadcast.stations import services as stations
from tincoso.broadcast.stations.models import Offer
from tincoso.conftest import live_item, person_with
from tincoso.core.errors import DomainError, PermissionDeniedError
from tincoso.publishing.models import Item
from tincoso.units.models import Role, Unit

__all__ = ["gateway"]
pytestmark = pytest.mark.django_db(transaction=True)  # the worker commits
ALL = everywhere.CHANNELS


@pytest.fixture
def world(tree: dict[str, Unit], gateway: Gateway, monkeypatch: pytest.MonkeyPatch) -> Any:
    monkeypatch.setenv("PARTNER_SECRET", "x")
    stations.create_station(None, tree["commune"], "Đài xã Đồng Tâm")
    board = devices.save_device(None, tree["village"],
                                devices.DeviceData(name="Bảng Nà Khum", kind=Device.Kind.BOARD))
    credentials.issue_token(board)
    Subscriber.objects.create(unit=tree["province"], name="Cổng tỉnh", kind="webhook",
                              url=gateway.url + "/hook", secret_env="PARTNER_SECRET")
    return {"item": live_item(tree["commune"]), "board": board,
            "editor": person_with(Role.EDITOR, tree["commune"], "editor")}  # fmt: skip


def _rows(item: Item) -> dict[tuple[str, str], str]:
    return {(d.channel, re.split("[:/]", d.target.strip("/"))[0]): d.status
            for d in Delivery.objects.filter(dispatch__item=item)}  # fmt: skip


def test_one_form_reaches_every_channel_once(world: Any, gateway: Gateway) -> None:
    item, editor = world["item"], world["editor"]
    everywhere.send(editor, item, ALL, "emergency")
    run_worker()  # the bulletin's speech, its offer; the webhook
    rows = _rows(item)
    assert rows[("portal", "tin")] == rows[("feeds", "feeds")] == "sent"
    assert rows[("boards", "device")] == "sent"
    assert rows[("loudspeakers", "bulletin")] == rows[("loudspeakers", "station")] == "sent"
    assert rows[("webhook", str(Subscriber.objects.get().pk))] == "sent"
    assert BoardState.objects.get(device=world["board"]).refresh_seq == 1
    offer = Offer.objects.get()
    assert (offer.priority, offer.status) == ("emergency", Offer.Status.SCHEDULED)
    bulletin = offer.bulletin
    assert bulletin.playable and bulletin.source_item_id == item.pk
    assert bulletin.approved_by_id == item.approved_by_id  # the item's second person
    [hook] = gateway.received
    assert hook.json()["type"] == "item" and hook.json()["url"].endswith(f"/tin/{item.pk}/")

    everywhere.send(editor, item, ALL, "priority")  # again: nothing reached twice
    run_worker()
    assert len(gateway.received) == 1 and Bulletin.objects.count() == 1
    assert Offer.objects.count() == 1 and Delivery.objects.count() == len(rows)
    client = Client()
    client.force_login(editor)
    page = client.get(f"/app/alerts/items/{item.pk}/status/").content.decode()
    assert "Loa truyền thanh" in page and "Bảng tin điện tử" in page and "2 đã gửi" in page


def test_bad_input_and_wrong_people_change_nothing(world: Any, tree: dict[str, Unit]) -> None:
    item, editor = world["item"], world["editor"]
    with pytest.raises(DomainError, match="ít nhất một kênh"):
        everywhere.send(editor, item, [], "normal")
    with pytest.raises(DomainError, match="ít nhất một kênh"):
        everywhere.send(editor, item, ["portal", "radio"], "normal")
    with pytest.raises(DomainError, match="Mức ưu tiên"):
        everywhere.send(editor, item, ["loudspeakers"], "urgent")
    viewer = person_with(Role.VIEWER, tree["commune"], "viewer")
    with pytest.raises(PermissionDeniedError):
        everywhere.send(viewer, item, ["portal"], "normal")
    Item.objects.filter(pk=item.pk).update(status=Item.Status.DRAFT)
    item.refresh_from_db()
    with pytest.raises(DomainError, match="đã duyệt"):
        everywhere.send(editor, item, ["portal"], "normal")
    assert not Dispatch.objects.exists() and not Delivery.objects.exists()
    client = Client()
    client.force_login(editor)
    answer = client.post(f"/app/alerts/items/{item.pk}/", {"channel": ["portal"]})
    assert "Chỉ gửi được tin đã duyệt" in answer.content.decode()
    stranger = person_with(Role.EDITOR, tree["cell-a"], "stranger")
    client.force_login(stranger)
    assert client.get(f"/app/alerts/items/{item.pk}/").status_code == 404


def test_a_members_only_item_is_not_put_on_public_screens(world: Any) -> None:
    item, editor = world["item"], world["editor"]
    Item.objects.filter(pk=item.pk).update(audience=Item.Audience.MEMBERS)
    item.refresh_from_db()
    everywhere.send(editor, item, ["portal", "boards"], "normal")
    rows = _rows(item)
    assert rows[("portal", "tin")] == rows[("boards", "device")] == "skipped"
    assert BoardState.objects.filter(device=world["board"], refresh_seq__gt=0).count() == 0
