"""The lines of a unit's incoming register for a year, and their columns as printed.

A line is what arrived at the unit under one số đến: a dispatch it received, or an
incoming document it registered itself (paper, mail); both draw from the one
sequence (``rules._next_number``). ``register_row`` gives the 10 columns of the sổ
đăng ký văn bản đến, ``follow_up_row`` the 7 of the sổ theo dõi giải quyết văn bản
đến (NĐ 30/2020 Phụ lục IV). Who handles a document and how far it got are read in
one place, :func:`handling`: the leader's instructions in force on the line, whichever
kind it is (``handling.subject``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Max
from django.utils.timezone import localtime
from django.utils.translation import gettext_lazy as _

from tincoso.core import clock
from tincoso.documents.handling.summary import (
    SUMMARY_PREFETCH,
    HandlingSummary,
    handling_summary,
)
from tincoso.documents.models import (
    CLOSED_STATUSES,
    WITHDRAWN_STATUSES,
    Direction,
    Dispatch,
    DispatchEvent,
    DispatchStatus,
    Document,
    Urgency,
)
from tincoso.documents.registers.labels import display
from tincoso.units.models import Unit

REGISTER_HEADER = [
    _("Ngày đến"),
    _("Số đến"),
    _("Tác giả"),
    _("Số, ký hiệu văn bản"),
    _("Ngày tháng văn bản"),
    _("Tên loại và trích yếu nội dung"),
    _("Đơn vị hoặc người nhận"),
    _("Ngày chuyển"),
    _("Ký nhận"),
    _("Ghi chú"),
]
FOLLOW_UP_HEADER = [
    _("Số đến"),
    _("Tên loại, số, ký hiệu, ngày tháng văn bản, cơ quan ban hành"),
    _("Đơn vị hoặc người nhận"),
    _("Thời hạn giải quyết"),
    _("Tiến độ giải quyết"),
    _("Số, ký hiệu văn bản trả lời"),
    _("Ghi chú"),
]


@dataclass
class Entry:
    number: int
    arrived: dt.datetime
    document: Document
    dispatch: Dispatch | None  # None: registered by the unit itself
    forwards: list[Dispatch] = field(default_factory=list)  # where the unit passed it on
    withdrawals: list[DispatchEvent] = field(default_factory=list)  # the dispatch's ends


# Columns of a document no register line reads: left in the database (a document's
# text alone can be tens of kB, and a register reads thousands of them).
_UNREAD = ("text", "search_text", "confidence", "signatures", "addressees", "recipients")


def entries(
    unit: Unit, year: int, numbers: tuple[int, int] | None = None, *, follow_up: bool = True
) -> list[Entry]:
    """The unit's incoming register for ``year``, by số đến, the numbers from
    ``numbers[0]`` to ``numbers[1]`` only if given (a fixed number of queries).
    ``follow_up=False`` leaves out what only the sổ theo dõi reads (replies, the
    leader's instructions)."""
    received = Dispatch.objects.filter(recipient=unit, incoming_year=year)
    own = Document.objects.filter(
        unit=unit,
        direction=Direction.INCOMING,
        status=Document.Status.REGISTERED,
        register_year=year,
    )
    if numbers is not None:
        received = received.filter(incoming_number__range=numbers)
        own = own.filter(register_number__range=numbers)
    received = received.select_related("document", "sender").defer(
        *(f"document__{name}" for name in _UNREAD)
    )
    own = own.defer(*_UNREAD)
    if follow_up:
        received = received.prefetch_related("response_documents", *SUMMARY_PREFETCH)
        own = own.prefetch_related(*SUMMARY_PREFETCH)
    dispatches = list(received)
    for d in dispatches:
        d.recipient = unit  # the same unit on every line: not read again per line
    lines = [Entry(d.incoming_number or 0, d.sent_at, d.document, d) for d in dispatches]
    lines += [Entry(d.register_number or 0, d.registered_at or d.created_at, d, None) for d in own]
    _attach_withdrawals([d for d in dispatches if d.is_withdrawn], lines)
    by_document: dict[int, list[Dispatch]] = {}
    forwards = Dispatch.objects.filter(
        sender=unit, document_id__in=[e.document.pk for e in lines]
    ).select_related("recipient")
    for f in forwards.order_by("sent_at", "pk"):
        by_document.setdefault(f.document_id, []).append(f)
    for line in lines:
        line.forwards = by_document.get(line.document.pk, [])
    return sorted(lines, key=lambda e: e.number)


def _attach_withdrawals(withdrawn: list[Dispatch], lines: list[Entry]) -> None:
    """The return, revocation or replacement events of the withdrawn lines, in one query."""
    by_dispatch: dict[int, list[DispatchEvent]] = {}
    events = DispatchEvent.objects.filter(
        dispatch_id__in=[d.pk for d in withdrawn], kind__in=WITHDRAWN_STATUSES
    ).order_by("at", "pk")
    for event in events if withdrawn else []:
        by_dispatch.setdefault(event.dispatch_id, []).append(event)
    for line in lines:
        if line.dispatch is not None:
            line.withdrawals = by_dispatch.get(line.dispatch.pk, [])


def last_number(unit: Unit, year: int) -> int:
    """The highest số đến of the unit's register for ``year`` (0 when empty)."""
    received = Dispatch.objects.filter(recipient=unit, incoming_year=year).aggregate(
        n=Max("incoming_number")
    )["n"]
    own = Document.objects.filter(
        unit=unit,
        direction=Direction.INCOMING,
        status=Document.Status.REGISTERED,
        register_year=year,
    ).aggregate(n=Max("register_number"))["n"]
    return max(received or 0, own or 0)


def _day(moment: dt.datetime | dt.date | None) -> str:
    if moment is None:
        return ""
    if isinstance(moment, dt.datetime):
        moment = localtime(moment)
    return moment.strftime("%d/%m/%Y")


def _time(moment: dt.datetime) -> str:
    return localtime(moment).strftime("%H:%M %d/%m/%Y")


def _withdrawn_note(d: Dispatch, ended: list[DispatchEvent]) -> str:
    if not ended:
        return display(d, "status")
    last = ended[-1]
    return f"{display(last, 'kind')} {_day(last.at)}: {last.reason}"


def register_row(entry: Entry) -> list[str]:
    """The 10 columns of the sổ đăng ký văn bản đến."""
    doc, d = entry.document, entry.dispatch
    notes = []
    if doc.urgency != Urgency.NORMAL:
        notes.append(display(doc, "urgency"))
    if d is not None and d.is_withdrawn:
        notes.append(_withdrawn_note(d, entry.withdrawals))
    return [
        _day(entry.arrived),
        str(entry.number),
        doc.issuer or (d.sender.name if d else ""),
        doc.symbol,
        _day(doc.date),
        " ".join(p for p in (doc.doc_type, doc.title) if p),
        "; ".join(f.recipient.name for f in entry.forwards),
        _day(entry.forwards[0].sent_at) if entry.forwards else "",
        "; ".join(
            f"{f.recipient.name}: {_time(f.acknowledged_at)}"
            for f in entry.forwards
            if f.acknowledged_at
        ),
        "; ".join(notes),
    ]


@dataclass(frozen=True)
class Handling:
    handler: str
    deadline: dt.datetime | None
    done_at: dt.datetime | None
    progress: str
    replies: str
    closed: bool
    withdrawn: str  # why it left the register's follow-up, if it did


def handling(entry: Entry) -> Handling:
    """Who handles the line and how far it got: the leader's instructions in force where
    there are some (who leads and coordinates, the lead's deadline, each one's result),
    else the dispatch as it is (its unit, deadline, status and result note); a line the
    unit registered itself is read from its own instructions the same way, else followed
    through the dispatches it passed it on with."""
    d = entry.dispatch
    if d is None:
        return _own_handling(entry)
    progress = display(d, "status")
    if d.status == DispatchStatus.DONE and d.done_at:
        progress = f"{progress} {_day(d.done_at)}"
    if d.result_note:
        progress = f"{progress}: {d.result_note}"
    handler, deadline = d.recipient.name, d.deadline
    summary = handling_summary(d)
    if summary.instructed:
        handler = _handlers(summary)
        deadline = summary.deadline
        progress = "; ".join([progress, *summary.results])
    return Handling(
        handler=handler,
        deadline=deadline,
        done_at=d.done_at,
        progress=progress,
        replies="; ".join(r.symbol or r.label for r in d.response_documents.all()),
        closed=d.status in CLOSED_STATUSES,
        withdrawn=_withdrawn_note(d, entry.withdrawals) if d.is_withdrawn else "",
    )


def _handlers(summary: HandlingSummary) -> str:
    return "; ".join(
        [f"{_('Chủ trì')}: {n}" for n in summary.lead]
        + [f"{_('Phối hợp')}: {n}" for n in summary.coordinating]
    )


def _own_handling(entry: Entry) -> Handling:
    """A line the unit registered itself: its instructions (done when every lead and
    coordinating part is), else the dispatches it passed it on with."""
    summary = handling_summary(entry.document)
    if summary.instructed:
        progress = {"done": _("Đã xong"), "overdue": _("Quá hạn")}.get(
            summary.status, _("Đang xử lý")
        )
        return Handling(
            handler=_handlers(summary),
            deadline=summary.deadline,
            done_at=summary.done_at,
            progress="; ".join([str(progress), *summary.results]),
            replies="",
            closed=summary.status == "done",
            withdrawn="",
        )
    return Handling(
        handler="; ".join(f.recipient.name for f in entry.forwards),
        deadline=summary.deadline,
        done_at=None,
        progress="; ".join(f"{f.recipient.name}: {display(f, 'status')}" for f in entry.forwards),
        replies="",
        closed=False,
        withdrawn="",
    )


def state(h: Handling, now: dt.datetime) -> str:
    """on_time, late, overdue, in_progress or withdrawn: the report's five groups."""
    if h.withdrawn:
        return "withdrawn"
    if h.done_at is not None and h.closed:
        return "late" if h.deadline and h.done_at > h.deadline else "on_time"
    if h.deadline and h.deadline < now:
        return "overdue"
    return "in_progress"


def follow_up_row(entry: Entry) -> list[str]:
    """The 7 columns of the sổ theo dõi giải quyết văn bản đến."""
    doc, h = entry.document, handling(entry)
    described = " ".join(p for p in (doc.doc_type, f"số {doc.symbol}" if doc.symbol else "") if p)
    if doc.date:
        described += f" ngày {_day(doc.date)}"
    if doc.issuer:
        described += f" của {doc.issuer}"
    note = {"late": _("Hoàn thành muộn"), "overdue": _("Quá hạn")}.get(state(h, clock.now()), "")
    return [
        str(entry.number),
        described.strip(),
        h.handler,
        _day(h.deadline),
        h.progress,
        h.replies,
        h.withdrawn or str(note),
    ]
