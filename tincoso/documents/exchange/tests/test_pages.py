"""The exchange on a document's page and a unit's list, for the unit's officers only."""

from __future__ import annotations

import io
import json
import zipfile
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from tincoso.conftest import person_with
from tincoso.documents.exchange import reading
from tincoso.documents.exchange.envelope import Edoc
from tincoso.documents.exchange.models import Message, Way
from tincoso.documents.exchange.tests.helpers import RECEIVER_ID, SENDER_ID, bodies, sent_document
from tincoso.documents.models import Document
from tincoso.units.models import Role, Unit

pytestmark = pytest.mark.django_db


def client_of(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_officers_export_and_send_from_the_document_page(tree: dict[str, Unit]) -> None:
    people = bodies(tree)
    doc = sent_document(tree, people)
    officer = client_of(people["sender_officer"])
    page = officer.get(reverse("document-detail", args=[doc.pk])).content.decode()
    assert "Liên thông văn bản" in page and "UBND xã Đồng Tâm" in page

    exported = officer.get(reverse("exchange-export", args=[doc.pk]) + f"?to={RECEIVER_ID}")
    assert exported.status_code == 200 and exported["Content-Type"] == "application/xml"
    edoc = reading.read(exported.content, max_bytes=10**8, max_file_bytes=10**8)
    assert isinstance(edoc, Edoc) and edoc.sender.organ_id == SENDER_ID
    assert [r.organ_id for r in edoc.recipients] == [RECEIVER_ID]

    ticked = officer.post(
        reverse("exchange-export", args=[doc.pk]), {"organs": [people["receiver"].pk]}
    )
    assert ticked.status_code == 200 and b"<OrganId>000.00.01.H99</OrganId>" in ticked.content
    nobody = officer.get(reverse("exchange-export", args=[doc.pk]), follow=True)
    assert "Hãy chọn ít nhất một cơ quan nhận." in nobody.content.decode()
    assert not Message.objects.exists()  # exporting sends nothing

    sent = officer.post(
        reverse("exchange-send", args=[doc.pk]), {"organs": [people["receiver"].pk]}, follow=True
    )
    assert "Đã đưa vào hàng gửi liên thông tới 1 cơ quan." in sent.content.decode()
    assert Message.objects.filter(way=Way.OUT, document=doc).count() == 1
    again = officer.post(
        reverse("exchange-send", args=[doc.pk]), {"organs": [people["receiver"].pk]}, follow=True
    )
    assert "đã được gửi liên thông tới UBND xã Đồng Tâm" in again.content.decode()
    assert Message.objects.filter(way=Way.OUT, document=doc).count() == 1


def test_others_see_no_panel_and_are_refused(tree: dict[str, Unit]) -> None:
    people = bodies(tree)
    doc = sent_document(tree, people)
    viewer = client_of(person_with(Role.VIEWER, tree["committee"], "xem"))
    page = viewer.get(reverse("document-detail", args=[doc.pk])).content.decode()
    assert "Liên thông văn bản" not in page
    assert viewer.get(reverse("exchange-export", args=[doc.pk])).status_code == 403
    assert viewer.get(reverse("exchange-files", args=[doc.pk])).status_code == 403
    posted = viewer.post(
        reverse("exchange-send", args=[doc.pk]), {"organs": [people["receiver"].pk]}
    )
    assert posted.status_code == 403 and not Message.objects.exists()
    other = client_of(people["receiver_officer"])  # an officer, of another unit
    assert other.get(reverse("exchange-export", args=[doc.pk])).status_code == 403
    assert other.get(reverse("exchange-unit", args=["committee"])).status_code == 403


def test_the_party_channel_gets_a_zip_of_files_and_metadata(tree: dict[str, Unit]) -> None:
    people = bodies(tree)
    doc = sent_document(tree, people)
    response = client_of(people["sender_officer"]).get(reverse("exchange-files", args=[doc.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    assert sorted(archive.namelist()) == ["30-HD-BTG.txt", "metadata.json"]
    meta = json.loads(archive.read("metadata.json"))
    assert (meta["symbol"], meta["title"], meta["issuer"]) == (doc.symbol, doc.title, doc.issuer)
    assert meta["files"] == [{"name": "30-HD-BTG.txt", "content_type": "text/plain", "main": True}]
    with doc.file.open("rb") as handle:
        assert archive.read("30-HD-BTG.txt") == handle.read()


def test_an_envelope_brought_by_hand_and_the_units_list(tree: dict[str, Unit]) -> None:
    people = bodies(tree)
    doc = sent_document(tree, people)
    officer = client_of(people["sender_officer"])
    envelope = officer.get(reverse("exchange-export", args=[doc.pk]) + f"?to={RECEIVER_ID}")
    receiver = client_of(people["receiver_officer"])
    url = reverse("exchange-upload", args=["commune"])
    upload = SimpleUploadedFile("cv.edxml", envelope.content)
    taken = receiver.post(url, {"envelope": upload}, follow=True).content.decode()
    assert "Đã nhận gói tin liên thông." in taken
    draft = Document.objects.get(unit=tree["commune"])
    assert f'href="/app/documents/{draft.pk}/"' in taken and "Tỉnh ủy Thử Nghiệm" in taken
    broken = receiver.post(url, {"envelope": SimpleUploadedFile("x.edxml", b"<a")}, follow=True)
    assert "không phải XML hợp lệ" in broken.content.decode()
    assert Document.objects.filter(unit=tree["commune"]).count() == 1
