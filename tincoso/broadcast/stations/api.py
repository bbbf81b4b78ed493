"""REST API for stations, clusters, slots, programmes, the inbox, schedules and the
playlist (same gate and services as the pages)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from tincoso.broadcast.bulletins.models import Bulletin
from tincoso.broadcast.stations import inbox, playlist, programmes, services
from tincoso.broadcast.stations.models import (
    Cluster,
    Entry,
    Offer,
    Priority,
    Programme,
    Schedule,
    Slot,
    Station,
)
from tincoso.core import clock
from tincoso.core.api import object_id
from tincoso.core.errors import DomainError
from tincoso.units.services import get_unit


def _data(request: Request) -> dict[str, Any]:
    """The request body as a mapping (a JSON list body counts as empty)."""
    return request.data if isinstance(request.data, dict) else {}


def _station(request: Request, pk: Any) -> Station:
    station = get_object_or_404(Station.objects.select_related("unit"), pk=pk)
    services.require_viewer(request.user, station)
    return station


def _date(raw: str | None, default: dt.date) -> dt.date:
    if not raw:
        return default
    try:
        return dt.date.fromisoformat(raw)
    except ValueError:
        raise DomainError(_("Ngày không hợp lệ: %(value)s."), value=raw[:20]) from None


def _moment(raw: str | None, default: dt.datetime) -> dt.datetime:
    if not raw:
        return default
    try:
        value = dt.datetime.fromisoformat(raw)
    except ValueError:
        raise DomainError(_("Thời điểm không hợp lệ: %(value)s."), value=raw[:40]) from None
    if value.tzinfo is None:
        raise DomainError(_("Thời điểm phải có múi giờ, ví dụ 2026-03-01T06:00:00+07:00."))
    return value


class StationSerializer(serializers.ModelSerializer[Station]):
    unit = serializers.SlugRelatedField(slug_field="code", read_only=True)  # type: ignore[var-annotated]

    class Meta:
        model = Station
        fields = ["id", "unit", "name", "timezone", "gap_seconds"]
        read_only_fields = fields


class StationInput(serializers.Serializer[Any]):
    unit = serializers.SlugField()
    name = serializers.CharField(max_length=255)
    gap_seconds = serializers.IntegerField(min_value=0, max_value=120, default=5)


class ClusterSerializer(serializers.ModelSerializer[Cluster]):
    village = serializers.SlugRelatedField(slug_field="code", read_only=True)  # type: ignore[var-annotated]

    class Meta:
        model = Cluster
        fields = ["id", "station", "name", "village", "village_name", "latitude", "longitude",
                  "group", "active"]
        read_only_fields = fields


class ClusterInput(serializers.Serializer[Any]):
    station = serializers.IntegerField(min_value=1)
    name = serializers.CharField(max_length=255)
    village = serializers.SlugField(required=False, allow_blank=True, default="")
    village_name = serializers.CharField(max_length=255, required=False, allow_blank=True,
                                         default="")
    latitude = serializers.CharField(required=False, allow_blank=True, default="")
    longitude = serializers.CharField(required=False, allow_blank=True, default="")
    group = serializers.CharField(max_length=64, required=False, allow_blank=True, default="")
    active = serializers.BooleanField(default=True)


class SlotSerializer(serializers.ModelSerializer[Slot]):
    class Meta:
        model = Slot
        fields = ["id", "station", "weekdays", "start", "end"]
        read_only_fields = fields


class SlotInput(serializers.Serializer[Any]):
    station = serializers.IntegerField(min_value=1)
    weekdays = serializers.CharField(max_length=7, default="0123456",
                                     help_text="Monday 0 … Sunday 6, e.g. 0123456")
    start = serializers.TimeField()
    end = serializers.TimeField()


class EntrySerializer(serializers.ModelSerializer[Entry]):
    title = serializers.CharField(source="bulletin.title", read_only=True)
    duration = serializers.FloatField(source="bulletin.duration", read_only=True)

    class Meta:
        model = Entry
        fields = ["id", "bulletin", "title", "duration", "priority", "position", "offer"]
        read_only_fields = fields


class EntryInput(serializers.Serializer[Any]):
    bulletin = serializers.IntegerField(min_value=1)
    priority = serializers.BooleanField(default=False)


class OfferSerializer(serializers.ModelSerializer[Offer]):
    source = serializers.SlugRelatedField(slug_field="code", read_only=True)  # type: ignore[var-annotated,assignment]
    title = serializers.CharField(source="bulletin.title", read_only=True)

    class Meta:
        model = Offer
        fields = ["id", "bulletin", "title", "station", "source", "priority", "status",
                  "offered_at", "decided_at", "reason"]
        read_only_fields = fields


class OfferInput(serializers.Serializer[Any]):
    bulletin = serializers.IntegerField(min_value=1)
    priority = serializers.ChoiceField(choices=Priority.choices)
    clusters = serializers.ListField(child=serializers.IntegerField(min_value=1), default=list,
                                     max_length=200)
    start = serializers.DateTimeField(required=False, allow_null=True, default=None)
    every_minutes = serializers.IntegerField(required=False, allow_null=True, default=None,
                                             min_value=1, max_value=1440)
    until = serializers.DateTimeField(required=False, allow_null=True, default=None)


class ScheduleSerializer(serializers.ModelSerializer[Schedule]):
    times = serializers.SerializerMethodField()

    class Meta:
        model = Schedule
        fields = ["id", "station", "bulletin", "priority", "starts_at", "every_minutes",
                  "until", "offer", "cancelled_at", "times"]
        read_only_fields = fields

    def get_times(self, obj: Schedule) -> list[str]:
        return [t.isoformat() for t in inbox.expand(obj)]


class ScheduleInput(serializers.Serializer[Any]):
    station = serializers.IntegerField(min_value=1)
    bulletin = serializers.IntegerField(min_value=1)
    priority = serializers.ChoiceField(choices=Priority.choices, default=Priority.NORMAL)
    starts_at = serializers.DateTimeField()
    every_minutes = serializers.IntegerField(required=False, allow_null=True, default=None,
                                             min_value=1, max_value=1440)
    until = serializers.DateTimeField(required=False, allow_null=True, default=None)


class PlaySerializer(serializers.Serializer[Any]):
    bulletin_id = serializers.IntegerField()
    title = serializers.CharField()
    start = serializers.DateTimeField()
    end = serializers.DateTimeField()
    seconds = serializers.FloatField()
    priority = serializers.ChoiceField(choices=Priority.choices)
    source = serializers.CharField(help_text="code of the unit that sent it")  # type: ignore[assignment]
    own = serializers.BooleanField(help_text="sent by the station's unit or a unit below it")
    audio_sha256 = serializers.CharField()
    kind = serializers.ChoiceField(choices=["programme", "schedule"])
    programme_id = serializers.IntegerField(allow_null=True)


_PLAYLIST_PARAMS = [
    OpenApiParameter("at", OpenApiTypes.DATETIME, description="default: now"),
    OpenApiParameter("hours", OpenApiTypes.INT, description="horizon, 1–744 (default 24)"),
]


def _playlist(request: Request, target: Station | Cluster) -> Response:
    at = _moment(request.query_params.get("at"), clock.now())
    raw = request.query_params.get("hours") or "24"
    if not raw.isdigit() or not 1 <= int(raw) <= 744:
        raise DomainError(_("Số giờ phải là số nguyên từ 1 đến 744."))
    plays = playlist.playlist(target, at, dt.timedelta(hours=int(raw)))
    return Response([p.as_dict() for p in plays])


class StationViewSet(viewsets.ReadOnlyModelViewSet[Station]):
    """Stations the caller may see; ``?unit=CODE`` narrows to a subtree."""

    serializer_class = StationSerializer

    def get_queryset(self) -> Any:
        qs = services.stations_visible_to(self.request.user).select_related("unit")
        code = self.request.query_params.get("unit")
        if code:
            qs = qs.filter(unit__path__startswith=get_unit(code).path)
        return qs.order_by("unit__path")

    @extend_schema(request=StationInput, responses={201: StationSerializer})
    def create(self, request: Request) -> Response:
        data = StationInput(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        station = services.create_station(request.user, get_unit(v["unit"]), v["name"],
                                          gap_seconds=v["gap_seconds"])
        return Response(StationSerializer(station).data, status=status.HTTP_201_CREATED)

    @extend_schema(parameters=_PLAYLIST_PARAMS, responses=PlaySerializer(many=True))
    @action(detail=True, methods=["get"])
    def playlist(self, request: Request, pk: str | None = None) -> Response:
        """Exactly what the station plays (see ``stations.playlist``)."""
        return _playlist(request, self.get_object())

    @extend_schema(
        parameters=[OpenApiParameter("date", OpenApiTypes.DATE),
                    OpenApiParameter("slot", OpenApiTypes.INT)],
        responses=EntrySerializer(many=True),
    )  # fmt: skip
    @action(detail=True, methods=["get"])
    def programme(self, request: Request, pk: str | None = None) -> Response:
        """The entries of one slot's programme on a date, in playing order."""
        station = self.get_object()
        day = _date(request.query_params.get("date"), clock.today())
        slot = get_object_or_404(station.slots, pk=object_id(request.query_params, "slot"))
        found = Programme.objects.filter(slot=slot, date=day).first()
        entries = programmes.ordered(found) if found else []
        return Response(EntrySerializer(entries, many=True).data)


class ClusterViewSet(viewsets.ReadOnlyModelViewSet[Cluster]):
    """Clusters: ``?unit=CODE&village=&group=&active=1|0``."""

    serializer_class = ClusterSerializer

    def get_queryset(self) -> Any:
        return services.clusters_visible_to(self.request.user, self.request.query_params)

    def _save(self, request: Request, cluster: Cluster | None) -> Cluster:
        data = ClusterInput(data=request.data)
        data.is_valid(raise_exception=True)
        v = dict(data.validated_data)
        station = _station(request, v.pop("station"))
        village = get_unit(v.pop("village")) if v.get("village") else None
        v.pop("village", None)
        return services.save_cluster(request.user, station,
                                     services.ClusterData(village=village, **v), cluster)

    @extend_schema(request=ClusterInput, responses={201: ClusterSerializer})
    def create(self, request: Request) -> Response:
        return Response(ClusterSerializer(self._save(request, None)).data,
                        status=status.HTTP_201_CREATED)

    @extend_schema(request=ClusterInput, responses=ClusterSerializer)
    def update(self, request: Request, pk: str | None = None) -> Response:
        return Response(ClusterSerializer(self._save(request, self.get_object())).data)

    @extend_schema(parameters=_PLAYLIST_PARAMS, responses=PlaySerializer(many=True))
    @action(detail=True, methods=["get"])
    def playlist(self, request: Request, pk: str | None = None) -> Response:
        """Exactly what the cluster plays (its station's list for its village)."""
        return _playlist(request, self.get_object())


class SlotViewSet(viewsets.ReadOnlyModelViewSet[Slot]):
    """Weekly slots of the stations the caller may see (``?station=ID``)."""

    serializer_class = SlotSerializer

    def get_queryset(self) -> Any:
        qs = Slot.objects.filter(station__in=services.stations_visible_to(self.request.user))
        if self.request.query_params.get("station"):
            qs = qs.filter(station_id=object_id(self.request.query_params, "station"))
        return qs.order_by("station_id", "start")

    @extend_schema(request=SlotInput, responses={201: SlotSerializer})
    def create(self, request: Request) -> Response:
        data = SlotInput(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        slot = services.save_slot(request.user, _station(request, v["station"]), v["weekdays"],
                                  v["start"], v["end"])
        return Response(SlotSerializer(slot).data, status=status.HTTP_201_CREATED)

    def destroy(self, request: Request, pk: str | None = None) -> Response:
        services.delete_slot(request.user, self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(request=EntryInput, responses={201: EntrySerializer})
    @action(detail=True, methods=["post"], url_path=r"programme/(?P<day>\d{4}-\d{2}-\d{2})")
    def add_entry(self, request: Request, pk: str | None = None, day: str = "") -> Response:
        """Add the station's own bulletin ``{"bulletin": ID, "priority": false}`` to the
        slot's programme of ``day``."""
        slot = self.get_object()
        bulletin = get_object_or_404(Bulletin, pk=object_id(_data(request), "bulletin"))
        entry = programmes.add_to(request.user, slot, _date(day, clock.today()), bulletin,
                                  priority=bool(_data(request).get("priority")))
        return Response(EntrySerializer(entry).data, status=status.HTTP_201_CREATED)



class EntryViewSet(viewsets.GenericViewSet[Entry]):
    serializer_class = EntrySerializer

    def get_queryset(self) -> Any:
        return Entry.objects.filter(
            programme__slot__station__in=services.stations_visible_to(self.request.user))

    @extend_schema(request=None, parameters=[OpenApiParameter("step", OpenApiTypes.INT)],
                   responses=EntrySerializer(many=True))
    @action(detail=True, methods=["post"])
    def move(self, request: Request, pk: str | None = None) -> Response:
        """Move an entry one place up (``step=-1``) or down (``step=1``) among its kind."""
        raw = str(_data(request).get("step", request.query_params.get("step", "")))
        if raw not in ("-1", "1"):
            raise DomainError(_("Chỉ được chuyển lên hoặc xuống một vị trí."))
        entries = programmes.move_entry(request.user, self.get_object(), int(raw))
        return Response(EntrySerializer(entries, many=True).data)

    def destroy(self, request: Request, pk: str | None = None) -> Response:
        programmes.remove_entry(request.user, self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)


class OfferViewSet(viewsets.ReadOnlyModelViewSet[Offer]):
    """The inboxes of the stations the caller may see (``?station=ID&status=``); POST
    offers a bulletin of the caller's unit downward by a TT 39 priority."""

    serializer_class = OfferSerializer

    def get_queryset(self) -> Any:
        qs = Offer.objects.filter(
            station__in=services.stations_visible_to(self.request.user)
        ).select_related("bulletin", "source")
        params = self.request.query_params
        if params.get("station"):
            qs = qs.filter(station_id=object_id(params, "station"))
        if params.get("status") in Offer.Status.values:
            qs = qs.filter(status=params["status"])
        return qs.order_by("-offered_at", "-id")

    @extend_schema(request=OfferInput, responses={201: OfferSerializer(many=True)})
    def create(self, request: Request) -> Response:
        data = OfferInput(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        bulletin = get_object_or_404(Bulletin, pk=v["bulletin"])
        clusters = list(Cluster.objects.filter(pk__in=v["clusters"]).select_related("station"))
        if len(clusters) != len(set(v["clusters"])):
            raise DomainError(_("Có cụm loa không tồn tại."))
        made = inbox.offer(request.user, bulletin, v["priority"], clusters, v["start"],
                           v["every_minutes"], v["until"])
        return Response(OfferSerializer(made, many=True).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=EntryInput, responses={200: OpenApiTypes.OBJECT})
    @action(detail=False, methods=["post"])
    def stop(self, request: Request) -> Response:
        """The sending unit stops its emergency ``{"bulletin": ID}`` at every station."""
        bulletin = get_object_or_404(Bulletin, pk=object_id(_data(request), "bulletin"))
        return Response({"stopped": inbox.stop_emergency(request.user, bulletin)})

    @extend_schema(request=None, responses=OfferSerializer)
    @action(detail=True, methods=["post"])
    def accept(self, request: Request, pk: str | None = None) -> Response:
        """Accept into the next programme, or ``{"slot": ID, "date": "YYYY-MM-DD"}``."""
        offer = self.get_object()
        slot_id = object_id(_data(request), "slot") if _data(request).get("slot") else None
        day = _date(_data(request).get("date"), clock.today()) if slot_id else None
        return Response(OfferSerializer(inbox.accept(request.user, offer, slot_id, day)).data)

    @extend_schema(request=None, responses=OfferSerializer)
    @action(detail=True, methods=["post"])
    def decline(self, request: Request, pk: str | None = None) -> Response:
        """Decline a normal bulletin: ``{"reason": "…"}`` (required)."""
        reason = str(_data(request).get("reason") or "")
        return Response(OfferSerializer(inbox.decline(request.user, self.get_object(),
                                                      reason)).data)


class ScheduleViewSet(viewsets.ReadOnlyModelViewSet[Schedule]):
    """One-off and repeated plays (``?station=ID``), with their concrete times."""

    serializer_class = ScheduleSerializer

    def get_queryset(self) -> Any:
        qs = Schedule.objects.filter(
            station__in=services.stations_visible_to(self.request.user)).select_related("station")
        if self.request.query_params.get("station"):
            qs = qs.filter(station_id=object_id(self.request.query_params, "station"))
        return qs.order_by("-starts_at", "-id")

    @extend_schema(request=ScheduleInput, responses={201: ScheduleSerializer})
    def create(self, request: Request) -> Response:
        data = ScheduleInput(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        station = _station(request, v["station"])
        bulletin = get_object_or_404(Bulletin, pk=v["bulletin"])
        made = inbox.add_schedule(request.user, station, bulletin, v["priority"],
                                  v["starts_at"], v["every_minutes"], v["until"])
        return Response(ScheduleSerializer(made).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses=ScheduleSerializer)
    @action(detail=True, methods=["post"])
    def cancel(self, request: Request, pk: str | None = None) -> Response:
        return Response(ScheduleSerializer(inbox.cancel_schedule(request.user,
                                                                 self.get_object())).data)
