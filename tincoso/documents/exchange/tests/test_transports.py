"""The transports: a shared directory, and an HTTP gateway (a real server on loopback)."""

from __future__ import annotations

from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from tincoso.documents.exchange import running, sending
from tincoso.documents.exchange.errors import TransportError
from tincoso.documents.exchange.models import Message, State, Way
from tincoso.documents.exchange.tests.fake_gateway import fake_gateway
from tincoso.documents.exchange.tests.helpers import bodies, sent_document
from tincoso.documents.exchange.transports.filedrop import FileDrop
from tincoso.documents.exchange.transports.gateway import HttpGateway
from tincoso.documents.models import Document
from tincoso.units.models import Unit

pytestmark = pytest.mark.django_db


def _carry(drop: FileDrop) -> list[str]:
    """The axis between the two bodies: what one put out, the other finds in."""
    names = []
    for path in sorted(drop.outbox.iterdir()):
        path.rename(drop.inbox / path.name)
        names.append(path.name)
    return names


def test_file_drop_both_ways_and_idempotent(tree: dict[str, Unit], tmp_path: Path) -> None:
    people = bodies(tree)
    doc = sent_document(tree, people)
    drop = FileDrop(tmp_path / "drop")
    sending.queue_document(people["sender_officer"], doc, [people["receiver"]])
    tally = running.run_once([drop])
    assert (tally.sent, tally.received) == (1, 0)
    assert [p.name for p in drop.outbox.iterdir() if p.name.startswith(".")] == []  # no temp left
    (name,) = _carry(drop)
    copy = (drop.inbox / name).read_bytes()

    tally = running.run_once([drop])  # the commune takes it in and says "01"
    assert (tally.received, tally.sent) == (1, 1)  # the "01" queued on arrival, sent now
    assert Message.objects.get(way=Way.OUT, kind="status").status_code == "01"
    assert (drop.processed / name).exists() and not (drop.inbox / name).exists()
    received = Document.objects.get(unit=tree["commune"])

    (drop.inbox / "again.edxml").write_bytes(copy)  # the same envelope dropped twice
    assert running.run_once([drop]).received == 1
    assert Document.objects.filter(unit=tree["commune"]).count() == 1
    assert Message.objects.filter(way=Way.IN, kind="edoc").get().document == received

    _carry(drop)  # the "01" status reaches the committee
    running.run_once([drop])
    sent = Message.objects.get(way=Way.OUT, kind="edoc")
    assert sent.state == State.SENT and sent.remote_status == "01"


def test_file_drop_sets_aside_what_it_refuses(tree: dict[str, Unit], tmp_path: Path) -> None:
    bodies(tree)
    drop = FileDrop(tmp_path / "drop")
    drop.send("x", b"")  # makes the folders
    (drop.inbox / "broken.edxml").write_bytes(b"<edXML><oops")
    tally = running.run_once([drop])
    assert tally.refused == 1
    assert (drop.failed / "broken.edxml").exists()
    why = (drop.failed / "broken.edxml.error.txt").read_text()
    assert "không phải XML hợp lệ" in why and "not valid XML" in why
    assert running.run_once([drop]).refused == 0  # never read again


def test_gateway_round_trip_with_retries(tree: dict[str, Unit]) -> None:
    people = bodies(tree)
    doc = sent_document(tree, people)
    with fake_gateway() as (url, state):
        gateway = HttpGateway(url, "t0ken", retries=3, backoff=0.01, timeout=5)
        sending.queue_document(people["sender_officer"], doc, [people["receiver"]])
        state.fail_next = 2  # busy twice, then it takes it
        assert running.run_once([gateway], receive=False).sent == 1
        (query, body) = state.posted[0]
        assert query.startswith("name=edoc-") and b"edXMLEnvelope" in body
        assert state.requests.count(f"POST /api/messages?{query}") == 3

        state.inbox["m1"] = body  # the gateway delivers it to the commune
        state.inbox["m2"] = b"not xml"
        tally = running.run_once([gateway])
        assert (tally.received, tally.refused) == (1, 1)
        assert state.inbox == {}  # one acknowledged (DELETE), one rejected with why
        assert "not valid XML" in state.rejected["m2"]["en"]
        assert Document.objects.filter(unit=tree["commune"]).count() == 1
        statuses = [b for _, b in state.posted[1:]]
        assert len(statuses) == 1 and b"<StatusCode>01</StatusCode>" in statuses[0]


def test_gateway_errors_are_clear(tree: dict[str, Unit], settings: Any) -> None:
    people = bodies(tree)
    doc = sent_document(tree, people)
    settings.DOCUMENT_EXCHANGE_RETRIES = 2
    with fake_gateway() as (url, state):
        wrong = HttpGateway(url, "wrong", retries=3, backoff=0.01, timeout=5)
        with pytest.raises(TransportError) as denied:
            wrong.send("a.edxml", b"<x/>")
        assert "access token" in denied.value.text("en") and len(state.requests) == 1  # no retry
        state.fail_next = 10
        busy = HttpGateway(url, "t0ken", retries=3, backoff=0.01, timeout=5)
        sending.queue_document(people["sender_officer"], doc, [people["receiver"]])
        assert running.run_once([busy], receive=False).failed == 1
        message = Message.objects.get(way=Way.OUT)
        assert message.state == State.PENDING and "HTTP 503" in message.error_en
        running.run_once([busy], receive=False)
        message.refresh_from_db()
        assert message.state == State.FAILED and message.attempts == 2
    gone = HttpGateway(url, "t0ken", retries=2, backoff=0.01, timeout=2)
    with pytest.raises(TransportError) as unreachable:
        list(gone.fetch())
    assert "Cannot reach the exchange gateway" in unreachable.value.text("en")


def test_the_command_uses_the_configured_transports(
    tree: dict[str, Unit], settings: Any, tmp_path: Path
) -> None:
    people = bodies(tree)
    settings.DOCUMENT_EXCHANGE_TRANSPORTS = []
    with pytest.raises(CommandError):
        call_command("exchange")
    settings.DOCUMENT_EXCHANGE_TRANSPORTS = ["filedrop"]
    settings.DOCUMENT_EXCHANGE_DIR = str(tmp_path / "x")
    sending.queue_document(
        people["sender_officer"], sent_document(tree, people), [people["receiver"]]
    )
    out = StringIO()
    call_command("exchange", "send", stdout=out)
    assert "sent=1" in out.getvalue()
    assert len(list((tmp_path / "x" / "outbox").iterdir())) == 1
