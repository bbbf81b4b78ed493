"""Demo reports: quarterly calendars for the party cells, and one cell's submitted report."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from tincoso.core import clock
from tincoso.reports import services
from tincoso.reports.models import Frequency, Report
from tincoso.reports.periods import period_containing
from tincoso.units.models import Unit


@transaction.atomic
def load_demo() -> None:
    cells = Unit.objects.filter(code__startswith="cb-")
    for cell in cells:
        services.set_schedule(None, cell, Frequency.QUARTERLY, due_days=10, remind_days=5)
    cell = Unit.objects.get(code="cb-sotc")
    if Report.objects.filter(unit=cell).exists():
        return
    today = clock.today()
    current = period_containing("quarterly", today)
    period = period_containing("quarterly", current.start - dt.timedelta(days=1))
    report = services.create_report(None, cell, period)
    services.update_report(
        None,
        report,
        results="Chi bộ đã quán triệt Chỉ thị số 07-CT/TW và Hướng dẫn số 30-HD/BTG tại kỳ "
        "sinh hoạt chi bộ; 18/18 đảng viên tham dự.",
        limitations="Việc nắm bắt dư luận xã hội trên mạng xã hội còn chậm.",
        causes="Chưa phân công đảng viên theo dõi thường xuyên.",
        proposals="Đề nghị Ban Tuyên giáo Đảng ủy Khối tổ chức tập huấn kỹ năng phản bác "
        "thông tin sai trái.",
        signing_authority="T/M CHI BỘ",
        signer_title="Bí thư",
        signer_name="Nguyễn Văn Bình",
    )
    # Four eyes: submitted, then approved (the demo loader acts as the system).
    report = services.submit_report(None, Report.objects.get(pk=report.pk))
    services.approve_report(None, report)
