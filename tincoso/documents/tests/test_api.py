"""The documents API: upload with limits, confirm, register, dispatch, act, cascade."""

from __future__ import annotations

import io
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from tincoso.conftest import person_with
from tincoso.documents.models import Dispatch, Document, Import
from tincoso.documents.tests.test_extract_pages import needs_ocr, page_image
from tincoso.documents.tests.test_import_background import WORKER, run_worker
from tincoso.units.models import Role, Unit, UnitKind


def api(user: Any) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


@WORKER
def test_the_whole_flow_works_over_the_api(tree: dict[str, Unit], sample_docx: bytes) -> None:
    board = Unit.objects.add_child(
        tree["committee"], {"code": "board", "name": "Ban Tuyên giáo", "kind": UnitKind.DEPARTMENT}
    )
    editor = api(person_with(Role.EDITOR, board))
    upload = SimpleUploadedFile("30.docx", sample_docx)
    created = editor.post("/api/documents/", {"unit": "board", "file": upload}, format="multipart")
    assert created.status_code == 202, created.content
    run_worker()  # the upload is read in the background (test_import_background)
    doc_id = editor.get(created.json()["status_url"]).json()["document"]
    body = editor.get(f"/api/documents/{doc_id}/").json()
    assert body["symbol"] == "30-HD/BTG" and body["status"] == "draft"
    fixed = editor.patch(f"/api/documents/{doc_id}/", {"deadline": "2030-01-31"}, format="json")
    assert fixed.json()["deadline"] == "2030-01-31"
    assert editor.post(f"/api/documents/{doc_id}/register/").json()["register_number"] == 1
    suggested = editor.get(f"/api/documents/{doc_id}/suggestions/").json()
    assert [u["code"] for u in suggested] == ["cell-a", "cell-b"]
    sent = editor.post(
        f"/api/documents/{doc_id}/dispatch_to/", {"recipients": ["cell-a", "cell-b"]}, format="json"
    )
    assert sent.status_code == 201 and len(sent.json()) == 2

    officer = api(person_with(Role.OFFICER, Unit.objects.get(code="cell-a")))
    inbox = officer.get("/api/dispatches/", {"unit": "cell-a"}).json()["results"]
    assert [d["recipient"] for d in inbox] == ["cell-a"]
    ack = officer.post(f"/api/dispatches/{inbox[0]['id']}/acknowledge/")
    assert ack.json()["status"] == "acknowledged"
    other = Dispatch.objects.get(recipient__code="cell-b")
    assert officer.post(f"/api/dispatches/{other.pk}/acknowledge/").status_code == 404
    assert officer.get("/api/dispatches/counts/", {"unit": "cell-b"}).status_code == 403

    cascade = editor.get(f"/api/documents/{doc_id}/cascade/").json()
    statuses = {n["unit"]["code"]: n["status"] for n in cascade["dispatches"]}
    assert statuses == {"cell-a": "acknowledged", "cell-b": "sent"}


def test_an_upload_that_is_not_a_document_gets_a_bilingual_error_and_saves_nothing(
    tree: dict[str, Unit],
) -> None:
    editor = api(person_with(Role.EDITOR, tree["committee"]))
    upload = SimpleUploadedFile("evil.docx", b"MZ\x90\x00 not a document")
    response = editor.post(
        "/api/documents/", {"unit": "committee", "file": upload}, format="multipart"
    )
    assert response.status_code == 415  # unsupported media type: it is not a document
    assert response.json()["detail"] and response.json()["detail_en"]
    assert Document.objects.count() == 0


def test_an_upload_into_a_sibling_unit_is_refused(tree: dict[str, Unit], sample_text: str) -> None:
    editor = api(person_with(Role.EDITOR, tree["cell-a"]))
    upload = SimpleUploadedFile("30.txt", sample_text.encode())
    response = editor.post(
        "/api/documents/", {"unit": "cell-b", "file": upload}, format="multipart"
    )
    assert response.status_code == 403
    assert Document.objects.count() == 0 and not Import.objects.exists()


def test_documents_of_a_sibling_are_invisible(tree: dict[str, Unit], sample_text: str) -> None:
    from tincoso.documents import services

    editor_b = person_with(Role.EDITOR, tree["cell-b"])
    doc = services.import_document(editor_b, tree["cell-b"], sample_text.encode(), "b.txt")
    reader = api(person_with(Role.VIEWER, tree["cell-a"]))
    assert reader.get("/api/documents/").json()["results"] == []
    assert reader.get(f"/api/documents/{doc.pk}/").status_code == 404
    assert reader.get(f"/api/documents/{doc.pk}/cascade/").status_code == 404


@needs_ocr
@WORKER
def test_a_photo_of_a_page_is_imported_through_ocr(tree: dict[str, Unit]) -> None:
    """GIVEN an editor WHEN they upload a JPEG photo of a directive's first page
    THEN a draft is created from the recognised text."""
    editor = api(person_with(Role.EDITOR, tree["committee"]))
    photo = io.BytesIO()
    page_image().save(photo, format="JPEG")  # type: ignore[attr-defined]
    upload = SimpleUploadedFile("anh-chup.jpg", photo.getvalue())
    response = editor.post(
        "/api/documents/", {"unit": "committee", "file": upload}, format="multipart"
    )
    assert response.status_code == 202, response.json()
    run_worker()
    doc = Document.objects.get()
    assert doc.number == "2536" and "QUYẾT ĐỊNH" in doc.text
