"""Staff pages: stations and clusters (map-free list with filters), a station with its
clusters and slots, a day's programmes (reorder), the inbox, schedules, offering."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tincoso.broadcast.bulletins.models import Bulletin
from tincoso.broadcast.stations import inbox, playlist, programmes, services
from tincoso.broadcast.stations.models import Cluster, Entry, Offer, Priority, Schedule, Station
from tincoso.core import clock
from tincoso.core.errors import DomainError
from tincoso.units import permissions
from tincoso.units.models import Unit, UnitKind
from tincoso.units.permissions import Action
from tincoso.units.services import get_unit

PAGE_SIZE = 50
WEEKDAYS = [("0", "T2"), ("1", "T3"), ("2", "T4"), ("3", "T5"), ("4", "T6"), ("5", "T7"),
            ("6", "CN")]


def _station(request: HttpRequest, pk: int) -> Station:
    station = get_object_or_404(Station.objects.select_related("unit"), pk=pk)
    services.require_viewer(request.user, station)
    return station


def _int(raw: Any, what: str) -> int:
    text = str(raw or "").strip()
    if not text.lstrip("-").isdigit() or len(text) > 12:
        raise DomainError(_("Giá trị “%(what)s” phải là số nguyên."), what=what)
    return int(text)


def _time(raw: Any) -> dt.time:
    try:
        return dt.time.fromisoformat(str(raw or "").strip())
    except ValueError:
        raise DomainError(_("Giờ không hợp lệ (dạng HH:MM).")) from None


def _day(raw: Any) -> dt.date:
    if not raw:
        return clock.today()
    try:
        return dt.date.fromisoformat(str(raw))
    except ValueError:
        raise DomainError(_("Ngày không hợp lệ: %(value)s."), value=str(raw)[:20]) from None


def _local(raw: Any, station: Station) -> dt.datetime | None:
    """A datetime-local field read in the station's time zone."""
    if not raw:
        return None
    try:
        value = dt.datetime.fromisoformat(str(raw))
    except ValueError:
        raise DomainError(_("Thời điểm không hợp lệ: %(value)s."), value=str(raw)[:40]) from None
    return value if value.tzinfo else value.replace(tzinfo=programmes.zone(station))


@login_required
def station_list(request: HttpRequest) -> HttpResponse:
    stations = services.stations_visible_to(request.user).select_related("unit").order_by(
        "unit__path")
    clusters = services.clusters_visible_to(request.user, request.GET)
    page = Paginator(clusters, PAGE_SIZE).get_page(request.GET.get("page"))
    editable = permissions.units_where(request.user, Action.EDIT_CONTENT).filter(
        kind=UnitKind.COMMUNE, station__isnull=True).order_by("path")[:500]
    groups = sorted(set(services.clusters_visible_to(request.user).exclude(group="")
                        .values_list("group", flat=True)))
    return render(request, "broadcast/stations/list.html", {
        "stations": stations, "page": page, "params": request.GET, "groups": groups,
        "new_units": editable,
    })


@login_required
@require_POST
def station_new(request: HttpRequest) -> HttpResponse:
    unit = get_unit(str(request.POST.get("unit") or ""))
    station = services.create_station(request.user, unit, str(request.POST.get("name") or ""))
    messages.success(request, _("Đã lập đài truyền thanh."))
    return redirect("station-detail", pk=station.pk)


@login_required
def station_detail(request: HttpRequest, pk: int) -> HttpResponse:
    station = _station(request, pk)
    now = clock.now()
    labels = dict(Priority.choices)
    return render(request, "broadcast/stations/detail.html", {
        "station": station,
        "clusters": station.clusters.select_related("village"),
        "slots": station.slots.all(),
        "villages": Unit.objects.filter(path__startswith=station.unit.path,
                                        kind=UnitKind.VILLAGE).order_by("name"),
        "can_operate": services.can_operate(request.user, station),
        "weekdays": WEEKDAYS,
        "plays": [(p, labels.get(p.priority, p.priority))
                  for p in playlist.playlist(station, now, dt.timedelta(hours=24))[:20]],
        "pending": station.offers.filter(status=Offer.Status.PENDING).count(),
    })


@login_required
@require_POST
def cluster_save(request: HttpRequest, pk: int) -> HttpResponse:
    station = _station(request, pk)
    p = request.POST
    cluster = None
    if p.get("cluster"):
        cluster = get_object_or_404(Cluster, pk=_int(p["cluster"], "cluster"), station=station)
    village = None
    if p.get("village"):
        village = get_object_or_404(Unit, pk=_int(p["village"], "village"))
    services.save_cluster(request.user, station, services.ClusterData(
        name=str(p.get("name") or ""), village=village,
        village_name=str(p.get("village_name") or ""), latitude=p.get("latitude"),
        longitude=p.get("longitude"), group=str(p.get("group") or ""),
        active=p.get("active", "1") == "1"), cluster)
    messages.success(request, _("Đã lưu cụm loa."))
    return redirect("station-detail", pk=station.pk)


@login_required
@require_POST
def slot_save(request: HttpRequest, pk: int) -> HttpResponse:
    station = _station(request, pk)
    slot = None
    if request.POST.get("slot"):
        slot = get_object_or_404(station.slots, pk=_int(request.POST["slot"], "slot"))
    services.save_slot(request.user, station, request.POST.getlist("weekdays"),
                       _time(request.POST.get("start")), _time(request.POST.get("end")), slot)
    messages.success(request, _("Đã lưu khung giờ.") if slot else _("Đã thêm khung giờ."))
    return redirect("station-detail", pk=station.pk)


@login_required
@require_POST
def slot_delete(request: HttpRequest, pk: int, slot: int) -> HttpResponse:
    station = _station(request, pk)
    services.delete_slot(request.user, get_object_or_404(station.slots, pk=slot))
    messages.success(request, _("Đã xóa khung giờ."))
    return redirect("station-detail", pk=station.pk)


def _own_playable(station: Station) -> list[Bulletin]:
    rows = Bulletin.objects.filter(unit__path__startswith=station.unit.path,
                                   status=Bulletin.Status.APPROVED).order_by("-created_at")[:200]
    return [b for b in rows if b.playable]


@login_required
def programme_day(request: HttpRequest, pk: int) -> HttpResponse:
    station = _station(request, pk)
    day = _day(request.GET.get("date"))
    programmes.check_date(day, clock.today())
    shown = []
    for slot in station.slots.all():
        if not slot.runs_on(day.weekday()):
            continue
        found = slot.programmes.filter(date=day).first()
        entries = programmes.ordered(found) if found else []
        shown.append({"slot": slot, "programme": found, "entries": entries,
                      "length": programmes.length_of(found) if found else None})
    return render(request, "broadcast/stations/programme.html", {
        "station": station, "day": day, "programmes": shown,
        "previous": day - dt.timedelta(days=1), "following": day + dt.timedelta(days=1),
        "can_operate": services.can_operate(request.user, station),
        "bulletins": _own_playable(station),
    })


@login_required
@require_POST
def entry_add(request: HttpRequest, pk: int) -> HttpResponse:
    station = _station(request, pk)
    day = _day(request.POST.get("date"))
    slot = get_object_or_404(station.slots, pk=_int(request.POST.get("slot"), "slot"))
    bulletin = get_object_or_404(Bulletin, pk=_int(request.POST.get("bulletin"), "bulletin"))
    programmes.add_to(request.user, slot, day, bulletin,
                      priority=request.POST.get("priority") == "1")
    messages.success(request, _("Đã thêm bản tin vào chương trình."))
    return redirect(f"{_programme_url(station, day)}")


def _programme_url(station: Station, day: dt.date) -> str:
    from django.urls import reverse

    return f"{reverse('station-programme', args=[station.pk])}?date={day.isoformat()}"


def _entry(request: HttpRequest, pk: int, entry: int) -> Entry:
    station = _station(request, pk)
    return get_object_or_404(Entry.objects.select_related("programme__slot__station", "offer"),
                             pk=entry, programme__slot__station=station)


@login_required
@require_POST
def entry_move(request: HttpRequest, pk: int, entry: int) -> HttpResponse:
    item = _entry(request, pk, entry)
    step = _int(request.POST.get("step"), "step")
    programmes.move_entry(request.user, item, step)
    return redirect(_programme_url(item.programme.slot.station, item.programme.date))


@login_required
@require_POST
def entry_remove(request: HttpRequest, pk: int, entry: int) -> HttpResponse:
    item = _entry(request, pk, entry)
    programmes.remove_entry(request.user, item)
    messages.success(request, _("Đã bỏ bản tin khỏi chương trình."))
    return redirect(_programme_url(item.programme.slot.station, item.programme.date))


@login_required
def inbox_view(request: HttpRequest, pk: int) -> HttpResponse:
    station = _station(request, pk)
    offers = inbox.inbox(station).prefetch_related("entries__programme")
    if request.GET.get("status") in Offer.Status.values:
        offers = offers.filter(status=request.GET["status"])
    page = Paginator(offers, PAGE_SIZE).get_page(request.GET.get("page"))
    now = clock.now()
    return render(request, "broadcast/stations/inbox.html", {
        "station": station, "page": page, "statuses": Offer.Status.choices,
        "upcoming": [(f"{slot.pk}:{day:%Y-%m-%d}", programmes.slot_start(slot, day), slot)
                     for slot, day in programmes.occurrences(station, now, now + UPCOMING)],
        "status": request.GET.get("status", ""),
        "can_operate": services.can_operate(request.user, station),
    })


UPCOMING = dt.timedelta(days=7)


def _when(raw: Any) -> tuple[int | None, dt.date | None]:
    """``SLOT:YYYY-MM-DD`` from the inbox's choice of programme; empty is the next one."""
    if not raw:
        return None, None
    slot, _sep, day = str(raw).partition(":")
    return _int(slot, "slot"), _day(day)


@login_required
@require_POST
def offer_decide(request: HttpRequest, pk: int, offer: int) -> HttpResponse:
    station = _station(request, pk)
    item = get_object_or_404(Offer, pk=offer, station=station)
    if request.POST.get("decision") == "decline":
        inbox.decline(request.user, item, str(request.POST.get("reason") or ""))
        messages.success(request, _("Đã ghi không phát bản tin."))
    else:
        slot_id, day = _when(request.POST.get("when"))
        inbox.accept(request.user, item, slot_id, day)
        messages.success(request, _("Đã nhận bản tin vào chương trình kế tiếp."))
    return redirect("station-inbox", pk=station.pk)


@login_required
def schedules_view(request: HttpRequest, pk: int) -> HttpResponse:
    station = _station(request, pk)
    rows = station.schedules.select_related("bulletin", "offer__source").order_by(
        "-starts_at", "-id")[:100]
    return render(request, "broadcast/stations/schedules.html", {
        "station": station,
        "schedules": [(s, inbox.expand(s)) for s in rows],
        "can_operate": services.can_operate(request.user, station),
        "bulletins": _own_playable(station), "priorities": Priority.choices,
        "now": timezone.localtime(clock.now()),
    })


@login_required
@require_POST
def schedule_add(request: HttpRequest, pk: int) -> HttpResponse:
    station = _station(request, pk)
    p = request.POST
    bulletin = get_object_or_404(Bulletin, pk=_int(p.get("bulletin"), "bulletin"))
    starts_at = _local(p.get("starts_at"), station)
    if starts_at is None:
        raise DomainError(_("Hãy chọn thời điểm phát."))
    every = _int(p["every_minutes"], "every_minutes") if p.get("every_minutes") else None
    inbox.add_schedule(request.user, station, bulletin, str(p.get("priority") or "normal"),
                       starts_at, every, _local(p.get("until"), station))
    messages.success(request, _("Đã đặt lịch phát."))
    return redirect("station-schedules", pk=station.pk)


@login_required
@require_POST
def schedule_cancel(request: HttpRequest, pk: int, schedule: int) -> HttpResponse:
    station = _station(request, pk)
    inbox.cancel_schedule(request.user, get_object_or_404(Schedule, pk=schedule, station=station))
    messages.success(request, _("Đã dừng lịch phát."))
    return redirect("station-schedules", pk=station.pk)


@login_required
def offer_new(request: HttpRequest) -> HttpResponse:
    """Offer an approved bulletin of one's unit down to the stations it reaches."""
    units = permissions.units_where(request.user, Action.DISPATCH)
    candidates = [b for b in Bulletin.objects.filter(
        unit__in=units, status=Bulletin.Status.APPROVED).select_related("unit")
        .order_by("-created_at")[:200] if b.playable]
    if request.method == "POST" and request.POST.get("stop"):
        bulletin = get_object_or_404(Bulletin, pk=_int(request.POST.get("stop"), "stop"))
        stopped = inbox.stop_emergency(request.user, bulletin)
        messages.success(request, _("Đã dừng phát bản tin khẩn cấp ở %(n)s đài.") % {"n": stopped})
        return redirect("station-offer")
    if request.method == "POST":
        bulletin = get_object_or_404(Bulletin, pk=_int(request.POST.get("bulletin"), "bulletin"))
        made = inbox.offer(request.user, bulletin, str(request.POST.get("priority") or ""))
        messages.success(request, _("Đã gửi bản tin đến %(n)s đài.") % {"n": len(made)})
        return redirect("station-offer")
    return render(request, "broadcast/stations/offer.html", {
        "bulletins": [(b, inbox.target_stations(b.unit).count()) for b in candidates],
        "priorities": Priority.choices,
        "running": inbox.running_emergencies(request.user)[:50],
    })
