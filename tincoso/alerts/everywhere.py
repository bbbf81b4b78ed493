"""One message, every channel: an approved item sent from one form to the portal,
its feeds, the boards, the loudspeakers (by a TT 39 priority) and the subscribers
outside (webhooks, SMS), with each channel's status afterwards — the alerts' own
machinery (``Dispatch``, one ``Delivery`` per channel and target, ``outbound``, the
channels' table) serving an ordinary item.

- One dispatch per item: sending again adds channels, never a second delivery to a
  target already reached (the deliveries are unique per channel and target).
- The item's two people already approved its words, so the loudspeakers' bulletin
  made from it is approved in their names (``approved_by`` = the item's approver) and
  offered to the stations by the sender's own DISPATCH right once its speech is
  rendered (``tasks.speak_item``): normal waits in each inbox, priority goes into
  the next programme, emergency plays at once (``broadcast.stations.inbox``).
- Portal: an approved item waiting for its publication time is published now; the
  feeds and boards read published public items, so they follow it; a members-only
  item is shown on none of the three (status "not for this item").
- Boards: every board of the item's unit subtree is told to refresh (within ~5 s).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from tincoso.alerts import outbound
from tincoso.alerts.outbound_models import Delivery, Dispatch
from tincoso.broadcast.boards import services as boards
from tincoso.broadcast.bulletins import rendering
from tincoso.broadcast.bulletins import services as bulletins
from tincoso.broadcast.bulletins.models import Bulletin
from tincoso.broadcast.devices.models import Device
from tincoso.broadcast.stations import inbox
from tincoso.broadcast.stations.models import Priority
from tincoso.core import clock
from tincoso.core.errors import DomainError, PermissionDeniedError
from tincoso.publishing import services as publishing
from tincoso.publishing.models import Item
from tincoso.publishing.visibility import live
from tincoso.units import permissions
from tincoso.units.permissions import Action

CHANNELS = ("portal", "feeds", "boards", "loudspeakers", "subscribers")
D = Delivery.Status


class ChannelError(DomainError):
    code = "invalid_channels"


def may_send(actor: Any, item: Item) -> bool:
    return item.status in (Item.Status.APPROVED, Item.Status.PUBLISHED) and permissions.can(
        actor, Action.EDIT_CONTENT, item.unit)


def _check(actor: Any, item: Item, chosen: set[str], priority: str) -> None:
    permissions.require(actor, Action.EDIT_CONTENT, item.unit)
    if item.status not in (Item.Status.APPROVED, Item.Status.PUBLISHED):
        raise ChannelError(_("Chỉ gửi được tin đã duyệt."))
    if not chosen or not chosen <= set(CHANNELS):
        raise ChannelError(_("Hãy chọn ít nhất một kênh."))
    if "loudspeakers" in chosen:
        if priority not in Priority.values:
            raise ChannelError(_("Mức ưu tiên không hợp lệ."))
        permissions.require(actor, Action.DISPATCH, item.unit)


def record(dispatch: Dispatch, channel: str, target: str, status: str, detail: str = "") -> bool:
    """One delivery row, once: False when that channel already reached that target."""
    try:
        with transaction.atomic():
            Delivery.objects.create(dispatch=dispatch, channel=channel, target=target,
                                    status=status, detail=detail[:1000], attempts=1,
                                    created_at=clock.now(),
                                    done_at=None if status == D.PENDING else clock.now())
    except IntegrityError:
        return False
    return True


def _portal(dispatch: Dispatch, item: Item, chosen: set[str]) -> None:
    if "portal" in chosen and item.status == Item.Status.APPROVED:
        Item.objects.filter(pk=item.pk).update(publish_at=clock.now())
        publishing.publish_due()
        item.refresh_from_db()
    public = item.audience == Item.Audience.PUBLIC and live().filter(pk=item.pk).exists()
    wheres = {"portal": reverse("portal-item", args=[item.pk]),
              "feeds": reverse("feed-unit-atom", args=[item.unit.code])}  # fmt: skip
    why = str(_("Không áp dụng: tin chưa đăng hoặc chỉ dành cho cán bộ."))
    for channel in ("portal", "feeds"):
        if channel in chosen:
            record(dispatch, channel, wheres[channel], D.SENT if public else D.SKIPPED,
                   "" if public else why)


def _boards(dispatch: Dispatch, item: Item) -> None:
    found = (Device.objects.filter(unit__path__startswith=item.unit.path,
                                   kind=Device.Kind.BOARD, revoked_at=None)
             .exclude(token_hash="").order_by("pk"))  # fmt: skip
    public = item.audience == Item.Audience.PUBLIC and live().filter(pk=item.pk).exists()
    for device in found:
        if not public:
            record(dispatch, "boards", f"device:{device.pk}", D.SKIPPED,
                   str(_("Không áp dụng: tin chưa đăng hoặc chỉ dành cho cán bộ.")))
        elif record(dispatch, "boards", f"device:{device.pk}", D.SENT, device.name):
            boards.request_refresh(None, device)  # shown within one state poll


def _loudspeakers(actor: Any, dispatch: Dispatch, item: Item, priority: str) -> None:
    if Delivery.objects.filter(dispatch=dispatch, channel="loudspeakers").exists():
        return  # its bulletin was made already: offered once
    draft = bulletins.draft_from_item(actor, item)
    bulletin = bulletins.create_bulletin(actor, item.unit, draft)
    Bulletin.objects.filter(pk=bulletin.pk).update(
        status=Bulletin.Status.APPROVED, approved_by=item.approved_by, approved_at=clock.now(),
        source_item=item, audio_state=Bulletin.AudioState.PENDING)  # fmt: skip
    record(dispatch, "loudspeakers", f"bulletin:{bulletin.pk}", D.PENDING, priority)
    dispatch.options = {**dispatch.options, "priority": priority, "bulletin": bulletin.pk}
    dispatch.save(update_fields=["options"])
    from tincoso.alerts.tasks import speak_item_after_commit

    speak_item_after_commit(dispatch.pk)


@transaction.atomic
def send(actor: Any, item: Item, channels: Iterable[str], priority: str = "normal") -> Dispatch:
    """Send ``item`` to the ``channels`` ticked (checked whole first: bad input changes
    nothing). Returns its dispatch, whose deliveries say where it reached."""
    chosen = set(channels)
    _check(actor, item, chosen, priority)
    Item.objects.select_for_update().filter(pk=item.pk).first()
    dispatch = Dispatch.objects.filter(item=item, alert=None).first() or Dispatch.objects.create(
        unit=item.unit, item=item, created_by=actor, created_at=clock.now())
    dispatch.channels = sorted(set(dispatch.channels) | chosen)
    dispatch.save(update_fields=["channels"])
    _portal(dispatch, item, chosen)
    if "boards" in chosen:
        _boards(dispatch, item)
    if "loudspeakers" in chosen:
        _loudspeakers(actor, dispatch, item, priority)
    if "subscribers" in chosen:
        outbound.plan(dispatch, [item.unit])
    return dispatch


def speak_and_offer(dispatch_id: int) -> str:
    """The task's body: render the bulletin's speech, then offer it to the stations by
    its priority; the loudspeakers' deliveries say which stations got it."""
    dispatch = Dispatch.objects.select_related("created_by").get(pk=dispatch_id)
    bulletin_id = int(dispatch.options.get("bulletin", 0))
    row = Delivery.objects.filter(dispatch=dispatch, channel="loudspeakers",
                                  target=f"bulletin:{bulletin_id}").first()  # fmt: skip
    if row is None or row.status != D.PENDING:
        return "done"
    state = rendering.render_audio(bulletin_id)
    bulletin = Bulletin.objects.get(pk=bulletin_id)
    try:
        if state != "ready":
            raise ChannelError(_("Tạo âm thanh thất bại: %(error)s"), error=bulletin.audio_error)
        with transaction.atomic():
            offers = inbox.offer(dispatch.created_by, bulletin, dispatch.options["priority"])
            for made in offers:
                record(dispatch, "loudspeakers", f"station:{made.station_id}", D.SENT,
                       f"{made.station.name}: {made.get_status_display()}")
    except (DomainError, PermissionDeniedError) as error:
        row.status, row.detail, row.done_at = D.FAILED, error.in_both_languages(), clock.now()
        row.save(update_fields=["status", "detail", "done_at"])
        return "failed"
    row.status, row.done_at = D.SENT, clock.now()
    row.save(update_fields=["status", "done_at"])
    return f"offered to {len(offers)}"
