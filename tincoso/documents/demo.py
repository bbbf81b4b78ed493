"""Demo documents: the founding guidance 30-HD/BTG cascading to the agencies' party cells.

The Propaganda Board of the agencies' party committee registers 30-HD/BTG (the
real document the platform was born from), sends it to its ten party cells;
some have acknowledged, some are carrying it out, one has issued its own plan
(05-KH/CB) that implements it, and one is overdue. The bloc committee's leader
gave that cell's secretary the lead on it (``handling``). The bloc committee's văn
thư registered a letter from outside the tree (12/CV-HND), awaiting its leader's
instructions on the document page.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from django.contrib.auth import get_user_model
from django.db import transaction

from tincoso.core import clock
from tincoso.documents import services
from tincoso.documents.handling.instructions import Assignee, give_instructions
from tincoso.documents.models import Direction, Dispatch, Document, HandlingRole, Import
from tincoso.units.models import Unit, UnitKind

DATA = Path(__file__).resolve().parent / "demo_data"


def _import(unit: Unit, filename: str, direction: str) -> Document:
    existing = Document.objects.filter(unit=unit, file_name=filename).first()
    if existing is not None:
        return existing
    doc = services.import_document(
        None, unit, (DATA / filename).read_bytes(), filename, direction=direction
    )
    return services.register_document(None, doc)


def _as_uploaded(doc: Document) -> None:
    """The guidance came through the import page: its finished import, to look at."""
    if not doc.imports.exists():
        Import.objects.create(
            unit=doc.unit, direction=doc.direction, status=Import.Status.PARSED,
            file_name=doc.file_name, file_sha256=doc.file_sha256, size=len(doc.text),
            page=1, pages=1, document=doc, finished_at=clock.now(),
        )  # fmt: skip


@transaction.atomic
def load_demo() -> None:
    board = Unit.objects.get(code="btg-khoi")
    guidance = _import(board, "30-HD-BTG.txt", Direction.OUTGOING)
    _as_uploaded(guidance)
    cells = list(
        Unit.objects.get(code="du-khoi").subtree().filter(kind=UnitKind.PARTY_CELL).order_by("code")
    )
    if not guidance.dispatches.exists():
        deadline = clock.now() + dt.timedelta(days=10)
        services.dispatch_document(None, guidance, cells, deadline=deadline)
        dispatches = {d.recipient.code: d for d in guidance.dispatches.select_related("recipient")}
        for code in ("cb-sonv", "cb-soyt", "cb-sogd", "cb-sotc"):
            services.acknowledge(None, dispatches[code])
        services.start_implementing(None, dispatches["cb-soyt"])
        services.complete(
            None,
            dispatches["cb-sotc"],
            "Đã quán triệt tại sinh hoạt chi bộ tháng 7/2017; 18/18 đảng viên dự.",
        )
        late = dispatches["cb-sxd"]
        Dispatch.objects.filter(pk=late.pk).update(deadline=clock.now() - dt.timedelta(days=2))
    cell = Unit.objects.get(code="cb-sonv")
    plan = _import(cell, "KH-chi-bo-so-noi-vu.txt", Direction.OUTGOING)
    dispatch = guidance.dispatches.get(recipient=cell)
    if not dispatch.response_documents.filter(pk=plan.pk).exists():
        services.respond_with_document(None, dispatch, plan)
    _instructions(dispatch)
    _import(Unit.objects.get(code="du-khoi"), "CV-hoi-nong-dan.txt", Direction.INCOMING)


def _instructions(dispatch: Dispatch) -> None:
    """The bloc committee's leader gives the cell's secretary the lead, with a deadline."""
    leader = get_user_model().objects.filter(username="lanhdao.dukhoi").first()
    secretary = get_user_model().objects.filter(username="canbo.sonv").first()
    if leader is None or secretary is None or dispatch.instructions.exists():
        return
    give_instructions(
        leader,
        dispatch,
        "Đồng chí Bí thư chi bộ chủ trì quán triệt tại sinh hoạt chi bộ, báo cáo kết quả.",
        [Assignee(HandlingRole.LEAD, clock.now() + dt.timedelta(days=7), person=secretary)],
    )
