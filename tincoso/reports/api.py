"""REST API: roll-ups as JSON for any subtree and period; reports and their files."""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from tincoso.core.spreadsheet import XLSX
from tincoso.documents.models import Document
from tincoso.reports import official, services
from tincoso.reports.models import Report
from tincoso.reports.periods import Period
from tincoso.reports.rollup import rollup_for, rollup_guided
from tincoso.units import permissions
from tincoso.units.permissions import Action
from tincoso.units.services import get_unit


class RollupView(APIView):
    """``GET /api/rollups/?unit=CODE&from=YYYY-MM-DD&to=YYYY-MM-DD``: totals, own, children
    (``&scope=guided``: the subtrees the unit guides, one row each)."""

    @extend_schema(
        parameters=[
            OpenApiParameter("unit", str, required=True, description="unit code"),
            OpenApiParameter("from", OpenApiTypes.DATE, required=True),
            OpenApiParameter("to", OpenApiTypes.DATE, required=True),
            OpenApiParameter("scope", str, enum=["subtree", "guided"], required=False),
        ],
        responses={200: OpenApiTypes.OBJECT},
    )
    def get(self, request: Request) -> Response:
        unit = get_unit(str(request.query_params.get("unit", "")))
        permissions.require(request.user, Action.VIEW_FIGURES, unit)
        period = Period.parse(
            str(request.query_params.get("from", "")), str(request.query_params.get("to", ""))
        )
        if request.query_params.get("scope") == "guided":
            return Response(rollup_guided(unit, period).as_dict())
        return Response(rollup_for(unit, period).as_dict())


class ReportSerializer(serializers.ModelSerializer[Report]):
    unit = serializers.SlugRelatedField(slug_field="code", read_only=True)  # type: ignore[var-annotated]
    symbol = serializers.CharField(source="document.symbol", read_only=True, default=None)
    approvers = serializers.SerializerMethodField(
        help_text="Who may approve a report waiting for approval (names); empty otherwise."
    )

    def get_approvers(self, report: Report) -> list[str]:
        if report.status != Report.Status.PENDING:
            return []
        return [str(u) for u in services.approvers_of(report)]

    class Meta:
        model = Report
        fields = [
            "id",
            "unit",
            "period_start",
            "period_end",
            "directive",
            "title",
            "figures",
            "activities",
            "results",
            "limitations",
            "causes",
            "proposals",
            "signer_name",
            "signer_title",
            "signing_authority",
            "status",
            "approvers",
            "review_note",
            "document",
            "symbol",
            "created_at",
            "submitted_at",
        ]
        read_only_fields = fields


class NewReportSerializer(serializers.Serializer[Any]):
    unit = serializers.SlugField()
    start = serializers.DateField()
    end = serializers.DateField()
    directive = serializers.IntegerField(required=False, allow_null=True)


class ReportSendBackSerializer(serializers.Serializer[Any]):
    reason = serializers.CharField(max_length=2000)


class NarrativeSerializer(serializers.Serializer[Any]):
    title = serializers.CharField(max_length=500, required=False)
    results = serializers.CharField(required=False, allow_blank=True)
    limitations = serializers.CharField(required=False, allow_blank=True)
    causes = serializers.CharField(required=False, allow_blank=True)
    proposals = serializers.CharField(required=False, allow_blank=True)
    signer_name = serializers.CharField(max_length=128, required=False, allow_blank=True)
    signer_title = serializers.CharField(max_length=128, required=False, allow_blank=True)
    signing_authority = serializers.CharField(max_length=128, required=False, allow_blank=True)


CONTENT_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
    "xlsx": XLSX,
}


class ReportViewSet(viewsets.ReadOnlyModelViewSet[Report]):
    serializer_class = ReportSerializer

    def get_queryset(self) -> Any:
        if getattr(self, "swagger_fake_view", False):  # the schema, drawn without a user
            return Report.objects.none()
        # The unit's own people, and an approver reached by the gate's fallback.
        user = self.request.user
        own = permissions.restrict(Report.objects.all(), user, Action.VIEW)
        mine = Report.objects.filter(pk__in=own.values("pk")) | Report.objects.filter(
            pk__in=services.to_approve(user).values("pk")
        )
        return mine.select_related("unit", "document").order_by("-id")

    def create(self, request: Request) -> Response:
        data = NewReportSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        unit = get_unit(data.validated_data["unit"])
        directive = None
        if data.validated_data.get("directive"):
            directive = get_object_or_404(Document, pk=data.validated_data["directive"])
        report = services.create_report(
            request.user,
            unit,
            Period(data.validated_data["start"], data.validated_data["end"]),
            directive,
        )
        return Response(ReportSerializer(report).data, status=status.HTTP_201_CREATED)

    def partial_update(self, request: Request, pk: str | None = None) -> Response:
        data = NarrativeSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        report = services.update_report(request.user, self.get_object(), **data.validated_data)
        return Response(ReportSerializer(report).data)

    @extend_schema(request=None, responses={200: ReportSerializer})
    @action(detail=True, methods=["post"])
    def submit(self, request: Request, pk: str | None = None) -> Response:
        """Submit the draft for approval (four eyes); ``approvers`` names who may approve."""
        report = services.submit_report(request.user, self.get_object())
        return Response(ReportSerializer(report).data)

    @extend_schema(
        request=None,
        responses={200: ReportSerializer, 403: OpenApiTypes.OBJECT, 409: OpenApiTypes.OBJECT},
    )
    @action(detail=True, methods=["post"])
    def approve(self, request: Request, pk: str | None = None) -> Response:
        """Approve a report waiting for approval (never its author: 403): it is then
        numbered in the unit's outgoing register and sent to its recipient."""
        report = services.approve_report(request.user, self.get_object())
        return Response(ReportSerializer(report).data)

    @extend_schema(request=ReportSendBackSerializer, responses={200: ReportSerializer})
    @action(detail=True, methods=["post"])
    def send_back(self, request: Request, pk: str | None = None) -> Response:
        """Return a report waiting for approval to its author, with the reason."""
        data = ReportSendBackSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        report = services.send_back_report(
            request.user, self.get_object(), data.validated_data["reason"]
        )
        return Response(ReportSerializer(report).data)

    @extend_schema(
        parameters=[
            OpenApiParameter("fmt", str, OpenApiParameter.PATH, enum=sorted(CONTENT_TYPES))
        ],
        responses={(200, media): OpenApiTypes.BINARY for media in CONTENT_TYPES.values()},
    )
    @action(detail=True, methods=["get"], url_path=r"file/(?P<fmt>docx|pdf|xlsx)")
    def file(self, request: Request, pk: str | None = None, fmt: str = "docx") -> HttpResponse:
        layout = services.layout_for(self.get_object())
        render = {
            "docx": official.render_docx,
            "pdf": official.render_pdf,
            "xlsx": official.render_xlsx,
        }[fmt]
        response = HttpResponse(render(layout), content_type=CONTENT_TYPES[fmt])
        response["Content-Disposition"] = f'attachment; filename="bao-cao.{fmt}"'
        return response
