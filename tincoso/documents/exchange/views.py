"""Pages of the exchange: export and send from a document's page (its unit's officers),
and a unit's list of what came and went, where an envelope can also be taken in by hand."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils.http import content_disposition_header
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from tincoso.core.flash import shown_as_message
from tincoso.documents.exchange import (
    exporting,
    organs,
    party_files,
    receiving,
    sending,
    statuses,
    withdrawing,
)
from tincoso.documents.exchange.models import Message, Organ, Way
from tincoso.documents.exchange.transports.limits import limit
from tincoso.documents.models import Document
from tincoso.documents.rules import _safe_name
from tincoso.units import permissions
from tincoso.units.models import Unit
from tincoso.units.permissions import Action


def _document_for(request: HttpRequest, pk: int) -> Document:
    """A document its unit's officers (who keep the register) may send out."""
    doc = get_object_or_404(Document.objects.select_related("unit"), pk=pk)
    permissions.require(request.user, Action.REGISTER_DOCUMENTS, doc.unit)
    return doc


def _outside(doc: Document) -> list[Organ]:
    own = organs.identity_of(doc.unit)
    others = Organ.objects.exclude(pk=own.pk) if own is not None else Organ.objects.all()
    return list(others.order_by("name"))


def document_panel(request: HttpRequest, doc: Document) -> str:
    """The exchange's part of a document page, for its unit's officers only."""
    if not permissions.can(request.user, Action.REGISTER_DOCUMENTS, doc.unit):
        return ""
    sent = list(
        Message.objects.filter(document=doc, kind="edoc")
        .select_related("document", "unit", "replaces")
        .prefetch_related("events", "document__dispatches", "replaced_by")
    )
    context = {
        "doc": doc,
        "ready": doc.status == Document.Status.REGISTERED and bool(doc.symbol and doc.date),
        "identity": organs.identity_of(doc.unit),
        "organs": _outside(doc),
        "messages_": sent,
        "labels": statuses.CODES,
        "returnable": [m for m in sent if withdrawing.may_return(m)],
        "revocable": bool(withdrawing.revocable(doc)),
        "replacements": list(withdrawing.replacements_for(doc)[:50]),
    }
    return SafeString(render_to_string("exchange/_panel.html", context, request=request))


@login_required
def export_edxml(request: HttpRequest, pk: int) -> HttpResponse:
    """The envelope as a file: for the bodies ticked on the page (POST, ``organs``) or
    named by OrganId (GET, ``to``); no state changes."""
    doc = _document_for(request, pk)
    if request.method == "POST":
        to = list(Organ.objects.filter(pk__in=request.POST.getlist("organs")))
    else:
        to = list(Organ.objects.filter(organ_id__in=request.GET.getlist("to")))
    with shown_as_message(request) as outcome:
        if not to:
            raise sending.EnvelopeError(sending.NO_RECIPIENT)
        data = exporting.export_edxml(doc, to, request.user)
    if outcome.failed:
        return redirect("document-detail", pk=doc.pk)
    response = HttpResponse(data, content_type="application/xml")
    name = f"{_safe_name(doc.symbol or 'van-ban')}.edxml"
    response["Content-Disposition"] = content_disposition_header(True, name)
    return response


@login_required
def export_files(request: HttpRequest, pk: int) -> HttpResponse:
    doc = _document_for(request, pk)
    response = HttpResponse(party_files.zip_of(doc), content_type="application/zip")
    name = f"{_safe_name(doc.symbol or doc.file_name or 'van-ban')}.zip"
    response["Content-Disposition"] = content_disposition_header(True, name)
    return response


@login_required
@require_POST
def send(request: HttpRequest, pk: int) -> HttpResponse:
    doc = _document_for(request, pk)
    to = list(Organ.objects.filter(pk__in=request.POST.getlist("organs")))
    with shown_as_message(request):
        made = sending.queue_document(request.user, doc, to)
        messages.success(
            request,
            ngettext(
                "Đã đưa vào hàng gửi liên thông tới %(n)s cơ quan.",
                "Đã đưa vào hàng gửi liên thông tới %(n)s cơ quan.",
                len(made),
            )
            % {"n": len(made)},
        )
    return redirect("document-detail", pk=doc.pk)


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """The units whose register the person keeps (the top of each subtree; everyone's
    two top levels for a superuser); straight to the one when there is only one."""
    paths = permissions.root_paths(request.user, Action.REGISTER_DOCUMENTS)
    everyone = paths is None
    tops = Unit.objects.filter(depth__lte=2) if everyone else Unit.objects.filter(path__in=paths)
    units = list(tops.order_by("path")[:200])
    if len(units) == 1:
        return redirect("exchange-unit", code=units[0].code)
    return render(request, "exchange/home.html", {"units": units})


def _unit_for(request: HttpRequest, code: str) -> Unit:
    unit = get_object_or_404(Unit, code=code)
    permissions.require(request.user, Action.REGISTER_DOCUMENTS, unit)
    return unit


@login_required
def unit_messages(request: HttpRequest, code: str) -> HttpResponse:
    unit = _unit_for(request, code)
    rows = (
        Message.objects.filter(unit__path__startswith=unit.path)
        .select_related("document", "unit")
        .order_by("-created_at", "-pk")[:200]
    )
    return render(
        request,
        "exchange/unit.html",
        {
            "unit": unit,
            "incoming": [m for m in rows if m.way == Way.IN],
            "outgoing": [m for m in rows if m.way == Way.OUT],
            "identity": organs.identity_of(unit),
            "labels": statuses.CODES,
            "business": statuses.BUSINESS,
        },
    )


@login_required
@require_POST
def upload(request: HttpRequest, code: str) -> HttpResponse:
    """An envelope brought by hand (a USB stick, an e-mail): taken in as if it came."""
    unit = _unit_for(request, code)
    upload = request.FILES.get("envelope")
    with shown_as_message(request):
        if upload is None:
            raise receiving.EnvelopeError(receiving.errors.MISSING, field="edXML")
        made = receiving.receive(bytes(upload.read(limit() + 1)), transport="upload")
        if not any(m.unit.is_within(unit) for m in made):
            messages.warning(request, _("Gói tin đã nhận, nhưng gửi cho đơn vị khác."))
        else:
            messages.success(request, _("Đã nhận gói tin liên thông."))
    return redirect("exchange-unit", code=unit.code)
