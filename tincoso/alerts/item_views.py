"""The one form that sends an approved item to every channel, and its status."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from tincoso.alerts import delivery, everywhere
from tincoso.alerts.outbound_models import Dispatch
from tincoso.broadcast.stations.models import Priority
from tincoso.core.flash import shown_as_message
from tincoso.publishing.models import Item
from tincoso.units import permissions
from tincoso.units.permissions import Action


def _item(request: HttpRequest, pk: int) -> Item:
    item = get_object_or_404(Item.objects.select_related("unit", "current"), pk=pk)
    if not permissions.can(request.user, Action.VIEW, item.unit):
        raise Http404  # another unit's item: not even its existence is shown
    return item


def _context(request: HttpRequest, item: Item) -> dict[str, object]:
    dispatch = Dispatch.objects.filter(item=item, alert=None).first()
    return {"item": item, "channels": delivery.dispatch_channels(dispatch),
            "poll_url": reverse("item-channels-status", args=[item.pk])}  # fmt: skip


@login_required
def item_channels(request: HttpRequest, pk: int) -> HttpResponse:
    item = _item(request, pk)
    if request.method == "POST":
        with shown_as_message(request):
            everywhere.send(request.user, item, request.POST.getlist("channel"),
                            request.POST.get("priority", Priority.NORMAL))  # fmt: skip
            messages.success(request, _("Đã gửi đến các kênh đã chọn."))
            return redirect("item-channels", pk=item.pk)
    version = item.published_version or item.current
    return render(request, "alerts/item_channels.html", {
        **_context(request, item), "title": version.title if version else "",
        "can_send": everywhere.may_send(request.user, item),
        "names": [(c, delivery.NAMES.get(c, c)) for c in everywhere.CHANNELS],
        "priorities": Priority.choices})  # fmt: skip


@login_required
def item_channels_status(request: HttpRequest, pk: int) -> HttpResponse:
    """The channels' table alone, polled by the form's page (htmx)."""
    return render(request, "alerts/_channels.html", _context(request, _item(request, pk)))
