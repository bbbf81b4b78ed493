"""Demo items: a living portal, with bulletins on carrying out the founding guidance."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction

from tincoso.core import clock
from tincoso.documents.models import Document
from tincoso.documents.search_source import index_document
from tincoso.publishing import services
from tincoso.publishing.models import Item, Topic
from tincoso.units.models import Unit

TOPICS = [
    ("thong-tin-co-so", "Thông tin cơ sở"),
    ("xay-dung-dang", "Xây dựng Đảng"),
    ("chuyen-doi-so", "Chuyển đổi số"),
    ("nong-thon-moi", "Nông thôn mới"),
    ("phong-chong-thien-tai", "Phòng, chống thiên tai"),
]

ITEMS = [
    (
        "btg-khoi",
        "bientap.khoi",
        "lanhdao.khoi",
        "bulletin",
        "public",
        "vi",
        ["thong-tin-co-so", "xay-dung-dang"],
        True,
        "Các chi bộ khối cơ quan tỉnh triển khai Hướng dẫn 30-HD/BTG",
        "Mười chi bộ trực thuộc Đảng ủy Khối đã quán triệt Chỉ thị 07-CT/TW về đẩy mạnh công "
        "tác thông tin cơ sở trong tình hình mới.",
        "Thực hiện **Hướng dẫn số 30-HD/BTG** của Ban Tuyên giáo Đảng ủy Khối, các chi bộ đã "
        "lồng ghép nội dung Chỉ thị 07-CT/TW vào sinh hoạt chi bộ định kỳ.\n\n"
        "- Tuyên truyền miệng qua đội ngũ báo cáo viên;\n- Đăng tải trên trang thông tin nội bộ;\n"
        "- Lắng nghe ý kiến của đảng viên, người lao động và kịp thời phản bác thông tin sai "
        "trái.",
    ),
    (
        "btg-tu",
        "bientap.btg",
        "lanhdao.btg",
        "article",
        "public",
        "vi",
        ["thong-tin-co-so", "chuyen-doi-so"],
        True,
        "Đẩy mạnh công tác thông tin cơ sở trên nền tảng số",
        "Đài truyền thanh cơ sở ứng dụng công nghệ thông tin – viễn thông, bảng tin điện tử công "
        "cộng được lắp đặt tại trung tâm các xã.",
        "Ban Tuyên giáo và Dân vận Tỉnh ủy đề nghị các xã, phường tiếp tục chuyển đổi hệ thống "
        "loa truyền thanh sang công nghệ IP, cập nhật bảng tin điện tử và trang thông tin điện "
        "tử của xã.",
    ),
    (
        "btg-tu",
        "bientap.btg",
        "lanhdao.btg",
        "notice",
        "members",
        "vi",
        ["xay-dung-dang"],
        False,
        "Định hướng tuyên truyền tháng này (tài liệu nội bộ)",
        "Tài liệu sinh hoạt chi bộ dành cho cán bộ, đảng viên.",
        "Nội dung định hướng tuyên truyền các nhiệm vụ chính trị trọng tâm của tỉnh trong tháng.",
    ),
    (
        "tan-phong",
        "bientap.tanphong",
        "lanhdao.tanphong",
        "notice",
        "public",
        "vi",
        ["phong-chong-thien-tai"],
        False,
        "Phường Tân Phong chủ động phòng, chống mưa lũ",
        "Người dân theo dõi thông báo trên loa truyền thanh và bảng tin của tổ dân phố.",
        "Ủy ban nhân dân phường đề nghị các hộ gia đình ở khu vực ven suối chủ động di dời tài sản "
        "khi có mưa lớn kéo dài.",
    ),
    (
        "tan-phong",
        "bientap.tanphong",
        "lanhdao.tanphong",
        "notice",
        "public",
        "tai",
        ["phong-chong-thien-tai"],
        False,
        "Phương Tân Phong phòng chống nặm nóng (tiếng Thái)",
        "Bản dịch tiếng Thái của thông báo phòng, chống mưa lũ.",
        "Bản dịch tiếng Thái: người dân theo dõi loa truyền thanh và bảng tin của bản.",
    ),
    (
        "tan-phong",
        "bientap.tanphong",
        "lanhdao.tanphong",
        "notice",
        "public",
        "hmn",
        ["phong-chong-thien-tai"],
        False,
        "Tân Phong tiv thaiv nag loj dej nyab (lus Hmoob)",
        "Bản tiếng H'Mông của thông báo phòng, chống mưa lũ.",
        "Cov neeg nyob ze dej yuav tsum mloog xov xwm hauv lub tso suab thiab daim ntawv tshaj "
        "tawm ntawm lub zos.",
    ),
    (
        "btg-khoi",
        "bientap.khoi",
        "lanhdao.khoi",
        "bulletin",
        "public",
        "vi",
        ["thong-tin-co-so", "xay-dung-dang"],
        True,
        "Hội nghị báo cáo viên quý II: quán triệt Chỉ thị 07-CT/TW",
        "Báo cáo viên các chi bộ được cung cấp tài liệu tuyên truyền miệng theo Hướng dẫn "
        "30-HD/BTG.",
        "Hội nghị thông tin thời sự, định hướng tuyên truyền những vấn đề dư luận quan tâm; "
        "các báo cáo viên thống nhất **lịch nói chuyện** tại các chi bộ trong tháng.\n\n"
        "1. Nắm bắt tư tưởng, dư luận xã hội;\n2. Phản bác thông tin sai trái, thù địch;\n"
        "3. Báo cáo kết quả về Ban Tuyên giáo Đảng ủy Khối trước ngày 25 hằng tháng.",
    ),
    (
        "btg-tu",
        "bientap.btg",
        "lanhdao.btg",
        "answer",
        "public",
        "vi",
        ["thong-tin-co-so"],
        False,
        "Hỏi – đáp: Thông tin cơ sở gồm những hình thức nào?",
        "Theo Nghị định 49/2024/NĐ-CP, thông tin cơ sở được thực hiện qua nhiều hình thức.",
        "**Hỏi:** Xin cho biết thông tin cơ sở gồm những hình thức nào?\n\n**Đáp:** Đài "
        "truyền thanh cấp xã, bảng tin công cộng, trang thông tin điện tử, tài liệu không kinh "
        "doanh, tuyên truyền miệng qua báo cáo viên, và mạng xã hội, tin nhắn theo quy định.",
    ),
    (
        "btg-tu",
        "bientap.btg",
        "lanhdao.btg",
        "article",
        "public",
        "vi",
        ["chuyen-doi-so", "nong-thon-moi"],
        False,
        "Loa truyền thanh thông minh đến các bản vùng cao",
        "Cụm loa ứng dụng công nghệ thông tin – viễn thông giúp thông tin đến bà con nhanh hơn.",
        "Nhiều bản ở vùng cao đã có cụm loa truyền thanh thông minh phát bằng tiếng Việt, tiếng "
        "Thái và tiếng H'Mông; lịch phát được lập trên hệ thống và duyệt trước khi lên sóng.",
    ),
]

# One item gets a correction on the page; one waits for its scheduled time.
CORRECTED = "Đẩy mạnh công tác thông tin cơ sở trên nền tảng số"
SCHEDULED = "Kế hoạch tuyên truyền kỷ niệm Ngày Quốc khánh (hẹn giờ đăng)"


@transaction.atomic
def load_demo() -> None:
    for slug, name in TOPICS:
        Topic.objects.get_or_create(slug=slug, defaults={"name": name})
    users = get_user_model().objects
    previous = None
    for (
        code,
        author,
        approver,
        kind,
        audience,
        lang,
        topics,
        featured,
        title,
        summary,
        body,
    ) in ITEMS:
        unit = Unit.objects.get(code=code)
        existing = Item.objects.filter(unit=unit, current__title=title).first()
        if existing is not None:
            previous = existing
            continue
        writer = users.get(username=author)
        item = services.create_item(
            writer,
            unit,
            services.Draft(
                title=title,
                summary=summary,
                body=body,
                kind=kind,
                audience=audience,
                language=lang,
                topics=topics,
                featured=featured,
            ),
            translation_of=previous if lang != "vi" and previous is not None else None,
        )
        if lang == "vi" and unit.code == "btg-khoi":
            item.source_document = Document.objects.filter(symbol="30-HD/BTG").first()
            item.save(update_fields=["source_document"])
        services.submit_for_review(writer, item)
        services.approve(users.get(username=approver), item)
        previous = item
    _correct_one(users.get(username="bientap.btg"))
    _schedule_one(users.get(username="bientap.btg"), users.get(username="lanhdao.btg"))
    for doc in Document.objects.filter(status="registered"):
        index_document(doc)


def _correct_one(editor: Any) -> None:
    item = Item.objects.filter(current__title=CORRECTED, status=Item.Status.PUBLISHED).first()
    if item is None or item.versions.count() > 1:
        return
    version = item.current
    assert version is not None
    services.correct(
        editor,
        item,
        services.Draft(
            title=version.title,
            summary=version.summary,
            body=version.body.replace("các xã, phường", "tất cả các xã, phường, thị trấn"),
            kind=item.kind,
            audience=item.audience,
            topics=list(item.topics.values_list("slug", flat=True)),
            featured=item.featured,
        ),
        "Bổ sung: áp dụng cho cả các thị trấn.",
    )
    if item.approved_by is not None:  # four eyes: the item's approver approves it too
        services.approve(item.approved_by, item)


def _schedule_one(editor: Any, approver: Any) -> None:
    if Item.objects.filter(current__title=SCHEDULED).exists():
        return
    item = services.create_item(
        editor,
        Unit.objects.get(code="btg-tu"),
        services.Draft(
            title=SCHEDULED,
            summary="Tin đã duyệt, tự đăng lên trang vào giờ đã hẹn.",
            body="Các cơ quan, đơn vị treo cờ Tổ quốc, tổ chức tuyên truyền trên loa truyền thanh.",
            topics=["thong-tin-co-so"],
            publish_at=clock.now() + dt.timedelta(days=3),
        ),
    )
    services.submit_for_review(editor, item)
    services.approve(approver, item)
