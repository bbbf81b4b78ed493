"""A document out as edXML and in again as the other body's draft; statuses both ways."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from tincoso.core import clock
from tincoso.documents import services
from tincoso.documents.exchange import building, exporting, reading, receiving, sending
from tincoso.documents.exchange.envelope import Edoc, File, Organ
from tincoso.documents.exchange.models import Attachment, Message, State, StatusEvent, Way
from tincoso.documents.exchange.tests.helpers import RECEIVER_ID, SENDER_ID, bodies, sent_document
from tincoso.documents.models import Direction, Document, Urgency
from tincoso.documents.tests.signing_ca import ThrowawayCA, blank_pdf, sign
from tincoso.units.models import Unit

pytestmark = pytest.mark.django_db
LIMITS = {"max_bytes": 10_000_000, "max_file_bytes": 5_000_000}


def test_the_envelope_reads_back_as_it_was_built() -> None:
    edoc = Edoc(
        sender=Organ("000.00.00.G22", "Văn phòng Chính phủ", in_charge="Chính phủ"),
        recipients=[Organ("000.00.00.H41", "UBND tỉnh Nghệ An"), Organ("000.00.00.H14", "X")],
        document_id="000.00.00.G22,2015/09/30,7816/VPCP-TTĐT",
        code_number="7816",
        code_notation="VPCP-TTĐT",
        place="Hà Nội",
        promulgation_date=dt.date(2015, 9, 30),
        type_name="Công văn",
        subject="V/v kết nối, liên thông phần mềm quản lý văn bản",
        signer_position="Cục trưởng",
        signer_name="Nguyễn Thanh Phúc",
        due_date=dt.date(2015, 10, 15),
        priority="2",
        to_places=["Các bộ, cơ quan ngang bộ", "UBND các tỉnh, TP"],
        business_type="0",
        business_reason="Văn bản điện tử mới",
        files=[File("cv.pdf", b"%PDF-1.4 fake", "application/pdf"), File("pl.txt", b"phu luc")],
    )
    data = building.build_edoc(edoc, dt.datetime(2015, 9, 30, 10, 0))
    assert b"http://www.mic.gov.vn/TBT/QCVN_102_2016" in data
    back = reading.read(data, **LIMITS)
    assert isinstance(back, Edoc)
    same = ("document_id", "code_number", "code_notation", "place", "promulgation_date",
            "type_name", "subject", "signer_name", "due_date", "priority", "to_places")  # fmt: skip
    for name in same:
        assert getattr(back, name) == getattr(edoc, name), name
    assert back.sender.organ_id == "000.00.00.G22" and back.sender.in_charge == "Chính phủ"
    assert [r.organ_id for r in back.recipients] == ["000.00.00.H41", "000.00.00.H14"]
    assert [(f.name, f.data) for f in back.files] == [(f.name, f.data) for f in edoc.files]
    assert back.symbol == "7816/VPCP-TTĐT"
    assert back.trace[0][0] == "000.00.00.G22"


def test_a_zipped_attachment_as_the_vnpt_sdk_sends_it_is_unwrapped() -> None:
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("8cdea3db.txt", "hello")
    edoc = Edoc(Organ("A", "A"), [Organ("B", "B")], "A,2025/01/02,1/X", subject="S",
                files=[File("test.txt", buffer.getvalue(), "application/zip")])  # fmt: skip
    back = reading.read(building.build_edoc(edoc, clock.now()), **LIMITS)
    assert isinstance(back, Edoc) and back.files[0].data == b"hello"


def _outbox(messages: list[Message]) -> list[bytes]:
    out = []
    for message in messages:
        with message.envelope.open("rb") as handle:
            out.append(handle.read())
    return out


def test_sent_received_registered_and_the_sender_is_told(tree: dict[str, Unit]) -> None:
    people = bodies(tree)
    doc = sent_document(tree, people)
    due = dt.date(2026, 12, 31)
    Document.objects.filter(pk=doc.pk).update(urgency=Urgency.URGENT, deadline=due)
    doc.refresh_from_db()
    queued = sending.queue_document(people["sender_officer"], doc, [people["receiver"]])
    assert [(m.way, m.state, m.to_organ) for m in queued] == [("out", "pending", RECEIVER_ID)]
    assert queued[0].edxml_id == f"{SENDER_ID},{doc.date:%Y/%m/%d},{doc.symbol}"

    (envelope,) = _outbox(queued)
    made = receiving.receive(envelope, transport="test")
    (received,) = made
    draft = received.document
    assert draft is not None and draft.unit == tree["commune"]
    assert draft.direction == Direction.INCOMING and draft.status == Document.Status.DRAFT
    assert (draft.symbol, draft.date, draft.title) == (doc.symbol, doc.date, doc.title)
    assert draft.issuer == "Tỉnh ủy Thử Nghiệm"
    assert draft.signer_name == doc.signer_name and draft.doc_type == doc.doc_type
    assert (draft.urgency, draft.deadline) == (Urgency.URGENT, dt.date(2026, 12, 31))
    with draft.file.open("rb") as handle, doc.file.open("rb") as original:
        assert handle.read() == original.read()
    assert draft.text  # read as any import: the parser saw the text

    # The same envelope again (a transport retried): nothing new.
    assert receiving.receive(envelope) == made
    assert Document.objects.filter(unit=tree["commune"]).count() == 1

    # The receiving side told the sender "01 đã đến" on arrival (NĐ 30 Art. 21(2)(c)).
    status_out = Message.objects.get(way=Way.OUT, kind="status")
    assert status_out.status_code == "01" and status_out.to_organ == SENDER_ID
    receiving.receive(_outbox([status_out])[0])
    sent = Message.objects.get(pk=queued[0].pk)
    assert sent.remote_status == "01"
    assert list(sent.events.values_list("code", flat=True)) == ["01"]

    # Registered at the commune: "03 đã tiếp nhận" goes back, once.
    services.register_document(people["receiver_officer"], draft)
    assert receiving.queue_status_updates() == 1
    assert receiving.queue_status_updates() == 0
    accepted = Message.objects.filter(way=Way.OUT, kind="status").latest("pk")
    receiving.receive(_outbox([accepted])[0])
    sent.refresh_from_db()
    assert sent.remote_status == "03"
    assert StatusEvent.objects.filter(message=sent).count() == 2


def test_sending_twice_to_the_same_body_is_refused(tree: dict[str, Unit]) -> None:
    people = bodies(tree)
    doc = sent_document(tree, people)
    sending.queue_document(people["sender_officer"], doc, [people["receiver"]])
    with pytest.raises(sending.ConflictError) as refused:
        sending.queue_document(people["sender_officer"], doc, [people["receiver"]])
    assert "UBND xã Đồng Tâm" in refused.value.text("en")
    assert Message.objects.count() == 1


def test_a_signed_pdf_and_its_appendix_arrive_verified(tree: dict[str, Unit]) -> None:
    bodies(tree)
    ca = ThrowawayCA()
    signer = ca.person("Trần Văn Ký", "ỦY BAN NHÂN DÂN TỈNH THỬ", "SỞ THỬ NGHIỆM")
    pdf = sign(blank_pdf(), signer, embed=(ca.intermediate,), box=(320, 120, 520, 220))
    edoc = Edoc(
        Organ("000.00.00.H55", "Sở Thử nghiệm"), [Organ(RECEIVER_ID, "UBND xã Đồng Tâm")],
        "000.00.00.H55,2026/11/20,181/STN-VP", code_number="181", code_notation="STN-VP",
        promulgation_date=dt.date(2026, 11, 20), type_name="Công văn", subject="V/v thử",
        files=[File("181.pdf", pdf, "application/pdf"), File("phu-luc.txt", b"Phu luc 1")],
    )  # fmt: skip
    (message,) = receiving.receive(building.build_edoc(edoc, clock.now()))
    draft = message.document
    assert draft is not None
    results = draft.signatures["results"]
    assert len(results) == 1 and results[0]["intact"] is True
    assert results[0]["verdict"]["vi"].startswith("Ký bởi Trần Văn Ký")
    (appendix,) = Attachment.objects.filter(document=draft)
    assert appendix.name == "phu-luc.txt" and appendix.file.read() == b"Phu luc 1"
    # sent on again, the appendix goes with it
    assert [f.name for f in exporting.files_of(draft)] == ["181.pdf", "phu-luc.txt"]


def test_the_same_file_already_in_the_unit_is_refused_and_nothing_stored(
    tree: dict[str, Unit],
) -> None:
    people = bodies(tree)
    doc = sent_document(tree, people)
    (queued,) = sending.queue_document(people["sender_officer"], doc, [people["receiver"]])
    with doc.file.open("rb") as handle:
        services.import_document(people["receiver_officer"], tree["commune"], handle.read(),
                                 "30-HD-BTG.txt")  # fmt: skip
    before = Document.objects.count()
    with pytest.raises(receiving.importing.DuplicateFile):
        receiving.receive(_outbox([queued])[0])
    assert Document.objects.count() == before
    assert not Message.objects.filter(way=Way.IN).exists()


def test_an_unknown_status_target_is_refused(tree: dict[str, Unit]) -> None:
    from tincoso.documents.exchange.envelope import ResponseFor, Status

    bodies(tree)
    status = Status(ResponseFor(SENDER_ID, document_id="X,2026/01/01,1/Y"),
                    Organ(RECEIVER_ID, "xã"), "03")  # fmt: skip
    with pytest.raises(receiving.EnvelopeError) as refused:
        receiving.receive(building.build_status(status))
    assert refused.value.text("vi") != refused.value.text("en")
    assert not Message.objects.exists()


def test_state_after_sending(tree: dict[str, Unit]) -> None:
    people = bodies(tree)
    doc = sent_document(tree, people)
    sending.queue_document(people["sender_officer"], doc, [people["receiver"]])

    class Recorder:
        name = "recorder"
        got: list[tuple[str, bytes]] = []

        def send(self, file_name: str, data: bytes) -> None:
            self.got.append((file_name, data))

    recorder = Recorder()
    assert sending.send_pending(recorder) == (1, 0)
    assert Message.objects.get().state == State.SENT
    assert recorder.got[0][0].startswith("edoc-") and b"edXMLEnvelope" in recorder.got[0][1]
    assert sending.send_pending(recorder) == (0, 0)


def test_a_unit_without_an_organ_id_cannot_send(tree: dict[str, Unit], settings: Any) -> None:
    people = bodies(tree)
    doc = sent_document(tree, people)
    Document.objects.filter(pk=doc.pk).update(unit=tree["province"])
    doc.refresh_from_db()
    with pytest.raises(receiving.EnvelopeError) as refused:
        exporting.export_edxml(doc, [people["receiver"]])
    assert "OrganId" in refused.value.text("en")
