"""The background import over the API: 202 with a status URL, then poll it."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from rest_framework import serializers, status, viewsets
from rest_framework.request import Request
from rest_framework.response import Response

from tincoso.documents import importing, services
from tincoso.documents.models import Import


class ImportSerializer(serializers.ModelSerializer[Import]):
    unit = serializers.SlugRelatedField(slug_field="code", read_only=True)  # type: ignore[var-annotated]
    error = serializers.SerializerMethodField()
    status_url = serializers.SerializerMethodField()
    document_url = serializers.SerializerMethodField()

    class Meta:
        model = Import
        fields = [
            "id",
            "unit",
            "direction",
            "status",
            "file_name",
            "file_sha256",
            "size",
            "page",
            "pages",
            "error",
            "document",
            "status_url",
            "document_url",
            "created_at",
            "finished_at",
        ]
        read_only_fields = fields

    def get_error(self, record: Import) -> dict[str, str] | None:
        if record.status != Import.Status.FAILED:
            return None
        return {"vi": record.error_vi, "en": record.error_en}

    def get_status_url(self, record: Import) -> str:
        return reverse("api-document-import-detail", args=[record.pk])

    def get_document_url(self, record: Import) -> str | None:
        if record.document_id is None:
            return None
        return reverse("api-document-detail", args=[record.document_id])


class ImportViewSet(viewsets.ReadOnlyModelViewSet[Import]):
    """Imports into the units where the caller registers documents: where the reading
    of each upload stands (queued, extracting page of pages, parsed, failed)."""

    serializer_class = ImportSerializer

    def get_queryset(self) -> Any:
        qs = importing.imports_visible_to(self.request.user).select_related("unit")
        return qs.order_by("-created_at")


def accepted(record: Import) -> Response:
    """202: stored and queued; the status URL says how the reading goes."""
    body = ImportSerializer(record).data
    headers = {"Location": body["status_url"]}
    return Response(body, status=status.HTTP_202_ACCEPTED, headers=headers)


def duplicate(exc: importing.DuplicateFile) -> Response:
    """409: this unit has the file already; where it is."""
    body: dict[str, Any] = {"code": exc.code, "detail": exc.text("vi"), "detail_en": exc.text("en")}
    if exc.document is not None:
        body["document"] = exc.document.pk
        body["document_url"] = reverse("api-document-detail", args=[exc.document.pk])
    if exc.existing is not None:
        body["import"] = ImportSerializer(exc.existing).data
    return Response(body, status=status.HTTP_409_CONFLICT)


def start(request: Request, unit: Any, upload: Any, direction: str) -> Response:
    try:
        record = importing.start_import(
            request.user, unit, services.read_upload(upload), upload.name, direction=direction
        )
    except importing.DuplicateFile as exc:
        return duplicate(exc)
    return accepted(record)
