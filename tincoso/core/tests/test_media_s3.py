"""Media on an S3-compatible store (scale-out profile), against a real S3 HTTP server.

Uploads land in the bucket, not on disk; the app's views still check who asks and
stream the bytes (whole, one range, 416); objects stay private; deleting a draft
deletes its object; two uploads named alike never overwrite each other.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.test import Client
from django.urls import reverse

from tincoso.conftest import make_user, person_with
from tincoso.core.tests.s3server import S3Server, s3_server
from tincoso.documents import services
from tincoso.units.models import Role, Unit

TEXT = ("Kính gửi các chi bộ. Kế hoạch tuyên truyền tháng 12. " * 40).encode()


@pytest.fixture(scope="module")
def s3_store() -> Iterator[S3Server]:
    with s3_server() as server:
        yield server


@pytest.fixture
def s3(s3_store: S3Server, settings: Any) -> S3Server:
    settings.STORAGES = s3_store.storages()
    return s3_store


def client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def uploaded(s3: S3Server, unit: Unit, username: str, name: str) -> tuple[Any, Any]:
    """An editor of ``unit`` and the draft document they imported, stored in the bucket."""
    editor = person_with(Role.EDITOR, unit, username)
    doc = services.import_document(editor, unit, TEXT, name)
    assert f"media/{doc.file.name}" in s3.object_keys()
    return editor, doc


def test_a_document_is_stored_in_the_bucket_and_read_back_with_checks_and_ranges(
    s3: S3Server, tree: dict[str, Unit], settings: Any
) -> None:
    editor, doc = uploaded(s3, tree["committee"], "s3-editor", "ke-hoach.txt")
    assert not any(settings.MEDIA_ROOT.rglob("*.txt"))  # nothing on the local disk

    url = reverse("document-file", args=[doc.pk])
    client = client_for(editor)
    asked: list[str | None] = []  # each GetObject's Range: never the whole object for a part
    default_storage.connection.meta.client.meta.events.register(
        "provide-client-params.s3.GetObject", lambda params, **_: asked.append(params.get("Range"))
    )
    whole = client.get(url)
    assert whole.status_code == 200 and b"".join(whole.streaming_content) == TEXT
    part = client.get(url, HTTP_RANGE="bytes=100-199")
    assert part.status_code == 206 and b"".join(part.streaming_content) == TEXT[100:200]
    assert part["Content-Range"] == f"bytes 100-199/{len(TEXT)}"
    # The first 2 KiB tell the file's type, then the bytes asked for, each a ranged GET.
    sniff = "bytes=0-2047"
    assert asked == [sniff, f"bytes=0-{len(TEXT) - 1}", sniff, "bytes=100-199"]
    tail = client.get(url, HTTP_RANGE="bytes=-7")
    assert b"".join(tail.streaming_content) == TEXT[-7:]
    beyond = client.get(url, HTTP_RANGE=f"bytes={len(TEXT)}-")
    assert beyond.status_code == 416 and beyond["Content-Range"] == f"bytes */{len(TEXT)}"

    # A sibling unit's officer and a person with no role get nothing.
    sibling = person_with(Role.EDITOR, tree["commune"], "s3-sibling")
    for other in (sibling, make_user("s3-nobody")):
        refused = client_for(other).get(url)
        assert refused.status_code in {403, 404}
        assert TEXT[:40] not in refused.content
    assert Client().get(url).status_code == 302  # anonymous: to the log-in page


def test_objects_are_private_to_the_bucket_owner(s3: S3Server, tree: dict[str, Unit]) -> None:
    _, doc = uploaded(s3, tree["committee"], "s3-private", "rieng.txt")
    grants = s3.client().get_object_acl(Bucket=s3.bucket, Key=f"media/{doc.file.name}")
    assert [g["Permission"] for g in grants["Grants"]] == ["FULL_CONTROL"]
    assert all("URI" not in g["Grantee"] for g in grants["Grants"])  # no AllUsers grant


def test_deleting_a_draft_deletes_its_object(
    s3: S3Server, tree: dict[str, Unit], django_capture_on_commit_callbacks: Any
) -> None:
    editor, doc = uploaded(s3, tree["committee"], "s3-discard", "nham.txt")
    key = f"media/{doc.file.name}"
    with django_capture_on_commit_callbacks(execute=True):
        services.discard_draft(editor, doc)
    assert key not in s3.object_keys()


def test_two_uploads_named_alike_keep_both_files(s3: S3Server, tree: dict[str, Unit]) -> None:
    editor = person_with(Role.EDITOR, tree["committee"], "s3-twice")
    first = services.import_document(editor, tree["committee"], b"mot " + TEXT, "hd.txt")
    second = services.import_document(editor, tree["committee"], b"hai " + TEXT, "hd.txt")
    assert first.file.name != second.file.name
    body = s3.client().get_object(Bucket=s3.bucket, Key=f"media/{first.file.name}")["Body"]
    assert body.read().startswith(b"mot ")


def test_a_material_download_streams_from_the_bucket_to_members_only(
    s3: S3Server, tree: dict[str, Unit]
) -> None:
    from tincoso.outreach.models import Material

    material = Material(unit=tree["commune"], campaign="Đợt 1", title="Tài liệu",
                        file_name="tai-lieu.pdf")  # fmt: skip
    material.file.save("tai-lieu.pdf", ContentFile(b"%PDF-1.4 noi dung"), save=True)
    assert f"media/{material.file.name}" in s3.object_keys()
    url = reverse("outreach-material-file", args=[material.pk])
    member = person_with(Role.EDITOR, tree["village"], "s3-member")
    answer = client_for(member).get(url)
    assert answer.status_code == 200
    assert b"".join(answer.streaming_content) == b"%PDF-1.4 noi dung"
    stranger = person_with(Role.EDITOR, tree["cell-a"], "s3-stranger")
    assert client_for(stranger).get(url).status_code == 403


def test_private_uploads_go_under_their_own_prefix(s3: S3Server) -> None:
    from tincoso.feedback.models import private_storage

    name = private_storage().save("feedback/2026/11/anh.jpg", ContentFile(b"\xff\xd8 anh"))
    assert f"private/{name}" in s3.object_keys()
    assert not any(k.startswith("media/feedback/") for k in s3.object_keys())


def test_the_settings_take_the_store_from_the_environment(s3_store: S3Server) -> None:
    import json
    import os
    import subprocess
    import sys

    from tincoso.core.tests.s3server import KEYS

    env = dict(os.environ, S3_BUCKET=s3_store.bucket, S3_ENDPOINT_URL=s3_store.endpoint,
               S3_REGION="us-east-1", S3_ACCESS_KEY_ID=KEYS["access_key"],
               S3_SECRET_ACCESS_KEY=KEYS["secret_key"])  # fmt: skip
    shown = subprocess.run(
        [sys.executable, "-c", "import json; from django.conf import settings; "
         "print(json.dumps(settings.STORAGES))"],
        env=env | {"DJANGO_SETTINGS_MODULE": "tincoso.settings"},
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    storages = json.loads(shown)
    expected = s3_store.storages()
    for alias in ("default", "private"):
        options = storages[alias]["OPTIONS"]
        assert options.pop("addressing_style") is None
        assert storages[alias]["BACKEND"] == expected[alias]["BACKEND"]
        assert options == expected[alias]["OPTIONS"]


def test_the_head_of_a_short_or_empty_object(s3: S3Server) -> None:
    from tincoso.core.mediastore import head
    from tincoso.documents.models import Document

    for data in (b"", b"ngan"):
        doc = Document(file_name="e.txt")
        doc.file.save("e.txt", ContentFile(data), save=False)
        assert head(doc.file, 2048) == data
