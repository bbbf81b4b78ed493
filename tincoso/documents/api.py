"""REST API for documents, dispatches, inboxes and the cascade (same gate as the UI)."""

from __future__ import annotations

from typing import Any

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from tincoso.core.api import object_id
from tincoso.core.errors import PermissionDeniedError
from tincoso.documents import fields, import_api, services
from tincoso.documents.models import Direction, Dispatch, DispatchStatus, Document, Urgency
from tincoso.documents.registers.duplicates import same_number
from tincoso.units import permissions
from tincoso.units.models import Unit
from tincoso.units.permissions import Action


class ReferenceSerializer(serializers.Serializer[Any]):
    symbol = serializers.CharField()
    kind = serializers.CharField()
    target = serializers.IntegerField(source="target_id", allow_null=True)


class DocumentSerializer(serializers.ModelSerializer[Document]):
    unit = serializers.SlugRelatedField(slug_field="code", read_only=True)  # type: ignore[var-annotated]
    references = ReferenceSerializer(many=True, read_only=True)

    class Meta:
        model = Document
        fields = [
            "id",
            "unit",
            "direction",
            "status",
            "file_name",
            *fields.STORED,
            "confidence",
            "signatures",
            "urgency",
            "deadline",
            "register_year",
            "register_number",
            "created_at",
            "registered_at",
            "references",
        ]
        read_only_fields = fields


class UploadSerializer(serializers.Serializer[Any]):
    unit = serializers.SlugField()
    # An empty file is refused by check_upload, in both languages (not DRF's English).
    file = serializers.FileField(allow_empty_file=True)
    direction = serializers.ChoiceField(choices=Direction.choices, default=Direction.INCOMING)


class FieldsSerializer(serializers.Serializer[Any]):
    system = serializers.ChoiceField(choices=["", "party", "state"], required=False)
    doc_type = serializers.CharField(max_length=64, required=False, allow_blank=True)
    number = serializers.CharField(max_length=32, required=False, allow_blank=True)
    symbol = serializers.CharField(max_length=96, required=False, allow_blank=True)
    issuer = serializers.CharField(max_length=255, required=False, allow_blank=True)
    parent_issuer = serializers.CharField(max_length=255, required=False, allow_blank=True)
    place = serializers.CharField(max_length=128, required=False, allow_blank=True)
    date = serializers.DateField(required=False, allow_null=True)
    title = serializers.CharField(required=False, allow_blank=True)
    addressees = serializers.ListField(child=serializers.CharField(), required=False)
    recipients = serializers.ListField(child=serializers.CharField(), required=False)
    references = serializers.ListField(child=serializers.CharField(), required=False)
    signer_name = serializers.CharField(max_length=128, required=False, allow_blank=True)
    signer_title = serializers.CharField(max_length=128, required=False, allow_blank=True)
    signing_authority = serializers.CharField(max_length=255, required=False, allow_blank=True)
    urgency = serializers.ChoiceField(choices=Urgency.choices, required=False)
    deadline = serializers.DateField(required=False, allow_null=True)


class DispatchRequestSerializer(serializers.Serializer[Any]):
    recipients = serializers.ListField(child=serializers.SlugField(), allow_empty=False)
    deadline = serializers.DateTimeField(required=False, allow_null=True)


class DispatchSerializer(serializers.ModelSerializer[Dispatch]):
    document = serializers.PrimaryKeyRelatedField(read_only=True)  # type: ignore[var-annotated]
    sender = serializers.SlugRelatedField(slug_field="code", read_only=True)  # type: ignore[var-annotated]
    recipient = serializers.SlugRelatedField(slug_field="code", read_only=True)  # type: ignore[var-annotated]
    overdue = serializers.BooleanField(source="is_overdue", read_only=True)
    document_label = serializers.CharField(source="document.label", read_only=True)

    class Meta:
        model = Dispatch
        fields = [
            "id",
            "document",
            "document_label",
            "sender",
            "recipient",
            "status",
            "overdue",
            "deadline",
            "incoming_year",
            "incoming_number",
            "sent_at",
            "opened_at",
            "acknowledged_at",
            "implementing_at",
            "done_at",
            "result_note",
        ]
        read_only_fields = fields


class DocumentViewSet(viewsets.ReadOnlyModelViewSet[Document]):
    """Documents the caller may see: their units' own and those sent to their units."""

    serializer_class = DocumentSerializer
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    def get_queryset(self) -> Any:
        qs = services.documents_visible_to(self.request.user).select_related("unit")
        return qs.prefetch_related("references").order_by("-created_at")

    @extend_schema(
        request={"multipart/form-data": UploadSerializer},
        responses={
            202: import_api.ImportSerializer,
            409: OpenApiResponse(description="this unit has the file already"),
        },
    )
    def create(self, request: Request) -> Response:
        """Upload a .docx/.pdf/.txt or a page image (.png/.jpg/.tif): stored and read in
        the background. 202 with the import and its ``status_url`` (poll it: queued,
        extracting page of pages, parsed with ``document``, or failed with ``error``
        in both languages); 409 with the document or import when this unit has the
        file already; a file refused unread (too big, empty, not what its name says)
        is an error now, and nothing is stored."""
        data = UploadSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        unit = services_unit(data.validated_data["unit"])
        return import_api.start(
            request, unit, data.validated_data["file"], data.validated_data["direction"]
        )

    def partial_update(self, request: Request, pk: str | None = None) -> Response:
        doc = self.get_object()
        data = FieldsSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        doc = services.update_fields(request.user, doc, **data.validated_data)
        return Response(DocumentSerializer(doc).data)

    @action(detail=True, methods=["post"])
    def register(self, request: Request, pk: str | None = None) -> Response:
        """Register the document; ``same_number`` warns of the unit's registered incoming
        documents with its number, symbol and issuer (a warning, not a refusal)."""
        doc = services.register_document(request.user, self.get_object())
        data = dict(DocumentSerializer(doc).data)
        data["same_number"] = [
            {"id": d.pk, "label": d.label, "register_number": d.register_number,
             "register_year": d.register_year}
            for d in same_number(doc)
        ]  # fmt: skip
        return Response(data)

    @action(detail=True, methods=["post"], serializer_class=DispatchRequestSerializer)
    def dispatch_to(self, request: Request, pk: str | None = None) -> Response:
        doc = self.get_object()
        data = DispatchRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        units = [services_unit(code) for code in data.validated_data["recipients"]]
        made = services.dispatch_document(
            request.user, doc, units, deadline=data.validated_data.get("deadline")
        )
        return Response(DispatchSerializer(made, many=True).data, status=status.HTTP_201_CREATED)

    @action(detail=True, methods=["get"])
    def suggestions(self, request: Request, pk: str | None = None) -> Response:
        doc = self.get_object()
        permissions.require(request.user, Action.DISPATCH, doc.unit)
        units = services.suggest_recipients(doc, doc.unit)
        return Response([{"code": u.code, "name": u.name} for u in units])

    @action(detail=True, methods=["get"])
    def cascade(self, request: Request, pk: str | None = None) -> Response:
        return Response(services.cascade(self.get_object(), request.user))


def _data(request: Request, name: str) -> str:
    data = request.data
    return str(data.get(name, "")) if hasattr(data, "get") else ""


def services_unit(code: str) -> Unit:
    from tincoso.units.services import get_unit

    return get_unit(code)


class DispatchViewSet(viewsets.ReadOnlyModelViewSet[Dispatch]):
    """Dispatches to units the caller may see; ``?unit=CODE`` for one unit's inbox."""

    serializer_class = DispatchSerializer

    def get_queryset(self) -> Any:
        qs = services.dispatches_visible_to(self.request.user).select_related(
            "document", "sender", "recipient"
        )
        params = self.request.query_params
        if params.get("unit"):
            qs = qs.filter(recipient__code=params["unit"])
        if params.get("status") in {s.value for s in DispatchStatus}:
            qs = qs.filter(status=params["status"])
        if params.get("overdue") == "1":
            qs = qs.filter(pk__in=services.overdue_dispatches().values("pk"))
        return qs.order_by("-sent_at", "id")

    def _do(self, request: Request, fn: Any, *args: Any) -> Response:
        item = self.get_object()
        item = fn(request.user, item, *args)
        return Response(DispatchSerializer(Dispatch.objects.get(pk=item.pk)).data)

    @action(detail=True, methods=["post"])
    def acknowledge(self, request: Request, pk: str | None = None) -> Response:
        return self._do(request, services.acknowledge)

    @action(detail=True, methods=["post"])
    def implement(self, request: Request, pk: str | None = None) -> Response:
        return self._do(request, services.start_implementing)

    @action(detail=True, methods=["post"], parser_classes=[JSONParser, MultiPartParser])
    def complete(self, request: Request, pk: str | None = None) -> Response:
        files = [
            (f.name, f.read(services.MAX_ATTACHMENT_BYTES + 1))
            for f in request.FILES.getlist("attachments")
        ]
        return self._do(request, services.complete, _data(request, "note"), files)

    @action(detail=True, methods=["post"])
    def respond(self, request: Request, pk: str | None = None) -> Response:
        response = get_object_or_404(Document, pk=object_id(request.data, "document"))
        if not services.can_view_document(request.user, response):
            raise PermissionDeniedError(services._("Bạn không có quyền xem văn bản này."))
        return self._do(request, services.respond_with_document, response)

    @action(detail=False, methods=["get"])
    def counts(self, request: Request) -> Response:
        unit = services_unit(str(request.query_params.get("unit", "")))
        permissions.require(request.user, Action.VIEW, unit)
        return Response(services.inbox_counts(unit))
