"""REST API for officers: commands to a device and their answers
(``/api/broadcast/devices/<id>/commands``), and emergencies
(``/api/broadcast/emergencies/``: list, start, ``<id>/stop``). Same gate and
services as the pages."""

from __future__ import annotations

from typing import Any

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from tincoso.broadcast.bulletins.models import Bulletin
from tincoso.broadcast.devices import commands, emergency, services
from tincoso.broadcast.devices.emergency_views import visible
from tincoso.broadcast.devices.models import Device
from tincoso.broadcast.devices.push_models import Command, Emergency
from tincoso.units import permissions
from tincoso.units.permissions import Action
from tincoso.units.services import get_unit


class CommandSerializer(serializers.ModelSerializer[Command]):
    created_by = serializers.StringRelatedField()  # type: ignore[var-annotated]

    class Meta:
        model = Command
        fields = ["id", "message_id", "command", "args", "issued_at", "expires_at",
                  "created_by", "ack_status", "ack_detail", "acked_at"]


class CommandInput(serializers.Serializer[Any]):
    command = serializers.ChoiceField(choices=Command.Kind.choices)
    volume = serializers.IntegerField(required=False, allow_null=True, default=None)
    power = serializers.CharField(required=False, allow_null=True, default=None, max_length=8)
    bulletin_id = serializers.IntegerField(required=False, allow_null=True, default=None)


class DeviceCommandViewSet(viewsets.ViewSet):
    """``GET``: the device's commands with their answers; ``POST``: send one."""

    @extend_schema(responses=CommandSerializer(many=True))
    def list(self, request: Request, device_pk: str) -> Response:
        device = self._device(request, device_pk)
        return Response(CommandSerializer(device.commands.all()[:100], many=True).data)

    @extend_schema(request=CommandInput, responses={201: CommandSerializer})
    def create(self, request: Request, device_pk: str) -> Response:
        device = self._device(request, device_pk)
        data = CommandInput(data=request.data)
        data.is_valid(raise_exception=True)
        v = dict(data.validated_data)
        row = commands.send(request.user, device, v.pop("command"), v)
        return Response(CommandSerializer(row).data, status=status.HTTP_201_CREATED)

    def _device(self, request: Request, pk: str) -> Device:
        device = get_object_or_404(Device.objects.select_related("unit"), pk=pk)
        services.require_viewer(request.user, device)
        return device


class EmergencySerializer(serializers.ModelSerializer[Emergency]):
    unit = serializers.SlugRelatedField(slug_field="code", read_only=True)  # type: ignore[var-annotated]
    emergency_id = serializers.CharField(source="public_id", read_only=True)
    reach = serializers.SerializerMethodField()

    class Meta:
        model = Emergency
        fields = ["id", "emergency_id", "unit", "title", "text", "bulletin", "exercise",
                  "repeat_every_s", "starts_at", "expires_at", "stopped_at", "reach"]

    def get_reach(self, obj: Emergency) -> dict[str, Any]:
        return emergency.reach(obj)


class EmergencyInput(serializers.Serializer[Any]):
    unit = serializers.SlugField()
    title = serializers.CharField(max_length=255)
    text = serializers.CharField(required=False, allow_blank=True, default="")
    bulletin = serializers.IntegerField(required=False, allow_null=True, default=None)
    exercise = serializers.BooleanField(required=False, default=False)
    minutes = serializers.IntegerField(required=False, default=60)
    repeat_every_s = serializers.IntegerField(required=False, default=600)


class EmergencyViewSet(viewsets.ReadOnlyModelViewSet[Emergency]):
    """Emergencies of the units the caller sees; start one, stop one."""

    serializer_class = EmergencySerializer

    def get_queryset(self) -> Any:
        return visible(self.request.user)

    @extend_schema(request=EmergencyInput, responses={201: EmergencySerializer})
    def create(self, request: Request) -> Response:
        data = EmergencyInput(data=request.data)
        data.is_valid(raise_exception=True)
        v = dict(data.validated_data)
        unit = get_unit(v.pop("unit"))
        bulletin_id = v.pop("bulletin")
        bulletin = get_object_or_404(Bulletin, pk=bulletin_id) if bulletin_id else None
        row = emergency.start(request.user, unit, bulletin=bulletin, **v)
        return Response(EmergencySerializer(row).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses=EmergencySerializer)
    @action(detail=True, methods=["post"])
    def stop(self, request: Request, pk: str | None = None) -> Response:
        """Stop it now (the stop stays retained until it would have expired)."""
        row = self.get_object()
        permissions.require(request.user, Action.VIEW, row.unit)
        return Response(EmergencySerializer(emergency.stop(request.user, row)).data)
