"""Background work for documents (Django's task API, django-tasks backport)."""

from __future__ import annotations

from django_tasks import task

from tincoso.documents import importing


@task()
def read_import(import_id: int) -> str:
    """Read an uploaded file (text layer, OCR of scans and photos) and make its draft,
    off the request and outside any transaction: OCR takes seconds a page, and a
    held write transaction would stop every other writer on SQLite. No retry: a
    failure is recorded on the import in both languages, and sending the file
    again queues it anew. Enqueued on the upload's commit."""
    return importing.run_import(import_id)
