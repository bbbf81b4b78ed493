"""REST API for items, their versions, workflow actions and search (same rules as the UI)."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from tincoso import search
from tincoso.core.errors import NotFoundError, PreconditionFailedError
from tincoso.documents.models import Document
from tincoso.publishing import services
from tincoso.publishing.models import LANGUAGES, Item, ItemVersion
from tincoso.units import permissions
from tincoso.units.models import Unit
from tincoso.units.permissions import Action
from tincoso.units.services import get_unit


class VersionSerializer(serializers.ModelSerializer[ItemVersion]):
    approved_by = serializers.StringRelatedField()  # type: ignore[var-annotated]

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
            "approved_by",
            "approved_at",
            "discarded_at",
        ]
        read_only_fields = fields


class ItemSerializer(serializers.ModelSerializer[Item]):
    unit = serializers.SlugRelatedField(slug_field="code", read_only=True)  # type: ignore[var-annotated]
    author = serializers.StringRelatedField()  # type: ignore[var-annotated]
    approved_by = serializers.StringRelatedField()  # type: ignore[var-annotated]
    current = VersionSerializer(read_only=True)
    published_version = VersionSerializer(read_only=True, allow_null=True)
    pending_version = VersionSerializer(
        read_only=True, allow_null=True,
        help_text="a correction awaiting an approver; readers still see published_version",
    )  # fmt: skip
    pending_reviewers = serializers.SerializerMethodField(
        help_text="who may approve the pending correction (empty when none is pending)"
    )
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
            "author",
            "approved_by",
            "review_note",
            "current",
            "published_version",
            "pending_version",
            "pending_reviewers",
            "publish_at",
            "expires_at",
            "published_at",
            "updated_at",
        ]
        read_only_fields = fields

    def get_pending_reviewers(self, item: Item) -> list[str]:
        if item.pending_version is None:
            return []
        return [str(u) for u in services.reviewers_of_correction(item)]


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
    correction_note = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=2000
    )
    source_document = serializers.IntegerField(required=False, allow_null=True, default=None)
    translation_of = serializers.IntegerField(required=False, allow_null=True, default=None)
    version = serializers.IntegerField(
        required=False, allow_null=True, default=None, min_value=0,
        help_text="PATCH: the current.number the change was made from; 409 if it is no longer "
        "current (or send the ETag in If-Match: 412)",
    )  # fmt: skip

    def draft(self) -> services.Draft:
        data = dict(self.validated_data)
        for key in ("unit", "correction_note", "source_document", "translation_of", "version"):
            data.pop(key, None)
        return services.Draft(**data)


def _current_draft(item: Item) -> dict[str, Any]:
    """The item's present content as draft fields: what a PATCH starts from (a
    pending correction when there is one)."""
    return vars(services.draft_of(item))


def item_etag(item: Item) -> str:
    """Names the item's current version: every saved change makes a new one."""
    return f'"item-{item.pk}-v{services.current_number(item)}"'


def _version_in(if_match: str, item: Item) -> int | None:
    """The version an If-Match header names (None for ``*``); 412 if it names none
    of this item's."""
    if if_match.strip() == "*":
        return None
    found = re.fullmatch(r'\s*(?:W/)?"item-(\d+)-v(\d+)"\s*', if_match)
    if found is None or int(found.group(1)) != item.pk:
        raise PreconditionFailedError(
            _("If-Match phải là ETag của tin này (nay là %(etag)s)."), etag=item_etag(item)
        )
    return int(found.group(2))


class ApproveSerializer(serializers.Serializer[Any]):
    version = serializers.IntegerField(
        required=False, allow_null=True, default=None, min_value=0,
        help_text="the current.number (pending_version.number) the approver read; 409 if "
        "another version has been saved since",
    )  # fmt: skip


class SendBackSerializer(serializers.Serializer[Any]):
    reason = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)


class FromDocumentSerializer(serializers.Serializer[Any]):
    unit = serializers.SlugField()
    document = serializers.IntegerField()


class ItemViewSet(viewsets.ReadOnlyModelViewSet[Item]):
    serializer_class = ItemSerializer

    def get_queryset(self) -> Any:
        return permissions.restrict(
            Item.objects.select_related(
                "unit", "current__approved_by", "published_version__approved_by", "author",
                "approved_by",
            ).prefetch_related("topics"),
            self.request.user,
            Action.VIEW,
        ).order_by("-updated_at")

    @extend_schema(request=DraftSerializer, responses={201: ItemSerializer})
    def create(self, request: Request) -> Response:
        data = DraftSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        unit = get_unit(str(data.validated_data.get("unit", "")))
        source = family = None
        if data.validated_data["source_document"]:
            source = Document.objects.filter(pk=data.validated_data["source_document"]).first()
            if source is None:
                raise NotFoundError(_("Không tìm thấy văn bản."))
        if data.validated_data["translation_of"]:
            family = self.get_queryset().filter(pk=data.validated_data["translation_of"]).first()
            if family is None:
                raise NotFoundError(_("Không tìm thấy tin bài."))
        item = services.create_item(
            request.user, unit, data.draft(), source=source, translation_of=family
        )
        return Response(ItemSerializer(item).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=FromDocumentSerializer, responses={201: ItemSerializer})
    @action(detail=False, methods=["post"], url_path="from-document")
    def from_document(self, request: Request) -> Response:
        """A draft prefilled from a registered document the caller may see."""
        data = FromDocumentSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        unit = get_unit(data.validated_data["unit"])
        doc = Document.objects.filter(pk=data.validated_data["document"]).first()
        if doc is None:
            raise NotFoundError(_("Không tìm thấy văn bản."))
        draft = services.draft_from_document(request.user, doc)
        item = services.create_item(request.user, unit, draft, source=doc)
        return Response(ItemSerializer(item).data, status=status.HTTP_201_CREATED)

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        item = self.get_object()
        return Response(ItemSerializer(item).data, headers={"ETag": item_etag(item)})

    @extend_schema(
        request=DraftSerializer,
        responses={
            200: ItemSerializer, 202: ItemSerializer, 409: OpenApiTypes.OBJECT,
            412: OpenApiTypes.OBJECT,
        },
        parameters=[
            OpenApiParameter(
                "If-Match", str, OpenApiParameter.HEADER,
                description="the item's ETag as read; 412 if someone has changed it since",
            )
        ],
    )  # fmt: skip
    def partial_update(self, request: Request, pk: str | None = None) -> Response:
        """Change a draft (200), or correct a published item (``correction_note``
        required): 202, the correction is ``pending_version`` until an approver who
        wrote none of it approves it (``approve``); readers keep ``published_version``.
        Fields left out keep their present values. Send the ETag of the item as read in
        ``If-Match`` (or its ``current.number`` as ``version``) so that a change made
        meanwhile by someone else is not overwritten: 412 (or 409) instead."""
        item = self.get_object()
        if not isinstance(request.data, dict):
            raise serializers.ValidationError(_("Cần một đối tượng JSON."))
        pending = item.pending_version  # a second save of a correction keeps its note
        note = {"correction_note": pending.correction_note} if pending else {}
        data = DraftSerializer(data={**_current_draft(item), **note, **request.data})
        data.is_valid(raise_exception=True)
        if_match = request.headers.get("If-Match")
        expected = data.validated_data["version"]
        if if_match is not None:
            expected = _version_in(if_match, item)
        code: int = status.HTTP_200_OK
        try:
            if item.status == Item.Status.PUBLISHED:
                code = status.HTTP_202_ACCEPTED
                item = services.correct(
                    request.user, item, data.draft(), data.validated_data["correction_note"],
                    expected_version=expected,
                )  # fmt: skip
            else:
                item = services.edit_item(request.user, item, data.draft(),
                                          expected_version=expected)  # fmt: skip
        except services.StaleVersionError as exc:
            if if_match is None:
                raise
            raise PreconditionFailedError(exc.message, **exc.params) from None
        return Response(
            ItemSerializer(item).data, status=code, headers={"ETag": item_etag(item)}
        )

    @action(detail=True, methods=["get"])
    def versions(self, request: Request, pk: str | None = None) -> Response:
        return Response(VersionSerializer(self.get_object().versions.all(), many=True).data)

    def _step(self, fn: Any, *args: Any) -> Response:
        item = self.get_object()
        fn(self.request.user, item, *args)
        return Response(ItemSerializer(self.get_queryset().get(pk=item.pk)).data)

    @action(detail=True, methods=["post"])
    def submit(self, request: Request, pk: str | None = None) -> Response:
        return self._step(services.submit_for_review)

    @extend_schema(
        request=ApproveSerializer,
        responses={200: ItemSerializer, 403: OpenApiTypes.OBJECT, 409: OpenApiTypes.OBJECT},
    )
    @action(detail=True, methods=["post"])
    def approve(self, request: Request, pk: str | None = None) -> Response:
        """Approve an item in review, or a published item's pending correction
        (never by one of its authors: 403)."""
        data = ApproveSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        item = self.get_object()
        services.approve(request.user, item, expected_version=data.validated_data["version"])
        return Response(ItemSerializer(self.get_queryset().get(pk=item.pk)).data)

    @extend_schema(request=None, responses={200: ItemSerializer})
    @action(detail=True, methods=["post"], url_path="approve-files")
    def approve_files(self, request: Request, pk: str | None = None) -> Response:
        """Make public the images and attachments added since approval (not the
        caller's own: another approver approves those)."""
        return self._step(services.approve_files)

    @extend_schema(request=SendBackSerializer, responses={200: ItemSerializer})
    @action(detail=True, methods=["post"])
    def send_back(self, request: Request, pk: str | None = None) -> Response:
        data = SendBackSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        return self._step(services.send_back, data.validated_data["reason"])

    @action(detail=True, methods=["post"])
    def withdraw(self, request: Request, pk: str | None = None) -> Response:
        return self._step(services.withdraw)

    @action(detail=True, methods=["post"])
    def archive(self, request: Request, pk: str | None = None) -> Response:
        return self._step(services.archive)

    @extend_schema(responses={200: OpenApiTypes.OBJECT})
    @action(detail=True, methods=["get"])
    def diff(self, request: Request, pk: str | None = None) -> Response:
        """Unified diff (difflib) between versions ``?a=`` and ``?b=`` (default: the last two)."""
        item = self.get_object()
        versions = {v.number: v for v in item.versions.all()}
        numbers = sorted(versions)

        def pick(name: str, default: int) -> int:
            raw = str(request.query_params.get(name, ""))
            if not raw:
                return default
            if not raw.isdigit() or int(raw) not in versions:
                raise NotFoundError(_("Không có phiên bản %(n)s."), n=raw[:20])
            return int(raw)

        b = pick("b", numbers[-1])
        a = pick("a", max([n for n in numbers if n < b], default=b))
        return Response({"a": a, "b": b, "diff": services.diff(versions[a], versions[b])})


class SearchView(APIView):
    permission_classes = [AllowAny]

    @extend_schema(
        parameters=[
            OpenApiParameter("q", str, required=True),
            OpenApiParameter("unit", str),
            OpenApiParameter("type", str),
            OpenApiParameter("kind", str, enum=["item", "document"]),
            OpenApiParameter("page", int),
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
        kind = str(params.get("kind") or "")
        raw_page = str(params.get("page") or "1")
        page = max(1, min(int(raw_page), 50)) if raw_page.isdigit() else 1
        results = search.search(
            str(params.get("q", ""))[:200],
            request.user,
            unit=unit,
            type=str(params.get("type") or ""),
            topic=str(params.get("topic") or ""),
            kind=kind if kind in ("item", "document") else "",
            since=day("from"),
            until=day("to"),
            limit=50,
            offset=(page - 1) * 50,
        )
        return Response(
            {
                "total": results.total,
                "more": results.more,
                "hits": [
                    {
                        "kind": h.kind,
                        "id": h.object_id,
                        "title": h.title,
                        "snippet": h.snippet,
                        "published_at": h.published_at,
                        "type": h.type,
                        "unit": h.unit_code,
                        "unit_name": h.unit_name,
                    }
                    for h in results.hits
                ],
            }
        )
