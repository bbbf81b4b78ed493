"""REST API for people managing devices (``/api/broadcast/devices/``): the same gate
and services as the pages. The device protocol itself is ``api.py``."""

from __future__ import annotations

from typing import Any

from django.shortcuts import get_object_or_404
from django.urls import reverse
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from tincoso.broadcast.devices import manifest, services
from tincoso.broadcast.devices.models import Device
from tincoso.broadcast.stations.models import Cluster
from tincoso.units.services import get_unit


class DeviceSerializer(serializers.ModelSerializer[Device]):
    unit = serializers.SlugRelatedField(slug_field="code", read_only=True)  # type: ignore[var-annotated]
    online = serializers.SerializerMethodField()
    revoked = serializers.SerializerMethodField()

    class Meta:
        model = Device
        fields = ["id", "unit", "kind", "cluster", "name", "latitude", "longitude", "group",
                  "model", "firmware", "last_seen", "online", "revoked", "playing_bulletin",
                  "volume", "power", "free_disk_mb", "signal_dbm", "clock_skew_ms",
                  "manifest_version", "reported_manifest_version", "faults"]
        read_only_fields = fields

    def get_online(self, obj: Device) -> bool:
        return services.is_online(obj)

    def get_revoked(self, obj: Device) -> bool:
        return obj.revoked_at is not None


class DeviceInput(serializers.Serializer[Any]):
    unit = serializers.SlugField()
    kind = serializers.ChoiceField(choices=Device.Kind.choices)
    name = serializers.CharField(max_length=255)
    cluster = serializers.IntegerField(min_value=1, required=False, allow_null=True,
                                       default=None)
    latitude = serializers.CharField(required=False, allow_blank=True, default="")
    longitude = serializers.CharField(required=False, allow_blank=True, default="")
    group = serializers.CharField(max_length=64, required=False, allow_blank=True, default="")
    model = serializers.CharField(max_length=128, required=False, allow_blank=True, default="")


class DeviceViewSet(viewsets.ReadOnlyModelViewSet[Device]):
    """Devices the caller may see: ``?unit=CODE&kind=&status=online|offline|revoked``."""

    serializer_class = DeviceSerializer

    def get_queryset(self) -> Any:
        return services.devices_visible_to(self.request.user, self.request.query_params)

    @extend_schema(request=DeviceInput, responses={201: DeviceSerializer})
    def create(self, request: Request) -> Response:
        data = DeviceInput(data=request.data)
        data.is_valid(raise_exception=True)
        v = dict(data.validated_data)
        unit = get_unit(v.pop("unit"))
        cluster_id = v.pop("cluster")
        cluster = get_object_or_404(Cluster.objects.select_related("station__unit"),
                                    pk=cluster_id) if cluster_id else None
        device = services.save_device(request.user, unit,
                                      services.DeviceData(cluster=cluster, **v))
        return Response(DeviceSerializer(device).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses={201: inline_serializer("DeviceEnrolmentCodeIssued", {
        "code": serializers.CharField(help_text="shown once"),
        "expires_at": serializers.DateTimeField(), "enrol_url": serializers.CharField()})})
    @action(detail=True, methods=["post"], url_path="enrolment-code")
    def enrolment_code(self, request: Request, pk: str | None = None) -> Response:
        """A new one-time enrolment code (earlier unused codes stop working)."""
        code, row = services.new_enrolment_code(request.user, self.get_object())
        return Response({"code": code, "expires_at": row.expires_at,
                         "enrol_url": manifest.site_root() + reverse("device-enrol")},
                        status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses={200: inline_serializer("DeviceTokenIssued", {
        "token": serializers.CharField(help_text="shown once")})})
    @action(detail=True, methods=["post"])
    def rotate(self, request: Request, pk: str | None = None) -> Response:
        """A new credential for the device; the old one is refused from now on."""
        return Response({"token": services.rotate(request.user, self.get_object())})

    @extend_schema(request=None, responses=DeviceSerializer)
    @action(detail=True, methods=["post"])
    def revoke(self, request: Request, pk: str | None = None) -> Response:
        """Refuse the device from its next request on."""
        return Response(DeviceSerializer(services.revoke(request.user, self.get_object())).data)
