"""REST API for guidance links, behind the same permission gate as the UI."""

from __future__ import annotations

from functools import reduce
from operator import or_
from typing import Any

from django.db.models import Q
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.request import Request
from rest_framework.response import Response

from tincoso.units import guidance, permissions, services
from tincoso.units.models import PURPOSES, Guidance
from tincoso.units.permissions import Action


class GuidanceSerializer(serializers.ModelSerializer[Guidance]):
    guide: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(
        slug_field="code", read_only=True
    )
    guided: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(
        slug_field="code", read_only=True
    )
    purposes = serializers.ListField(child=serializers.CharField(), read_only=True)

    class Meta:
        model = Guidance
        fields = ["id", "guide", "guided", "purposes", "note", "created_at"]
        read_only_fields = fields


class GuidanceWriteSerializer(serializers.Serializer[Any]):
    guide = serializers.SlugField(max_length=64)
    guided = serializers.SlugField(max_length=64)
    purposes = serializers.ListField(
        child=serializers.ChoiceField(choices=list(PURPOSES)), allow_empty=False
    )
    note = serializers.CharField(max_length=255, required=False, allow_blank=True)


class GuidanceViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet[Guidance],
):
    """Guidance links with either end in the caller's subtrees. Create and delete:
    administrators of both ends."""

    serializer_class = GuidanceSerializer

    def get_queryset(self) -> Any:
        qs = Guidance.objects.select_related("guide", "guided").order_by("guide__path", "id")
        paths = permissions.root_paths(self.request.user, Action.VIEW)
        if paths is None:
            return qs
        if not paths:
            return qs.none()
        ends = (Q(guide__path__startswith=p) | Q(guided__path__startswith=p) for p in paths)
        return qs.filter(reduce(or_, ends))

    def create(self, request: Request) -> Response:
        data = GuidanceWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        made = guidance.link(
            request.user,
            services.get_unit(data.validated_data["guide"]),
            services.get_unit(data.validated_data["guided"]),
            data.validated_data["purposes"],
            data.validated_data.get("note", ""),
        )
        return Response(GuidanceSerializer(made).data, status=status.HTTP_201_CREATED)

    def perform_destroy(self, instance: Guidance) -> None:
        guidance.unlink(self.request.user, instance)
