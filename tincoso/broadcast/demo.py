"""Demo loudspeakers: the stations (stations.demo) and, for Phường Tân Phong, a
bulletin its editor wrote and sent for approval, waiting for the ward's leader
(not approved here: approval renders speech in the task worker, as in use), and
a registered loudspeaker device on each of its clusters, waiting to be enrolled
with a code. Safe to run again."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db import transaction

from tincoso.broadcast.bulletins import services
from tincoso.broadcast.bulletins.models import Bulletin
from tincoso.broadcast.devices import services as devices
from tincoso.broadcast.devices.models import Device
from tincoso.broadcast.stations.demo import load_demo as load_stations
from tincoso.broadcast.stations.models import Cluster
from tincoso.units.models import Unit

TITLE = "Thông báo lịch tiêm chủng mở rộng tháng 12"
TEXT = (
    "Trạm y tế phường Tân Phong thông báo: ngày 05/12/2026, từ 7h30 đến 11h00, "
    "tiêm chủng mở rộng cho trẻ em dưới 5 tuổi tại nhà văn hóa tổ dân phố số 1.\n"
    "Đề nghị các gia đình mang theo sổ tiêm chủng. Mọi thắc mắc xin gọi 0213.3876.115."
)


@transaction.atomic
def load_demo() -> None:
    load_stations()
    ward = Unit.objects.filter(code="tan-phong").first()
    editor = get_user_model().objects.filter(username="bientap.tanphong").first()
    if ward is None or editor is None:
        return
    if not Bulletin.objects.filter(unit=ward, title=TITLE).exists():
        bulletin = services.create_bulletin(editor, ward, services.Draft(title=TITLE, text=TEXT))
        services.submit(editor, bulletin)
    for cluster in Cluster.objects.filter(station__unit=ward).order_by("pk"):
        if not Device.objects.filter(cluster=cluster).exists():
            data = devices.DeviceData(
                name=f"Loa IP {cluster.name}",
                kind=Device.Kind.LOUDSPEAKER,
                cluster=cluster,
                latitude=cluster.latitude,
                longitude=cluster.longitude,
                group=cluster.group,
                model="IP-LOA 30W",
            )
            devices.save_device(None, ward, data)
    if not Device.objects.filter(unit=ward, kind=Device.Kind.BOARD).exists():
        devices.save_device(None, ward, devices.DeviceData(
            name="Bảng tin điện tử nhà văn hóa tổ 1", kind=Device.Kind.BOARD,
            model="Màn hình 55 inch, chromium kiosk"))
