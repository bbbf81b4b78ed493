"""REST API of the corrections register: published corrections for everyone, and the
staff endpoints (write, submit, approve) behind the same gate as the pages."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response

from tincoso.core.api import body as _data
from tincoso.feedback import corrections
from tincoso.feedback.models import (
    Correction,
    CorrectionVersion,
    Rating,
)
from tincoso.units.services import get_unit

# --- public -------------------------------------------------------------------------------


class PublicCorrectionSerializer(serializers.ModelSerializer[Correction]):
    unit = serializers.SlugRelatedField(slug_field="code", read_only=True)  # type: ignore[var-annotated]
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    version = serializers.IntegerField(source="published_version.number", read_only=True)
    headline = serializers.CharField(source="published_version.headline", read_only=True)
    rating = serializers.CharField(source="published_version.rating", read_only=True)
    claim_summary = serializers.CharField(source="published_version.claim_summary",
                                          read_only=True)
    facts = serializers.CharField(source="published_version.facts", read_only=True)
    change_note = serializers.CharField(source="published_version.change_note", read_only=True)
    sources = serializers.JSONField(source="published_version.sources", read_only=True)
    updated_at = serializers.DateTimeField(source="published_version.approved_at",
                                           read_only=True)
    claim_review = serializers.SerializerMethodField()

    class Meta:
        model = Correction
        fields = ["id", "unit", "unit_name", "version", "headline", "rating", "claim_summary",
                  "facts", "change_note", "sources", "first_published_at", "updated_at",
                  "claim_review"]
        read_only_fields = fields

    def get_claim_review(self, obj: Correction) -> dict[str, Any]:
        request = self.context.get("request")
        base = request.build_absolute_uri("/") if request is not None else None
        return corrections.claim_review(obj, base_url=base)


class PublicCorrectionViewSet(viewsets.ReadOnlyModelViewSet[Correction]):
    """The corrections register as published (for the portal, feeds and broadcast channels)."""

    serializer_class = PublicCorrectionSerializer
    authentication_classes: list[Any] = []
    permission_classes = [AllowAny]

    def get_queryset(self) -> Any:
        return corrections.published().order_by("-first_published_at", "-id")


# --- staff --------------------------------------------------------------------------------


class CorrectionVersionSerializer(serializers.ModelSerializer[CorrectionVersion]):
    author = serializers.CharField(source="author.display_name", read_only=True)
    approver = serializers.CharField(source="approver.display_name", read_only=True,
                                     default=None)

    class Meta:
        model = CorrectionVersion
        fields = ["id", "number", "status", "headline", "claim_summary", "claim_where_seen",
                  "claim_urls", "claim_first_seen", "claim_reach", "rating", "facts",
                  "sources", "change_note", "author", "created_at", "submitted_at",
                  "approver", "approved_at", "rejection_note"]
        read_only_fields = fields


class CorrectionSerializer(serializers.ModelSerializer[Correction]):
    unit = serializers.SlugRelatedField(slug_field="code", read_only=True)  # type: ignore[var-annotated]
    published_version = serializers.IntegerField(source="published_version.number",
                                                 read_only=True, default=None)
    versions = CorrectionVersionSerializer(many=True, read_only=True)

    class Meta:
        model = Correction
        fields = ["id", "unit", "published_version", "first_published_at", "created_at",
                  "versions"]
        read_only_fields = fields


class CorrectionInput(serializers.Serializer[Any]):
    unit = serializers.SlugField(required=False)
    headline = serializers.CharField(max_length=255)
    claim_summary = serializers.CharField()
    claim_where_seen = serializers.CharField(required=False, allow_blank=True, default="")
    claim_urls = serializers.ListField(child=serializers.CharField(max_length=1000),
                                       required=False, default=list, max_length=20)
    claim_first_seen = serializers.DateField(required=False, allow_null=True, default=None)
    claim_reach = serializers.IntegerField(required=False, allow_null=True, default=None,
                                           min_value=0)
    rating = serializers.ChoiceField(choices=Rating.choices)
    facts = serializers.CharField()
    sources = serializers.ListField(child=serializers.DictField(child=serializers.CharField(
        allow_blank=True)), max_length=20)
    change_note = serializers.CharField(required=False, allow_blank=True, default="")

    def to_data(self) -> corrections.CorrectionData:
        v = dict(self.validated_data)
        v.pop("unit", None)
        return corrections.CorrectionData(**v)


class CorrectionViewSet(viewsets.ReadOnlyModelViewSet[Correction]):
    """The corrections register of the caller's units, with every version."""

    serializer_class = CorrectionSerializer

    def get_queryset(self) -> Any:
        return corrections.corrections_visible_to(self.request.user).select_related(
            "unit", "published_version").prefetch_related(
            "versions__author", "versions__approver").order_by("-created_at", "-id")

    def _input(self, request: Request) -> CorrectionInput:
        data = CorrectionInput(data=request.data)
        data.is_valid(raise_exception=True)
        return data

    def _fresh(self, correction: Correction, code: int = status.HTTP_200_OK) -> Response:
        return Response(CorrectionSerializer(self.get_queryset().get(pk=correction.pk)).data,
                        status=code)

    def create(self, request: Request) -> Response:
        data = self._input(request)
        unit = get_unit(str(data.validated_data.get("unit", "")))
        correction = corrections.start_correction(request.user, unit, data.to_data())
        return self._fresh(correction, status.HTTP_201_CREATED)

    def _latest(self, correction: Correction) -> CorrectionVersion:
        version = correction.versions.order_by("-number").first()
        assert version is not None
        return version

    @action(detail=True, methods=["post"])
    def edit(self, request: Request, pk: str | None = None) -> Response:
        """Change the current draft (its author only)."""
        correction = self.get_object()
        corrections.edit_draft(request.user, self._latest(correction),
                               self._input(request).to_data())
        return self._fresh(correction)

    @action(detail=True, methods=["post"])
    def update_version(self, request: Request, pk: str | None = None) -> Response:
        """Start a new version of a published correction; ``change_note`` is required."""
        correction = self.get_object()
        corrections.new_version(request.user, correction, self._input(request).to_data())
        return self._fresh(correction, status.HTTP_201_CREATED)

    @action(detail=True, methods=["post"])
    def submit(self, request: Request, pk: str | None = None) -> Response:
        correction = self.get_object()
        corrections.submit(request.user, self._latest(correction))
        return self._fresh(correction)

    @action(detail=True, methods=["post"])
    def approve(self, request: Request, pk: str | None = None) -> Response:
        correction = self.get_object()
        corrections.approve(request.user, self._latest(correction))
        return self._fresh(correction)

    @action(detail=True, methods=["post"])
    def reject(self, request: Request, pk: str | None = None) -> Response:
        correction = self.get_object()
        corrections.reject(request.user, self._latest(correction),
                           str(_data(request).get("note", "")))
        return self._fresh(correction)
