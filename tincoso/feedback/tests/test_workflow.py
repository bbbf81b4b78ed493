"""Statuses, deadlines and escalation, permissions between sibling units, moderation."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from tincoso.conftest import make_user, person_with
from tincoso.core import clock
from tincoso.core.errors import ConflictError, DomainError, PermissionDeniedError
from tincoso.core.models import Notification
from tincoso.feedback import services
from tincoso.feedback.models import CloseReason, Feedback, Status
from tincoso.units.models import Role

pytestmark = pytest.mark.django_db

TEXT = "Đường vào bản bị sạt lở sau mưa, xe máy không đi được."


@pytest.fixture
def start(tree: dict[str, Any]) -> dt.datetime:
    moment = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
    clock.set(moment)
    return moment


@pytest.fixture
def officers(tree: dict[str, Any]) -> dict[str, Any]:
    return {
        "cell-a": person_with(Role.OFFICER, tree["cell-a"], "officer-a"),
        "cell-b": person_with(Role.OFFICER, tree["cell-b"], "officer-b"),
        "committee": person_with(Role.OFFICER, tree["committee"], "officer-committee"),
        "province": person_with(Role.ADMIN, tree["province"], "admin-province"),
    }


def submit(unit: Any, category: str = "report", **kwargs: Any) -> Feedback:
    return services.submit_feedback(unit, category, TEXT, **kwargs)


def test_each_category_has_its_response_deadline(tree: dict[str, Any],
                                                 start: dt.datetime) -> None:
    for category, days in services.RESPONSE_DAYS.items():
        feedback = submit(tree["cell-a"], category)
        assert feedback.deadline == start + dt.timedelta(days=days)


def test_the_full_path_new_assigned_answered_published_closed(
        tree: dict[str, Any], officers: dict[str, Any], start: dt.datetime) -> None:
    officer = officers["cell-a"]
    feedback = submit(tree["cell-a"])
    assert feedback.status == Status.NEW and feedback.unit == tree["cell-a"]
    services.assign(officer, feedback)
    assert feedback.status == Status.ASSIGNED and feedback.assigned_to == officer
    clock.advance(dt.timedelta(days=2))
    services.answer(officer, feedback, "Xã đã cử người khắc phục, đường thông từ hôm qua.")
    assert feedback.status == Status.ANSWERED
    assert feedback.answered_at == start + dt.timedelta(days=2)
    services.publish(officer, feedback, "Đường vào bản bị sạt lở, khi nào sửa?",
                     "Đã khắc phục xong.")
    # Four eyes: proposed, not public, until an approver of the line approves.
    assert feedback.status == Status.ANSWERED and feedback.publish_proposed_by == officer
    assert not services.published_qa().filter(pk=feedback.pk).exists()
    leader = person_with(Role.APPROVER, tree["committee"], "committee-leader")
    feedback = services.approve_publication(leader, feedback)
    assert feedback.status == Status.PUBLISHED and feedback.published_at is not None
    assert feedback.published_by == leader
    with pytest.raises(ConflictError):
        services.close(officer, feedback, CloseReason.DUPLICATE)
    services.close(officer, feedback, CloseReason.WITHDRAWN)
    assert feedback.status == Status.CLOSED
    assert not services.published_qa().filter(pk=feedback.pk).exists()


def test_new_can_be_answered_directly_and_closed_without_publishing(
        tree: dict[str, Any], officers: dict[str, Any]) -> None:
    officer = officers["cell-a"]
    feedback = submit(tree["cell-a"])
    services.answer(officer, feedback, "Trả lời trực tiếp.")
    assert feedback.assigned_to == officer
    services.close(officer, feedback, CloseReason.ANSWERED)
    assert feedback.status == Status.CLOSED and feedback.close_reason == "answered"


@pytest.mark.parametrize("status, step", [
    (Status.ANSWERED, "answer"), (Status.ANSWERED, "assign"), (Status.PUBLISHED, "answer"),
    (Status.NEW, "publish"), (Status.ASSIGNED, "publish"), (Status.CLOSED, "answer"),
    (Status.CLOSED, "assign"), (Status.CLOSED, "publish"), (Status.CLOSED, "close"),
    (Status.ANSWERED, "transfer"),
])
def test_steps_out_of_order_are_refused_and_change_nothing(
        tree: dict[str, Any], officers: dict[str, Any], status: str, step: str) -> None:
    officer = officers["cell-a"]
    feedback = submit(tree["cell-a"])
    Feedback.objects.filter(pk=feedback.pk).update(status=status)
    feedback.refresh_from_db()
    calls = {
        "answer": lambda: services.answer(officer, feedback, "x"),
        "assign": lambda: services.assign(officer, feedback),
        "publish": lambda: services.publish(officer, feedback, "q", "a"),
        "close": lambda: services.close(officer, feedback, CloseReason.DUPLICATE),
        "transfer": lambda: services.transfer(officer, feedback, tree["cell-b"]),
    }
    with pytest.raises(ConflictError):
        calls[step]()
    assert Feedback.objects.get(pk=feedback.pk).status == status


def test_closing_as_answered_needs_an_answer_and_withdrawing_needs_a_publication(
        tree: dict[str, Any], officers: dict[str, Any]) -> None:
    feedback = submit(tree["cell-a"])
    with pytest.raises(DomainError):
        services.close(officers["cell-a"], feedback, CloseReason.ANSWERED)
    with pytest.raises(DomainError):
        services.close(officers["cell-a"], feedback, CloseReason.WITHDRAWN)
    with pytest.raises(DomainError):
        services.close(officers["cell-a"], feedback, "bored")
    assert Feedback.objects.get(pk=feedback.pk).status == Status.NEW


def test_a_sibling_unit_can_neither_see_nor_handle_the_feedback(
        client: Client, tree: dict[str, Any], officers: dict[str, Any]) -> None:
    feedback = submit(tree["cell-a"])
    sibling = officers["cell-b"]
    for call in (lambda: services.assign(sibling, feedback),
                 lambda: services.answer(sibling, feedback, "x"),
                 lambda: services.transfer(sibling, feedback, tree["cell-b"]),
                 lambda: services.close(sibling, feedback, CloseReason.DUPLICATE)):
        with pytest.raises(PermissionDeniedError):
            call()
    client.force_login(sibling)
    assert client.get(reverse("feedback-detail", args=[feedback.pk])).status_code == 403
    assert feedback.pk not in [r["id"] for r in client.get("/api/feedback/").json()["results"]]
    assert client.get(f"/api/feedback/{feedback.pk}/").status_code == 404
    answer = client.post(f"/api/feedback/{feedback.pk}/answer/", {"answer": "x"})
    assert answer.status_code == 404
    page = client.post(reverse("feedback-act", args=[feedback.pk, "answer"]), {"answer": "x"})
    assert page.status_code == 403
    assert Feedback.objects.get(pk=feedback.pk).status == Status.NEW


def test_a_viewer_sees_the_item_but_may_not_handle_it_nor_see_contact_details(
        client: Client, tree: dict[str, Any], officers: dict[str, Any]) -> None:
    feedback = submit(tree["cell-a"], leave_contact=True, contact_name="Hà Văn Lâm",
                      contact_phone="0987654321")
    viewer = person_with(Role.VIEWER, tree["committee"], "viewer-committee")
    client.force_login(viewer)
    page = client.get(reverse("feedback-detail", args=[feedback.pk])).content.decode()
    assert TEXT in page and "0987654321" not in page and "Hà Văn Lâm" not in page
    assert "contact" not in client.get(f"/api/feedback/{feedback.pk}/").json()
    with pytest.raises(PermissionDeniedError):
        services.answer(viewer, feedback, "x")
    client.force_login(officers["cell-a"])
    page = client.get(reverse("feedback-detail", args=[feedback.pk])).content.decode()
    assert "0987654321" in page and "Hà Văn Lâm" in page
    detail = client.get(f"/api/feedback/{feedback.pk}/").json()
    assert detail["contact"]["phone"] == "0987654321"


def test_no_list_shows_contact_details_or_filters_by_sender(
        client: Client, tree: dict[str, Any], officers: dict[str, Any],
        django_assert_max_num_queries: Any) -> None:
    for i in range(3):
        submit(tree["cell-a"], leave_contact=True, contact_name="Hà Văn Lâm",
               contact_email=f"lam{i}@example.com")
    submit(tree["cell-a"])
    client.force_login(officers["province"])
    with django_assert_max_num_queries(12):
        listing = client.get("/api/feedback/?contact_email=lam0@example.com&contact_name=L")
    rows = listing.json()["results"]
    assert len(rows) == 4  # the sender filters are ignored, not honoured
    assert all("contact" not in row and "contact_email" not in row for row in rows)
    with django_assert_max_num_queries(12):
        page = client.get(reverse("feedback-inbox") + "?q=Hà+Văn+Lâm")
    # Searching the content does not search the sender's name: nothing is found.
    assert "Không có ý kiến nào." in page.content.decode()
    assert "lam0@example.com" not in page.content.decode()


def test_transfer_sends_the_item_to_the_responsible_unit(
        tree: dict[str, Any], officers: dict[str, Any]) -> None:
    feedback = submit(tree["cell-a"])
    services.assign(officers["cell-a"], feedback)
    services.transfer(officers["cell-a"], feedback, tree["commune"])
    assert feedback.unit == tree["commune"] and feedback.status == Status.NEW
    assert feedback.assigned_to is None
    with pytest.raises(PermissionDeniedError):
        services.answer(officers["cell-a"], feedback, "x")


def test_an_overdue_item_is_escalated_to_the_parent_then_further_up(
        tree: dict[str, Any], officers: dict[str, Any], start: dt.datetime) -> None:
    feedback = submit(tree["cell-a"], "question")  # 7 days
    clock.advance(dt.timedelta(days=6, hours=23))
    assert services.escalate_overdue() == 0
    assert not feedback.is_overdue
    clock.advance(dt.timedelta(hours=2))
    assert Feedback.objects.get(pk=feedback.pk).is_overdue
    assert services.escalate_overdue() == 1
    feedback.refresh_from_db()
    assert feedback.escalated_to == tree["committee"] and feedback.escalation_level == 1
    notes = Notification.objects.filter(user=officers["committee"])
    assert notes.count() == 1 and "quá hạn" in notes.get().subject
    # Running again at once does nothing; after ESCALATION_DAYS it goes one level up.
    assert services.escalate_overdue() == 0
    clock.advance(dt.timedelta(days=services.ESCALATION_DAYS))
    assert services.escalate_overdue() == 1
    feedback.refresh_from_db()
    assert feedback.escalated_to == tree["province"] and feedback.escalation_level == 2
    assert Notification.objects.filter(user=officers["province"],
                                       subject__contains="quá hạn").count() == 1
    # At the root there is nobody above: nothing more happens.
    clock.advance(dt.timedelta(days=services.ESCALATION_DAYS))
    assert services.escalate_overdue() == 0


def test_answered_items_are_never_escalated(tree: dict[str, Any], officers: dict[str, Any],
                                            start: dt.datetime) -> None:
    feedback = submit(tree["cell-a"], "question")
    services.answer(officers["cell-a"], feedback, "Đã trả lời.")
    clock.advance(dt.timedelta(days=30))
    assert services.escalate_overdue() == 0
    assert not Feedback.objects.get(pk=feedback.pk).is_overdue


def test_the_escalation_command_runs(tree: dict[str, Any], officers: dict[str, Any],
                                     start: dt.datetime) -> None:
    from io import StringIO

    from django.core.management import call_command

    submit(tree["cell-a"], "question")
    clock.advance(dt.timedelta(days=8))
    out = StringIO()
    call_command("feedback_escalate", stdout=out)
    assert out.getvalue().strip() == "escalated: 1"


@pytest.mark.parametrize("question, answer", [
    ("Gọi tôi số 0912 345 678 nhé", "Đã xử lý."),
    ("Câu hỏi về đường", "Liên hệ anh.an@example.com"),
    ("CCCD 001203004567 của tôi bị sai", "Đã xử lý."),
    ("Câu hỏi của Hà Văn Lâm về đường", "Đã xử lý."),
    ("", "Đã xử lý."),
])
def test_publishing_refuses_anything_personal(
        tree: dict[str, Any], officers: dict[str, Any], question: str, answer: str) -> None:
    feedback = submit(tree["cell-a"], leave_contact=True, contact_name="Hà Văn Lâm",
                      contact_phone="0987654321")
    services.answer(officers["cell-a"], feedback, "Đã xử lý.")
    with pytest.raises(DomainError):
        services.publish(officers["cell-a"], feedback, question, answer)
    assert Feedback.objects.get(pk=feedback.pk).status == Status.ANSWERED


def test_the_published_qa_shows_only_the_moderated_text(
        client: Client, tree: dict[str, Any], officers: dict[str, Any]) -> None:
    feedback = services.submit_feedback(
        tree["cell-a"], "question", "Tôi là Hà Văn Lâm ở số 5 ngõ 3, hỏi về đường vào bản.",
        leave_contact=True, contact_name="Hà Văn Lâm", contact_phone="0987654321")
    services.answer(officers["cell-a"], feedback, "Đường sẽ được sửa trong tuần tới.")
    services.publish(officers["cell-a"], feedback, "Khi nào sửa đường vào bản?",
                     "Đường sẽ được sửa trong tuần tới.")
    services.approve_publication(None, feedback)
    for url in ("/hoi-dap/", f"/hoi-dap/{feedback.pk}/", "/hoi-dap/rss/", "/api/public/qa/"):
        body = client.get(url).content.decode()
        assert "Khi nào sửa đường vào bản?" in body, url
        assert "Hà Văn Lâm" not in body and "0987654321" not in body and "ngõ 3" not in body
    assert client.get(f"/hoi-dap/{submit(tree['cell-a']).pk}/").status_code == 404


def test_the_moderation_form_starts_with_personal_data_masked(
        client: Client, tree: dict[str, Any], officers: dict[str, Any]) -> None:
    feedback = submit(tree["cell-a"])
    Feedback.objects.filter(pk=feedback.pk).update(text="Gọi 0912345678 hoặc a@b.vn giúp")
    services.answer(officers["cell-a"], Feedback.objects.get(pk=feedback.pk), "Đã gọi.")
    client.force_login(officers["cell-a"])
    page = client.get(reverse("feedback-detail", args=[feedback.pk])).content.decode()
    form = page.split('name="public_question"')[1].split("</textarea>")[0]
    assert "0912345678" not in form and "a@b.vn" not in form and "Gọi … hoặc … giúp" in form


def test_staff_act_through_the_pages(client: Client, tree: dict[str, Any],
                                     officers: dict[str, Any]) -> None:
    feedback = submit(tree["cell-a"])
    client.force_login(officers["cell-a"])
    act = lambda action, **data: client.post(  # noqa: E731
        reverse("feedback-act", args=[feedback.pk, action]), data)
    assert act("assign").status_code == 302
    assert act("answer", answer="Đã xử lý xong.").status_code == 302
    assert act("publish", public_question="Đường sạt lở?",
               public_answer="Đã xử lý xong.").status_code == 302
    assert Feedback.objects.get(pk=feedback.pk).publish_proposed_by == officers["cell-a"]
    page = client.get(reverse("feedback-detail", args=[feedback.pk])).content.decode()
    assert 'id="publication-pending"' in page and "Chưa có ai duyệt được" in page
    # A refused step shows the message and changes nothing.
    act("answer", answer="lần nữa")
    assert Feedback.objects.get(pk=feedback.pk).answer == "Đã xử lý xong."


def test_an_outsider_and_anonymous_are_kept_out_of_staff_pages(
        client: Client, tree: dict[str, Any]) -> None:
    feedback = submit(tree["cell-a"])
    assert client.get(reverse("feedback-inbox")).status_code == 302
    assert client.get("/api/feedback/").status_code == 401
    client.force_login(make_user("nobody"))
    assert client.get(reverse("feedback-detail", args=[feedback.pk])).status_code == 403
    assert client.get("/api/feedback/").json()["results"] == []


def test_the_scheduler_runs_the_escalation(tree: dict[str, Any]) -> None:
    from tincoso.core.registry import periodic_jobs

    assert ("tincoso.feedback.services.escalate_overdue", 900) in periodic_jobs()


def _proposed(tree: dict[str, Any], officers: dict[str, Any]) -> Feedback:
    feedback = submit(tree["cell-a"], leave_contact=True, contact_name="Hà Văn Lâm",
                      contact_phone="0987654321")
    services.answer(officers["cell-a"], feedback, "Đường sẽ được sửa trong tuần tới.")
    return services.publish(officers["cell-a"], feedback, "Khi nào sửa đường vào bản?",
                            "Đường sẽ được sửa trong tuần tới.")


def test_a_public_answer_needs_a_second_person_who_is_told(
        tree: dict[str, Any], officers: dict[str, Any]) -> None:
    leader = person_with(Role.APPROVER, tree["committee"], "committee-leader")
    feedback = _proposed(tree, officers)
    assert Notification.objects.filter(user=leader, url__contains="/publication/").exists()
    for refused in (officers["cell-a"], officers["cell-b"], officers["committee"]):
        with pytest.raises(PermissionDeniedError):
            services.approve_publication(refused, Feedback.objects.get(pk=feedback.pk))
    # An approver who proposed it cannot make it public either.
    Feedback.objects.filter(pk=feedback.pk).update(publish_proposed_by=leader)
    with pytest.raises(PermissionDeniedError):
        services.approve_publication(leader, Feedback.objects.get(pk=feedback.pk))
    assert Feedback.objects.get(pk=feedback.pk).status == Status.ANSWERED


def test_the_approver_sends_a_proposal_back_and_the_proposer_is_told(
        tree: dict[str, Any], officers: dict[str, Any]) -> None:
    leader = person_with(Role.APPROVER, tree["committee"], "committee-leader")
    feedback = _proposed(tree, officers)
    services.send_back_publication(leader, feedback, "Viết rõ ngày sửa.")
    feedback.refresh_from_db()
    assert feedback.status == Status.ANSWERED and feedback.publish_proposed_at is None
    told = Notification.objects.filter(user=officers["cell-a"], body="Viết rõ ngày sửa.")
    assert told.exists()
    with pytest.raises(ConflictError):
        services.approve_publication(leader, feedback)


def test_the_approvers_page_shows_the_public_wording_only(
        client: Client, tree: dict[str, Any], officers: dict[str, Any]) -> None:
    leader = person_with(Role.APPROVER, tree["committee"], "committee-leader")
    feedback = _proposed(tree, officers)
    client.force_login(leader)
    url = reverse("feedback-publication", args=[feedback.pk])
    page = client.get(url).content.decode()
    assert "Khi nào sửa đường vào bản?" in page
    assert "Hà Văn Lâm" not in page and "0987654321" not in page
    client.post(url, {"approve": "1"})
    assert Feedback.objects.get(pk=feedback.pk).status == Status.PUBLISHED
    client.force_login(officers["cell-b"])
    assert client.get(url).status_code == 403


def test_the_api_approves_a_publication_behind_the_same_rule(
        client: Client, tree: dict[str, Any], officers: dict[str, Any]) -> None:
    leader = person_with(Role.APPROVER, tree["committee"], "committee-leader")
    feedback = _proposed(tree, officers)
    client.force_login(officers["cell-a"])
    url = f"/api/feedback/{feedback.pk}/approve-publication/"
    assert client.post(url).status_code == 403
    client.force_login(leader)
    response = client.post(url)
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "published"


def test_an_overdue_status_reads_as_two_words_apart(
        tree: dict[str, Any], officers: dict[str, Any], start: dt.datetime) -> None:
    """"Mới · quá hạn", never "Mới quá hạn" (which reads as "newly overdue")."""
    feedback = submit(tree["cell-a"])
    clock.advance(dt.timedelta(days=60))
    client = Client()
    client.force_login(officers["cell-a"])
    for url in (reverse("feedback-inbox"), reverse("feedback-detail", args=[feedback.pk])):
        text = re.sub(r"<[^>]+>", "", client.get(url).content.decode())
        assert "Mới · quá hạn" in text and "Mới quá hạn" not in text
