"""The bulletin API: the same rules and gate as the pages."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from tincoso.broadcast.bulletins.models import Bulletin
from tincoso.broadcast.bulletins.tests.conftest import TEXT, tone

URL = "/api/bulletins/"


def api(user: Any) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.fixture
def api_root(settings: Any) -> str:
    from django.urls import reverse

    return reverse("api-bulletin-list")


def test_write_submit_approve_and_fetch_a_range_over_the_api(
    tree: Any, people: Any, tmp_path: Path, api_root: str
) -> None:
    editor, approver = api(people["editor"]), api(people["approver"])
    made = editor.post(api_root, {"unit": "commune", "title": "Lịch tiêm chủng", "text": TEXT},
                       format="json")  # fmt: skip
    assert made.status_code == 201, made.content
    pk = made.json()["id"]
    assert made.json()["reading"].startswith("ủy ban nhân dân xã thông báo")
    upload = SimpleUploadedFile("r.ogg", tone(tmp_path / "r.ogg").read_bytes())
    recorded = editor.post(f"{api_root}{pk}/recording/", {"file": upload}, format="multipart")
    assert recorded.status_code == 200 and recorded.json()["kind"] == "recording"
    assert recorded.json()["audio_state"] == "pending"
    from tincoso.broadcast.bulletins import recordings

    recordings.finish_recording(pk, "vi")  # the normalising task's body
    submitted = editor.post(f"{api_root}{pk}/submit/")
    assert submitted.json()["status"] == "review" and submitted.json()["reviewers"] == ["approver"]
    assert editor.post(f"{api_root}{pk}/approve/").status_code == 403  # not an approver
    approved = approver.post(f"{api_root}{pk}/approve/")
    assert approved.json()["status"] == "approved" and approved.json()["playable"] is True
    part = editor.get(f"{api_root}{pk}/audio/", HTTP_RANGE="bytes=0-9")
    assert part.status_code == 206 and len(b"".join(part.streaming_content)) == 10
    back = approver.post(f"{api_root}{pk}/send-back/", {"reason": "Sai giờ"}, format="json")
    assert back.json()["status"] == "draft" and back.json()["review_note"] == "Sai giờ"


def test_a_bad_upload_gets_a_bilingual_400_and_changes_nothing(
    tree: Any, people: Any, api_root: str
) -> None:
    editor = api(people["editor"])
    pk = editor.post(api_root, {"unit": "commune", "title": "Tin"}, format="json").json()["id"]
    bad = SimpleUploadedFile("x.mp3", b"<script>alert(1)</script>" * 10)
    refused = editor.post(f"{api_root}{pk}/recording/", {"file": bad}, format="multipart")
    assert refused.status_code == 400
    body = refused.json()
    assert body["detail"] != body["detail_en"] and body["code"] == "invalid_audio"
    assert not Bulletin.objects.get(pk=pk).audio


def test_outsiders_and_other_lines_see_nothing(
    tree: Any, people: Any, outsider: Any, cell_officer: Any, api_root: str
) -> None:
    pk = api(people["editor"]).post(api_root, {"unit": "commune", "title": "Tin"},
                                    format="json").json()["id"]  # fmt: skip
    for stranger in (outsider, cell_officer, people["far_approver"]):
        client = api(stranger)
        assert client.get(api_root).json()["count"] == 0
        assert client.get(f"{api_root}{pk}/").status_code == 404
        assert client.get(f"{api_root}{pk}/audio/").status_code == 404
        assert client.post(f"{api_root}{pk}/approve/").status_code == 404
    denied = api(outsider).post(api_root, {"unit": "commune", "title": "Tin"}, format="json")
    assert denied.status_code == 403 and denied.json()["detail_en"]
    assert APIClient().get(api_root).status_code in (401, 403)


def test_editing_an_approved_bulletin_over_the_api_sends_it_back_to_review(
    tree: Any, people: Any, api_root: str, django_capture_on_commit_callbacks: Any
) -> None:
    editor = api(people["editor"])
    pk = editor.post(api_root, {"unit": "commune", "title": "Tin", "text": "Họp dân."},
                     format="json").json()["id"]  # fmt: skip
    editor.post(f"{api_root}{pk}/submit/")
    with django_capture_on_commit_callbacks():
        api(people["approver"]).post(f"{api_root}{pk}/approve/")
    changed = editor.patch(f"{api_root}{pk}/", {"text": "Họp dân lúc 8 giờ."}, format="json")
    assert changed.status_code == 200 and changed.json()["status"] == "review"
    assert changed.json()["playable"] is False


def test_the_schema_lists_the_bulletin_endpoints(db: Any) -> None:
    schema = APIClient().get("/api/schema/?format=json").json()
    paths = schema["paths"]
    for suffix in ("", "{id}/", "{id}/submit/", "{id}/approve/", "{id}/send-back/",
                   "{id}/audio/", "{id}/recording/"):  # fmt: skip
        assert f"{URL}{suffix}" in paths, suffix


def test_a_form_encoded_patch_changes_the_reading_settings(
    tree: Any, people: Any, api_root: str
) -> None:
    editor = api(people["editor"])
    pk = editor.post(api_root, {"unit": "commune", "title": "Tin", "text": "Họp dân."},
                     format="json").json()["id"]  # fmt: skip
    changed = editor.patch(f"{api_root}{pk}/", {"rate": "90", "pause_ms": "1200"})
    assert changed.status_code == 200, changed.content
    assert (changed.json()["rate"], changed.json()["pause_ms"]) == (90, 1200)
    assert changed.json()["title"] == "Tin"
