"""Four eyes after publication: a correction, an image or an attachment added to a
published item reaches readers only once a second person approves it (issue 18.3)."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.test import Client
from PIL import Image
from rest_framework.test import APIClient

from tincoso.conftest import person_with
from tincoso.core.errors import ConflictError, PermissionDeniedError
from tincoso.core.models import Notification
from tincoso.publishing import services
from tincoso.publishing.images import add_attachment, add_image
from tincoso.publishing.models import Item, ItemVersion
from tincoso.publishing.tests.conftest import publish
from tincoso.units.models import Role, Unit
from tincoso.units.services import grant_role

CORRECTION = {
    "title": "Lịch tiếp dân",
    "body": "Thứ Ba hằng tuần.",
    "correction_note": "Đổi ngày tiếp dân.",
}


def api(user: Any) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (800, 600), "green").save(out, "PNG")
    return out.getvalue()


@pytest.fixture
def item(tree: dict[str, Unit], people: dict[str, Any]) -> Item:
    return publish(people, tree["commune"], "Lịch tiếp dân", body="Thứ Hai hằng tuần.")


def test_an_authors_patch_of_a_published_item_leaves_the_public_page_as_it_was(
    item: Item, people: dict[str, Any]
) -> None:
    """GIVEN a published item WHEN its author PATCHes a new body with a correction note
    THEN the API answers 202 with the pending version, shows both versions, and readers
    still see the approved text; the approvers are told at once."""
    Notification.objects.all().delete()
    answer = api(people["editor"]).patch(f"/api/items/{item.pk}/", CORRECTION, format="json")
    assert answer.status_code == 202, answer.content
    assert answer.json()["pending_version"]["body"] == "Thứ Ba hằng tuần."
    assert answer.json()["pending_version"]["approved_by"] is None
    assert answer.json()["pending_reviewers"] == [str(people["approver"])]
    shown = api(people["editor"]).get(f"/api/items/{item.pk}/").json()
    assert shown["published_version"]["body"] == "Thứ Hai hằng tuần."
    assert shown["pending_version"]["correction_note"] == "Đổi ngày tiếp dân."
    page = Client().get(f"/tin/{item.pk}/").content.decode()
    assert "Thứ Hai hằng tuần." in page
    assert "Thứ Ba hằng tuần." not in page and "Đổi ngày tiếp dân." not in page
    told = set(Notification.objects.values_list("user__username", flat=True))
    assert told == {"approver"}
    staff = Client()
    staff.force_login(people["editor"])
    detail = staff.get(f"/app/items/{item.pk}/").content.decode()
    assert 'id="pending-correction"' in detail and people["approver"].display_name in detail


def test_once_an_approver_approves_the_correction_readers_see_it_with_its_note(
    item: Item, people: dict[str, Any]
) -> None:
    reader = Client()
    before = reader.get(f"/tin/{item.pk}/")
    second = person_with(Role.APPROVER, item.unit, "second-approver")
    api(people["editor"]).patch(f"/api/items/{item.pk}/", CORRECTION, format="json")
    approved = api(second).post(f"/api/items/{item.pk}/approve/")
    assert approved.status_code == 200, approved.content
    body = approved.json()
    assert body["pending_version"] is None
    assert body["published_version"]["body"] == "Thứ Ba hằng tuần."
    assert body["approved_by"] == str(second)
    assert body["published_version"]["approved_by"] == str(second)
    first = ItemVersion.objects.get(item=item, number=1)
    assert first.approved_by == people["approver"]  # each version keeps its own approver
    after = reader.get(f"/tin/{item.pk}/", HTTP_IF_NONE_MATCH=before["ETag"])
    assert after.status_code == 200  # the cached copy's stamp moved
    page = after.content.decode()
    assert "Thứ Ba hằng tuần." in page and "Đổi ngày tiếp dân." in page
    assert "Thứ Hai hằng tuần." not in page


def test_the_author_of_a_correction_cannot_approve_it(
    tree: dict[str, Unit], item: Item, people: dict[str, Any]
) -> None:
    """An author who is also an approver (on the province) is refused, over the API (403)
    and in the service; so is a mere editor; the page stays as it was."""
    both = person_with(Role.EDITOR, tree["commune"], "both")
    grant_role(None, both, tree["province"], Role.APPROVER)
    services.correct(both, item, services.Draft(title="Lịch tiếp dân", body="Thứ Tư."), "Sửa.")
    assert api(both).post(f"/api/items/{item.pk}/approve/").status_code == 403
    assert api(people["editor"]).post(f"/api/items/{item.pk}/approve/").status_code == 403
    with pytest.raises(PermissionDeniedError):
        services.approve(both, item)
    item.refresh_from_db()
    assert item.published_version is not None and item.published_version.number == 1
    assert "Thứ Hai hằng tuần." in Client().get(f"/tin/{item.pk}/").content.decode()
    services.approve(people["approver"], item)  # who wrote the item, not the correction
    assert "Thứ Tư." in Client().get(f"/tin/{item.pk}/").content.decode()


def test_on_the_staff_page_the_approver_approves_and_the_author_is_told_to_wait(
    item: Item, people: dict[str, Any]
) -> None:
    author, approver = Client(), Client()
    author.force_login(people["editor"])
    approver.force_login(people["approver"])
    services.correct(
        people["editor"], item, services.Draft(title="Lịch tiếp dân", body="Thứ Sáu."), "Sửa."
    )
    assert "Duyệt bản đính chính" not in author.get(f"/app/items/{item.pk}/").content.decode()
    assert "Duyệt bản đính chính" in approver.get(f"/app/items/{item.pk}/").content.decode()
    approver.post(f"/app/items/{item.pk}/approve/")
    assert "Thứ Sáu." in Client().get(f"/tin/{item.pk}/").content.decode()


def test_a_correction_changes_audience_and_topics_only_when_approved(
    item: Item, people: dict[str, Any]
) -> None:
    draft = services.Draft(title="Lịch tiếp dân", body="Nội bộ.", audience=Item.Audience.MEMBERS)
    services.correct(people["editor"], item, draft, "Chỉ cho cán bộ.")
    item.refresh_from_db()
    assert item.audience == Item.Audience.PUBLIC
    assert services.draft_of(item).audience == Item.Audience.MEMBERS  # what an edit continues
    services.approve(people["approver"], item)
    item.refresh_from_db()
    assert item.audience == Item.Audience.MEMBERS


def test_sending_back_a_correction_discards_it_and_readers_are_unaffected(
    item: Item, people: dict[str, Any]
) -> None:
    api(people["editor"]).patch(f"/api/items/{item.pk}/", CORRECTION, format="json")
    sent = api(people["approver"]).post(
        f"/api/items/{item.pk}/send_back/", {"reason": "Chưa có quyết định đổi lịch."}
    )
    assert sent.status_code == 200, sent.content
    assert sent.json()["status"] == "published" and sent.json()["pending_version"] is None
    assert sent.json()["current"]["number"] == 1
    assert ItemVersion.objects.get(item=item, number=2).discarded_at is not None
    assert "Thứ Hai hằng tuần." in Client().get(f"/tin/{item.pk}/").content.decode()
    note = Notification.objects.filter(user=people["editor"]).latest("pk")
    assert note.body == "Chưa có quyết định đổi lịch."
    # Nothing left to approve; the next correction starts from the published text.
    assert api(people["approver"]).post(f"/api/items/{item.pk}/approve/").status_code == 409
    again = api(people["editor"]).patch(
        f"/api/items/{item.pk}/", {"correction_note": "Thêm giờ."}, format="json"
    )
    assert again.json()["pending_version"]["body"] == "Thứ Hai hằng tuần."
    assert again.json()["pending_version"]["number"] == 3


def test_an_attachment_on_a_published_item_is_hidden_until_approved(
    item: Item, people: dict[str, Any]
) -> None:
    attachment = add_attachment(people["editor"], item, "lich.pdf", b"%PDF-1.4 lich")
    url = f"/tin/{item.pk}/tep/{attachment.pk}/"
    assert Client().get(url).status_code == 404
    assert "lich.pdf" not in Client().get(f"/tin/{item.pk}/").content.decode()
    staff = Client()
    staff.force_login(people["editor"])
    preview = staff.get(url)
    assert preview.status_code == 200 and preview["Cache-Control"] == "private, no-cache"
    assert api(people["editor"]).post(f"/api/items/{item.pk}/approve-files/").status_code == 403
    assert api(people["approver"]).post(f"/api/items/{item.pk}/approve-files/").status_code == 200
    assert Client().get(url).status_code == 200
    assert "lich.pdf" in Client().get(f"/tin/{item.pk}/").content.decode()


def test_an_image_on_a_published_item_is_hidden_until_approved_with_the_next_correction(
    item: Item, people: dict[str, Any]
) -> None:
    image = add_image(people["editor"], item, png(), "Phòng tiếp dân")
    url = f"/tin/{item.pk}/anh/{image.pk}/?size=small"
    assert Client().get(url).status_code == 404
    assert "Phòng tiếp dân" not in Client().get(f"/tin/{item.pk}/").content.decode()
    services.correct(
        people["editor"], item, services.Draft(title="Lịch tiếp dân", body="Có ảnh."), "Thêm ảnh."
    )
    services.approve(people["approver"], item)
    assert Client().get(url).status_code == 200
    assert 'alt="Phòng tiếp dân"' in Client().get(f"/tin/{item.pk}/").content.decode()


def test_an_approver_cannot_approve_an_image_they_added(
    tree: dict[str, Unit], item: Item, people: dict[str, Any]
) -> None:
    both = person_with(Role.EDITOR, tree["commune"], "both")
    grant_role(None, both, tree["province"], Role.APPROVER)
    image = add_image(both, item, png(), "Ảnh của người duyệt")
    with pytest.raises(ConflictError):
        services.approve_files(both, item)
    services.correct(both, item, services.Draft(title="Lịch tiếp dân"), "Sửa tiêu đề.")
    image.refresh_from_db()
    assert image.pending
    assert services.approve_files(people["approver"], item) == 1


def test_files_on_a_draft_behave_as_before(
    tree: dict[str, Unit], people: dict[str, Any]
) -> None:
    draft = services.create_item(people["editor"], tree["commune"], services.Draft(title="Tin"))
    attachment = add_attachment(people["editor"], draft, "a.pdf", b"%PDF-1.4 a")
    assert not attachment.pending
    services.submit_for_review(people["editor"], draft)
    services.approve(people["approver"], draft)
    assert Client().get(f"/tin/{draft.pk}/tep/{attachment.pk}/").status_code == 200


def test_an_approver_approves_only_the_version_they_read(
    item: Item, people: dict[str, Any]
) -> None:
    """GIVEN an approver reading correction v2 WHEN the author saves v3 meanwhile THEN
    approving "v2" is refused (409) and the page is unchanged; approving v3 works."""
    author = api(people["editor"])
    author.patch(f"/api/items/{item.pk}/", CORRECTION, format="json")
    author.patch(f"/api/items/{item.pk}/", {"body": "Chủ nhật."}, format="json")
    approver = api(people["approver"])
    stale = approver.post(f"/api/items/{item.pk}/approve/", {"version": 2}, format="json")
    assert stale.status_code == 409, stale.content
    assert "Thứ Hai hằng tuần." in Client().get(f"/tin/{item.pk}/").content.decode()
    assert approver.post(
        f"/api/items/{item.pk}/approve/", {"version": 3}, format="json"
    ).status_code == 200
    assert "Chủ nhật." in Client().get(f"/tin/{item.pk}/").content.decode()


def test_a_pending_correction_waits_in_the_approvers_todo_list_not_the_authors(
    tree: dict[str, Unit], item: Item, people: dict[str, Any]
) -> None:
    from tincoso.publishing.todo import awaiting_approval

    both = person_with(Role.EDITOR, tree["commune"], "both")
    grant_role(None, both, tree["province"], Role.APPROVER)
    assert list(awaiting_approval(people["approver"])) == []
    services.correct(both, item, services.Draft(title="Lịch tiếp dân", body="Thứ Tư."), "Sửa.")
    assert list(awaiting_approval(people["approver"])) == [item]
    assert list(awaiting_approval(both)) == []
    services.approve(people["approver"], item)
    assert list(awaiting_approval(people["approver"])) == []


def test_withdrawing_an_item_discards_its_pending_correction(
    item: Item, people: dict[str, Any]
) -> None:
    services.correct(people["editor"], item, services.Draft(title="Chưa duyệt"), "Sửa tiêu đề.")
    services.withdraw(people["approver"], item)
    item.refresh_from_db()
    assert item.current == item.published_version
    assert ItemVersion.objects.get(item=item, number=2).discarded_at is not None


def test_approving_a_file_is_audited(item: Item, people: dict[str, Any]) -> None:
    from auditlog.models import LogEntry

    attachment = add_attachment(people["editor"], item, "lich.pdf", b"%PDF-1.4 lich")
    approver = Client()
    approver.force_login(people["approver"])
    approver.post(f"/app/items/{item.pk}/approve_files/")
    assert Client().get(f"/tin/{item.pk}/tep/{attachment.pk}/").status_code == 200
    entry = LogEntry.objects.get_for_object(attachment).latest("pk")
    assert entry.actor == people["approver"] and "pending" in entry.changes_dict
