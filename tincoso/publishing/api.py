"""REST API for items, their versions, workflow actions and search (same rules as the UI)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from tincoso.publishing import search, services
from tincoso.publishing.models import LANGUAGES, Item, ItemVersion
from tincoso.units import permissions
from tincoso.units.models import Unit
from tincoso.units.permissions import Action
from tincoso.units.services import get_unit


class VersionSerializer(serializers.ModelSerializer[ItemVersion]):
    class Meta:
        model = ItemVersion
        fields = [
            "number",
            "title",
            "summary",
            "body",
            "body_html",
            "correction_note",
            "created_at",
        ]
        read_only_fields = fields


class ItemSerializer(serializers.ModelSerializer[Item]):
    unit = serializers.SlugRelatedField(slug_field="code", read_only=True)  # type: ignore[var-annotated]
    current = VersionSerializer(read_only=True)
    published_version = VersionSerializer(read_only=True)
    topics = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)  # type: ignore[var-annotated]

    class Meta:
        model = Item
        fields = [
            "id",
            "unit",
            "kind",
            "status",
            "audience",
            "language",
            "topics",
            "featured",
            "source_document",
            "translation_of",
            "current",
            "published_version",
            "publish_at",
            "expires_at",
            "published_at",
            "updated_at",
        ]
        read_only_fields = fields


class DraftSerializer(serializers.Serializer[Any]):
    unit = serializers.SlugField(required=False)
    title = serializers.CharField(max_length=300)
    summary = serializers.CharField(required=False, allow_blank=True, default="")
    body = serializers.CharField(required=False, allow_blank=True, default="")
    kind = serializers.ChoiceField(choices=Item.Kind.choices, default=Item.Kind.BULLETIN)
    audience = serializers.ChoiceField(choices=Item.Audience.choices, default=Item.Audience.PUBLIC)
    language = serializers.ChoiceField(choices=LANGUAGES, default="vi")
    topics = serializers.ListField(child=serializers.SlugField(), required=False, default=list)
    featured = serializers.BooleanField(required=False, default=False)
    publish_at = serializers.DateTimeField(required=False, allow_null=True, default=None)
    expires_at = serializers.DateTimeField(required=False, allow_null=True, default=None)
    correction_note = serializers.CharField(required=False, allow_blank=True, default="")

    def draft(self) -> services.Draft:
        data = dict(self.validated_data)
        for key in ("unit", "correction_note"):
            data.pop(key, None)
        return services.Draft(**data)


class ItemViewSet(viewsets.ReadOnlyModelViewSet[Item]):
    serializer_class = ItemSerializer

    def get_queryset(self) -> Any:
        return permissions.restrict(
            Item.objects.select_related("unit", "current", "published_version").prefetch_related(
                "topics"
            ),
            self.request.user,
            Action.VIEW,
        ).order_by("-updated_at")

    def create(self, request: Request) -> Response:
        data = DraftSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        unit = get_unit(str(data.validated_data.get("unit", "")))
        item = services.create_item(request.user, unit, data.draft())
        return Response(ItemSerializer(item).data, status=status.HTTP_201_CREATED)

    def partial_update(self, request: Request, pk: str | None = None) -> Response:
        item = self.get_object()
        data = DraftSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        if item.status == Item.Status.PUBLISHED:
            item = services.correct(
                request.user, item, data.draft(), data.validated_data["correction_note"]
            )
        else:
            item = services.edit_item(request.user, item, data.draft())
        return Response(ItemSerializer(item).data)

    @action(detail=True, methods=["get"])
    def versions(self, request: Request, pk: str | None = None) -> Response:
        return Response(VersionSerializer(self.get_object().versions.all(), many=True).data)

    def _step(self, fn: Any) -> Response:
        item = fn(self.request.user, self.get_object())
        return Response(ItemSerializer(Item.objects.get(pk=item.pk)).data)

    @action(detail=True, methods=["post"])
    def submit(self, request: Request, pk: str | None = None) -> Response:
        return self._step(services.submit_for_review)

    @action(detail=True, methods=["post"])
    def approve(self, request: Request, pk: str | None = None) -> Response:
        return self._step(services.approve)

    @action(detail=True, methods=["post"])
    def send_back(self, request: Request, pk: str | None = None) -> Response:
        return self._step(services.send_back)

    @action(detail=True, methods=["post"])
    def withdraw(self, request: Request, pk: str | None = None) -> Response:
        return self._step(services.withdraw)


class SearchView(APIView):
    permission_classes = [AllowAny]

    @extend_schema(
        parameters=[
            OpenApiParameter("q", str, required=True),
            OpenApiParameter("unit", str),
            OpenApiParameter("type", str),
            OpenApiParameter("topic", str),
            OpenApiParameter("from", OpenApiTypes.DATE),
            OpenApiParameter("to", OpenApiTypes.DATE),
        ],
        responses={200: OpenApiTypes.OBJECT},
    )
    def get(self, request: Request) -> Response:
        params = request.query_params

        def day(name: str) -> dt.date | None:
            try:
                return dt.date.fromisoformat(str(params.get(name) or ""))
            except ValueError:
                return None

        unit = Unit.objects.filter(code=params.get("unit") or "").first()
        results = search.search(
            str(params.get("q", ""))[:200],
            request.user,
            unit=unit,
            type=str(params.get("type") or ""),
            topic=str(params.get("topic") or ""),
            since=day("from"),
            until=day("to"),
            limit=50,
        )
        return Response(
            {
                "total": results.total,
                "hits": [
                    {
                        "kind": h.kind,
                        "id": h.object_id,
                        "title": h.title,
                        "snippet": h.snippet,
                        "published_at": h.published_at,
                        "type": h.type,
                        "unit": h.unit_name,
                    }
                    for h in results.hits
                ],
            }
        )
