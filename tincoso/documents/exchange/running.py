"""One pass of the exchange: fetch what came on every transport, tell senders where
their documents stand, send what waits. The periodic job and ``manage exchange``."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from tincoso.core.errors import DomainError
from tincoso.documents.exchange import receiving, sending, transports

logger = logging.getLogger(__name__)


@dataclass
class Tally:
    received: int = 0
    refused: int = 0
    queued: int = 0
    sent: int = 0
    failed: int = 0


def fetch(transport: Any, tally: Tally) -> None:
    for key, data in transport.fetch():
        try:
            receiving.receive(data, transport=transport.name)
        except DomainError as exc:
            tally.refused += 1
            logger.warning("exchange: %s refused: %s", key, exc.in_both_languages())
            transport.refuse(key, exc.bilingual())
            continue
        tally.received += 1
        transport.done(key)


def run_once(chosen: list[Any] | None = None, *, send: bool = True, receive: bool = True) -> Tally:
    """Every configured transport (or ``chosen``); a transport that fails is logged and
    the others still run."""
    tally = Tally()
    active = transports.configured() if chosen is None else chosen
    for transport in active if receive else []:
        try:
            fetch(transport, tally)
        except DomainError as exc:
            logger.warning("exchange: fetching on %s failed: %s", transport.name, exc)
    tally.queued = receiving.queue_status_updates()
    for transport in active if send else []:
        sent, failed = sending.send_pending(transport)
        tally.sent += sent
        tally.failed += failed
    return tally
