"""The staff pages: nav entry, write from an item or a document, hear a preview, approve."""

from __future__ import annotations

from typing import Any

from django.test import Client
from django.urls import reverse

from tincoso.broadcast.bulletins import rendering
from tincoso.broadcast.bulletins.models import Bulletin
from tincoso.broadcast.bulletins.tests.conftest import TEXT, write


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_nav_leads_to_the_bulletin_list(tree: Any, people: Any) -> None:
    page = _client(people["editor"]).get(reverse("dashboard"))
    assert reverse("bulletin-list") in page.content.decode()
    assert "Truyền thanh" in page.content.decode()


def test_write_then_submit_from_the_form(tree: Any, people: Any) -> None:
    client = _client(people["editor"])
    form = {"unit": tree["commune"].pk, "title": "Tin mưa lũ", "text": TEXT, "voice": "vi",
            "rate": 100, "pause_ms": 800, "submit": "1"}  # fmt: skip
    response = client.post(reverse("bulletin-new"), form)
    bulletin = Bulletin.objects.get()
    assert response.status_code == 302 and bulletin.status == Bulletin.Status.REVIEW
    page = client.get(reverse("bulletin-detail", args=[bulletin.pk])).content.decode()
    assert "ủy ban nhân dân xã thông báo" in page  # the reading is shown
    assert "approver" in page  # who may approve it


def test_an_item_becomes_a_bulletin_in_one_click(tree: Any, people: Any) -> None:
    from tincoso.conftest import publish

    item = publish(people, tree["commune"], "Lịch tiêm chủng tháng 6",
                   body="Trạm y tế xã **tiêm chủng** cho trẻ em.")  # fmt: skip
    portal = Client().get(reverse("portal-item", args=[item.pk])).content.decode()
    link = reverse("bulletin-from-item", args=[item.pk])
    assert link not in portal and "Phát trên loa" not in portal  # a staff action, not the public's
    client = _client(people["editor"])
    staff_page = client.get(reverse("item-detail", args=[item.pk])).content.decode()
    assert link in staff_page and "Phát trên loa" in staff_page
    form_page = client.get(link, follow=True).content.decode()
    assert "Lịch tiêm chủng tháng 6" in form_page and "Trạm y tế xã tiêm chủng" in form_page
    assert "**" not in form_page.split("Trạm y tế xã")[1][:40]  # plain text, no Markdown
    form = {"unit": tree["commune"].pk, "title": "Lịch tiêm chủng tháng 6",
            "text": "Trạm y tế xã tiêm chủng cho trẻ em.", "voice": "vi", "rate": 100,
            "pause_ms": 800, "item": item.pk}  # fmt: skip
    client.post(reverse("bulletin-new"), form)
    assert Bulletin.objects.get().source_item == item


def test_an_unapproved_item_cannot_be_put_on_air(tree: Any, people: Any, outsider: Any) -> None:
    from tincoso.publishing import services as publishing

    draft = publishing.create_item(people["editor"], tree["commune"],
                                   publishing.Draft(title="Nháp", body="Chưa duyệt"))  # fmt: skip
    response = _client(people["editor"]).get(reverse("bulletin-new") + f"?item={draft.pk}")
    assert response.status_code == 403


def test_a_document_becomes_a_bulletin(tree: Any, people: Any) -> None:
    from tincoso.conftest import registered_document

    doc = registered_document(people["editor"], tree["commune"])
    client = _client(people["editor"])
    detail = client.get(reverse("document-detail", args=[doc.pk])).content.decode()
    assert reverse("bulletin-new") + f"?document={doc.pk}" in detail
    form_page = client.get(reverse("bulletin-new") + f"?document={doc.pk}").content.decode()
    assert doc.title[:30] in form_page


def test_the_editor_hears_a_preview_before_approval(tree: Any, people: Any) -> None:
    bulletin = write(people["editor"], tree["commune"], text="Họp dân lúc tám giờ.")
    client = _client(people["editor"])
    url = reverse("bulletin-preview", args=[bulletin.pk])
    waiting = client.post(url).content.decode()
    assert "<audio" not in waiting and "?task=" in waiting  # queued for the worker
    task = waiting.split("?task=")[1].split('"')[0]
    rendering.render_preview_of(bulletin.pk)  # the preview task's body
    fragment = client.get(f"{url}?task={task}").content.decode()
    assert "<audio" in fragment
    src = fragment.split('src="')[1].split('"')[0]
    audio = client.get(src, HTTP_RANGE="bytes=0-3")
    assert audio.status_code == 206 and audio["Content-Range"].startswith("bytes 0-3/")
    assert len(b"".join(audio.streaming_content)) == 4
    assert "<audio" in client.post(url).content.decode()  # cached: at once
    bulletin.refresh_from_db()
    assert not bulletin.audio and not bulletin.playable  # a preview is not the bulletin's audio


def test_a_failed_preview_is_shown_not_polled_forever(tree: Any, people: Any) -> None:
    bulletin = write(people["editor"], tree["commune"], text="Họp dân.")
    Bulletin.objects.filter(pk=bulletin.pk).update(voice="removed-voice")
    client = _client(people["editor"])
    url = reverse("bulletin-preview", args=[bulletin.pk])
    fragment = client.post(url).content.decode()
    assert "removed-voice" in fragment and "hx-get" not in fragment


def test_a_preview_is_only_for_the_bulletins_editors_and_approvers(tree: Any, people: Any) -> None:
    from tincoso.conftest import person_with
    from tincoso.units.models import Role

    bulletin = write(people["editor"], tree["commune"], text="Họp dân.")
    viewer = person_with(Role.VIEWER, tree["commune"], "commune-viewer")
    response = _client(viewer).post(reverse("bulletin-preview", args=[bulletin.pk]))
    assert response.status_code == 403


def test_the_approver_approves_from_the_page(
    tree: Any, people: Any, django_capture_on_commit_callbacks: Any
) -> None:
    bulletin = write(people["editor"], tree["commune"])
    _client(people["editor"]).post(reverse("bulletin-action", args=[bulletin.pk, "submit"]))
    with django_capture_on_commit_callbacks():
        _client(people["approver"]).post(reverse("bulletin-action", args=[bulletin.pk, "approve"]))
    bulletin.refresh_from_db()
    assert bulletin.status == Bulletin.Status.APPROVED
    page = _client(people["approver"]).get(reverse("bulletin-detail", args=[bulletin.pk]))
    assert "Đang tạo âm thanh" in page.content.decode()


def test_recordings_are_uploaded_from_the_page(tree: Any, people: Any, tmp_path: Any) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tincoso.broadcast.bulletins.models import BulletinVariant
    from tincoso.broadcast.bulletins.tests.conftest import tone

    bulletin = write(people["editor"], tree["commune"])
    client = _client(people["editor"])
    wav = tone(tmp_path / "r.wav").read_bytes()
    client.post(reverse("bulletin-recording", args=[bulletin.pk]),
                {"file": SimpleUploadedFile("r.wav", wav)})  # fmt: skip
    variant = {"variant-file": SimpleUploadedFile("dao.wav", wav), "variant-language": "dao"}
    client.post(reverse("bulletin-variant", args=[bulletin.pk]), variant)
    bulletin.refresh_from_db()
    assert bulletin.kind == Bulletin.Kind.RECORDING and bulletin.staged
    assert BulletinVariant.objects.get(bulletin=bulletin).language == "dao"
    bad = {"file": SimpleUploadedFile("x.mp3", b"not audio")}
    refused = client.post(reverse("bulletin-recording", args=[bulletin.pk]), bad, follow=True)
    assert "Tệp không phải âm thanh đọc được." in refused.content.decode()
