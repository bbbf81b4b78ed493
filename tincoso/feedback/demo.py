"""Demo feedback and corrections: questions from Tân Phong and Bình Lư at every stage,
two published Q&As, one overdue item escalated, and a correction published and updated
through the four-eyes workflow."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.db import transaction

from tincoso.core import clock
from tincoso.feedback import corrections, services
from tincoso.feedback.models import Correction, Feedback
from tincoso.units.models import Unit

_QUESTIONS = [
    ("tan-phong-1", "question",
     "Cho tôi hỏi thủ tục đăng ký tài khoản định danh điện tử mức 2 cho người cao tuổi "
     "có cần ra phường không?",
     "Người cao tuổi không phải ra phường: tổ công tác của Công an phường sẽ đến tận nhà "
     "vào các buổi chiều thứ Bảy trong tháng. Gia đình chỉ cần chuẩn bị căn cước và số "
     "điện thoại chính chủ.", "publish"),
    ("tan-phong-2", "report",
     "Đèn đường ở ngõ 12 tổ dân phố số 2 bị hỏng hơn một tuần, buổi tối rất tối.",
     "Phường đã báo đơn vị quản lý điện chiếu sáng; đèn được thay ngày hôm sau. Cảm ơn bà "
     "con đã phản ánh.", "publish"),
    ("tan-phong-3", "opinion",
     "Đề nghị phát chương trình truyền thanh buổi tối muộn hơn, sau 18 giờ, để người đi "
     "làm về kịp nghe.", "Ý kiến đã được chuyển Ban biên tập đài truyền thanh phường xem xét.",
     "answer"),
    ("binh-lu-1", "question",
     "Bản tôi muốn hỏi khi nào có lớp hướng dẫn dùng điện thoại để thanh toán không dùng "
     "tiền mặt bằng tiếng Thái?", "", "new"),
    ("tan-phong", "request",
     "Đề nghị phường bố trí thêm thùng rác công cộng gần chợ trung tâm.", "", "overdue"),
]


@transaction.atomic
def load_demo() -> None:
    users = {u.username: u for u in get_user_model().objects.filter(username__in=[
        "canbo.tanphong", "bientap.btg", "lanhdao.btg", "lanhdao.tanphong"])}
    officer = users.get("canbo.tanphong")
    if not Feedback.objects.exists() and officer is not None:
        for code, category, text, answer_text, stage in _QUESTIONS:
            place = Unit.objects.get(code=code)
            feedback = services.submit_feedback(place, category, text)
            if stage == "overdue":
                back = clock.now() - dt.timedelta(days=20)
                feedback.submitted_at, feedback.deadline = back, back + dt.timedelta(days=15)
                feedback.save(update_fields=["submitted_at", "deadline"])
                continue
            if stage == "new":
                continue
            services.assign(officer, feedback)
            services.answer(officer, feedback, answer_text)
            if stage == "publish":
                services.publish(officer, feedback, services.mask_personal(text), answer_text)
                # Four eyes: the ward's leader makes it public.
                services.approve_publication(users.get("lanhdao.tanphong"), feedback)
        services.escalate_overdue()
    editor, approver = users.get("bientap.btg"), users.get("lanhdao.btg")
    if Correction.objects.exists() or editor is None or approver is None:
        return
    unit = Unit.objects.get(code="btg-tu")
    data = corrections.CorrectionData(
        headline="Không có chuyện “thu hồi sổ đỏ” khi đăng ký định danh điện tử",
        claim_summary="Một số tài khoản mạng xã hội lan truyền tin: người dân đăng ký định "
                      "danh điện tử mức 2 sẽ bị thu hồi giấy chứng nhận quyền sử dụng đất.",
        claim_where_seen="Nhóm Facebook và Zalo của một số bản, tháng 10/2026",
        claim_urls=["https://www.facebook.com/groups/vi-du/posts/123"],
        claim_first_seen=clock.today() - dt.timedelta(days=12), claim_reach=4500,
        rating="false",
        facts="Đăng ký định danh điện tử là thủ tục của Bộ Công an để xác thực danh tính "
              "trên môi trường số. Không có quy định nào liên quan đến việc thu hồi giấy "
              "chứng nhận quyền sử dụng đất.",
        sources=[{"title": "Cổng Dịch vụ công quốc gia — Định danh điện tử",
                  "url": "https://dichvucong.gov.vn/"}],
    )
    correction = corrections.start_correction(editor, unit, data)
    version = correction.versions.get()
    corrections.submit(editor, version)
    corrections.approve(approver, version)
    data.sources.append({"title": "Công an tỉnh Lai Châu trả lời báo chí",
                         "url": "https://congan.laichau.gov.vn/"})
    data.change_note = "Bổ sung nguồn: trả lời của Công an tỉnh."
    update = corrections.new_version(editor, correction, data)
    corrections.submit(editor, update)
    corrections.approve(approver, update)
