"""REST API for radio bulletins: the same services and the same gate as the pages."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpResponseBase
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from tincoso.broadcast.bulletins import recordings, rendering, services, serving
from tincoso.broadcast.bulletins.models import VARIANT_LANGUAGES, Bulletin, BulletinVariant
from tincoso.broadcast.speech import engines
from tincoso.core.errors import NotFoundError
from tincoso.units.services import get_unit


class BulletinVariantSerializer(serializers.ModelSerializer[BulletinVariant]):
    class Meta:
        model = BulletinVariant
        fields = ["language", "duration", "sha256", "added_at"]
        read_only_fields = fields


class BulletinSerializer(serializers.ModelSerializer[Bulletin]):
    unit = serializers.SlugRelatedField(slug_field="code", read_only=True)  # type: ignore[var-annotated]
    created_by = serializers.StringRelatedField()  # type: ignore[var-annotated]
    approved_by = serializers.StringRelatedField()  # type: ignore[var-annotated]
    playable = serializers.BooleanField(read_only=True)
    variants = BulletinVariantSerializer(many=True, read_only=True)

    class Meta:
        model = Bulletin
        fields = [
            "id", "unit", "title", "text", "reading", "reading_version", "kind", "status",
            "voice", "rate", "pause_ms", "source_item", "source_document", "duration",
            "audio_sha256", "audio_state", "audio_error", "playable", "variants",
            "created_by", "created_at", "approved_by", "approved_at", "review_note",
            "updated_at",
        ]  # fmt: skip
        read_only_fields = fields


class BulletinDetailSerializer(BulletinSerializer):
    """One bulletin, with who may approve it (a few queries: not in lists)."""

    reviewers = serializers.SerializerMethodField(
        help_text="who may approve it (its unit's approvers, or its guiding unit's), not its "
        "authors; empty once approved"
    )

    class Meta(BulletinSerializer.Meta):
        fields = [*BulletinSerializer.Meta.fields, "reviewers"]
        read_only_fields = fields

    def get_reviewers(self, bulletin: Bulletin) -> list[str]:
        if bulletin.status not in (Bulletin.Status.DRAFT, Bulletin.Status.REVIEW):
            return []
        return [str(u) for u in services.reviewers_of(bulletin)]


class BulletinDraftSerializer(serializers.Serializer[Any]):
    unit = serializers.SlugField(required=False, help_text="POST: the unit's code")
    title = serializers.CharField(max_length=300)
    text = serializers.CharField(required=False, allow_blank=True, default="")
    reading = serializers.CharField(
        required=False, allow_blank=True, allow_null=True, default=None,
        help_text="PATCH: a corrected reading (ignored when the text changes: the reading "
        "is then made again from the text)",
    )  # fmt: skip
    voice = serializers.CharField(required=False, default=engines.DEFAULT_VOICE, max_length=40)
    rate = serializers.IntegerField(required=False, default=100)
    pause_ms = serializers.IntegerField(required=False, default=800)
    source_item = serializers.IntegerField(required=False, allow_null=True, default=None)
    source_document = serializers.IntegerField(required=False, allow_null=True, default=None)

    def draft(self) -> services.Draft:
        d = self.validated_data
        return services.Draft(title=d["title"], text=d["text"], voice=d["voice"],
                              rate=d["rate"], pause_ms=d["pause_ms"])  # fmt: skip


class BulletinSendBackSerializer(serializers.Serializer[Any]):
    reason = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)


class BulletinUploadSerializer(serializers.Serializer[Any]):
    file = serializers.FileField()
    language = serializers.CharField(
        default="vi", max_length=8,
        help_text="vi: the bulletin's own recording; "
        + ", ".join(code for code, _label in VARIANT_LANGUAGES) + ": a recorded variant",
    )  # fmt: skip


_FILTERS = [OpenApiParameter(name, str, description=text) for name, text in (
    ("status", "draft, review, approved, withdrawn"), ("kind", "speech, recording"),
    ("unit", "a unit's code: its subtree"), ("q", "words in the title or text"))]  # fmt: skip


class BulletinViewSet(viewsets.ReadOnlyModelViewSet[Bulletin]):
    serializer_class = BulletinSerializer
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    def get_serializer_class(self) -> Any:
        return BulletinSerializer if self.action == "list" else BulletinDetailSerializer

    def get_queryset(self) -> Any:
        p = self.request.query_params
        return services.filtered(
            services.visible_to(self.request.user)
            .select_related("unit", "created_by", "approved_by").prefetch_related("variants"),
            status=p.get("status", ""), unit=p.get("unit", ""), q=p.get("q", "").strip(),
            kind=p.get("kind", ""),
        ).order_by("-created_at", "-pk")  # fmt: skip

    @extend_schema(parameters=_FILTERS)
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().list(request, *args, **kwargs)

    def _sources(self, data: dict[str, Any]) -> dict[str, Any]:
        from tincoso.documents.models import Document
        from tincoso.publishing.models import Item

        found: dict[str, Any] = {}
        if data["source_item"]:
            item = Item.objects.filter(pk=data["source_item"]).first()
            if item is None:
                raise NotFoundError(_("Không tìm thấy tin bài."))
            services.draft_from_item(self.request.user, item)
            found["source_item"] = item
        if data["source_document"]:
            doc = Document.objects.filter(pk=data["source_document"]).first()
            if doc is None:
                raise NotFoundError(_("Không tìm thấy văn bản."))
            services.draft_from_document(self.request.user, doc)
            found["source_document"] = doc
        return found

    @extend_schema(request=BulletinDraftSerializer, responses={201: BulletinDetailSerializer})
    def create(self, request: Request) -> Response:
        data = BulletinDraftSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        unit = get_unit(str(data.validated_data.get("unit", "")))
        bulletin = services.create_bulletin(request.user, unit, data.draft(),
                                            **self._sources(data.validated_data))  # fmt: skip
        return Response(BulletinDetailSerializer(bulletin).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=BulletinDraftSerializer, responses={200: BulletinDetailSerializer})
    def partial_update(self, request: Request, pk: str | None = None) -> Response:
        bulletin = self.get_object()
        current = {"title": bulletin.title, "text": bulletin.text, "voice": bulletin.voice,
                   "rate": bulletin.rate, "pause_ms": bulletin.pause_ms}  # fmt: skip
        sent = request.data.dict() if hasattr(request.data, "dict") else dict(request.data)
        data = BulletinDraftSerializer(data={**current, **sent})  # form posts: one value each
        data.is_valid(raise_exception=True)
        services.edit_bulletin(request.user, bulletin, data.draft(),
                               reading=data.validated_data["reading"])  # fmt: skip
        return Response(BulletinDetailSerializer(bulletin).data)

    def _step(self, fn: Any, *args: Any) -> Response:
        bulletin = self.get_object()
        fn(self.request.user, bulletin, *args)
        bulletin.refresh_from_db()
        return Response(BulletinDetailSerializer(bulletin).data)

    @extend_schema(request=None, responses={200: BulletinDetailSerializer})
    @action(detail=True, methods=["post"])
    def submit(self, request: Request, pk: str | None = None) -> Response:
        return self._step(services.submit)

    @extend_schema(request=None, responses={200: BulletinDetailSerializer},
                   description="Four eyes: an approver of the unit (or of its guiding unit) "
                   "who is none of its authors. Speech is then rendered in the background: "
                   "audio_state is 'pending' until 'ready' (or 'failed').")  # fmt: skip
    @action(detail=True, methods=["post"])
    def approve(self, request: Request, pk: str | None = None) -> Response:
        return self._step(services.approve)

    @extend_schema(
        request=None,
        responses={200: BulletinDetailSerializer},
        description="Queue the speech again after a failed render (approvers).",
    )
    @action(detail=True, methods=["post"], url_path="render")
    def render_again(self, request: Request, pk: str | None = None) -> Response:
        return self._step(services.render_again)

    @extend_schema(request=BulletinSendBackSerializer, responses={200: BulletinDetailSerializer})
    @action(detail=True, methods=["post"], url_path="send-back")
    def send_back(self, request: Request, pk: str | None = None) -> Response:
        data = BulletinSendBackSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        return self._step(services.send_back, data.validated_data["reason"])

    @extend_schema(request=None, responses={200: BulletinDetailSerializer})
    @action(detail=True, methods=["post"])
    def withdraw(self, request: Request, pk: str | None = None) -> Response:
        return self._step(services.withdraw)

    @extend_schema(request={"multipart/form-data": BulletinUploadSerializer},
                   responses={200: BulletinDetailSerializer},
                   description="An MP3, WAV, OGG or M4A file, normalised to −16 LUFS, MP3 mono "
                   "64 kbps CBR. A bad file is refused (400) and nothing changes.")  # fmt: skip
    @action(detail=True, methods=["post"])
    def recording(self, request: Request, pk: str | None = None) -> Response:
        bulletin = self.get_object()
        data = BulletinUploadSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        language, upload = data.validated_data["language"], data.validated_data["file"]
        if language == "vi":
            recordings.attach_recording(request.user, bulletin, upload)
        else:
            recordings.attach_variant(request.user, bulletin, language, upload)
        bulletin.refresh_from_db()
        return Response(BulletinDetailSerializer(bulletin).data)

    @extend_schema(request=None, responses={200: BulletinDetailSerializer},
                   description="Back from the Vietnamese recording to the machine voice: the "
                   "recording is dropped, the reading made from the text; the bulletin goes "
                   "back to review. 409 when it already reads by machine voice, 400 without "
                   "text.")  # fmt: skip
    @action(detail=True, methods=["post"])
    def speech(self, request: Request, pk: str | None = None) -> Response:
        return self._step(recordings.use_speech)

    @extend_schema(
        request=None,
        parameters=[OpenApiParameter("language", str, description="tai, hmn or dao: a variant"),
                    OpenApiParameter("preview", bool, description="the speech as it reads now "
                                     "(editors and approvers): 202 with Retry-After while the "
                                     "worker renders it")],
        responses={(200, "audio/mpeg"): OpenApiTypes.BINARY, (206, "audio/mpeg"):
                   OpenApiTypes.BINARY, 202: OpenApiTypes.OBJECT, 416: None},
        description="The audio through the access check, with Range requests (206, 416).",
    )  # fmt: skip
    @action(detail=True, methods=["get"])
    def audio(self, request: Request, pk: str | None = None) -> HttpResponseBase:
        bulletin = self.get_object()
        if not serving.may_hear(request, bulletin):
            raise Http404
        language = request.query_params.get("language", "")
        if language:
            variant = bulletin.variants.filter(language=language).first()
            if variant is None or not variant.audio:
                raise NotFoundError(_("Bản tin không có bản ghi ngôn ngữ này."))
            return serving.serve_audio(request, variant.audio, variant.sha256)
        if request.query_params.get("preview") in ("1", "true"):
            made, task = rendering.preview(request.user, bulletin)
            if made is None:  # the worker is rendering it: ask again shortly
                waiting = Response({"detail": "đang tạo âm thanh", "detail_en": "rendering",
                                    "task": task}, status=status.HTTP_202_ACCEPTED)  # fmt: skip
                waiting["Retry-After"] = "2"
                return waiting
            return serving.serve_audio(request, made.audio, made.sha256)
        if not bulletin.audio:
            raise NotFoundError(_("Bản tin chưa có âm thanh."))
        return serving.serve_audio(request, bulletin.audio, bulletin.audio_sha256)


__all__ = ["BulletinViewSet"]
