"""Demo opinion: the ward officer of Tân Phong is its opinion collaborator; notes from
the communes over two weeks, in which a rumour about the electricity price rises in
several of the communes the provincial board guides (so the board has been told),
a few feedback items tagged with their topics, and a good example the ward sent in,
waiting for the board."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.db import transaction

from tincoso.core import clock
from tincoso.feedback.models import Feedback
from tincoso.opinion import services
from tincoso.opinion.emerging import check_emerging
from tincoso.opinion.examples import services as examples
from tincoso.opinion.models import Note, Topic
from tincoso.opinion.seeds import ensure_topics
from tincoso.units.models import Unit

_RUMOUR = "Có tin đồn trên mạng xã hội là giá điện sẽ tăng gấp đôi từ tháng sau."
# (unit, topic, weeks ago, reach, mood, summary)
_NOTES = [
    ("tan-phong-1", "tin-gia", 0, "many", "worried", _RUMOUR),
    ("tan-phong-2", "tin-gia", 0, "most", "angry", _RUMOUR),
    ("doan-ket-1", "tin-gia", 0, "many", "worried", _RUMOUR),
    ("binh-lu-2", "tin-gia", 0, "many", "mixed", _RUMOUR),
    ("tan-phong-1", "gia-ca", 1, "many", "worried",
     "Bà con than giá rau và thịt ở chợ tăng sau đợt mưa lớn."),
    ("tan-phong-1", "gia-ca", 0, "few", "worried", "Giá rau đã giảm lại, vẫn còn cao."),
    ("binh-lu-1", "thien-tai", 1, "most", "worried",
     "Mưa lớn kéo dài, các hộ ở chân đồi lo sạt lở; đề nghị kiểm tra taluy."),
    ("tam-duong-2", "chinh-sach", 1, "many", "supportive",
     "Người dân đồng tình với việc làm thủ tục hành chính tại điểm phục vụ của xã mới."),
    ("phong-tho-3", "y-te", 0, "few", "mixed",
     "Một số người hỏi lịch tiêm chủng cho trẻ ở trạm y tế xã."),
]


@transaction.atomic
def load_demo() -> None:
    ensure_topics(Topic)
    officer = get_user_model().objects.filter(username="canbo.tanphong").first()
    ward = Unit.objects.filter(code="tan-phong").first()
    if officer is None or ward is None or Note.objects.exists():
        return
    services.name_collaborator(None, ward, officer)
    topics = {t.slug: t for t in Topic.objects.all()}
    today = clock.today()
    for code, slug, ago, reach, mood, summary in _NOTES:
        unit = Unit.objects.get(code=code)
        author = officer if unit.is_within(ward) else None
        services.file_note(author, unit, services.NoteData(
            topic=topics[slug], summary=summary, reach=reach, mood=mood,
            week=today - dt.timedelta(days=7 * ago)))
    for feedback in Feedback.objects.order_by("pk"):
        topic, _because = services.suggestion_for(feedback.text)
        if topic is not None:
            services.confirm_topic(None, feedback, topic)
    check_emerging()
    examples.submit(officer, Unit.objects.get(code="tan-phong-1"), examples.ExampleData(
        title="Tổ dân phố số 1 thắp sáng ngõ xóm", place="Tổ dân phố số 1, phường Tân Phong",
        what="Các hộ góp tiền và ngày công lắp đèn năng lượng mặt trời ở các ngõ.",
        result="42 đèn, 1,8 km ngõ có đèn; không còn điểm tối."), [])
