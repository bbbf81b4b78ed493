"""Four eyes on an official report: the author submits, an approver of the issuing unit
(or of the unit guiding it, where its line has none) approves, and only then is the
report numbered, dated and sent; the approver may send it back with a reason."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core import mail
from rest_framework.test import APIClient

from tincoso.conftest import person_with
from tincoso.core import clock
from tincoso.core.errors import ConflictError, PermissionDeniedError
from tincoso.core.models import Notification
from tincoso.core.todo import sections_for
from tincoso.documents.models import Dispatch, Document
from tincoso.reports import services
from tincoso.reports.models import Report
from tincoso.reports.periods import quarter
from tincoso.units import guidance
from tincoso.units.models import Membership, Role, Unit

pytestmark = pytest.mark.django_db


@pytest.fixture
def q1(tree: dict[str, Unit]) -> Any:
    clock.set(dt.datetime(2026, 4, 3, 9, 0))
    return quarter(2026, 1)


@pytest.fixture
def officer(tree: dict[str, Unit]) -> Any:
    return person_with(Role.OFFICER, tree["cell-a"], "cell-officer")


@pytest.fixture
def leader(tree: dict[str, Unit]) -> Any:
    """The cell's own leader: approves and signs its reports."""
    user = person_with(Role.APPROVER, tree["cell-a"], "cell-leader")
    user.full_name, user.title = "Lê Thị Thu", "Bí thư"
    user.save()
    return user


def _draft(officer: Any, unit: Unit, period: Any, authority: str = "T/M CHI BỘ") -> Report:
    report = services.create_report(officer, unit, period)
    return services.update_report(
        officer, report, signing_authority=authority, signer_title="Phó Bí thư",
        signer_name="Người Soạn",
    )  # fmt: skip


def _fresh(report: Report) -> Report:
    return Report.objects.get(pk=report.pk)


def test_submitting_asks_the_approvers_and_numbers_nothing(
    tree: dict[str, Unit],
    q1: Any,
    officer: Any,
    leader: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        report = services.submit_report(officer, _draft(officer, tree["cell-a"], q1))
    assert report.status == Report.Status.PENDING and report.proposed_by == officer
    assert report.document is None and not Document.objects.filter(unit=tree["cell-a"]).exists()
    assert not Dispatch.objects.exists()
    assert services.approvers_of(report) == [leader]
    note = Notification.objects.get(user=leader)
    assert report.title[:50] in note.subject and note.url == f"/app/reports/{report.pk}/"
    assert not Notification.objects.filter(user=officer).exists()
    # Mailed too, once the change has committed.
    assert [m.to for m in mail.outbox] == [["cell-leader@example.invalid"]]


def test_the_approvers_find_it_in_their_to_do_list_but_not_the_author(
    tree: dict[str, Unit], q1: Any, officer: Any, leader: Any
) -> None:
    report = services.submit_report(officer, _draft(officer, tree["cell-a"], q1))
    section = next(s for s in sections_for(leader) if s.key == "report-approvals")
    assert section.total == 1 and section.entries[0].url == f"/app/reports/{report.pk}/"
    assert all(s.key != "report-approvals" for s in sections_for(officer))


def test_approval_numbers_dates_and_sends_it_and_the_unit_leader_signs(
    tree: dict[str, Unit], q1: Any, officer: Any, leader: Any
) -> None:
    first = services.submit_report(officer, _draft(officer, tree["cell-a"], q1))
    second = services.submit_report(officer, _draft(officer, tree["cell-a"], q1))
    clock.set(dt.datetime(2026, 4, 8, 9, 0))  # approved days after it was submitted
    second = services.approve_report(leader, second)
    assert second.status == Report.Status.SUBMITTED and second.approved_by == leader
    # The number goes to the first approved, not the first written or submitted.
    assert second.document.register_number == 1
    assert second.document.date == dt.date(2026, 4, 8)
    assert Dispatch.objects.get(document=second.document).recipient == tree["committee"]
    assert (second.signer_name, second.document.signer_name) == ("Lê Thị Thu", "Lê Thị Thu")
    assert second.document.signer_title == "BÍ THƯ"
    assert "Lê Thị Thu" in second.document.text
    assert _fresh(first).document is None
    told = Notification.objects.get(user=officer)
    assert second.document.symbol in told.body


def test_an_approver_from_above_approves_but_the_units_own_signer_stays(
    tree: dict[str, Unit], q1: Any, officer: Any
) -> None:
    above = person_with(Role.APPROVER, tree["committee"], "committee-leader")
    above.full_name = "Người Cấp Trên"
    above.save()
    report = services.submit_report(officer, _draft(officer, tree["cell-a"], q1))
    assert services.approvers_of(report) == [above]
    report = services.approve_report(above, report)
    assert report.document.signer_name == "Người Soạn"


def test_the_author_can_never_approve_their_own_report(
    tree: dict[str, Unit], q1: Any, leader: Any
) -> None:
    # GIVEN a leader of the committee who also keeps the cell's register
    Membership.objects.create(user=leader, unit=tree["committee"], role=Role.APPROVER)
    Membership.objects.filter(user=leader, unit=tree["cell-a"]).update(role=Role.OFFICER)
    other = person_with(Role.APPROVER, tree["cell-a"], "other-leader")
    report = services.submit_report(leader, _draft(leader, tree["cell-a"], q1))
    assert services.approvers_of(report) == [other]  # not themselves
    # WHEN they approve their own THEN it is refused and nothing is numbered
    with pytest.raises(PermissionDeniedError) as caught:
        services.approve_report(leader, report)
    assert "bốn mắt" in caught.value.bilingual()["vi"]
    assert _fresh(report).status == Report.Status.PENDING and _fresh(report).document is None


def test_a_report_waiting_for_approval_cannot_be_edited(
    tree: dict[str, Unit], q1: Any, officer: Any, leader: Any
) -> None:
    report = services.submit_report(officer, _draft(officer, tree["cell-a"], q1))
    with pytest.raises(ConflictError):
        services.update_report(officer, report, results="sửa khi đang chờ duyệt")
    with pytest.raises(ConflictError):
        services.refresh_figures(officer, report)
    with pytest.raises(ConflictError):
        services.submit_report(officer, report)
    assert _fresh(report).results == ""


def test_sending_back_needs_a_reason_and_makes_it_editable_again(
    tree: dict[str, Unit], q1: Any, officer: Any, leader: Any
) -> None:
    report = services.submit_report(officer, _draft(officer, tree["cell-a"], q1))
    with pytest.raises(services.ReportError):
        services.send_back_report(leader, report, "   ")
    assert _fresh(report).status == Report.Status.PENDING
    report = services.send_back_report(leader, report, "Bổ sung số liệu tháng 3.")
    assert report.status == Report.Status.DRAFT and report.review_note == "Bổ sung số liệu tháng 3."
    note = Notification.objects.get(user=officer)
    assert note.body == "Bổ sung số liệu tháng 3." and report.title[:40] in note.subject
    report = services.update_report(officer, report, results="Đã bổ sung.")
    report = services.approve_report(leader, services.submit_report(officer, report))
    assert report.status == Report.Status.SUBMITTED and report.review_note == ""
    with pytest.raises(ConflictError):  # nothing left to send back
        services.send_back_report(leader, report, "muộn")


def test_an_outsider_or_an_officer_cannot_approve_or_send_back(
    tree: dict[str, Unit], q1: Any, officer: Any, leader: Any
) -> None:
    report = services.submit_report(officer, _draft(officer, tree["cell-a"], q1))
    sibling_leader = person_with(Role.APPROVER, tree["cell-b"], "sibling-leader")
    colleague = person_with(Role.OFFICER, tree["cell-a"], "colleague")
    for person in (sibling_leader, colleague):
        with pytest.raises(PermissionDeniedError):
            services.approve_report(person, report)
        with pytest.raises(PermissionDeniedError):
            services.send_back_report(person, report, "không")
    assert _fresh(report).status == Report.Status.PENDING
    assert all(s.total == 0 for s in sections_for(sibling_leader) if s.key == "report-approvals")


def test_a_unit_without_an_approver_is_approved_by_the_guiding_units(
    tree: dict[str, Unit], board: Unit, q1: Any
) -> None:
    # GIVEN a commune with no leader on the platform, guided by the party's board
    guidance.link(None, board, tree["commune"], ["reports"])
    board_leader = person_with(Role.APPROVER, board, "board-leader")
    commune_officer = person_with(Role.OFFICER, tree["commune"], "commune-officer")
    report = _draft(commune_officer, tree["commune"], q1, "TM. ỦY BAN NHÂN DÂN")
    report = services.submit_report(commune_officer, report)
    # THEN the board's leader is named, told, finds it, may read it and approves it
    assert services.approvers_of(report) == [board_leader]
    assert Notification.objects.filter(user=board_leader).exists()
    assert list(services.to_approve(board_leader)) == [report]
    assert services.can_read(board_leader, report)
    report = services.approve_report(board_leader, report)
    assert Dispatch.objects.get(document=report.document).recipient == board


def test_the_guiding_units_approver_steps_back_once_the_unit_has_its_own(
    tree: dict[str, Unit], board: Unit, q1: Any
) -> None:
    guidance.link(None, board, tree["commune"], ["reports"])
    board_leader = person_with(Role.APPROVER, board, "board-leader")
    commune_officer = person_with(Role.OFFICER, tree["commune"], "commune-officer")
    report = _draft(commune_officer, tree["commune"], q1, "TM. ỦY BAN NHÂN DÂN")
    report = services.submit_report(commune_officer, report)
    person_with(Role.APPROVER, tree["commune"], "commune-leader")
    assert list(services.to_approve(board_leader)) == []
    assert not services.can_read(board_leader, report)
    with pytest.raises(PermissionDeniedError):
        services.approve_report(board_leader, report)


def test_submitting_is_refused_when_nobody_could_approve(
    tree: dict[str, Unit], q1: Any, officer: Any
) -> None:
    report = _draft(officer, tree["cell-a"], q1)
    with pytest.raises(services.ReportError) as caught:
        services.submit_report(officer, report)
    both = caught.value.bilingual()
    assert "phân quyền" in both["vi"] and both["en"] != both["vi"]
    assert _fresh(report).status == Report.Status.DRAFT
    assert not Notification.objects.exists()


# --- pages ------------------------------------------------------------------------------


def test_the_pages_submit_name_the_approvers_and_approve(
    client: Any, tree: dict[str, Unit], q1: Any, officer: Any, leader: Any
) -> None:
    report = _draft(officer, tree["cell-a"], q1)
    url = f"/app/reports/{report.pk}/"
    client.force_login(officer)
    page = client.get(url).content.decode()
    assert 'id="approvers"' in page and "Lê Thị Thu" in page
    fields = {name: getattr(report, name) or "" for name in services.NARRATIVE}
    response = client.post(url, {**fields, "submit": "1"}, follow=True)
    assert "Người có thể duyệt: Lê Thị Thu" in response.content.decode()
    assert _fresh(report).status == Report.Status.PENDING
    assert client.post(f"{url}approve/").status_code == 403  # an officer, not an approver
    client.force_login(person_with(Role.APPROVER, tree["cell-b"], "sibling-leader"))
    assert client.post(f"{url}approve/").status_code == 403
    assert client.get(url).status_code == 403
    client.force_login(leader)
    page = client.get(url).content.decode()
    assert 'id="approval"' in page
    response = client.post(f"{url}send-back/", {"reason": ""}, follow=True)
    assert _fresh(report).status == Report.Status.PENDING  # no reason: refused
    client.post(f"{url}approve/")
    assert _fresh(report).status == Report.Status.SUBMITTED


# --- API ----------------------------------------------------------------------------------


def _api(user: Any) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_the_api_submits_approves_and_sends_back_through_the_same_gate(
    tree: dict[str, Unit], board: Unit, q1: Any, officer: Any, leader: Any
) -> None:
    report = _draft(officer, tree["cell-a"], q1)
    base = f"/api/reports/{report.pk}"
    body = _api(officer).post(f"{base}/submit/").json()
    assert body["status"] == "pending" and body["approvers"] == ["Lê Thị Thu"]
    assert body["symbol"] is None
    assert _api(officer).patch(f"{base}/", {"results": "sửa"}).status_code == 409
    assert _api(officer).post(f"{base}/approve/").status_code == 403
    outsider = person_with(Role.APPROVER, tree["cell-b"], "sibling-leader")
    assert _api(outsider).post(f"{base}/approve/").status_code == 404  # not theirs to see
    assert _api(leader).post(f"{base}/send_back/", {}).status_code == 400
    body = _api(leader).post(f"{base}/send_back/", {"reason": "Thiếu số liệu."}).json()
    assert body["status"] == "draft" and body["review_note"] == "Thiếu số liệu."
    _api(officer).post(f"{base}/submit/")
    body = _api(leader).post(f"{base}/approve/").json()
    assert body["status"] == "submitted" and body["symbol"].endswith("-BC/CBSNV")
    assert _api(leader).post(f"{base}/approve/").status_code == 409


def test_a_guiding_units_approver_reaches_the_report_in_the_api(
    tree: dict[str, Unit], board: Unit, q1: Any
) -> None:
    guidance.link(None, board, tree["commune"], ["reports"])
    board_leader = person_with(Role.APPROVER, board, "board-leader")
    commune_officer = person_with(Role.OFFICER, tree["commune"], "commune-officer")
    report = _draft(commune_officer, tree["commune"], q1, "TM. ỦY BAN NHÂN DÂN")
    services.submit_report(commune_officer, report)
    listed = [r["id"] for r in _api(board_leader).get("/api/reports/").json()["results"]]
    assert report.pk in listed
    body = _api(board_leader).post(f"/api/reports/{report.pk}/approve/").json()
    assert body["status"] == "submitted"


def test_the_nearest_leaders_are_asked_and_higher_ones_may_still_approve(
    tree: dict[str, Unit], q1: Any, officer: Any
) -> None:
    # GIVEN leaders on the committee above the cell and on the province above that
    committee_leader = person_with(Role.APPROVER, tree["committee"], "committee-leader")
    province_leader = person_with(Role.APPROVER, tree["province"], "province-leader")
    report = services.submit_report(officer, _draft(officer, tree["cell-a"], q1))
    # THEN only the committee's leader is asked, told and finds it in their list
    assert services.approvers_of(report) == [committee_leader]
    assert not Notification.objects.filter(user=province_leader).exists()
    assert list(services.to_approve(committee_leader)) == [report]
    assert list(services.to_approve(province_leader)) == []
    # AND the province's leader may still approve it, unasked
    assert services.approve_report(province_leader, report).status == Report.Status.SUBMITTED


def test_anonymous_callers_get_no_reports_and_no_approval(
    tree: dict[str, Unit], q1: Any, officer: Any, leader: Any
) -> None:
    report = services.submit_report(officer, _draft(officer, tree["cell-a"], q1))
    client = APIClient()
    assert client.get("/api/reports/").status_code in (401, 403)
    assert client.post(f"/api/reports/{report.pk}/approve/").status_code in (401, 403)
    assert _fresh(report).status == Report.Status.PENDING


def test_a_submitted_report_leaves_the_authors_list_for_the_approvers(
    tree: dict[str, Unit], q1: Any, officer: Any, leader: Any
) -> None:
    services.set_schedule(None, tree["cell-a"], "quarterly", due_days=10)

    def due(user: Any) -> int:
        return next(s.total for s in sections_for(user) if s.key == "reports")

    assert due(officer) == 1
    services.submit_report(officer, _draft(officer, tree["cell-a"], q1))
    assert due(officer) == 0
    # Still not reported to the parent until approved.
    assert tree["cell-a"] in services.not_reported(tree["committee"], q1)


def test_the_approvers_list_costs_the_same_queries_for_twice_the_reports(
    tree: dict[str, Unit], board: Unit, q1: Any, officer: Any, leader: Any
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    guidance.link(None, board, tree["commune"], ["reports"])
    board_leader = person_with(Role.APPROVER, board, "board-leader")
    commune_officer = person_with(Role.OFFICER, tree["commune"], "commune-officer")

    def submit_two() -> None:
        services.submit_report(officer, _draft(officer, tree["cell-a"], q1))
        state = _draft(commune_officer, tree["commune"], q1, "TM. ỦY BAN NHÂN DÂN")
        services.submit_report(commune_officer, state)

    def count(user: Any) -> tuple[int, int]:
        with CaptureQueriesContext(connection) as queries:
            found = len(list(services.to_approve(user)))
        return found, len(queries)

    submit_two()
    count(leader), count(board_leader)  # their roles, read once and kept on the user
    (one, cost), (fallback, fallback_cost) = count(leader), count(board_leader)
    submit_two()
    assert count(leader) == (2 * one, cost)
    assert count(board_leader) == (2 * fallback, fallback_cost)
    assert (one, fallback) == (1, 1)
