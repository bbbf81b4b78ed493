"""A realistic demo province: its unit tree, its guidance links and one person for
each role.

Lai Châu, the province of the founding guidance document, after the July 2025
reform: two tiers of local government (province, commune). The party line: the
provincial party committee with its propaganda and mass-mobilisation board, the
agencies' party committee with its own propaganda board and ten party cells,
and each commune's and ward's party committee with a cell per village or
residential group. The state line: the People's Committee with its departments,
and a dozen communes and wards with their villages and residential groups.
Beside the tree, the provincial board guides every commune's state side
(directives, figures, reports), as Hướng dẫn 30-HD/BTG asks.

Four eyes on what goes public or official: the Tỉnh ủy, the Đảng ủy Khối, Phường
Tân Phong and its party committee have leaders (approvers) who approve and sign
their own reports; a cell has none of its own (its secretary writes and signs, the
committee above approves), and the other communes, with no leader on the platform,
fall back to the provincial board's (``permissions.approver_ids``).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import transaction

from tincoso.units import guidance, permissions, treefile
from tincoso.units.models import Role, Unit, UnitKind
from tincoso.units.services import UnitData, grant_role

DEMO_PASSWORD = "TinCoSo@2026"  # noqa: S105 - printed on purpose: demo log-ins only

_CELLS = [
    ("sonv", "Chi bộ Sở Nội vụ"),
    ("sotc", "Chi bộ Sở Tài chính"),
    ("soyt", "Chi bộ Sở Y tế"),
    ("sogd", "Chi bộ Sở Giáo dục và Đào tạo"),
    ("sovh", "Chi bộ Sở Văn hóa, Thể thao và Du lịch"),
    ("sokh", "Chi bộ Sở Khoa học và Công nghệ"),
    ("sotp", "Chi bộ Sở Tư pháp"),
    ("sonn", "Chi bộ Sở Nông nghiệp và Môi trường"),
    ("soct", "Chi bộ Sở Công Thương"),
    ("sxd", "Chi bộ Sở Xây dựng"),
]
_DEPARTMENTS = [
    ("so-noi-vu", "Sở Nội vụ", "SNV"),
    ("so-tai-chinh", "Sở Tài chính", "STC"),
    ("so-y-te", "Sở Y tế", "SYT"),
    ("so-gddt", "Sở Giáo dục và Đào tạo", "SGDĐT"),
    ("so-vhttdl", "Sở Văn hóa, Thể thao và Du lịch", "SVHTTDL"),
    ("so-khcn", "Sở Khoa học và Công nghệ", "SKHCN"),
    ("so-nnmt", "Sở Nông nghiệp và Môi trường", "SNNMT"),
]
_COMMUNES = [
    ("tan-phong", "Phường Tân Phong", ["Tổ dân phố số 1", "Tổ dân phố số 2", "Tổ dân phố số 3"]),
    ("doan-ket", "Phường Đoàn Kết", ["Tổ dân phố số 4", "Tổ dân phố số 5", "Tổ dân phố số 6"]),
    ("binh-lu", "Xã Bình Lư", ["Bản Nà Khum", "Bản Chu Va", "Bản Sơn Bình"]),
    ("tam-duong", "Xã Tam Đường", ["Bản Hưng Phong", "Bản Nà Đông", "Bản Phiêng Pẻn"]),
    ("phong-tho", "Xã Phong Thổ", ["Bản Pa So", "Bản Lả Mường", "Bản Ngài Thầu"]),
    ("sin-ho", "Xã Sìn Hồ", ["Bản Sà Chải", "Bản Pa Khóa", "Bản Phìn Hồ"]),
    ("than-uyen", "Xã Than Uyên", ["Bản Mé", "Bản Mường Cang", "Bản Nà Ban"]),
    ("tan-uyen", "Xã Tân Uyên", ["Bản Hô Be", "Bản Nà Bó", "Bản Chăn Nuôi"]),
    ("muong-te", "Xã Mường Tè", ["Bản Nậm Khao", "Bản Pa Ủ", "Bản Tá Bạ"]),
    ("nam-nhun", "Xã Nậm Nhùn", ["Bản Nậm Manh", "Bản Lê Lợi", "Bản Nậm Hàng"]),
    ("bum-nua", "Xã Bum Nưa", ["Bản Nậm Củm", "Bản Pắc Ma", "Bản Bum"]),
    ("pa-tan", "Xã Pa Tần", ["Bản Nậm Ngà", "Bản Pa Tần", "Bản Huổi Chát"]),
]


def demo_tree() -> list[UnitData]:
    rows = [
        UnitData("lai-chau", "Tỉnh Lai Châu", UnitKind.PROVINCE, "LC"),
        UnitData("tinh-uy", "Tỉnh ủy Lai Châu", UnitKind.PARTY_COMMITTEE, "TU", "lai-chau"),
        UnitData(
            "btg-tu",
            "Ban Tuyên giáo và Dân vận Tỉnh ủy Lai Châu",
            UnitKind.DEPARTMENT,
            "BTGDVTU",
            "tinh-uy",
        ),
        UnitData(
            "du-khoi",
            "Đảng ủy Khối các cơ quan tỉnh Lai Châu",
            UnitKind.BLOC_COMMITTEE,
            "ĐUK",
            "tinh-uy",
        ),
        UnitData(
            "btg-khoi",
            "Ban Tuyên giáo Đảng ủy Khối các cơ quan tỉnh Lai Châu",
            UnitKind.DEPARTMENT,
            "BTG",
            "du-khoi",
        ),
        UnitData("ubnd", "Ủy ban nhân dân tỉnh Lai Châu", UnitKind.AGENCY, "UBND", "lai-chau"),
    ]
    rows += [
        UnitData(f"cb-{code}", name, UnitKind.PARTY_CELL, "", "du-khoi") for code, name in _CELLS
    ]
    rows += [
        UnitData(code, name, UnitKind.DEPARTMENT, short, "ubnd")
        for code, name, short in _DEPARTMENTS
    ]
    for code, name, villages in _COMMUNES:
        rows.append(UnitData(code, name, UnitKind.COMMUNE, "", "lai-chau"))
        rows += [
            UnitData(f"{code}-{i}", village, UnitKind.VILLAGE, "", code)
            for i, village in enumerate(villages, start=1)
        ]
        # The party line: the commune's party committee under the provincial one,
        # with a cell for each village or residential group.
        party = f"Đảng ủy {name[0].lower()}{name[1:]}"  # "Đảng ủy phường Tân Phong"
        rows.append(UnitData(f"du-{code}", party, UnitKind.PARTY_COMMITTEE, "", "tinh-uy"))
        rows += [
            UnitData(f"cb-{code}-{i}", f"Chi bộ {village}", UnitKind.PARTY_CELL, "", f"du-{code}")
            for i, village in enumerate(villages, start=1)
        ]
    return rows


GUIDE = "btg-tu"
GUIDANCE_NOTE = "Hướng dẫn 30-HD/BTG về công tác thông tin cơ sở"


@dataclass(frozen=True)
class DemoPerson:
    username: str
    full_name: str
    title: str
    unit: str
    role: str


DEMO_PEOPLE = [
    DemoPerson("quantri.tinh", "Lò Văn Quang", "Quản trị hệ thống tỉnh", "lai-chau", Role.ADMIN),
    DemoPerson(
        "bientap.btg",
        "Nguyễn Thị Hoa",
        "Chuyên viên Ban Tuyên giáo và Dân vận",
        "btg-tu",
        Role.EDITOR,
    ),
    DemoPerson("lanhdao.btg", "Phan Xuân Trường", "Phó Trưởng Ban", "btg-tu", Role.APPROVER),
    DemoPerson(
        "bientap.khoi",
        "Tòng Thị Mai",
        "Chuyên viên Ban Tuyên giáo Đảng ủy Khối",
        "btg-khoi",
        Role.EDITOR,
    ),
    DemoPerson(
        "lanhdao.khoi",
        "Đỗ Văn Hùng",
        "Trưởng Ban Tuyên giáo Đảng ủy Khối",
        "btg-khoi",
        Role.APPROVER,
    ),
    DemoPerson("quantri.khoi", "Vàng A Sử", "Quản trị Đảng ủy Khối", "du-khoi", Role.ADMIN),
    # The bloc committee's leader approves its cells' reports (their secretaries sign).
    DemoPerson("lanhdao.dukhoi", "Sùng A Lử", "Phó Bí thư Đảng ủy Khối", "du-khoi", Role.APPROVER),
    DemoPerson("canbo.sonv", "Lê Thị Thu", "Bí thư Chi bộ Sở Nội vụ", "cb-sonv", Role.OFFICER),
    DemoPerson("canbo.soyt", "Hoàng Văn Nam", "Bí thư Chi bộ Sở Y tế", "cb-soyt", Role.OFFICER),
    DemoPerson(
        "canbo.tinhuy", "Lò Thị Phương", "Chuyên viên Văn phòng Tỉnh ủy", "tinh-uy", Role.OFFICER
    ),
    # The Tỉnh ủy's leader approves and signs its report (T/M BAN THƯỜNG VỤ); with no
    # approver of their own, party units below fall back to this line's approver.
    DemoPerson(
        "lanhdao.tinhuy", "Hà Văn Khánh", "Phó Bí thư Thường trực", "tinh-uy", Role.APPROVER
    ),
    DemoPerson("bcv.tinh", "Trần Minh Đức", "Báo cáo viên Tỉnh ủy", "tinh-uy", Role.REPORTER),
    DemoPerson(
        "bientap.tanphong",
        "Lường Văn Thắng",
        "Công chức văn hóa – xã hội",
        "tan-phong",
        Role.EDITOR,
    ),
    DemoPerson(
        "canbo.tanphong", "Giàng Thị Dợ", "Cán bộ Phường Tân Phong", "tan-phong", Role.OFFICER
    ),
    # The ward's People's Committee signs its own reports (TM. ỦY BAN NHÂN DÂN).
    DemoPerson("lanhdao.tanphong", "Tao Văn Chiến", "Phó Chủ tịch", "tan-phong", Role.APPROVER),
    DemoPerson(
        "canbo.dutanphong",
        "Vàng Thị Súa",
        "Chuyên viên Văn phòng Đảng ủy phường Tân Phong",
        "du-tan-phong",
        Role.OFFICER,
    ),
    # The ward's party committee signs its reports (T/M BAN THƯỜNG VỤ) and, as the
    # cells' superior, approves theirs (the cell's secretary still signs them).
    DemoPerson(
        "lanhdao.dutanphong", "Lù Thị Mai", "Phó Bí thư", "du-tan-phong", Role.APPROVER
    ),
    DemoPerson(
        "canbo.cbtdp1",
        "Lò Văn Pọm",
        "Bí thư Chi bộ Tổ dân phố số 1",
        "cb-tan-phong-1",
        Role.OFFICER,
    ),
    DemoPerson("xem.tinh", "Phạm Thị Lan", "Thành viên Ban Chỉ đạo", "lai-chau", Role.VIEWER),
]


@transaction.atomic
def load_demo() -> list[DemoPerson]:
    """Build (or bring up to date) the demo province; safe to run again."""
    treefile.import_tree(None, demo_tree())
    guide = Unit.objects.get(code=GUIDE)
    for code, _name, _villages in _COMMUNES:
        commune = Unit.objects.get(code=code)
        guidance.link(None, guide, commune, ["dispatch", "figures", "reports"], GUIDANCE_NOTE)
    User = get_user_model()
    if not User.objects.filter(username="quantri").exists():
        User.objects.create_superuser(
            "quantri", "quantri@example.invalid", DEMO_PASSWORD, full_name="Quản trị hệ thống"
        )
    for person in DEMO_PEOPLE:
        user, created = User.objects.get_or_create(
            username=person.username,
            defaults={
                "full_name": person.full_name,
                "title": person.title,
                "email": f"{person.username}@example.invalid",
            },
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save()
        grant_role(None, user, Unit.objects.get(code=person.unit), person.role)
        permissions.forget(user)
    return DEMO_PEOPLE
