"""A board of the commune (tree in tincoso/conftest.py) and portal items around it:
the province's notice and the commune's bulletin (with a picture) are for the
board; a sibling commune's, the village's, a members-only and a draft item are not."""

from __future__ import annotations

import io
from typing import Any

import pytest
from PIL import Image

from tincoso.broadcast.devices import credentials, services
from tincoso.broadcast.devices.models import Device
from tincoso.broadcast.devices.tests.conftest import _signing_key_in_tmp, auth
from tincoso.broadcast.stations.tests.conftest import commune2
from tincoso.conftest import person_with
from tincoso.publishing import images
from tincoso.publishing import services as publishing
from tincoso.publishing.models import Item
from tincoso.units.models import Role, Unit

__all__ = ["_signing_key_in_tmp", "auth", "commune2"]


def png(size: tuple[int, int] = (320, 200), colour: str = "green") -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, "PNG")
    return out.getvalue()


@pytest.fixture
def writers(tree: dict[str, Unit]) -> dict[str, Any]:
    return {"editor": person_with(Role.EDITOR, tree["province"], "board-editor"),
            "approver": person_with(Role.APPROVER, tree["province"], "board-approver")}


def publish(writers: dict[str, Any], unit: Unit, title: str, **extra: Any) -> Item:
    item = publishing.create_item(writers["editor"], unit, publishing.Draft(
        title=title, summary=extra.pop("summary", "Tóm tắt cho bảng tin."), **extra))
    publishing.submit_for_review(writers["editor"], item)
    publishing.approve(writers["approver"], item)
    item.refresh_from_db()
    return item


@pytest.fixture
def items(tree: dict[str, Unit], writers: dict[str, Any], commune2: Unit) -> dict[str, Item]:
    found = {
        "notice": publish(writers, tree["province"], "Thông báo lịch cắt điện",
                          kind=Item.Kind.NOTICE),
        "bulletin": publish(writers, tree["commune"], "Xã Đồng Tâm ra quân làm đường"),
        "sibling": publish(writers, commune2, "Tin riêng xã Hồng Thu"),
        "village": publish(writers, tree["village"], "Tin riêng bản Nà Khum"),
        "members": publish(writers, tree["commune"], "Tin nội bộ chi bộ",
                           audience=Item.Audience.MEMBERS),
    }
    images.add_image(writers["editor"], found["bulletin"], png(), "Đường bê tông mới")
    publishing.approve_files(writers["approver"], found["bulletin"])
    found["draft"] = publishing.create_item(writers["editor"], tree["commune"],
                                            publishing.Draft(title="Bản nháp chưa duyệt"))
    return found


@pytest.fixture
def board_device(tree: dict[str, Unit]) -> Device:
    return services.save_device(None, tree["commune"], services.DeviceData(
        name="Bảng tin nhà văn hóa", kind=Device.Kind.BOARD))


@pytest.fixture
def board_token(board_device: Device) -> str:
    return credentials.issue_token(board_device)


@pytest.fixture
def sibling_board(commune2: Unit) -> tuple[Device, str]:
    device = services.save_device(None, commune2, services.DeviceData(
        name="Bảng tin Hồng Thu", kind=Device.Kind.BOARD))
    return device, credentials.issue_token(device)
