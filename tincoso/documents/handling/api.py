"""REST API for handling incoming documents (same gate as the pages).

GET/POST /api/dispatches/{id}/instructions/   instructions in force, history, summary;
                                              a leader gives or changes them
GET/POST /api/documents/{id}/instructions/    the same on an incoming document the unit
                                              registered itself
GET  /api/handling-assignments/               the caller's open assignments (and handed-over)
GET  /api/handling-assignments/{id}/
POST /api/handling-assignments/{id}/complete/ {"note": ...}
GET/POST /api/handovers/                      the caller's hand-overs; hand over
"""

from __future__ import annotations

import dataclasses
from typing import Any

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from tincoso.core.api import body
from tincoso.core.errors import PermissionDeniedError
from tincoso.documents.handling import handlers, instructions, parsing
from tincoso.documents.handling.models import Assignment, Handover, Instruction
from tincoso.documents.handling.subject import Subject, is_self_registered
from tincoso.documents.handling.summary import handling_summary
from tincoso.documents.models import Dispatch, Document
from tincoso.units import permissions
from tincoso.units.permissions import Action
from tincoso.units.services import get_unit


class AssignmentSerializer(serializers.ModelSerializer[Assignment]):
    unit = serializers.SlugRelatedField(slug_field="code", read_only=True)  # type: ignore[var-annotated]
    person = serializers.SlugRelatedField(slug_field="username", read_only=True)  # type: ignore[var-annotated]
    name = serializers.CharField(source="assignee_name", read_only=True)
    dispatch = serializers.IntegerField(source="made_dispatch_id", read_only=True)
    done = serializers.BooleanField(source="is_done", read_only=True)
    overdue = serializers.BooleanField(source="is_overdue", read_only=True)

    class Meta:
        model = Assignment
        fields = [
            "id",
            "role",
            "unit",
            "person",
            "name",
            "deadline",
            "dispatch",
            "status",
            "done",
            "overdue",
            "result_note",
            "done_at",
        ]
        read_only_fields = fields


class InstructionSerializer(serializers.ModelSerializer[Instruction]):
    given_by = serializers.SlugRelatedField(slug_field="username", read_only=True)  # type: ignore[var-annotated]
    assignments = AssignmentSerializer(many=True, read_only=True)

    class Meta:
        model = Instruction
        fields = ["id", "version", "text", "given_by", "given_at", "current", "assignments"]
        read_only_fields = fields


class InstructionsRequest(serializers.Serializer[Any]):
    text = serializers.CharField()
    assignees = serializers.ListField(child=serializers.DictField())


class InstructionsView(APIView):
    def _subject(self, request: Request, pk: int) -> Subject:
        dispatch = get_object_or_404(Dispatch.objects.select_related("recipient"), pk=pk)
        permissions.require(request.user, Action.VIEW, dispatch.recipient)
        return dispatch

    def _answer(self, line: Subject, code: int = status.HTTP_200_OK) -> Response:
        summary = dataclasses.asdict(handling_summary(line))
        head = (
            {"dispatch": line.pk, "role": line.role}
            if isinstance(line, Dispatch)
            else {"document": line.pk}
        )
        return Response(
            {
                **head,
                "history": InstructionSerializer(instructions.history(line), many=True).data,
                "summary": summary,
            },
            status=code,
        )

    @extend_schema(responses={200: InstructionSerializer(many=True)})
    def get(self, request: Request, pk: int) -> Response:
        return self._answer(self._subject(request, pk))

    @extend_schema(request=InstructionsRequest, responses={201: InstructionSerializer(many=True)})
    def post(self, request: Request, pk: int) -> Response:
        """Give or change the instructions: ``{"text", "assignees": [{"unit": CODE} or
        {"person": USERNAME}, "role": lead|coordinate|inform, "deadline": day or ISO}]}``."""
        line = self._subject(request, pk)
        instructions.require_leader(request.user, line)
        text, rows = parsing.from_json(body(request))
        instructions.give_instructions(request.user, line, text, rows)
        return self._answer(line, status.HTTP_201_CREATED)


class DocumentInstructionsView(InstructionsView):
    """The instructions on an incoming document its unit registered itself."""

    def _subject(self, request: Request, pk: int) -> Subject:
        doc = get_object_or_404(Document.objects.select_related("unit"), pk=pk)
        permissions.require(request.user, Action.VIEW, doc.unit)
        if not is_self_registered(doc):
            raise Http404
        return doc


class AssignmentViewSet(viewsets.ReadOnlyModelViewSet[Assignment]):
    """The caller's open assignments; one of them (theirs, handed over, or in a unit
    they may see)."""

    serializer_class = AssignmentSerializer
    queryset = Assignment.objects.none()  # for the schema: the path's id is an integer

    def get_queryset(self) -> Any:
        return handlers.open_assignments(self.request.user)

    def get_object(self) -> Assignment:
        row = get_object_or_404(
            Assignment.objects.select_related(*handlers.SUBJECT_RELATED),
            pk=self.kwargs["pk"] if str(self.kwargs["pk"]).isdigit() else 0,
        )
        if not handlers.may_view(self.request.user, row):
            raise PermissionDeniedError(_("Việc này không được giao cho bạn."))
        return row

    @action(detail=True, methods=["post"])
    def complete(self, request: Request, pk: str | None = None) -> Response:
        row = handlers.complete(request.user, self.get_object(), str(body(request).get("note", "")))
        return Response(AssignmentSerializer(row).data)


class HandoverSerializer(serializers.ModelSerializer[Handover]):
    unit = serializers.SlugRelatedField(slug_field="code", read_only=True)  # type: ignore[var-annotated]
    from_person = serializers.SlugRelatedField(slug_field="username", read_only=True)  # type: ignore[var-annotated]
    to_person = serializers.SlugRelatedField(slug_field="username", read_only=True)  # type: ignore[var-annotated]

    class Meta:
        model = Handover
        fields = ["id", "unit", "from_person", "to_person", "starts", "ends", "note", "created_at"]
        read_only_fields = fields


class HandoverViewSet(mixins.ListModelMixin, viewsets.GenericViewSet[Handover]):
    """The hand-overs the caller gave or took (paginated), and a new one."""

    serializer_class = HandoverSerializer

    def get_queryset(self) -> Any:
        return handlers.handovers_of(self.request.user).order_by("-starts", "pk")

    def create(self, request: Request) -> Response:
        """``{"unit": CODE, "to": USERNAME, "starts": day, "ends": day, "note"}``."""
        data = body(request)
        made = handlers.hand_over(
            request.user,
            get_unit(str(data.get("unit", ""))),
            parsing.person(str(data.get("to", ""))),
            parsing.day(str(data.get("starts", ""))),
            parsing.day(str(data.get("ends", ""))),
            str(data.get("note", "")),
        )
        return Response(HandoverSerializer(made).data, status=status.HTTP_201_CREATED)
