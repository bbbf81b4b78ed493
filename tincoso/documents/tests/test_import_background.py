"""Importing in the background: the upload answers at once, the task worker reads the
file outside any transaction (other writers go on), progress shows, a failure leaves
no draft and no file, and the same file sent twice points to the first."""

from __future__ import annotations

import datetime as dt
import threading
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from rest_framework.test import APIClient

from tincoso.conftest import person_with
from tincoso.documents import importing, services
from tincoso.documents.models import Document, Import
from tincoso.documents.signals import import_progressed
from tincoso.documents.tests.pdf_builder import Page, build_pdf
from tincoso.units.models import Role, Unit

WORKER = pytest.mark.django_db(transaction=True)


def run_worker() -> None:
    """The real database worker, once over whatever is queued (``db_worker --batch``)."""
    from django.core.management import call_command

    call_command("db_worker", batch=True, startup_delay=False, reload=False, verbosity=0)


def api(user: Any) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def pages_pdf(n: int) -> bytes:
    """A text PDF of ``n`` pages, each with a line of its own."""
    lines = [f"Page {i + 1}: the district committee asks every cell to report" for i in range(n)]
    return build_pdf([Page(texts=[(72, 700, line)] * 4) for line in lines])


def stored_files() -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return [p for p in root.rglob("*") if p.is_file()]


@WORKER
def test_the_api_answers_202_and_the_worker_makes_the_draft(
    tree: dict[str, Unit], sample_docx: bytes
) -> None:
    editor = api(person_with(Role.EDITOR, tree["committee"]))
    upload = SimpleUploadedFile("30.docx", sample_docx)
    response = editor.post(
        "/api/documents/", {"unit": "committee", "file": upload}, format="multipart"
    )
    assert response.status_code == 202, response.content
    body = response.json()
    assert body["status"] == "queued" and body["document"] is None
    assert response["Location"] == body["status_url"]
    assert not Document.objects.exists()  # nothing read yet: the request did not wait

    run_worker()

    done = editor.get(body["status_url"]).json()
    assert done["status"] == "parsed" and done["error"] is None
    doc = Document.objects.get(pk=done["document"])
    assert doc.symbol == "30-HD/BTG" and doc.status == "draft"
    assert editor.get(done["document_url"]).json()["symbol"] == "30-HD/BTG"
    assert doc.file.read() == sample_docx  # the draft owns the stored file now


@WORKER
def test_progress_is_visible_over_the_api_page_by_page(tree: dict[str, Unit]) -> None:
    """GIVEN a 3-page PDF queued WHEN the worker reads it THEN a client polling the
    status URL sees "extracting" with the page being read, then "parsed"."""
    editor = api(person_with(Role.EDITOR, tree["committee"]))
    upload = SimpleUploadedFile("ba-trang.pdf", pages_pdf(3))
    status_url = editor.post(
        "/api/documents/", {"unit": "committee", "file": upload}, format="multipart"
    ).json()["status_url"]
    assert editor.get(status_url).json()["status"] == "queued"
    seen: list[tuple[str, int, int]] = []

    def poll(sender: Any, **kwargs: Any) -> None:
        body = editor.get(status_url).json()
        seen.append((body["status"], body["page"], body["pages"]))

    import_progressed.connect(poll, dispatch_uid="test-poll")
    try:
        run_worker()
    finally:
        import_progressed.disconnect(dispatch_uid="test-poll")
    assert [s for s in seen if s[0] == "extracting"][:3] == [
        ("extracting", 1, 3),
        ("extracting", 2, 3),
        ("extracting", 3, 3),
    ]
    assert editor.get(status_url).json()["status"] == "parsed"


@WORKER
def test_another_writer_goes_on_while_a_file_is_read(tree: dict[str, Unit]) -> None:
    """The reading holds no transaction: while the worker (a real thread) is in the
    middle of a file, another request's write to the database succeeds. Before, the
    import held a write transaction and SQLite refused the other writer ("database
    is locked") once its 5 s wait ran out."""
    editor = person_with(Role.EDITOR, tree["committee"])
    record = importing.start_import(editor, tree["committee"], pages_pdf(2), "hai-trang.pdf")
    reading, written = threading.Event(), threading.Event()
    outcome: dict[str, Any] = {}

    def hold_the_reading(sender: Any, **kwargs: Any) -> None:
        if not reading.is_set():
            reading.set()  # mid-extraction: the other writer writes now
            written.wait(timeout=120)

    def worker() -> None:
        try:
            outcome["status"] = importing.run_import(record.pk)
        finally:
            connection.close()

    import_progressed.connect(hold_the_reading, dispatch_uid="test-hold")
    thread = threading.Thread(target=worker)
    try:
        thread.start()
        assert reading.wait(timeout=120), "the worker never started reading"
        try:  # another writer, in this thread's own connection
            other = services.import_document(
                editor, tree["committee"], "Thông báo họp chi bộ".encode(), "hop.txt"
            )
        finally:
            written.set()
        thread.join(timeout=300)
    finally:
        import_progressed.disconnect(dispatch_uid="test-hold")
    assert Document.objects.filter(pk=other.pk).exists()
    assert outcome["status"] == "parsed"
    record.refresh_from_db()
    assert record.document is not None and record.document.pk != other.pk


@WORKER
def test_the_same_file_twice_points_to_the_first(tree: dict[str, Unit], sample_docx: bytes) -> None:
    editor = api(person_with(Role.EDITOR, tree["committee"]))

    def send() -> Any:
        upload = SimpleUploadedFile("30-lan-nua.docx", sample_docx)
        return editor.post(
            "/api/documents/", {"unit": "committee", "file": upload}, format="multipart"
        )

    first = send().json()
    while_queued = send()
    assert while_queued.status_code == 409
    assert while_queued.json()["import"]["id"] == first["id"]
    assert while_queued.json()["detail"] and while_queued.json()["detail_en"]
    run_worker()
    after = send()
    assert after.status_code == 409
    document = editor.get(first["status_url"]).json()["document"]
    assert after.json()["document"] == document
    assert Import.objects.count() == 1 and Document.objects.count() == 1
    assert len(stored_files()) == 1  # the refused copies were not kept
    # Another unit registers its own copy: not a duplicate there.
    other = api(person_with(Role.EDITOR, tree["cell-a"], "cell-editor"))
    upload = SimpleUploadedFile("30.docx", sample_docx)
    assert (
        other.post("/api/documents/", {"unit": "cell-a", "file": upload}).status_code == 202
    )


@pytest.mark.django_db
def test_the_same_file_on_the_page_leads_to_the_document(
    tree: dict[str, Unit], sample_text: str
) -> None:
    editor = person_with(Role.EDITOR, tree["committee"])
    doc = services.import_document(editor, tree["committee"], sample_text.encode(), "30.txt")
    client = Client()
    client.force_login(editor)
    upload = SimpleUploadedFile("ban-sao.txt", sample_text.encode())
    response = client.post(
        "/app/documents/new/", {"unit": tree["committee"].pk, "direction": "in", "file": upload}
    )
    assert response.status_code == 302 and response["Location"] == f"/app/documents/{doc.pk}/"
    assert not Import.objects.exists()


@pytest.mark.django_db
def test_a_file_refused_unread_stores_nothing(tree: dict[str, Unit]) -> None:
    editor = api(person_with(Role.EDITOR, tree["committee"]))
    for name, data, status in [
        ("evil.docx", b"MZ\x90\x00 not a document", 415),
        ("empty.pdf", b"", 400),
        ("notes.xlsx", b"PK\x03\x04 a spreadsheet", 415),
        ("huge.txt", b"x" * (services.MAX_UPLOAD_BYTES + 1), 413),
    ]:
        upload = SimpleUploadedFile(name, data)
        response = editor.post("/api/documents/", {"unit": "committee", "file": upload})
        assert response.status_code == status, (name, response.content[:300])
        assert response.json()["detail"] and response.json()["detail_en"], name
    assert not Import.objects.exists() and not Document.objects.exists()
    assert stored_files() == []


@WORKER
def test_a_corrupt_file_fails_clearly_and_leaves_nothing_half_made(tree: dict[str, Unit]) -> None:
    """A PDF that only looks like one is stored and queued, then fails in the worker:
    the import says why in both languages; no draft; its file is gone."""
    editor = api(person_with(Role.EDITOR, tree["committee"]))
    upload = SimpleUploadedFile("hong.pdf", b"%PDF-1.7\n1 0 obj << /Broken\n%%EOF\n")
    accepted = editor.post("/api/documents/", {"unit": "committee", "file": upload})
    assert accepted.status_code == 202
    assert len(stored_files()) == 1
    run_worker()
    body = editor.get(accepted.json()["status_url"]).json()
    assert body["status"] == "failed" and body["document"] is None
    assert "PDF" in body["error"]["vi"] and "PDF" in body["error"]["en"]
    assert body["error"]["vi"] != body["error"]["en"]
    assert not Document.objects.exists() and stored_files() == []
    # Sending it again is allowed: a failed import is no duplicate.
    again = SimpleUploadedFile("hong.pdf", b"%PDF-1.7\n1 0 obj << /Broken\n%%EOF\n")
    assert editor.post("/api/documents/", {"unit": "committee", "file": again}).status_code == 202


@WORKER
def test_the_page_shows_progress_then_links_to_the_draft(
    tree: dict[str, Unit], sample_docx: bytes
) -> None:
    editor = person_with(Role.EDITOR, tree["committee"])
    client = Client()
    client.force_login(editor)
    upload = SimpleUploadedFile("30.docx", sample_docx)
    response = client.post(
        "/app/documents/new/", {"unit": tree["committee"].pk, "direction": "in", "file": upload}
    )
    record = Import.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/app/documents/imports/{record.pk}/"
    waiting = client.get(response["Location"]).content.decode()
    assert "Đang chờ đọc" in waiting and "hx-get" in waiting
    run_worker()
    part = client.get(response["Location"], HTTP_HX_REQUEST="true").content.decode()
    record.refresh_from_db()
    assert "hx-get" not in part  # done: no more polling
    assert f"/app/documents/{record.document_id}/edit/" in part
    assert 'data-status="parsed"' in part


@pytest.mark.django_db
def test_someone_elses_import_is_not_shown(tree: dict[str, Unit]) -> None:
    owner = person_with(Role.EDITOR, tree["cell-a"], "owner")
    record = importing.start_import(owner, tree["cell-a"], b"Thong bao", "a.txt")
    stranger = person_with(Role.EDITOR, tree["cell-b"], "stranger")
    client = Client()
    client.force_login(stranger)
    assert client.get(f"/app/documents/imports/{record.pk}/").status_code == 403
    assert api(stranger).get(f"/api/document-imports/{record.pk}/").status_code == 404


@pytest.mark.django_db
def test_an_import_lost_long_ago_does_not_block_the_file(tree: dict[str, Unit]) -> None:
    """A worker killed mid-file leaves its import "extracting"; hours later the same
    file may be sent again."""
    from tincoso.core import clock

    editor = person_with(Role.EDITOR, tree["committee"])
    lost = importing.start_import(editor, tree["committee"], b"Thong bao hop", "a.txt")
    with pytest.raises(importing.DuplicateFile):
        importing.start_import(editor, tree["committee"], b"Thong bao hop", "a.txt")
    Import.objects.filter(pk=lost.pk).update(
        status=Import.Status.EXTRACTING, created_at=clock.now() - importing.STALE_AFTER
    )
    again = importing.start_import(editor, tree["committee"], b"Thong bao hop", "a.txt")
    assert again.pk != lost.pk and again.status == Import.Status.QUEUED


@WORKER
def test_a_run_whose_claim_was_taken_over_makes_no_second_draft(
    tree: dict[str, Unit], settings: Any
) -> None:
    """GIVEN a worker stalled mid-file past its lease (alive, but silent) WHEN the
    scheduler queues the import again and another run reads it to the end THEN the
    stalled run, resuming, finds its claim gone: one draft, the file kept by it."""
    from tincoso.core import clock
    from tincoso.documents import leases

    settings.IMPORT_LEASE_SECONDS = 60
    editor = person_with(Role.EDITOR, tree["committee"])
    record = importing.start_import(editor, tree["committee"], pages_pdf(2), "hai-trang.pdf")
    stalled, resume = threading.Event(), threading.Event()
    outcome: dict[str, Any] = {}

    def stall_the_first_run(sender: Any, **kwargs: Any) -> None:
        if threading.current_thread().name == "first" and not stalled.is_set():
            stalled.set()
            resume.wait(timeout=120)

    def first() -> None:
        try:
            outcome["first"] = importing.run_import(record.pk)
        finally:
            connection.close()

    import_progressed.connect(stall_the_first_run, dispatch_uid="test-stall")
    thread = threading.Thread(target=first, name="first")
    try:
        thread.start()
        assert stalled.wait(timeout=120)
        clock.set(clock.now() + dt.timedelta(minutes=5))  # its lease has run out
        assert leases.requeue_lost().startswith("requeued 1")
        assert importing.run_import(record.pk) == "parsed"  # the second run
    finally:
        resume.set()
        thread.join(timeout=300)
        import_progressed.disconnect(dispatch_uid="test-stall")
    assert outcome["first"] == "parsed"  # what the row says; it wrote nothing itself
    record.refresh_from_db()
    assert record.attempts == 2
    assert Document.objects.filter(file_sha256=record.file_sha256).count() == 1
    assert record.document is not None and record.document.file.name
    assert len(stored_files()) == 1


@WORKER
def test_a_file_whose_reader_dies_every_time_fails_with_a_message(
    tree: dict[str, Unit], settings: Any
) -> None:
    from tincoso.core import clock
    from tincoso.documents import leases

    editor = person_with(Role.EDITOR, tree["committee"])
    record = importing.start_import(editor, tree["committee"], pages_pdf(1), "chet.pdf")
    for attempt in range(1, leases.MAX_ATTEMPTS + 1):
        assert leases.claim(record.pk, f"dead-{attempt}")  # a reader that then dies
        clock.set(clock.now() + dt.timedelta(seconds=settings.IMPORT_LEASE_SECONDS + 1))
        assert leases.requeue_lost() != "requeued 0, enqueued again 0, gave up 0"
    record.refresh_from_db()
    assert record.status == Import.Status.FAILED and record.attempts == leases.MAX_ATTEMPTS
    assert "3" in record.error_vi and "3 times" in record.error_en, record.error_en
    assert not Document.objects.exists()


@WORKER
def test_an_import_the_queue_lost_is_enqueued_again(tree: dict[str, Unit]) -> None:
    """The queue down when the upload was committed (or Redis restarted without its
    file): the import waits queued, and once its queued lease passes the scheduler
    enqueues it again; a worker then reads it."""
    from django_tasks_db.models import DBTaskResult

    from tincoso.core import clock
    from tincoso.documents import leases

    editor = person_with(Role.EDITOR, tree["committee"])
    record = importing.start_import(editor, tree["committee"], pages_pdf(1), "mat.pdf")
    DBTaskResult.objects.all().delete()  # the queue lost its job
    assert leases.requeue_lost() == "requeued 0, enqueued again 0, gave up 0"
    clock.set(clock.now() + leases.lease() * (leases.QUEUE_GRACE_LEASES + 1))
    assert leases.requeue_lost() == "requeued 0, enqueued again 1, gave up 0"
    run_worker()
    record.refresh_from_db()
    assert record.status == Import.Status.PARSED
