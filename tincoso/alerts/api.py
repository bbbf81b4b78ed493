"""REST API for alerts: the same services and the same gate as the pages."""

from __future__ import annotations

import datetime as dt
from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from tincoso.alerts import presets, services
from tincoso.alerts.drafts import Draft, InfoDraft
from tincoso.alerts.models import Alert, AlertInfo, CapStatus
from tincoso.core import clock
from tincoso.core.errors import NotFoundError
from tincoso.units.models import Unit
from tincoso.units.services import get_unit


class AlertInfoSerializer(serializers.ModelSerializer[AlertInfo]):
    class Meta:
        model = AlertInfo
        fields = ["language", "event", "headline", "description", "instruction"]


class AlertSerializer(serializers.ModelSerializer[Alert]):
    unit = serializers.SlugRelatedField(slug_field="code", read_only=True)  # type: ignore[var-annotated]
    area_units = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)  # type: ignore[var-annotated]
    created_by = serializers.StringRelatedField()  # type: ignore[var-annotated]
    approved_by = serializers.StringRelatedField()  # type: ignore[var-annotated]
    infos = AlertInfoSerializer(many=True, read_only=True)

    class Meta:
        model = Alert
        fields = [
            "id", "identifier", "sender", "unit", "area_units", "area_desc", "polygon",
            "status", "msg_type", "previous", "references", "template", "category", "event",
            "hazard", "risk_level", "urgency", "severity", "certainty", "headline",
            "description", "instruction", "effective", "expires", "state", "created_by",
            "created_at", "approved_by", "approved_at", "sent_at", "infos",
        ]  # fmt: skip
        read_only_fields = fields


class AlertDraftSerializer(serializers.Serializer[Any]):
    unit = serializers.SlugField(required=False, help_text="POST: the issuing unit's code")
    area_units = serializers.ListField(
        child=serializers.SlugField(), min_length=1, help_text="codes of the units the alert covers"
    )
    status = serializers.ChoiceField(choices=CapStatus.values, default=CapStatus.ACTUAL)
    template = serializers.ChoiceField(
        choices=["", *presets.PRESETS], default="", help_text="fills what is left out"
    )
    risk_level = serializers.IntegerField(required=False, allow_null=True, default=None)
    event = serializers.CharField(required=False, default="", allow_blank=True)
    headline = serializers.CharField(required=False, default="", allow_blank=True)
    description = serializers.CharField(allow_blank=True)  # refused by the rules, bilingual
    instruction = serializers.CharField(
        required=False, default=None, allow_null=True, allow_blank=True
    )
    category = serializers.CharField(required=False, default="")
    urgency = serializers.CharField(required=False, default="")
    severity = serializers.CharField(required=False, default="Unknown")
    certainty = serializers.CharField(required=False, default="")
    polygon = serializers.CharField(required=False, default="", allow_blank=True)
    hours = serializers.IntegerField(
        required=False,
        default=None,
        allow_null=True,
        help_text="expires this many hours from now (1–168)",
    )
    infos = AlertInfoSerializer(many=True, required=False, default=list)

    def draft(self) -> Draft:
        d = self.validated_data
        p = presets.PRESETS.get(d["template"])
        units = list(Unit.objects.filter(code__in=d["area_units"], active=True))
        if len(units) != len(set(d["area_units"])):
            raise NotFoundError(_unknown_unit())
        hours = d["hours"] if d["hours"] is not None else (p.hours if p else 12)
        level = d["risk_level"] if d["risk_level"] is not None else (p.level if p else None)
        now = clock.now()
        return Draft(
            event=d["event"] or (p.event if p else ""),
            headline=d["headline"] or (presets.headline_for(p, level) if p else ""),
            description=d["description"], area_units=units,
            instruction=d["instruction"] if d["instruction"] is not None
            else (p.instruction if p else ""),
            category=d["category"] or (p.category if p else "Other"),
            urgency=d["urgency"] or (p.urgency if p else "Immediate"),
            severity=d["severity"], certainty=d["certainty"] or (p.certainty if p else "Likely"),
            status=d["status"], risk_level=level, hazard=p.hazard if p else "",
            template=d["template"], polygon=d["polygon"], effective=now,
            expires=now + dt.timedelta(hours=min(max(hours, 0), 10_000)),
            infos=[InfoDraft(**i) for i in d["infos"]])  # fmt: skip


def _unknown_unit() -> Any:
    from django.utils.translation import gettext_lazy as _

    return _("Không tìm thấy đơn vị trong vùng cảnh báo.")


class CancelSerializer(serializers.Serializer[Any]):
    reason = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)


class PresetSerializer(serializers.Serializer[Any]):
    slug = serializers.CharField()
    event = serializers.CharField()
    event_en = serializers.CharField()
    category = serializers.CharField()
    level = serializers.IntegerField(allow_null=True)
    urgency = serializers.CharField()
    certainty = serializers.CharField()
    headline = serializers.CharField()
    description = serializers.CharField(allow_blank=True)  # refused by the rules, bilingual
    instruction = serializers.CharField()
    hours = serializers.IntegerField()


class AlertViewSet(viewsets.ReadOnlyModelViewSet[Alert]):
    serializer_class = AlertSerializer

    def get_queryset(self) -> Any:
        return (
            services.visible_to(self.request.user)
            .select_related("unit", "created_by", "approved_by")
            .prefetch_related("area_units", "infos")
        )

    def _reply(self, alert: Alert, code: int = status.HTTP_200_OK) -> Response:
        return Response(AlertSerializer(alert).data, status=code)

    @extend_schema(request=AlertDraftSerializer, responses={201: AlertSerializer})
    def create(self, request: Request) -> Response:
        data = AlertDraftSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        unit = get_unit(str(data.validated_data.get("unit", "")))
        return self._reply(services.compose(request.user, unit, data.draft()), 201)

    @extend_schema(request=None, responses=AlertSerializer)
    @action(detail=True, methods=["post"])
    def approve(self, request: Request, pk: str) -> Response:
        return self._reply(services.approve(request.user, self.get_object()))

    @extend_schema(request=None, responses=AlertSerializer)
    @action(detail=True, methods=["post"], url_path="send-test")
    def send_test(self, request: Request, pk: str) -> Response:
        return self._reply(services.send_test(request.user, self.get_object()))

    @extend_schema(request=None, responses=AlertSerializer)
    @action(detail=True, methods=["post"])
    def discard(self, request: Request, pk: str) -> Response:
        return self._reply(services.discard(request.user, self.get_object()))

    @extend_schema(request=CancelSerializer, responses={201: AlertSerializer})
    @action(detail=True, methods=["post"])
    def cancel(self, request: Request, pk: str) -> Response:
        data = CancelSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        alert = services.cancel(request.user, self.get_object(), data.validated_data["reason"])
        return self._reply(alert, 201)

    @extend_schema(request=AlertDraftSerializer, responses={201: AlertSerializer})
    @action(detail=True, methods=["post"], url_path="update")
    def update_alert(self, request: Request, pk: str) -> Response:
        data = AlertDraftSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        return self._reply(services.update(request.user, self.get_object(), data.draft()), 201)

    @extend_schema(responses=PresetSerializer(many=True))
    @action(detail=False, methods=["get"], pagination_class=None)
    def templates(self, request: Request) -> Response:
        return Response(PresetSerializer(list(presets.PRESETS.values()), many=True).data)
