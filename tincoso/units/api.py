"""REST API for units and memberships, behind the same permission gate as the UI."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from tincoso.units import permissions, services
from tincoso.units.models import Membership, Role, Unit, UnitKind
from tincoso.units.permissions import Action


class UnitSerializer(serializers.ModelSerializer[Unit]):
    parent = serializers.SerializerMethodField()  # type: ignore[assignment]

    class Meta:
        model = Unit
        fields = ["id", "code", "name", "short_name", "kind", "active", "depth", "parent"]
        read_only_fields = fields

    def get_parent(self, unit: Unit) -> str | None:
        parent_path = unit.path[: -Unit.steplen]
        if not parent_path:
            return None
        # One query per distinct parent, not per row.
        parents: dict[str, str] = self.__dict__.setdefault("_parent_codes", {})
        if parent_path not in parents:
            parents[parent_path] = (
                Unit.objects.filter(path=parent_path).values_list("code", flat=True).first() or ""
            )
        return parents[parent_path] or None


class UnitWriteSerializer(serializers.Serializer[Any]):
    code = serializers.SlugField(max_length=64)
    name = serializers.CharField(max_length=255)
    short_name = serializers.CharField(max_length=64, required=False, allow_blank=True)
    kind = serializers.ChoiceField(choices=UnitKind.choices)
    parent = serializers.SlugField(max_length=64)  # type: ignore[assignment]


class MoveSerializer(serializers.Serializer[Any]):
    parent = serializers.SlugField(max_length=64)  # type: ignore[assignment]


class UnitViewSet(viewsets.ReadOnlyModelViewSet[Unit]):
    """Units the caller may see (their subtrees). Create, move: admins of the parent."""

    serializer_class = UnitSerializer
    lookup_field = "code"

    def get_queryset(self) -> Any:
        qs = permissions.units_where(self.request.user, Action.VIEW).order_by("path")
        query = self.request.query_params.get("q")
        if query:
            qs = qs.filter(name__icontains=query)
        return qs

    def create(self, request: Request) -> Response:
        data = UnitWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        unit = services.create_unit(request.user, services.UnitData(**data.validated_data))
        return Response(UnitSerializer(unit).data, status=status.HTTP_201_CREATED)

    @action(detail=True, methods=["post"], serializer_class=MoveSerializer)
    def move(self, request: Request, code: str | None = None) -> Response:
        unit = self.get_object()
        data = MoveSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        new_parent = services.get_unit(data.validated_data["parent"])
        unit = services.move_unit(request.user, unit, new_parent)
        return Response(UnitSerializer(unit).data)


class MembershipSerializer(serializers.ModelSerializer[Membership]):
    username = serializers.CharField(source="user.username", read_only=True)
    unit_code = serializers.CharField(source="unit.code", read_only=True)

    class Meta:
        model = Membership
        fields = ["id", "username", "unit_code", "role", "created_at"]
        read_only_fields = fields


class GrantSerializer(serializers.Serializer[Any]):
    username = serializers.CharField(max_length=150)
    unit_code = serializers.SlugField(max_length=64)
    role = serializers.ChoiceField(choices=Role.choices)


class MembershipViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet[Membership],
):
    """Roles in the subtrees the caller administers."""

    serializer_class = MembershipSerializer

    def get_queryset(self) -> Any:
        return permissions.restrict(
            Membership.objects.select_related("user", "unit"),
            self.request.user,
            Action.MANAGE_MEMBERS,
        ).order_by("unit__path", "id")

    def create(self, request: Request) -> Response:
        data = GrantSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        unit = services.get_unit(data.validated_data["unit_code"])
        permissions.require(request.user, Action.MANAGE_MEMBERS, unit)
        user = get_user_model().objects.filter(username=data.validated_data["username"]).first()
        if user is None:
            return Response(
                {"detail": "Không có người dùng này.", "detail_en": "No such user."},
                status=status.HTTP_400_BAD_REQUEST,
            )
        membership = services.grant_role(request.user, user, unit, data.validated_data["role"])
        return Response(MembershipSerializer(membership).data, status=status.HTTP_201_CREATED)

    def perform_destroy(self, instance: Membership) -> None:
        services.revoke_role(self.request.user, instance)
