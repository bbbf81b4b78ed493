"""The to-do home at /app/ and the counts beside the navigation.

province                 province_admin (admin)
├── committee            editor (writes for both cells)
│   ├── cell_a           cell_officer (officer), cell_approver (approver)
│   └── cell_b           the sibling: its things must never show to cell_a's people
└── commune              commune_editor (editor)
    └── village
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tincoso.conftest import person_with
from tincoso.core import clock
from tincoso.core.todo import time_left
from tincoso.documents import services as documents
from tincoso.documents.models import Dispatch, Document
from tincoso.feedback import corrections
from tincoso.feedback import services as feedback
from tincoso.feedback.models import Feedback
from tincoso.publishing import services as publishing
from tincoso.publishing.models import Item
from tincoso.reports import services as reports
from tincoso.units.models import Role, Unit

NOW = dt.datetime(2026, 5, 20, 9, 0, tzinfo=dt.UTC)


def _document(unit: Unit, symbol: str) -> Document:
    return Document.objects.create(
        unit=unit,
        status=Document.Status.REGISTERED,
        doc_type="Công văn",
        symbol=symbol,
        title=f"Về việc {symbol}",
        register_year=2026,
        register_number=Document.objects.count() + 1,
    )


def _item(editor: Any, unit: Unit, title: str) -> Item:
    item = publishing.create_item(
        editor, unit, publishing.Draft(title=title, summary="Tóm tắt.", body="Nội dung.")
    )
    return publishing.submit_for_review(editor, item)


def _correction(editor: Any, unit: Unit, headline: str) -> Any:
    data = corrections.CorrectionData(
        headline=headline,
        claim_summary="Tin đồn trên mạng.",
        rating="false",
        facts="Sự thật là khác.",
        sources=[{"title": "Thông báo của xã", "url": "https://example.org/tb"}],
    )
    correction = corrections.start_correction(editor, unit, data)
    return corrections.submit(editor, correction.versions.get())


@pytest.fixture
def world(
    tree: dict[str, Unit], province_admin: Any, commune_editor: Any, cell_officer: Any
) -> dict[str, Any]:
    """GIVEN the same kinds of work waiting in cell_a and in its sibling cell_b."""
    clock.set(NOW)
    editor = person_with(Role.EDITOR, tree["committee"], "committee-editor")
    cell_approver = person_with(Role.APPROVER, tree["cell-a"], "cell-approver")
    person_with(Role.OFFICER, tree["cell-b"], "cell-b-officer")  # so feedback routes there
    w: dict[str, Any] = {"editor": editor, "cell_approver": cell_approver}
    for code in ("cell-a", "cell-b"):
        unit = tree[code]
        late = _document(tree["committee"], f"1-CV/{code}")
        later = _document(tree["committee"], f"2-CV/{code}")
        w[f"{code}-later"] = documents.dispatch_document(
            editor, later, [unit], deadline=NOW + dt.timedelta(days=3)
        )[0]
        # Sent with a deadline that has since passed (a past one is refused when sent).
        clock.set(NOW - dt.timedelta(days=5))
        w[f"{code}-late"] = documents.dispatch_document(
            editor, late, [unit], deadline=NOW - dt.timedelta(days=2)
        )[0]
        clock.set(NOW)
        w[f"{code}-feedback"] = feedback.submit_feedback(
            unit, "question", f"Câu hỏi của người dân ở {unit.name} về đường làng."
        )
        w[f"{code}-item"] = _item(editor, unit, f"Bản tin của {unit.name}")
        w[f"{code}-correction"] = _correction(editor, unit, f"Đính chính ở {unit.name}")
        reports.set_schedule(None, unit, "monthly", due_days=5)
    assert w["cell-a-feedback"].unit == tree["cell-a"]
    assert w["cell-b-feedback"].unit == tree["cell-b"]
    return w


def home(user: Any) -> str:
    client = Client()
    client.force_login(user)
    response = client.get(reverse("dashboard"))
    assert response.status_code == 200
    return response.content.decode()


def links(html: str) -> set[str]:
    return set(re.findall(r'href="([^"]+)"', html))


def test_a_cell_officer_sees_their_cells_directives_feedback_and_reports_only(
    world: dict[str, Any], cell_officer: Any
) -> None:
    html = home(cell_officer)
    found = links(html)
    for key in ("cell-a-late", "cell-a-later"):
        assert reverse("dispatch-detail", args=[world[key].pk]) in found
    assert reverse("feedback-detail", args=[world["cell-a-feedback"].pk]) in found
    assert reverse("report-list", args=["cell-a"]) in found
    # The sibling's things never show.
    for key in ("cell-b-late", "cell-b-later"):
        assert reverse("dispatch-detail", args=[world[key].pk]) not in found
    assert reverse("feedback-detail", args=[world["cell-b-feedback"].pk]) not in found
    assert reverse("report-list", args=["cell-b"]) not in found
    # An officer approves nothing: no approval sections at all.
    assert "todo-approvals" not in html and "todo-corrections" not in html


def test_overdue_directives_come_first_with_the_time_left_or_past(
    world: dict[str, Any], cell_officer: Any
) -> None:
    html = home(cell_officer)
    late = html.index(reverse("dispatch-detail", args=[world["cell-a-late"].pk]))
    later = html.index(reverse("dispatch-detail", args=[world["cell-a-later"].pk]))
    assert late < later
    assert "quá hạn 2 ngày" in html
    assert "còn 3 ngày" in html


def test_an_approver_sees_items_and_corrections_of_their_unit_not_the_siblings(
    world: dict[str, Any],
) -> None:
    html = home(world["cell_approver"])
    found = links(html)
    assert reverse("item-detail", args=[world["cell-a-item"].pk]) in found
    assert reverse("correction-detail", args=[world["cell-a-correction"].correction_id]) in found
    assert reverse("item-detail", args=[world["cell-b-item"].pk]) not in found
    assert (
        reverse("correction-detail", args=[world["cell-b-correction"].correction_id]) not in found
    )
    # An approver neither acknowledges directives nor answers feedback.
    assert "todo-directives" not in html and "todo-feedback" not in html


def test_an_author_is_never_asked_to_approve_their_own_item(
    world: dict[str, Any], tree: dict[str, Unit]
) -> None:
    """Four eyes: an editor who is also an approver does not see their own items to approve."""
    from tincoso.units.services import grant_role

    grant_role(None, world["editor"], tree["committee"], Role.APPROVER)
    html = home(world["editor"])
    assert reverse("item-detail", args=[world["cell-a-item"].pk]) not in links(html)
    assert 'id="todo-approvals"' in html


def test_a_commune_editor_sees_none_of_the_committees_work(
    world: dict[str, Any], commune_editor: Any, tree: dict[str, Unit]
) -> None:
    own = feedback.submit_feedback(tree["village"], "report", "Đèn đường ở bản bị hỏng.")
    html = home(commune_editor)
    found = links(html)
    assert reverse("feedback-detail", args=[own.pk]) in found
    assert not any(
        reverse("feedback-detail", args=[world[f"{c}-feedback"].pk]) in found
        for c in ("cell-a", "cell-b")
    )
    assert not any(u.startswith("/app/dispatches/") for u in found)


def test_the_province_admin_sees_every_cells_directives_but_approves_nothing(
    world: dict[str, Any], province_admin: Any
) -> None:
    html = home(province_admin)
    found = links(html)
    for code in ("cell-a", "cell-b"):
        assert reverse("dispatch-detail", args=[world[f"{code}-late"].pk]) in found
    assert "todo-approvals" not in html


def test_someone_without_a_role_has_nothing_to_do(world: dict[str, Any], outsider: Any) -> None:
    html = home(outsider)
    assert 'class="todo"' not in html
    assert "chưa được phân quyền" in html


def test_feedback_a_colleague_took_on_is_not_on_my_list(
    world: dict[str, Any], cell_officer: Any, tree: dict[str, Unit]
) -> None:
    colleague = person_with(Role.OFFICER, tree["cell-a"], "colleague")
    feedback.assign(colleague, world["cell-a-feedback"])
    assert reverse("feedback-detail", args=[world["cell-a-feedback"].pk]) not in links(
        home(cell_officer)
    )


def test_done_work_leaves_the_list(world: dict[str, Any], cell_officer: Any) -> None:
    dispatch = world["cell-a-late"]
    documents.complete(cell_officer, dispatch, "Đã phổ biến tới đảng viên.")
    feedback.answer(cell_officer, world["cell-a-feedback"], "Xã đã có kế hoạch sửa đường.")
    found = links(home(cell_officer))
    assert reverse("dispatch-detail", args=[dispatch.pk]) not in found
    assert reverse("feedback-detail", args=[world["cell-a-feedback"].pk]) not in found


def nav_counts(html: str) -> dict[str, int]:
    """{link href: the count beside it} in the navigation."""
    nav = html.split("</nav>")[0]
    return {
        href: int(n)
        for href, n in re.findall(r'<a href="([^"]+)">[^<]*<span class="count">(\d+)<', nav)
    }


def test_the_navigation_counts_what_waits_on_every_page(
    world: dict[str, Any], cell_officer: Any
) -> None:
    client = Client()
    client.force_login(cell_officer)
    html = client.get(reverse("unit-tree")).content.decode()
    assert nav_counts(html) == {
        reverse("inbox-home"): 2,
        reverse("feedback-inbox"): 1,
        reverse("report-home"): 1,
    }
    approver = Client()
    approver.force_login(world["cell_approver"])
    assert nav_counts(approver.get(reverse("unit-tree")).content.decode()) == {
        reverse("item-list"): 1,
        reverse("correction-list"): 1,
    }


def test_the_home_costs_the_same_queries_for_twice_the_work(
    world: dict[str, Any], tree: dict[str, Unit], province_admin: Any
) -> None:
    """N waiting things and 2N cost the same number of queries (no N+1), nav included."""
    client = Client()
    client.force_login(province_admin)
    client.get(reverse("dashboard"))  # warm the session

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("dashboard")).status_code == 200
        return len(queries)

    before = count()
    for code in ("cell-a", "cell-b", "commune", "village"):
        doc = _document(tree["province"], f"9-CV/{code}")
        documents.dispatch_document(None, doc, [tree[code]])
        feedback.submit_feedback(tree[code], "opinion", f"Ý kiến thêm ở {code} về chợ.")
        reports.set_schedule(None, tree[code], "quarterly")
    assert Dispatch.objects.count() == 8 and Feedback.objects.count() >= 6
    assert count() == before


def test_the_approvers_home_costs_the_same_queries_for_twice_the_items(
    world: dict[str, Any], tree: dict[str, Unit]
) -> None:
    client = Client()
    client.force_login(world["cell_approver"])
    client.get(reverse("dashboard"))

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            client.get(reverse("dashboard"))
        return len(queries)

    before = count()
    _item(world["editor"], tree["cell-a"], "Bản tin thứ hai")
    _correction(world["editor"], tree["cell-a"], "Đính chính thứ hai")
    assert count() == before


def test_time_left_reads_in_days_hours_or_minutes() -> None:
    now = NOW
    assert time_left(now + dt.timedelta(days=2, hours=5), now) == "còn 2 ngày"
    assert time_left(now - dt.timedelta(hours=3), now) == "quá hạn 3 giờ"
    assert time_left(now + dt.timedelta(seconds=20), now) == "còn 1 phút"
