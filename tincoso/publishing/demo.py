"""Demo items: a living portal, with bulletins on carrying out the founding guidance."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db import transaction

from tincoso.documents.models import Document
from tincoso.publishing import search, services
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
        "quantri",
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
        "quantri",
        "notice",
        "public",
        "tai",
        ["phong-chong-thien-tai"],
        False,
        "Phương Tân Phong phòng chống nặm nóng (tiếng Thái)",
        "Bản dịch tiếng Thái của thông báo phòng, chống mưa lũ.",
        "Bản dịch tiếng Thái: người dân theo dõi loa truyền thanh và bảng tin của bản.",
    ),
]


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
            translation_of=previous if lang != "vi" else None,
        )
        if lang == "vi" and unit.code == "btg-khoi":
            item.source_document = Document.objects.filter(symbol="30-HD/BTG").first()
            item.save(update_fields=["source_document"])
        services.submit_for_review(writer, item)
        services.approve(users.get(username=approver), item)
        previous = item
    for doc in Document.objects.filter(status="registered"):
        search.index_document(doc)
