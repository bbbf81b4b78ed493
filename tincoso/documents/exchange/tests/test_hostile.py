"""Envelopes that must be refused: a clear error in both languages, and nothing stored
(no document, no message, no file left in the media folder)."""

from __future__ import annotations

import base64
import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from tincoso.core import clock
from tincoso.documents.exchange import building, receiving
from tincoso.documents.exchange.envelope import Edoc, File, Organ
from tincoso.documents.exchange.errors import EnvelopeError
from tincoso.documents.exchange.models import Attachment, Message
from tincoso.documents.exchange.tests.helpers import RECEIVER_ID, bodies
from tincoso.documents.models import Document
from tincoso.units.models import Unit

pytestmark = pytest.mark.django_db


def good(**changes: Any) -> bytes:
    fields: dict[str, Any] = dict(
        sender=Organ("000.00.00.H55", "Sở Thử nghiệm"),
        recipients=[Organ(RECEIVER_ID, "UBND xã Đồng Tâm")],
        document_id="000.00.00.H55,2026/11/20,181/STN-VP",
        code_number="181",
        code_notation="STN-VP",
        promulgation_date=dt.date(2026, 11, 20),
        type_name="Công văn",
        subject="V/v thử nghiệm",
        files=[File("cv.txt", "CÔNG VĂN\nV/v thử nghiệm".encode(), "text/plain")],
    )
    fields.update(changes)
    return building.build_edoc(Edoc(**fields), clock.now())


def refused(data: bytes, settings: Any) -> EnvelopeError:
    with pytest.raises(EnvelopeError) as caught:
        receiving.receive(data)
    error = caught.value
    both = error.bilingual()
    assert both["vi"] and both["en"] and both["vi"] != both["en"], both
    assert not Document.objects.exists()
    assert not Message.objects.exists() and not Attachment.objects.exists()
    assert [p for p in Path(settings.MEDIA_ROOT).rglob("*") if p.is_file()] == []
    return error


@pytest.fixture
def here(tree: dict[str, Unit]) -> None:
    bodies(tree)


def test_the_good_envelope_is_taken(here: None) -> None:
    (message,) = receiving.receive(good())
    assert message.document is not None and message.document.symbol == "181/STN-VP"


def test_malformed_xml(here: None, settings: Any) -> None:
    error = refused(good()[:-40], settings)
    assert "XML" in error.text("en")
    refused(b"1212" + good(), settings)  # junk before the declaration, as one SDK sample has


def test_external_entities_are_never_read(here: None, settings: Any, tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("mật khẩu")
    xxe = (
        good()
        .replace(
            b"<?xml version='1.0' encoding='UTF-8'?>",
            f"<?xml version='1.0' encoding='UTF-8'?>\n"
            f'<!DOCTYPE edXML [<!ENTITY x SYSTEM "file://{secret}">]>'.encode(),
        )
        .replace(b"V/v th\xe1\xbb\xad nghi\xe1\xbb\x87m</Subject>", b"&x;</Subject>")
    )
    assert b"<!DOCTYPE" in xxe and b"&x;" in xxe
    error = refused(xxe, settings)
    assert "XXE" in error.text("en")


def test_billion_laughs(here: None, settings: Any) -> None:
    lol = b"".join(
        b'<!ENTITY l%d "&l%d;&l%d;&l%d;&l%d;&l%d;&l%d;&l%d;&l%d;&l%d;&l%d;">'
        % ((i,) + (i - 1,) * 10)
        for i in range(1, 10)
    )
    bomb = (
        b'<?xml version="1.0"?><!DOCTYPE edXML [<!ENTITY l0 "lol">' + lol + b"]><edXML>&l9;</edXML>"
    )
    refused(bomb, settings)


def test_wrong_encodings(here: None, settings: Any) -> None:
    text = good().decode("utf-8")
    error = refused(text.encode("utf-16"), settings)
    assert "UTF-8" in error.text("en")
    latin = text.replace("encoding='UTF-8'", "encoding='ISO-8859-1'")
    assert "ISO-8859-1" in refused(latin.encode("utf-8"), settings).text("en")
    mislabelled = text.encode("utf-8").replace("Sở".encode(), b"S\xf5")  # Latin-1 bytes
    assert b"S\xf5" in mislabelled
    refused(mislabelled, settings)  # says UTF-8, is not


def test_oversized_envelope_and_attachment(here: None, settings: Any) -> None:
    settings.DOCUMENT_EXCHANGE_MAX_BYTES = 2000
    error = refused(good(files=[File("big.txt", b"x" * 3000, "text/plain")]), settings)
    assert "MB" in error.text("en")
    settings.DOCUMENT_EXCHANGE_MAX_BYTES = 64 * 1024 * 1024
    big = 21 * 1024 * 1024  # over the import's 20 MB for one file
    error = refused(
        good(files=[File("big.pdf", b"%PDF" + b"0" * big, "application/pdf")]), settings
    )
    assert "big.pdf" in error.text("en")


def test_a_zip_bomb_inside_an_attachment(here: None, settings: Any) -> None:
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("inner.doc", b"\0" * (21 * 1024 * 1024))
    assert len(buffer.getvalue()) < 100_000
    zipped = File("cv.doc", buffer.getvalue(), "application/zip")
    assert "cv.doc" in refused(good(files=[zipped]), settings).text("en")


@pytest.mark.parametrize(
    ("element", "field"),
    [(b"DocumentId", "DocumentId"), (b"Subject", "Subject"), (b"To", "To/OrganId")],
)
def test_missing_fields(here: None, settings: Any, element: bytes, field: str) -> None:
    data = good()
    start = data.index(b"<" + element + b">")
    end = data.index(b"</" + element + b">") + len(element) + 3
    error = refused(data[:start] + data[end:], settings)
    assert field in error.text("en")


def test_no_file_bad_base64_and_a_stranger(here: None, settings: Any) -> None:
    assert "no attached file" in refused(good(files=[]), settings).text("en")
    data = good().replace(base64.b64encode("CÔNG VĂN\nV/v thử nghiệm".encode()), b"!!!not-base64")
    assert "base64" in refused(data, settings).text("en")
    stranger = good(recipients=[Organ("000.00.00.Z99", "Nơi khác")])
    assert "000.00.00.Z99" in refused(stranger, settings).text("en")
    assert "edXML" in refused(b"<?xml version='1.0'?><html/>", settings).text("en")
