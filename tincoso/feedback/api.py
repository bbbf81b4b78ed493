"""REST API of feedback: the public submission endpoint (no account, same limits as the
form), the published Q&A, and the staff endpoints behind the same gate as the pages.
Corrections have theirs in ``feedback.corrections_api`` (re-exported here).

No endpoint filters or lists feedback by sender: contact details appear only in the
detail of one item, to those who handle its unit.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from tincoso.core import clock
from tincoso.core.api import body as _data
from tincoso.core.api import object_id
from tincoso.core.errors import DomainError, PermissionDeniedError
from tincoso.feedback import limits, services, stats
from tincoso.feedback.corrections_api import (
    CorrectionViewSet,
    PublicCorrectionViewSet,
)
from tincoso.feedback.models import (
    Category,
    Feedback,
    Status,
)
from tincoso.units import permissions
from tincoso.units.models import Unit
from tincoso.units.permissions import Action
from tincoso.units.services import get_unit

MAX_PHOTO_BYTES = 8 * 1024 * 1024


# --- public -------------------------------------------------------------------------------


class SubmitInput(serializers.Serializer[Any]):
    place = serializers.SlugField(help_text="unit code of the place")
    category = serializers.ChoiceField(choices=Category.choices)
    text = serializers.CharField(max_length=limits.MAX_TEXT_CHARS, trim_whitespace=False)
    photo = serializers.FileField(required=False, allow_null=True, default=None)
    item = serializers.IntegerField(required=False, allow_null=True, default=None, min_value=1)
    leave_contact = serializers.BooleanField(required=False, default=False)
    contact_name = serializers.CharField(max_length=150, required=False, allow_blank=True,
                                         default="")
    contact_phone = serializers.CharField(max_length=32, required=False, allow_blank=True,
                                          default="")
    contact_email = serializers.CharField(max_length=254, required=False, allow_blank=True,
                                          default="")
    website = serializers.CharField(required=False, allow_blank=True, default="",
                                    help_text="honeypot: leave empty")


class TrackingSerializer(serializers.Serializer[Any]):
    """What the sender may read about their own submission."""

    tracking_code = serializers.CharField()
    unit = serializers.CharField()
    unit_name = serializers.CharField()
    status = serializers.CharField(help_text="new, assigned, answered, published or closed")
    submitted_at = serializers.DateTimeField()
    deadline = serializers.DateTimeField()
    answer = serializers.CharField(allow_null=True)
    answered_at = serializers.DateTimeField(allow_null=True)


class PublicFeedbackView(APIView):
    """Send a question, opinion, report or request; no account, rate-limited per source."""

    serializer_class = SubmitInput
    authentication_classes: list[Any] = []
    permission_classes = [AllowAny]
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    def post(self, request: Request) -> Response:
        limits.check_honeypot(request.data)
        limits.check_rate(request._request)
        data = SubmitInput(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        place = Unit.objects.filter(code=v["place"], active=True).first()
        if place is None:
            raise DomainError(_("Không tìm thấy đơn vị “%(code)s”."), code=v["place"])
        photo = v["photo"]
        if photo is not None and photo.size > MAX_PHOTO_BYTES:
            raise DomainError(_("Ảnh quá lớn (tối đa 8 MB)."))
        feedback = services.submit_feedback(
            place, v["category"], v["text"],
            photo=photo.read(MAX_PHOTO_BYTES + 1) if photo is not None else None,
            item_id=v["item"], contact_name=v["contact_name"],
            contact_phone=v["contact_phone"], contact_email=v["contact_email"],
            leave_contact=v["leave_contact"])
        return Response(TrackingSerializer(_tracking(feedback)).data,
                        status=status.HTTP_201_CREATED)


def _tracking(feedback: Feedback) -> dict[str, Any]:
    answered = feedback.status in (Status.ANSWERED, Status.PUBLISHED) or (
        feedback.status == Status.CLOSED and bool(feedback.answer))
    return {
        "tracking_code": feedback.tracking_code, "unit": feedback.unit.code,
        "unit_name": feedback.unit.name, "status": feedback.status,
        "submitted_at": feedback.submitted_at, "deadline": feedback.deadline,
        "answer": feedback.answer if answered else None,
        "answered_at": feedback.answered_at if answered else None,
    }


class PublicTrackView(APIView):
    """The state of one's own feedback, by its tracking code."""

    serializer_class = TrackingSerializer
    authentication_classes: list[Any] = []
    permission_classes = [AllowAny]

    def get(self, request: Request, code: str) -> Response:
        return Response(TrackingSerializer(_tracking(services.find_by_code(code))).data)


class QASerializer(serializers.ModelSerializer[Feedback]):
    unit = serializers.SlugRelatedField(slug_field="code", read_only=True)  # type: ignore[var-annotated]
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    question = serializers.CharField(source="public_question", read_only=True)
    answer = serializers.CharField(source="public_answer", read_only=True)

    class Meta:
        model = Feedback
        fields = ["id", "unit", "unit_name", "category", "question", "answer", "published_at"]
        read_only_fields = fields


class QAViewSet(viewsets.ReadOnlyModelViewSet[Feedback]):
    """Published questions and answers (moderated: nothing personal)."""

    serializer_class = QASerializer
    authentication_classes: list[Any] = []
    permission_classes = [AllowAny]

    def get_queryset(self) -> Any:
        qs = services.published_qa()
        code = self.request.query_params.get("unit")
        if code:
            qs = qs.filter(unit__path__startswith=get_unit(code).path)
        return qs.order_by("-published_at", "-id")


# --- staff --------------------------------------------------------------------------------


class FeedbackSerializer(serializers.ModelSerializer[Feedback]):
    """One item for staff; no contact details here (see ``contact`` on the detail)."""

    unit = serializers.SlugRelatedField(slug_field="code", read_only=True)  # type: ignore[var-annotated]
    place = serializers.SlugRelatedField(slug_field="code", read_only=True)  # type: ignore[var-annotated]
    overdue = serializers.BooleanField(source="is_overdue", read_only=True)
    has_contact = serializers.BooleanField(read_only=True)
    has_photo = serializers.SerializerMethodField()
    escalated_to = serializers.SlugRelatedField(slug_field="code", read_only=True)  # type: ignore[var-annotated]

    class Meta:
        model = Feedback
        fields = ["id", "unit", "place", "category", "text", "item", "status", "overdue",
                  "submitted_at", "deadline", "assigned_at", "answer", "answered_at",
                  "public_question", "public_answer", "published_at", "closed_at",
                  "close_reason", "escalation_level", "escalated_to", "escalated_at",
                  "has_contact", "has_photo"]
        read_only_fields = fields

    def get_has_photo(self, obj: Feedback) -> bool:
        return bool(obj.photo)


class FeedbackViewSet(viewsets.ReadOnlyModelViewSet[Feedback]):
    """Feedback of the caller's units. Filters: unit, status, category, overdue, q (content).

    There is deliberately no filter by sender, name, phone or e-mail.
    """

    serializer_class = FeedbackSerializer

    def get_queryset(self) -> Any:
        qs = services.feedback_visible_to(self.request.user).select_related(
            "unit", "place", "escalated_to")
        params = self.request.query_params
        if params.get("unit"):
            qs = qs.filter(unit__path__startswith=get_unit(params["unit"]).path)
        if params.get("status") in Status.values:
            qs = qs.filter(status=params["status"])
        if params.get("category") in Category.values:
            qs = qs.filter(category=params["category"])
        if params.get("overdue") == "1":
            qs = qs.filter(pk__in=services.overdue().values("pk"))
        from tincoso.core.text import fold

        for word in fold(params.get("q") or "").split():
            qs = qs.filter(search_text__contains=word)
        return qs.order_by("-submitted_at", "-id")

    def retrieve(self, request: Request, pk: str | None = None) -> Response:
        feedback = self.get_object()
        body = dict(FeedbackSerializer(feedback).data)
        if services.can_handle(request.user, feedback.unit) and feedback.has_contact:
            body["contact"] = {"name": feedback.contact_name, "phone": feedback.contact_phone,
                               "email": feedback.contact_email}
        return Response(body)

    def _done(self, feedback: Feedback) -> Response:
        return Response(FeedbackSerializer(Feedback.objects.get(pk=feedback.pk)).data)

    @action(detail=True, methods=["post"])
    def assign(self, request: Request, pk: str | None = None) -> Response:
        feedback = self.get_object()
        assignee = None
        if _data(request).get("user"):
            from django.contrib.auth import get_user_model

            assignee = get_object_or_404(get_user_model(), pk=object_id(_data(request), "user"))
        return self._done(services.assign(request.user, feedback, assignee))

    @action(detail=True, methods=["post"])
    def transfer(self, request: Request, pk: str | None = None) -> Response:
        feedback = self.get_object()
        return self._done(services.transfer(request.user, feedback,
                                            get_unit(str(_data(request).get("unit", "")))))

    @action(detail=True, methods=["post"])
    def answer(self, request: Request, pk: str | None = None) -> Response:
        return self._done(services.answer(request.user, self.get_object(),
                                          str(_data(request).get("answer", ""))))

    @action(detail=True, methods=["post"])
    def publish(self, request: Request, pk: str | None = None) -> Response:
        return self._done(services.publish(
            request.user, self.get_object(), str(_data(request).get("question", "")),
            str(_data(request).get("answer", ""))))

    def _for_approver(self, pk: str | None) -> Feedback:
        """A feedback item for its approvers, who may sit in a guiding unit and so
        not see the unit's inbox."""
        feedback = get_object_or_404(Feedback.objects.select_related("unit"), pk=pk)
        permissions.require(self.request.user, Action.APPROVE, feedback.unit)
        return feedback

    @action(detail=True, methods=["post"], url_path="approve-publication")
    def approve_publication(self, request: Request, pk: str | None = None) -> Response:
        """Four eyes: an approver makes the proposed Q&A public."""
        return self._done(services.approve_publication(request.user, self._for_approver(pk)))

    @action(detail=True, methods=["post"], url_path="send-back-publication")
    def send_back_publication(self, request: Request, pk: str | None = None) -> Response:
        return self._done(services.send_back_publication(
            request.user, self._for_approver(pk), str(_data(request).get("reason", ""))))

    @action(detail=True, methods=["post"])
    def close(self, request: Request, pk: str | None = None) -> Response:
        return self._done(services.close(request.user, self.get_object(),
                                         str(_data(request).get("reason", ""))))

    @action(detail=False, methods=["get"])
    def stats(self, request: Request) -> Response:
        """Aggregates for ``?unit=CODE&from=YYYY-MM-DD&to=YYYY-MM-DD``: counts, response times."""
        unit = get_unit(str(request.query_params.get("unit", "")))
        if not permissions.can(request.user, Action.VIEW, unit):
            raise PermissionDeniedError(_("Bạn không có quyền xem đơn vị này."))
        try:
            start = request.query_params.get("from")
            end = request.query_params.get("to")
            date_from = dt.date.fromisoformat(start) if start else None
            date_to = dt.date.fromisoformat(end) if end else None
        except ValueError as exc:
            raise DomainError(_("Ngày không hợp lệ (cần YYYY-MM-DD).")) from exc
        return Response(stats.rollup(unit, date_from, date_to, now=clock.now()).as_dict())


__all__ = [
    "CorrectionViewSet",
    "FeedbackViewSet",
    "PublicCorrectionViewSet",
    "PublicFeedbackView",
    "PublicTrackView",
    "QAViewSet",
]
