"""Pages' actions for the way back to the sender: return, revoke, replace (POST only)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tincoso.core.flash import shown_as_message
from tincoso.documents import sender
from tincoso.documents.models import Document
from tincoso.documents.views import _dispatch_for, _document_for
from tincoso.units.models import Unit


@login_required
@require_POST
def return_view(request: HttpRequest, pk: int) -> HttpResponse:
    item = _dispatch_for(request, pk)
    with shown_as_message(request):
        sender.return_dispatch(request.user, item, request.POST.get("reason", ""))
        messages.success(request, _("Đã trả lại văn bản cho nơi gửi."))
    return redirect("dispatch-detail", pk=item.pk)


def _sending_unit(request: HttpRequest, doc: Document) -> Unit:
    code = request.POST.get("sender") or doc.unit.code
    return get_object_or_404(Unit, code=code)


@login_required
@require_POST
def revoke_view(request: HttpRequest, pk: int) -> HttpResponse:
    doc = _document_for(request, pk)
    with shown_as_message(request):
        sender.revoke(
            request.user, doc, _sending_unit(request, doc), request.POST.get("reason", "")
        )
        messages.success(request, _("Đã thu hồi văn bản."))
    return redirect("document-detail", pk=doc.pk)


@login_required
@require_POST
def replace_view(request: HttpRequest, pk: int) -> HttpResponse:
    doc = _document_for(request, pk)
    new_doc = _document_for(request, int(request.POST.get("replacement") or 0) or -1)
    with shown_as_message(request):
        sender.replace(
            request.user, doc, _sending_unit(request, doc), new_doc, request.POST.get("reason", "")
        )
        messages.success(request, _("Đã gửi văn bản thay thế."))
    return redirect("document-detail", pk=doc.pk)
