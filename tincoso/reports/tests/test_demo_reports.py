"""On the demo province, each persona who writes reports gets theirs approved by the
right leader persona, sent to the right place and signed by the right person.

The table is the demo's reporting practice written out: who writes, who is asked to
approve (the nearest leader on the unit's line, or the guiding board's where the
commune has none), where it goes, who signs."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth import get_user_model

from tincoso.conftest import person_with
from tincoso.core import clock
from tincoso.documents.models import Dispatch
from tincoso.reports import services
from tincoso.reports.models import Report
from tincoso.reports.periods import quarter
from tincoso.units.demo import load_demo
from tincoso.units.models import Role, Unit

pytestmark = pytest.mark.django_db

TYPED = "Người Soạn Ký"  # the signer the author types

# author, unit, signing block, asked to approve, approves, recipient, printed signer
PRACTICE = [
    ("canbo.sonv", "cb-sonv", "T/M CHI BỘ",
     {"lanhdao.dukhoi"}, "lanhdao.dukhoi", "du-khoi", TYPED),
    ("canbo.soyt", "cb-soyt", "T/M CHI BỘ",
     {"lanhdao.dukhoi"}, "lanhdao.dukhoi", "du-khoi", TYPED),
    ("canbo.cbtdp1", "cb-tan-phong-1", "T/M CHI BỘ",
     {"lanhdao.dutanphong"}, "lanhdao.dutanphong", "du-tan-phong", TYPED),
    ("canbo.dutanphong", "du-tan-phong", "T/M BAN THƯỜNG VỤ",
     {"lanhdao.dutanphong"}, "lanhdao.dutanphong", "tinh-uy", "Lù Thị Mai"),
    ("canbo.tanphong", "tan-phong", "TM. ỦY BAN NHÂN DÂN / KT. CHỦ TỊCH",
     {"lanhdao.tanphong"}, "lanhdao.tanphong", "btg-tu", "Tao Văn Chiến"),
    ("canbo.tinhuy", "tinh-uy", "T/M BAN THƯỜNG VỤ",
     {"lanhdao.tinhuy"}, "lanhdao.tinhuy", None, "Hà Văn Khánh"),
    # A commune with no leader on the platform: the board guiding it approves.
    ("officer.binhlu", "binh-lu", "TM. ỦY BAN NHÂN DÂN",
     {"lanhdao.btg", "lanhdao.tinhuy"}, "lanhdao.btg", "btg-tu", TYPED),
]  # fmt: skip


@pytest.mark.parametrize(
    ("author", "code", "authority", "asked", "approver", "recipient", "signer"), PRACTICE
)
def test_each_demo_report_is_approved_by_its_leader_and_sent_up_its_line(
    author: str,
    code: str,
    authority: str,
    asked: set[str],
    approver: str,
    recipient: str | None,
    signer: str,
) -> None:
    load_demo()
    clock.set(dt.datetime(2026, 4, 3, 9, 0))
    users = get_user_model().objects
    unit = Unit.objects.get(code=code)
    writer = users.filter(username=author).first() or person_with(Role.OFFICER, unit, author)
    report = services.create_report(writer, unit, quarter(2026, 1))
    report = services.update_report(
        writer, report, signing_authority=authority, signer_title="Bí thư", signer_name=TYPED,
        outside_recipient="" if recipient else "Ban Tuyên giáo và Dân vận Trung ương",
    )  # fmt: skip
    report = services.submit_report(writer, report)
    assert {u.username for u in services.approvers_of(report)} == asked
    assert report in services.to_approve(users.get(username=approver))
    report = services.approve_report(users.get(username=approver), report)
    assert report.status == Report.Status.SUBMITTED
    assert report.document.signer_name == signer
    sent = Dispatch.objects.filter(document=report.document).select_related("recipient")
    assert [d.recipient.code for d in sent] == ([recipient] if recipient else [])
