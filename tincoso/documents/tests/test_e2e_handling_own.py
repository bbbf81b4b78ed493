"""In a real browser: the committee's văn thư has registered a letter from outside the
tree; its leader opens the document page, gives instructions there naming a person to
lead; the person reports it done; the sổ theo dõi giải quyết line shows who led and the
result, under the letter's one số đến."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from tincoso.conftest import DOCUMENT_SAMPLE, log_in, person_with
from tincoso.documents import services
from tincoso.documents.tests.e2e_steps import complete_first_assignment, give_instructions
from tincoso.units.models import Role, Unit

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_leader_instructs_on_a_letter_the_unit_registered_itself(
    app_server: Any, page: Any, tree: dict[str, Unit]
) -> None:
    clerk = person_with(Role.OFFICER, tree["committee"], "van-thu")
    letter = services.import_document(
        clerk, tree["committee"], DOCUMENT_SAMPLE.read_bytes() + b"\nThu.", "thu.txt"
    )
    services.update_fields(clerk, letter, symbol="7-CV/HND", issuer="Hội Nông dân tỉnh")
    letter = services.register_document(clerk, letter)
    person_with(Role.APPROVER, tree["committee"], "leader")
    person_with(Role.OFFICER, tree["committee"], "handler")
    base = app_server.url
    in_three = (dt.date.today() + dt.timedelta(days=3)).strftime("%d/%m/%Y")

    log_in(page, base, "leader")
    page.goto(f"{base}/app/documents/{letter.pk}/")
    own = page.locator('.handling[data-unit="committee"]')
    assert "Chưa có ý kiến chỉ đạo." in own.inner_text()
    own.get_by_role("link", name="Cho ý kiến chỉ đạo").click()
    give_instructions(page, "Giao đồng chí cán bộ trả lời Hội.", [("handler", "Chủ trì", in_three)])

    page.get_by_role("button", name="Đăng xuất").click()
    log_in(page, base, "handler")
    complete_first_assignment(page, "Đã gửi công văn trả lời.")

    page.goto(f"{base}/app/registers/committee/{dt.date.today().year}/theo-doi/")
    line = page.locator("tbody tr").filter(has_text="7-CV/HND")
    text = line.inner_text()
    assert "Chủ trì: handler" in text and "handler: Đã gửi công văn trả lời." in text
    assert line.locator("td").first.inner_text().strip() == str(letter.register_number)
