"""An oversized upload is refused with its real size, unread."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from rest_framework.test import APIClient

from tincoso.conftest import person_with
from tincoso.documents import services
from tincoso.documents.models import Document
from tincoso.units.models import Role, Unit

pytestmark = pytest.mark.django_db

THIRTY_MB = b"x" * (30 * 1024 * 1024)


def test_a_30_mb_upload_is_reported_as_30_mb_over_the_api(tree: dict[str, Unit]) -> None:
    client = APIClient()
    client.force_authenticate(person_with(Role.EDITOR, tree["commune"]))
    upload = SimpleUploadedFile("big.txt", THIRTY_MB)
    response = client.post("/api/documents/", {"unit": "commune", "file": upload})
    assert response.status_code == 413, response.content[:300]
    body = response.json()
    assert "30 MB" in body["detail"] and "30 MB" in body["detail_en"]
    assert "20 MB" in body["detail"] and "20,0" not in body["detail"]
    assert not Document.objects.exists()


def test_a_30_mb_upload_is_reported_as_30_mb_on_the_page(tree: dict[str, Unit]) -> None:
    editor = person_with(Role.EDITOR, tree["commune"])
    client = Client()
    client.force_login(editor)
    upload = SimpleUploadedFile("big.txt", THIRTY_MB)
    response = client.post(
        "/app/documents/new/",
        {"unit": tree["commune"].pk, "file": upload, "direction": "in"},
    )
    page = response.content.decode()
    assert "30 MB" in page and "20,0" not in page, page[-2000:]
    assert not Document.objects.exists()


def test_a_file_at_the_limit_is_read_whole() -> None:
    class Upload:
        size = services.MAX_UPLOAD_BYTES

        def read(self, n: int) -> Any:
            return b"y" * min(n, self.size)

    assert len(services.read_upload(Upload())) == services.MAX_UPLOAD_BYTES
