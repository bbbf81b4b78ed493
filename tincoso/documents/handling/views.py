"""Pages: the instructions on an incoming register line (form and history), the printable
Phiếu giải quyết, a handler's assignment, and a person's assignments and hand-overs.

A line is a received dispatch (``/app/dispatches/ID/…``) or an incoming document the
unit registered itself (``/app/documents/ID/instructions/``, ``…/slip/``); the pages
are the same (``handling.subject``)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from tincoso.core.errors import PermissionDeniedError
from tincoso.core.flash import shown_as_message
from tincoso.core.forms import DATE_FORMAT, DATE_PATTERN
from tincoso.documents.handling import handlers, instructions, parsing
from tincoso.documents.handling import subject as lines
from tincoso.documents.handling.models import Assignment, Instruction
from tincoso.documents.handling.slip import slip_of
from tincoso.documents.handling.subject import (
    Subject,
    document_of,
    is_self_registered,
    number_of,
    unit_of,
)
from tincoso.documents.models import Dispatch, Document, HandlingRole
from tincoso.units import permissions
from tincoso.units.models import Unit
from tincoso.units.permissions import Action


def received_dispatch(request: HttpRequest, pk: int) -> Dispatch:
    dispatch = get_object_or_404(
        Dispatch.objects.select_related("document", "recipient", "sender"), pk=pk
    )
    permissions.require(request.user, Action.VIEW, dispatch.recipient)
    return dispatch


def registered_document(request: HttpRequest, pk: int) -> Document:
    """An incoming document its unit registered itself, for that unit's people."""
    doc = get_object_or_404(Document.objects.select_related("unit"), pk=pk)
    permissions.require(request.user, Action.VIEW, doc.unit)
    if not is_self_registered(doc):
        raise Http404
    return doc


@login_required
def instructions_page(request: HttpRequest, pk: int) -> HttpResponse:
    """The instructions on a received dispatch."""
    return _instructions(request, received_dispatch(request, pk))


@login_required
def document_instructions_page(request: HttpRequest, pk: int) -> HttpResponse:
    """The instructions on an incoming document the unit registered itself."""
    return _instructions(request, registered_document(request, pk))


def _instructions(request: HttpRequest, subject: Subject) -> HttpResponse:
    """GET: the instructions in force, earlier versions, and the form for a leader.
    POST: a leader gives (or changes) the instructions, all in one form."""
    unit = unit_of(subject)
    is_leader = permissions.can(request.user, Action.APPROVE, unit)
    error = None
    if request.method == "POST":
        instructions.require_leader(request.user, subject)
        with shown_as_message(request) as outcome:
            text, rows_in = parsing.from_form(request.POST)
            instructions.give_instructions(request.user, subject, text, rows_in)
            messages.success(request, _("Đã lưu ý kiến chỉ đạo."))
            return redirect(lines.url("instructions", subject))
        error = outcome.error
    versions = instructions.history(subject)
    now = versions[0] if versions and versions[0].current else None
    rows = _rows(request.POST) if error else _rows_of(now)
    blank = max(3, len(rows) + 2)
    number, year = number_of(subject)
    context = {
        "dispatch": subject if isinstance(subject, Dispatch) else None,
        "doc": document_of(subject),
        "unit": unit,
        "number": f"{number}/{year}",
        "slip_url": lines.url("slip", subject),
        "current": now,
        "versions": versions,
        "is_leader": is_leader,
        "units": [(f"unit:{u.pk}", u.name) for u in instructions.sub_units(subject)]
        if is_leader
        else [],
        "people": [
            (f"user:{p.pk}", p.get_full_name() or p.username) for p in instructions.members(subject)
        ]
        if is_leader
        else [],
        "roles": HandlingRole.choices,
        "date_pattern": DATE_PATTERN,
        "rows": [*rows, *([None] * (blank - len(rows)))],
        "text": request.POST.get("text", "") if error else (now.text if now else ""),
    }
    return render(
        request, "documents/handling/instructions.html", context, status=400 if error else 200
    )


def _rows_of(now: Instruction | None) -> list[dict[str, str]]:
    if now is None:
        return []
    return [
        {
            "key": a.key,
            "role": a.role,
            "deadline": timezone.localtime(a.deadline).strftime(DATE_FORMAT) if a.deadline else "",
        }
        for a in now.assignments.all()
    ]


def _rows(data: Any) -> list[dict[str, str]]:
    """The rows as posted, to show them again with the error."""
    return [
        {k: str(data.get(f"{k if k != 'key' else 'assignee'}-{i}") or "") for k in FIELDS}
        for i in range(parsing.MAX_ROWS)
        if data.get(f"assignee-{i}")
    ]


FIELDS = ("key", "role", "deadline")


@login_required
def slip(request: HttpRequest, pk: int) -> HttpResponse:
    """The Phiếu giải quyết văn bản đến, laid out for an A4 sheet."""
    dispatch = received_dispatch(request, pk)
    return render(request, "documents/handling/slip.html", {"slip": slip_of(dispatch)})


@login_required
def document_slip(request: HttpRequest, pk: int) -> HttpResponse:
    """The Phiếu of an incoming document the unit registered itself."""
    doc = registered_document(request, pk)
    return render(request, "documents/handling/slip.html", {"slip": slip_of(doc)})


@login_required
def assignment(request: HttpRequest, pk: int) -> HttpResponse:
    row = get_object_or_404(
        Assignment.objects.select_related(*handlers.SUBJECT_RELATED, "person"), pk=pk
    )
    if not handlers.may_view(request.user, row):
        raise PermissionDeniedError(_("Việc này không được giao cho bạn."))
    if request.method == "POST":
        with shown_as_message(request):
            handlers.complete(request.user, row, str(request.POST.get("note") or ""))
            messages.success(request, _("Đã báo cáo kết quả xử lý."))
        return redirect("handling-assignment", pk=row.pk)
    line = row.instruction.subject
    number, year = number_of(line)
    context = {
        "row": row,
        "doc": document_of(line),
        "unit": unit_of(line),
        "number": f"{number}/{year}",
        "instructions_url": lines.url("instructions", line),
        "slip_url": lines.url("slip", line),
        "can_act": handlers.may_act(request.user, row),
    }
    return render(request, "documents/handling/assignment.html", context)


@login_required
def mine(request: HttpRequest) -> HttpResponse:
    """A person's open assignments, and hand-overs: given, taken, and a new one."""
    user = request.user
    if request.method == "POST":
        unit = get_object_or_404(Unit, pk=request.POST.get("unit") or 0)
        with shown_as_message(request):
            handlers.hand_over(
                user,
                unit,
                parsing.person(str(request.POST.get("to") or "")),
                parsing.day(str(request.POST.get("starts") or "")),
                parsing.day(str(request.POST.get("ends") or "")),
                str(request.POST.get("note") or ""),
            )
            messages.success(request, _("Đã bàn giao công việc khi vắng."))
        return redirect("handling-mine")
    units = list(Unit.objects.filter(memberships__user=user).order_by("path"))
    context = {
        "rows": handlers.open_assignments(user),
        "handovers": handlers.handovers_of(user),
        "units": [(u, handlers.colleagues(u, user)) for u in units],
        "date_pattern": DATE_PATTERN,
    }
    return render(request, "documents/handling/mine.html", context)
