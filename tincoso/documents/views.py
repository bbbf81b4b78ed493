"""Staff pages for the document register, dispatch, inboxes and the cascade."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import content_disposition_header
from django.utils.module_loading import import_string
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from tincoso.core import clock
from tincoso.core.errors import DomainError, PermissionDeniedError
from tincoso.core.flash import shown_as_message
from tincoso.core.ranges import serve_file
from tincoso.core.registry import document_actions, document_panels
from tincoso.core.text import fold
from tincoso.documents import original, sender, services
from tincoso.documents.confidence import FIELDS, field_confidence, parsed_from
from tincoso.documents.forms import CompleteForm, DispatchForm, FieldsForm
from tincoso.documents.handling.on_document import on_document
from tincoso.documents.models import Dispatch, DispatchStatus, Document
from tincoso.documents.registers.duplicates import same_number
from tincoso.units import permissions
from tincoso.units.models import Unit
from tincoso.units.permissions import Action


def _document_for(request: HttpRequest, pk: int) -> Document:
    doc = get_object_or_404(Document.objects.select_related("unit"), pk=pk)
    if not services.can_view_document(request.user, doc):
        raise PermissionDeniedError(_("Bạn không có quyền xem văn bản này."))
    return doc


def _dispatch_for(request: HttpRequest, pk: int, *, as_sender: bool = False) -> Dispatch:
    """A dispatch for its recipient's people; with ``as_sender``, also for the
    dispatching unit's people, who read the result (note, implementing documents,
    attachments) and nothing else of the recipient's."""
    dispatch = get_object_or_404(
        Dispatch.objects.select_related("document", "recipient", "sender"), pk=pk
    )
    if not (as_sender and permissions.can(request.user, Action.VIEW, dispatch.sender)):
        permissions.require(request.user, Action.VIEW, dispatch.recipient)
    return dispatch


@login_required
def register(request: HttpRequest) -> HttpResponse:
    """The register: documents of the units the user may see, newest first."""
    qs = permissions.restrict(Document.objects.select_related("unit"), request.user, Action.VIEW)
    query = (request.GET.get("q") or "").strip()
    for word in fold(query).split():
        qs = qs.filter(search_text__contains=word)
    direction = request.GET.get("direction") or ""
    if direction:
        qs = qs.filter(direction=direction)
    page = Paginator(qs.order_by("-created_at"), 50).get_page(request.GET.get("page"))
    can_import = permissions.units_where(request.user, Action.REGISTER_DOCUMENTS).exists()
    return render(
        request,
        "documents/register.html",
        {"page": page, "query": query, "direction": direction, "can_import": can_import},
    )


@login_required
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Check and correct the parsed fields, then register."""
    doc = _document_for(request, pk)
    permissions.require(request.user, Action.REGISTER_DOCUMENTS, doc.unit)
    initial = {f: getattr(doc, f) for f in services.EDITABLE_FIELDS if f != "direction"}
    initial["references"] = list(doc.references.values_list("symbol", flat=True))
    form = FieldsForm(request.POST or None, initial=initial)
    error = None
    if request.method == "POST" and "discard" in request.POST:
        services.discard_draft(request.user, doc)  # a registered one: 409, nothing changes
        messages.success(request, _("Đã bỏ văn bản chưa vào sổ."))
        return redirect("document-register")
    if request.method == "POST" and form.is_valid():
        fields = {k: (v if v is not None else "") for k, v in form.cleaned_data.items()}
        fields["date"] = form.cleaned_data["date"]
        fields["deadline"] = form.cleaned_data["deadline"]
        try:
            services.update_fields(request.user, doc, **fields)
            if "register" in request.POST:
                services.register_document(request.user, doc)
                messages.success(
                    request,
                    _("Đã vào sổ văn bản số %(n)s.")
                    % {"n": Document.objects.get(pk=doc.pk).register_number},
                )
                return redirect("document-detail", pk=doc.pk)
            messages.success(request, _("Đã lưu."))
            return redirect("document-edit", pk=doc.pk)
        except DomainError as exc:
            error = exc
    duplicates = services.find_duplicates(doc) if doc.status == Document.Status.DRAFT else []
    return render(
        request,
        "documents/edit.html",
        {
            "doc": doc,
            "form": form,
            "error": error,
            "duplicates": duplicates,
            "same_number": same_number(doc),  # a warning (NĐ 30 Phụ lục VI III.1(h))
            "confidence": doc.confidence or {},
            "field_status": field_confidence(parsed_from(doc), original.extraction_of(doc)),
            "original": original.original_for(doc),
        },
        status=400 if error else 200,
    )


@dataclass(frozen=True)
class ShownField:
    """One parsed field on the document page, with whether to confirm it."""

    name: str
    label: str
    value: Any
    status: str  # "ok" | "check" | "missing" (confidence.field_confidence)


def _shown_field(doc: Document, name: str, status: str) -> ShownField:
    field = Document._meta.get_field(name)
    label = capfirst(str(getattr(field, "verbose_name", name)))
    return ShownField(name, label, getattr(doc, name), status)


@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    doc = _document_for(request, pk)
    user = request.user
    received = [
        d
        for d in doc.dispatches.select_related("recipient")
        if permissions.can(user, Action.VIEW, d.recipient)
        and not permissions.can(user, Action.VIEW, doc.unit)
    ]
    for dispatch in received:
        services.open_dispatch(user, dispatch)
    can_dispatch = (
        doc.status == Document.Status.REGISTERED
        and permissions.can(user, Action.DISPATCH, doc.unit)
        and not sender.is_frozen(doc, doc.unit)
    )
    form = None
    suggested: list[Unit] = []
    if can_dispatch:
        suggested = services.suggest_recipients(doc, doc.unit)
        sent = set(doc.dispatches.values_list("recipient_id", flat=True))
        scope = services.dispatch_scope(doc.unit).exclude(pk__in=sent).order_by("path")
        form = DispatchForm(
            scope=scope, initial={"recipients": [u.pk for u in suggested if u.pk not in sent]}
        )
    dispatches = doc.dispatches.select_related("recipient").filter(
        pk__in=services.dispatches_visible_to(user).values("pk")
    )
    status = field_confidence(parsed_from(doc), original.extraction_of(doc))
    context = {
        "doc": doc,
        "original": original.original_for(doc),
        "fields": [_shown_field(doc, name, status[name]) for name in FIELDS],
        "to_confirm": sum(s != "ok" for s in status.values()),
        "references": doc.references.select_related("target"),
        "cited_by": doc.cited_by.select_related("source"),
        "dispatches": dispatches,
        "received": received,
        "handling": on_document(user, doc, received),
        "form": form,
        "suggested": suggested,
        "can_edit": permissions.can(user, Action.REGISTER_DOCUMENTS, doc.unit),
        # "Soạn tin từ văn bản": for whoever may write items (for any of their units).
        "document_actions": document_actions(),
        "can_write_item": doc.status == Document.Status.REGISTERED
        and permissions.units_where(user, Action.EDIT_CONTENT).exists(),
        **sender.on_document_page(user, doc, received),  # withdrawn banner, revoke forms
        "same_number": same_number(doc),
        # Higher apps' parts of the page (the exchange), each deciding who sees it.
        "panels": [import_string(path)(request, doc) for path in document_panels()],
    }
    return render(request, "documents/detail.html", context)


@login_required
@require_POST
def dispatch(request: HttpRequest, pk: int) -> HttpResponse:
    doc = _document_for(request, pk)
    permissions.require(request.user, Action.DISPATCH, doc.unit)
    form = DispatchForm(request.POST, scope=services.dispatch_scope(doc.unit))
    if not form.is_valid():
        messages.error(request, _("Hãy chọn đơn vị nhận hợp lệ."))
        return redirect("document-detail", pk=doc.pk)
    made = services.dispatch_document(
        request.user, doc, form.cleaned_data["recipients"], deadline=form.cleaned_data["deadline"]
    )
    messages.success(
        request,
        ngettext("Đã gửi tới %(n)s đơn vị.", "Đã gửi tới %(n)s đơn vị.", len(made))
        % {"n": len(made)},
    )
    return redirect("document-detail", pk=doc.pk)


@login_required
def cascade(request: HttpRequest, pk: int) -> HttpResponse:
    doc = _document_for(request, pk)
    tree = services.cascade(doc, request.user)
    only = request.GET.get("filter") or ""
    return render(request, "documents/cascade.html", {"doc": doc, "tree": tree, "only": only})


@login_required
def inbox_home(request: HttpRequest) -> HttpResponse:
    units = list(permissions.units_where(request.user, Action.VIEW).order_by("path")[:200])
    received = {
        row: True
        for row in Dispatch.objects.filter(recipient__in=units)
        .values_list("recipient_id", flat=True)
        .distinct()
    }
    with_mail = [u for u in units if u.pk in received]
    if len(with_mail) == 1:
        return redirect("inbox", code=with_mail[0].code)
    return render(request, "documents/inbox_home.html", {"units": with_mail or units})


@login_required
def inbox(request: HttpRequest, code: str) -> HttpResponse:
    unit = get_object_or_404(Unit, code=code)
    permissions.require(request.user, Action.VIEW, unit)
    status = request.GET.get("status") or ""
    if status not in {s.value for s in DispatchStatus}:
        status = ""
    query = (request.GET.get("q") or "").strip()
    overdue = request.GET.get("overdue") == "1"
    rows = services.inbox(unit, status=status, query=query, overdue=overdue)
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "documents/inbox.html",
        {
            "unit": unit,
            "page": page,
            "counts": services.inbox_counts(unit),
            "status": status,
            "query": query,
            "overdue": overdue,
            "statuses": DispatchStatus.choices,
            "year": clock.today().year,  # the registers' links
        },
    )


@login_required
def dispatch_detail(request: HttpRequest, pk: int) -> HttpResponse:
    item = _dispatch_for(request, pk, as_sender=True)
    is_recipient = permissions.can(request.user, Action.VIEW, item.recipient)
    if is_recipient:
        services.open_dispatch(request.user, item)
    can_act = permissions.can(request.user, Action.ACKNOWLEDGE, item.recipient)
    own_documents = Document.objects.none()
    if can_act:
        own_documents = permissions.restrict(
            Document.objects.filter(
                status=Document.Status.REGISTERED, unit__path__startswith=item.recipient.path
            ),
            request.user,
            Action.REGISTER_DOCUMENTS,
        ).exclude(pk=item.document_id)[:50]
    return render(
        request,
        "documents/dispatch.html",
        {
            "item": item,
            "is_recipient": is_recipient,
            "can_act": can_act,
            "complete_form": CompleteForm(),
            "own_documents": own_documents,
            "withdrawn": sender.withdrawal([item]),
            "may_return": is_recipient and sender.may_return(request.user, item),
        },
    )


@login_required
@require_POST
def dispatch_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    item = _dispatch_for(request, pk)
    with shown_as_message(request):
        if action == "acknowledge":
            services.acknowledge(request.user, item)
        elif action == "implement":
            services.start_implementing(request.user, item)
        elif action == "complete":
            form = CompleteForm(request.POST, request.FILES)
            files: list[tuple[str, bytes]] = []
            upload = request.FILES.get("attachment")
            if upload is not None:
                files.append((upload.name or "tep", upload.read(services.MAX_ATTACHMENT_BYTES + 1)))
            services.complete(request.user, item, form.data.get("note", ""), files)
        elif action == "respond":
            response = get_object_or_404(Document, pk=request.POST.get("document"))
            services.respond_with_document(request.user, item, response)
        else:
            raise Http404
        messages.success(request, _DONE[action])
    return redirect("dispatch-detail", pk=item.pk)


_DONE = {
    "acknowledge": gettext_lazy("Đã xác nhận đã nhận văn bản."),
    "implement": gettext_lazy("Đã chuyển sang đang thực hiện."),
    "complete": gettext_lazy("Đã báo cáo kết quả thực hiện."),
    "respond": gettext_lazy("Đã gắn văn bản triển khai của đơn vị."),
}


@login_required
def dispatch_attachment(request: HttpRequest, pk: int, attachment_id: int) -> FileResponse:
    """A file attached to a result, for the recipient's and the sender's people."""
    item = _dispatch_for(request, pk, as_sender=True)
    attachment = get_object_or_404(item.attachments.all(), pk=attachment_id)
    return FileResponse(attachment.file.open("rb"), as_attachment=True, filename=attachment.name)


@login_required
def original_page(request: HttpRequest, pk: int, page: int) -> HttpResponse:
    """A page of a TIFF scan as PNG, for the original pane (browsers cannot draw TIFF)."""
    doc = _document_for(request, pk)
    if original.file_kind(doc)[0] != "tiff":
        raise Http404
    try:
        return HttpResponse(original.tiff_page(doc, page), content_type="image/png")
    except original.UnreadableImage as exc:
        raise Http404 from exc


@login_required
def download(request: HttpRequest, pk: int) -> HttpResponseBase:
    doc = _document_for(request, pk)
    if not doc.file:
        raise Http404
    _, content_type = original.file_kind(doc)
    # The real type, from the first bytes: PDF.js and <img> need it (nosniff is on),
    # and a file named .pdf that is not one is not served as a PDF. Ranges let PDF.js
    # draw the first page of a large scan before the rest has arrived.
    response = serve_file(request, doc.file, content_type=content_type, etag=doc.file_sha256)
    response["Content-Disposition"] = content_disposition_header(True, doc.file_name)
    return response
