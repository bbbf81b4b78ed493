"""The forms of the exchange panel that go back to the other body: return a document
received (02), revoke one sent (13), replace one sent (type 3); for the unit's officers."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tincoso.core.flash import shown_as_message
from tincoso.documents.exchange import withdrawing
from tincoso.documents.exchange.models import Kind, Message, Way
from tincoso.documents.models import Document
from tincoso.units import permissions
from tincoso.units.permissions import Action


@login_required
@require_POST
def return_received(request: HttpRequest, pk: int) -> HttpResponse:
    message = get_object_or_404(
        Message.objects.select_related("unit"), pk=pk, way=Way.IN, kind=Kind.EDOC
    )
    permissions.require(request.user, Action.REGISTER_DOCUMENTS, message.unit)
    with shown_as_message(request):
        withdrawing.return_received(request.user, message, request.POST.get("reason", ""))
        messages.success(
            request, _("Đã trả lại văn bản cho %(organ)s.") % {"organ": message.from_name}
        )
    if message.document_id is None:
        return redirect("exchange-unit", code=message.unit.code)
    return redirect("document-detail", pk=message.document_id)


def _withdraw(request: HttpRequest, pk: int, replacing: bool) -> HttpResponse:
    """Revoke (13) or replace (type 3) a document the unit sent over the exchange."""
    doc = get_object_or_404(Document.objects.select_related("unit"), pk=pk)
    permissions.require(request.user, Action.REGISTER_DOCUMENTS, doc.unit)
    reason = request.POST.get("reason", "")
    with shown_as_message(request):
        if replacing:
            new_doc = withdrawing.replacement_named(doc, request.POST.get("replacement", ""))
            made = withdrawing.replace_sent(request.user, doc, new_doc, reason)
            done = _("Đã gửi văn bản thay thế tới %(n)s cơ quan.")
        else:
            made = withdrawing.revoke_sent(request.user, doc, reason)
            done = _("Đã gửi yêu cầu thu hồi tới %(n)s cơ quan.")
        messages.success(request, done % {"n": len(made)})
    return redirect("document-detail", pk=doc.pk)


@login_required
@require_POST
def revoke(request: HttpRequest, pk: int) -> HttpResponse:
    return _withdraw(request, pk, replacing=False)


@login_required
@require_POST
def replace(request: HttpRequest, pk: int) -> HttpResponse:
    return _withdraw(request, pk, replacing=True)
