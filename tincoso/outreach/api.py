"""REST API for reporters, talking points and activities (same gate and rules as the pages)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from tincoso.core.api import body as _data
from tincoso.core.errors import DomainError, PermissionDeniedError
from tincoso.core.spreadsheet import XLSX
from tincoso.documents.models import Document
from tincoso.outreach import calendar, importer, services
from tincoso.outreach.models import Activity, ActivityFile, Form, Level, Material, Reporter
from tincoso.publishing.models import Item
from tincoso.units import permissions
from tincoso.units.permissions import Action
from tincoso.units.services import get_unit


class ReporterSerializer(serializers.ModelSerializer[Reporter]):
    unit = serializers.SlugRelatedField(slug_field="code", read_only=True)  # type: ignore[var-annotated]
    is_active = serializers.BooleanField(read_only=True)
    username = serializers.CharField(source="user.username", read_only=True, default=None)

    class Meta:
        model = Reporter
        fields = ["id", "unit", "kind", "full_name", "title", "level", "topics", "languages",
                  "contact", "active_from", "active_until", "is_active", "username"]
        read_only_fields = fields


class ReporterInput(serializers.Serializer[Any]):
    unit = serializers.SlugField()
    kind = serializers.ChoiceField(choices=["reporter", "propagandist"], default="reporter")
    full_name = serializers.CharField(max_length=150)
    title = serializers.CharField(max_length=255, required=False, allow_blank=True, default="")
    level = serializers.ChoiceField(choices=Level.choices, default=Level.COMMUNE)
    topics = serializers.ListField(child=serializers.CharField(max_length=100), required=False,
                                   default=list, max_length=30)
    languages = serializers.ListField(child=serializers.CharField(max_length=100),
                                      required=False, default=list, max_length=30)
    contact = serializers.CharField(max_length=255, required=False, allow_blank=True,
                                    default="")
    username = serializers.CharField(max_length=150, required=False, allow_blank=True,
                                     default="", help_text="the linked account, if any")
    active_from = serializers.DateField(required=False, allow_null=True, default=None)
    active_until = serializers.DateField(required=False, allow_null=True, default=None)


class ReporterViewSet(viewsets.ReadOnlyModelViewSet[Reporter]):
    """The reporter register of the units the caller may see; editors add and change."""

    serializer_class = ReporterSerializer

    def get_queryset(self) -> Any:
        qs = services.reporters_visible_to(self.request.user).select_related("unit", "user")
        if self.request.query_params.get("unit"):
            qs = qs.filter(unit__code=self.request.query_params["unit"])
        return qs.order_by("full_name", "id")

    def _save(self, request: Request, reporter: Reporter | None) -> Reporter:
        data = ReporterInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        unit = get_unit(values.pop("unit"))
        user = services.user_by_username(values.pop("username"))
        return services.save_reporter(request.user, unit,
                                      services.ReporterData(**values, user=user), reporter)

    def create(self, request: Request) -> Response:
        reporter = self._save(request, None)
        return Response(ReporterSerializer(reporter).data, status=status.HTTP_201_CREATED)

    def update(self, request: Request, pk: str | None = None) -> Response:
        reporter = self.get_object()
        return Response(ReporterSerializer(self._save(request, reporter)).data)


class MaterialSerializer(serializers.ModelSerializer[Material]):
    unit = serializers.SlugRelatedField(slug_field="code", read_only=True)  # type: ignore[var-annotated]
    document_label = serializers.CharField(source="document.label", read_only=True,
                                           default=None)
    file_url = serializers.SerializerMethodField()

    class Meta:
        model = Material
        fields = ["id", "unit", "campaign", "title", "notes", "document", "document_label",
                  "item", "file_name", "file_url", "valid_until", "created_at"]
        read_only_fields = fields

    def get_file_url(self, obj: Material) -> str | None:
        return reverse("outreach-material-file", args=[obj.pk]) if obj.file else None


class MaterialInput(serializers.Serializer[Any]):
    unit = serializers.SlugField()
    campaign = serializers.CharField(max_length=255)
    title = serializers.CharField(max_length=255)
    notes = serializers.CharField(required=False, allow_blank=True, default="")
    document = serializers.IntegerField(required=False, allow_null=True, default=None)
    item = serializers.IntegerField(required=False, allow_null=True, default=None)
    file = serializers.FileField(required=False, allow_null=True, default=None)
    valid_until = serializers.DateField(required=False, allow_null=True, default=None)


class MaterialViewSet(viewsets.ReadOnlyModelViewSet[Material]):
    """Talking points for the caller's units and the units above them."""

    serializer_class = MaterialSerializer
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    def get_queryset(self) -> Any:
        return services.materials_for(self.request.user).select_related(
            "unit", "document").order_by("-created_at", "-id")

    def create(self, request: Request) -> Response:
        data = MaterialInput(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        document = get_object_or_404(Document, pk=v["document"]) if v["document"] else None
        item = get_object_or_404(Item, pk=v["item"]) if v["item"] else None
        upload = v["file"]
        material = services.add_material(
            request.user, get_unit(v["unit"]), campaign=v["campaign"], title=v["title"],
            notes=v["notes"], document=document, item=item,
            file_name=upload.name if upload else "",
            file_data=upload.read(services.MAX_ATTACHMENT_BYTES + 1) if upload else None,
            valid_until=v["valid_until"])
        return Response(MaterialSerializer(material).data, status=status.HTTP_201_CREATED)


class ActivityFileSerializer(serializers.ModelSerializer[ActivityFile]):
    url = serializers.SerializerMethodField()

    class Meta:
        model = ActivityFile
        fields = ["id", "kind", "name", "size", "uploaded_at", "url"]
        read_only_fields = fields

    def get_url(self, obj: ActivityFile) -> str:
        return reverse("outreach-file", args=[obj.pk])


class ActivitySerializer(serializers.ModelSerializer[Activity]):
    unit = serializers.SlugRelatedField(slug_field="code", read_only=True)  # type: ignore[var-annotated]
    reporters = serializers.PrimaryKeyRelatedField(many=True, read_only=True)  # type: ignore[var-annotated]
    documents = serializers.PrimaryKeyRelatedField(many=True, read_only=True)  # type: ignore[var-annotated]
    items = serializers.PrimaryKeyRelatedField(many=True, read_only=True)  # type: ignore[var-annotated]
    files = ActivityFileSerializer(many=True, read_only=True)

    class Meta:
        model = Activity
        fields = ["id", "uid", "unit", "form", "topic", "starts_at", "ends_at", "place",
                  "reporters", "documents", "items", "audience_total", "audience_members",
                  "audience_civil_servants", "audience_citizens", "audience_ethnic_minority",
                  "minutes", "files", "created_at", "updated_at"]
        read_only_fields = fields


class ActivityInput(serializers.Serializer[Any]):
    unit = serializers.SlugField()
    form = serializers.ChoiceField(choices=Form.choices)
    topic = serializers.CharField(max_length=500)
    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField(required=False, allow_null=True, default=None)
    place = serializers.CharField(max_length=255, required=False, allow_blank=True, default="")
    reporters = serializers.ListField(child=serializers.IntegerField(), required=False,
                                      default=list, max_length=50)
    documents = serializers.ListField(child=serializers.IntegerField(), required=False,
                                      default=list, max_length=50)
    items = serializers.ListField(child=serializers.IntegerField(), required=False,
                                  default=list, max_length=50)
    audience_total = serializers.IntegerField(required=False, allow_null=True, default=None,
                                              min_value=0)
    audience_members = serializers.IntegerField(required=False, default=0, min_value=0)
    audience_civil_servants = serializers.IntegerField(required=False, default=0, min_value=0)
    audience_citizens = serializers.IntegerField(required=False, default=0, min_value=0)
    audience_ethnic_minority = serializers.IntegerField(required=False, default=0, min_value=0)
    minutes = serializers.CharField(required=False, allow_blank=True, default="")

    def to_data(self) -> services.ActivityData:
        v = dict(self.validated_data)
        unit = get_unit(v.pop("unit"))
        reporter_ids, document_ids = v.pop("reporters"), v.pop("documents")
        item_ids = v.pop("items")
        reporters = list(Reporter.objects.filter(pk__in=reporter_ids))
        documents = list(Document.objects.filter(pk__in=document_ids))
        items = list(Item.objects.filter(pk__in=item_ids))
        if (len(reporters) != len(set(reporter_ids)) or len(documents) != len(set(document_ids))
                or len(items) != len(set(item_ids))):
            raise DomainError(_("Có báo cáo viên, văn bản hoặc tin bài không tồn tại."))
        return services.ActivityData(unit=unit, reporters=reporters, documents=documents,
                                     items=items, **v)


class ActivityViewSet(viewsets.ReadOnlyModelViewSet[Activity]):
    """Activities in the caller's subtrees; ``?unit=CODE&form=&from=YYYY-MM-DD&to=``."""

    serializer_class = ActivitySerializer
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    def get_queryset(self) -> Any:
        qs = services.activities_visible_to(self.request.user).select_related(
            "unit").prefetch_related("reporters", "documents", "items", "files")
        params = self.request.query_params
        if params.get("unit"):
            unit = get_unit(params["unit"])
            qs = qs.filter(unit__path__startswith=unit.path)
        if params.get("form") in Form.values:
            qs = qs.filter(form=params["form"])
        for key, lookup in (("from", "starts_at__date__gte"), ("to", "starts_at__date__lte")):
            if params.get(key):
                try:
                    qs = qs.filter(**{lookup: dt.date.fromisoformat(params[key])})
                except ValueError as exc:
                    raise DomainError(_("Ngày không hợp lệ: %(value)s."),
                                      value=params[key][:20]) from exc
        return qs.order_by("-starts_at", "-id")

    def create(self, request: Request) -> Response:
        data = ActivityInput(data=request.data)
        data.is_valid(raise_exception=True)
        activity = services.log_activity(request.user, data.to_data())
        return Response(ActivitySerializer(activity).data, status=status.HTTP_201_CREATED)

    def update(self, request: Request, pk: str | None = None) -> Response:
        activity = self.get_object()
        data = ActivityInput(data=request.data)
        data.is_valid(raise_exception=True)
        activity = services.update_activity(request.user, activity, data.to_data())
        return Response(ActivitySerializer(activity).data)

    def destroy(self, request: Request, pk: str | None = None) -> Response:
        services.delete_activity(request.user, self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)

    @action(detail=True, methods=["post"], parser_classes=[MultiPartParser])
    def files(self, request: Request, pk: str | None = None) -> Response:
        """Attach a photo (``kind=photo``: re-encoded, metadata removed) or an attachment."""
        activity = self.get_object()
        upload = request.FILES.get("file")
        if upload is None:
            raise DomainError(_("Hãy chọn tệp."))
        kind = str(_data(request).get("kind") or ActivityFile.Kind.ATTACHMENT)
        if kind not in ActivityFile.Kind.values:
            raise DomainError(_("Loại tệp không hợp lệ."))
        item = services.add_activity_file(request.user, activity, upload.name,
                                          upload.read(services.MAX_ATTACHMENT_BYTES + 1), kind)
        return Response(ActivityFileSerializer(item).data, status=status.HTTP_201_CREATED)

    @action(detail=False, methods=["post"], url_path="import", parser_classes=[MultiPartParser])
    def import_file(self, request: Request) -> Response:
        """Import an XLSX (``file``); ``dry_run=1`` only checks. 400 lists every bad row."""
        upload = request.FILES.get("file")
        if upload is None:
            raise DomainError(_("Hãy chọn tệp."))
        result = importer.import_activities(
            request.user, upload.read(importer.MAX_FILE_BYTES + 1), upload.name,
            dry_run=str(_data(request).get("dry_run", "")) in {"1", "true"})
        body = {"rows": result.rows, "created": result.created,
                "error_count": result.error_count,
                "errors": [{"row": e.row, "column": e.column, "message": e.message}
                           for e in result.errors]}
        code = status.HTTP_201_CREATED if result.created else (
            status.HTTP_200_OK if result.ok else status.HTTP_400_BAD_REQUEST)
        return Response(body, status=code)

    @extend_schema(responses={(200, XLSX): OpenApiTypes.BINARY})
    @action(detail=False, methods=["get"])
    def template(self, request: Request) -> HttpResponse:
        response = HttpResponse(importer.template_workbook(request.user), content_type=XLSX)
        response["Content-Disposition"] = 'attachment; filename="mau-nhap-hoat-dong.xlsx"'
        return response

    @action(detail=False, methods=["get"], url_path="feed-url")
    def feed_url(self, request: Request) -> Response:
        """The caller's private iCalendar address for ``?unit=CODE``."""
        unit = get_unit(str(request.query_params.get("unit", "")))
        if not permissions.can(request.user, Action.VIEW, unit):
            raise PermissionDeniedError(_("Bạn không có quyền xem đơn vị này."))
        path = reverse("outreach-ical", args=[unit.code])
        key = calendar.feed_key(request.user, unit)
        return Response({"url": request.build_absolute_uri(f"{path}?key={key}")})
