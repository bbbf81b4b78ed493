"""Pages of the background import: the upload form, then its progress and result."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from tincoso.core.errors import DomainError
from tincoso.documents import importing, services
from tincoso.documents.forms import UploadForm
from tincoso.documents.models import Direction, Import
from tincoso.units import permissions
from tincoso.units.permissions import Action


@login_required
def upload(request: HttpRequest) -> HttpResponse:
    """Store the file and queue its reading; then its progress page (or, for a file
    this unit has, the document or the import already under way)."""
    units = permissions.units_where(request.user, Action.REGISTER_DOCUMENTS).order_by("path")
    initial = {}
    chosen = units.filter(code=request.GET.get("unit", "")).first()
    if chosen is not None:  # from a dispatch: the unit's own implementing document
        initial = {"unit": chosen.pk, "direction": Direction.OUTGOING}
    form = UploadForm(request.POST or None, request.FILES or None, units=units, initial=initial)
    error = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            record = importing.start_import(
                request.user,
                form.cleaned_data["unit"],
                services.read_upload(upload),
                upload.name,
                direction=form.cleaned_data["direction"],
            )
        except importing.DuplicateFile as exc:
            messages.info(request, str(exc))
            if exc.document is not None:
                return redirect("document-detail", pk=exc.document.pk)
            assert exc.existing is not None
            return redirect("document-import", pk=exc.existing.pk)
        except DomainError as exc:
            error = exc
        else:
            return redirect("document-import", pk=record.pk)
    return render(
        request,
        "documents/upload.html",
        {"form": form, "error": error},
        status=400 if error else 200,
    )


@login_required
def progress(request: HttpRequest, pk: int) -> HttpResponse:
    """Where the reading of an upload stands; htmx polls the status part until done."""
    record = get_object_or_404(Import.objects.select_related("unit", "document"), pk=pk)
    permissions.require(request.user, Action.REGISTER_DOCUMENTS, record.unit)
    context = {"record": record, "status": describe(record)}
    if getattr(request, "htmx", False):
        return render(request, "documents/_import_status.html", context)
    return render(request, "documents/import.html", context)


def describe(record: Import) -> str:
    """The state in the reader's language: queued, page 3 of 12, parsed, or why not."""
    if record.status == Import.Status.FAILED:
        return record.error(get_language() or "vi")
    if record.status == Import.Status.EXTRACTING and record.pages:
        return _("Đang đọc trang %(page)s/%(pages)s") % {
            "page": record.page,
            "pages": record.pages,
        }
    return str(record.get_status_display())
