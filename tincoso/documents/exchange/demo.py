"""Demo exchange: identifiers for a few bodies of the demo province (fictional codes in
the standard's shape, not the real ones of QĐ 20/2020/QĐ-TTg), two bodies outside it,
and one document that came to Phường Tân Phong through the exchange."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from tincoso.core import clock
from tincoso.documents.exchange import building, receiving
from tincoso.documents.exchange.envelope import Edoc, File
from tincoso.documents.exchange.envelope import Organ as OrganValue
from tincoso.documents.exchange.models import Message, Organ
from tincoso.units.models import Unit

OURS = {
    "du-khoi": ("000.00.91.H99", "Đảng ủy Khối các cơ quan tỉnh"),
    "tan-phong": ("000.02.91.H99", "UBND phường Tân Phong"),
    "so-noi-vu": ("000.03.91.H99", "Sở Nội vụ tỉnh Lai Châu"),
}
OUTSIDE = {
    "000.00.00.H98": "Văn phòng UBND tỉnh Lai Châu (demo)",
    "000.00.00.G98": "Bộ Nội vụ (demo)",
}
TEXT = """ỦY BAN NHÂN DÂN TỈNH LAI CHÂU
VĂN PHÒNG
Số: 1234/VP-KSTT
V/v tăng cường tuyên truyền chuyển đổi số
Lai Châu, ngày 20 tháng 11 năm 2026
Kính gửi: UBND các xã, phường.
Đề nghị các xã, phường tăng cường tuyên truyền về chuyển đổi số trên hệ thống loa.
KT. CHÁNH VĂN PHÒNG
PHÓ CHÁNH VĂN PHÒNG
Nguyễn Văn Minh
"""


@transaction.atomic
def load_demo() -> None:
    for code, (organ_id, name) in OURS.items():
        unit = Unit.objects.filter(code=code).first()
        if unit is not None:
            Organ.objects.get_or_create(organ_id=organ_id, defaults={"name": name, "unit": unit})
    for organ_id, name in OUTSIDE.items():
        Organ.objects.get_or_create(organ_id=organ_id, defaults={"name": name})
    if Message.objects.exists() or not Organ.objects.filter(organ_id=OURS["tan-phong"][0]).exists():
        return
    edoc = Edoc(
        sender=OrganValue("000.00.00.H98", OUTSIDE["000.00.00.H98"]),
        recipients=[OrganValue(*OURS["tan-phong"])],
        document_id="000.00.00.H98,2026/11/20,1234/VP-KSTT",
        code_number="1234", code_notation="VP-KSTT", place="Lai Châu",
        promulgation_date=dt.date(2026, 11, 20), type_name="Công văn",
        subject="V/v tăng cường tuyên truyền chuyển đổi số",
        signer_position="Phó Chánh Văn phòng", signer_name="Nguyễn Văn Minh",
        priority="1", files=[File("1234-VP-KSTT.txt", TEXT.encode(), "text/plain")],
    )  # fmt: skip
    receiving.receive(building.build_edoc(edoc, clock.now()), transport="demo")
