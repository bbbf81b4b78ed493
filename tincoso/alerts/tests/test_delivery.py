"""The alert's page says where it reached: the portal banner and the feed since it was
sent, the devices that acknowledged the start out of those of its area, how many
officers were told; a cancel takes it off the portal and the feed."""

from __future__ import annotations

from typing import Any

from django.test import Client

from tincoso.alerts import delivery, services
from tincoso.alerts.tests.conftest import draft, sent
from tincoso.broadcast.devices import credentials, emergency
from tincoso.broadcast.devices import services as devices
from tincoso.broadcast.devices.models import Device
from tincoso.units.models import Unit


def _device(unit: Unit, name: str) -> Device:
    device = devices.save_device(None, unit, devices.DeviceData(name=name, kind="board"))
    credentials.issue_token(device)
    return device


def test_the_page_shows_each_channels_figures(
    tree: dict[str, Unit], people: dict[str, Any]
) -> None:
    boards = [_device(tree["village"], f"Bảng {n}") for n in range(3)]
    _device(tree["committee"], "Bảng ngoài vùng")
    devices.save_device(None, tree["village"], devices.DeviceData(name="Chưa ghép", kind="board"))
    alert = sent(tree, people)
    started = alert.emergencies.get().emergency
    assert emergency.record_ack(boards[0], started, "started", started.starts_at)
    assert emergency.record_ack(boards[1], started, "ended", started.starts_at)
    portal, feeds, speakers, notices = delivery.channels(alert)
    assert (portal.state, portal.since) == (delivery.ON, alert.sent_at)
    assert (feeds.state, feeds.where) == (delivery.ON, "/canh-bao/feed.atom")
    assert (speakers.done, speakers.total) == (1, 3)
    assert notices.done == 4 and notices.since is not None
    client = Client()
    client.force_login(people["editor"])
    page = client.get(f"/app/alerts/{alert.pk}/").content.decode()
    assert "1/3 thiết bị đã bắt đầu" in page and "4 người" in page
    assert "Trang thông tin (băng cảnh báo)" in page and "Đang hiện" in page


def test_after_a_cancel_the_portal_and_feed_are_off_and_a_test_has_no_banner(
    tree: dict[str, Unit], people: dict[str, Any]
) -> None:
    alert = sent(tree, people)
    services.cancel(people["approver"], alert)
    portal, feeds, _speakers, _notices = delivery.channels(alert)
    assert (portal.state, feeds.state) == (delivery.OFF, delivery.OFF)
    test = services.compose(people["editor"], tree["commune"], draft(tree, status="Test"))
    assert delivery.channels(test) == []  # a draft is nowhere yet
    test = services.send_test(people["editor"], test)
    portal, feeds, speakers, notices = delivery.channels(test)
    assert (portal.state, speakers.state) == (delivery.NOT_FOR_TEST, delivery.NOT_FOR_TEST)
    assert (feeds.where, notices.done) == ("/canh-bao/thu-nghiem/feed.atom", 1)
