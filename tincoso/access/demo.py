"""Demo access to information: one request to Phường Tân Phong (an invented requester)
and the ward's list of information published proactively."""

from __future__ import annotations

from tincoso.access import services
from tincoso.access.models import InfoRequest, PublishedInfo
from tincoso.access.workdays import CalendarMissingError
from tincoso.units.models import Unit

_PUBLISHED = [
    ("Quy hoạch sử dụng đất của phường", "Bảng tin UBND phường và cổng thông tin",
     "Luật Tiếp cận thông tin, Điều 17"),
    ("Thủ tục hành chính thực hiện tại phường", "Bộ phận một cửa, cổng thông tin",
     "Luật Tiếp cận thông tin, Điều 17"),
]


def load_demo() -> None:
    ward = Unit.objects.filter(code="tan-phong").first()
    if ward is None or InfoRequest.objects.exists() or PublishedInfo.objects.exists():
        return
    for title, where, basis in _PUBLISHED:
        PublishedInfo.objects.create(unit=ward, title=title, where=where, basis=basis)
    try:
        services.file_request(
            ward, full_name="Trần Thị Mẫu", id_number="000000000000",
            address="Tổ dân phố số 1, phường Tân Phong",
            information="Kế hoạch chỉnh trang vỉa hè các tuyến phố trong phường năm nay",
            delivery="in_person", purpose="Tìm hiểu")
    except CalendarMissingError:
        return  # the holidays file needs this year's calendar first
