"""What a leader's instructions hang on: a line of the unit's incoming register.

A line is either a Dispatch the unit received through the tree, or an incoming
document the unit registered itself (paper, mail, a signed PDF from outside the
tree: ``Document`` with direction INCOMING, registered, with its own số đến). The
instructions attach to that line as it is (``Instruction.dispatch`` or
``Instruction.document``, exactly one), so instructing never makes a second line or
number. These helpers read the two kinds alike.
"""

from __future__ import annotations

import datetime as dt

from django.urls import reverse

from tincoso.core import clock
from tincoso.documents.models import Direction, Dispatch, Document
from tincoso.units.models import Unit

Subject = Dispatch | Document


def unit_of(subject: Subject) -> Unit:
    """The unit handling the line: the dispatch's recipient, or the document's unit."""
    return subject.recipient if isinstance(subject, Dispatch) else subject.unit


def document_of(subject: Subject) -> Document:
    return subject.document if isinstance(subject, Dispatch) else subject


def number_of(subject: Subject) -> tuple[int | None, int | None]:
    """(số đến, year) of the line."""
    if isinstance(subject, Dispatch):
        return subject.incoming_number, subject.incoming_year
    return subject.register_number, subject.register_year


def sender_name(subject: Subject) -> str:
    if isinstance(subject, Dispatch):
        return subject.sender.name
    return subject.issuer


def deadline_of(subject: Subject) -> dt.datetime | None:
    """The deadline the line carries before any instructions (a document's is a day)."""
    if isinstance(subject, Dispatch):
        return subject.deadline
    day = subject.deadline
    return dt.datetime.combine(day, dt.time(23, 59), tzinfo=clock.now().tzinfo) if day else None


def is_self_registered(doc: Document) -> bool:
    """An incoming document the unit registered itself: a register line of its own."""
    return (
        doc.direction == Direction.INCOMING
        and doc.status == Document.Status.REGISTERED
        and doc.register_number is not None
    )


def url(name: str, subject: Subject) -> str:
    """``name`` is "instructions" or "slip"; the page of this line."""
    prefix = "handling" if isinstance(subject, Dispatch) else "handling-document"
    return reverse(f"{prefix}-{name}", args=[subject.pk])
