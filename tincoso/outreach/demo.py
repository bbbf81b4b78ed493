"""Demo outreach: the province's reporters, Tân Phong's grassroots propagandists, the
talking points of 30-HD/BTG for the agencies' party cells, and a month of activities."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from tincoso.core import clock
from tincoso.documents.models import Document
from tincoso.outreach import services
from tincoso.outreach.models import Activity, Form, Level, Material, Reporter
from tincoso.publishing.models import Item
from tincoso.publishing.services import live
from tincoso.units.models import Unit

_REPORTERS = [
    ("tinh-uy", "reporter", "Trần Minh Đức", "Báo cáo viên Tỉnh ủy", Level.PROVINCIAL,
     ["Xây dựng Đảng", "Đấu tranh phản bác quan điểm sai trái"], ["Tiếng Việt", "Tiếng Thái"],
     "bcv.tinh"),
    ("du-khoi", "reporter", "Tòng Văn Hải", "Phó Trưởng Ban Tuyên giáo Đảng ủy Khối",
     Level.PROVINCIAL, ["Nghị quyết của Đảng", "Học tập và làm theo tư tưởng Hồ Chí Minh"],
     ["Tiếng Việt"], None),
    ("tan-phong", "reporter", "Lường Thị Hạnh", "Phó Bí thư Đảng ủy phường", Level.COMMUNE,
     ["Chuyển đổi số", "An ninh trật tự"], ["Tiếng Việt", "Tiếng Thái"], None),
    ("tan-phong-1", "propagandist", "Lò Văn Minh", "Bí thư chi bộ tổ dân phố số 1",
     Level.COMMUNE, ["Nếp sống văn minh"], ["Tiếng Việt", "Tiếng Thái"], None),
    ("tan-phong-1", "propagandist", "Nguyễn Văn Tâm", "Tổ trưởng tổ dân phố số 1",
     Level.COMMUNE, ["Vệ sinh môi trường"], ["Tiếng Việt"], None),
    ("tan-phong-2", "propagandist", "Giàng A Chư", "Trưởng ban công tác Mặt trận",
     Level.COMMUNE, ["Đại đoàn kết toàn dân tộc"], ["Tiếng Việt", "Tiếng Mông"], None),
]


def _at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=timezone.get_current_timezone())


@transaction.atomic
def load_demo() -> None:
    users = {u.username: u for u in get_user_model().objects.filter(username__in=["bcv.tinh"])}
    reporters: dict[str, Reporter] = {}
    for code, kind, name, title, level, topics, languages, username in _REPORTERS:
        unit = Unit.objects.get(code=code)
        existing = Reporter.objects.filter(unit=unit, full_name=name).first()
        reporters[name] = existing or services.save_reporter(None, unit, services.ReporterData(
            full_name=name, title=title, kind=kind, level=level, topics=topics,
            languages=languages, contact="", active_from=dt.date(2025, 7, 1),
            user=users.get(username or "")))
    guidance = Document.objects.filter(symbol="30-HD/BTG").order_by("pk").first()
    board = Unit.objects.get(code="btg-khoi")
    if not Material.objects.filter(unit=board).exists():
        services.add_material(
            None, board, campaign="Quán triệt Chỉ thị 07-CT/TW",
            title="Đề cương tuyên truyền Hướng dẫn 30-HD/BTG", document=guidance,
            notes="1. Vì sao phải đổi mới công tác thông tin cơ sở.\n"
                  "2. Các hình thức: nói chuyện của báo cáo viên, sinh hoạt chi bộ, "
                  "trang thông tin nội bộ.\n"
                  "3. Nắm bắt dư luận, phản bác thông tin sai sự thật; báo cáo kết quả về "
                  "Ban Tuyên giáo.")
    if Activity.objects.exists():
        return
    today = clock.today()
    first = today.replace(day=1)
    plan = [
        ("cb-sonv", Form.CELL_MEETING, "Quán triệt Hướng dẫn 30-HD/BTG tại sinh hoạt chi bộ",
         first + dt.timedelta(days=2), 14, "Phòng họp Sở Nội vụ", ["Tòng Văn Hải"],
         (18, 18, 0, 0, 3), True),
        ("cb-soyt", Form.CELL_MEETING, "Sinh hoạt chuyên đề: thông tin cơ sở trong ngành y tế",
         first + dt.timedelta(days=4), 8, "Hội trường Sở Y tế", [], (25, 22, 3, 0, 6), True),
        ("tan-phong", Form.TALK, "Nói chuyện chuyên đề: chuyển đổi số ở tổ dân phố",
         first + dt.timedelta(days=6), 19, "Nhà văn hóa tổ dân phố số 1",
         ["Lường Thị Hạnh", "Lò Văn Minh"], (85, 12, 8, 60, 41), False),
        ("tan-phong", Form.LOUDSPEAKER, "Chương trình phát thanh: phòng chống lừa đảo qua mạng",
         first + dt.timedelta(days=8), 17, "Cụm loa tổ dân phố số 2", [], (0, 0, 0, 0, 0),
         False),
        ("tan-phong-2", Form.DOOR_TO_DOOR, "Vận động hộ gia đình đăng ký định danh điện tử",
         first + dt.timedelta(days=10), 8, "Tổ dân phố số 2", ["Giàng A Chư"],
         (34, 2, 0, 32, 30), False),
        ("tan-phong", Form.BULLETIN_BOARD, "Niêm yết kế hoạch tuyên truyền tháng",
         first + dt.timedelta(days=12), 7, "Bảng tin UBND phường", [], (0, 0, 0, 0, 0), False),
    ]
    for code, form, topic, day, hour, place, names, audience, carries_guidance in plan:
        total, members, civil, citizens, ethnic = audience
        unit = Unit.objects.get(code=code)
        # A programme or a posting carries out a published item of the unit or one above.
        items = list(live().filter(unit__path__in=unit.paths_above(),
                                   audience=Item.Audience.PUBLIC)[:1]) \
            if form in (Form.LOUDSPEAKER, Form.BULLETIN_BOARD, Form.TALK) else []
        services.log_activity(None, services.ActivityData(
            unit=unit, form=form, topic=topic, starts_at=_at(day, hour), items=items,
            ends_at=_at(day, hour + 2), place=place,
            reporters=[reporters[n] for n in names],
            documents=[guidance] if guidance and carries_guidance else [],
            audience_total=total, audience_members=members, audience_civil_servants=civil,
            audience_citizens=citizens, audience_ethnic_minority=ethnic,
            minutes="Đã phổ biến đầy đủ nội dung; ghi nhận 3 ý kiến của người dự."
            if total else ""))
