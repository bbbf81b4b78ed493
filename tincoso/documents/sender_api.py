"""REST API for the way back to the sender: return, revoke, replace (same rules as pages).

POST /api/dispatches/{id}/return/           {"reason"}              the recipient's side
POST /api/documents/{id}/revoke/            {"reason", "sender"?}   the sending side
POST /api/documents/{id}/replace/           {"replacement", "reason", "sender"?}
The sending unit defaults to the document's own; a refusal is 403 in both languages.
"""

from __future__ import annotations

from typing import Any

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import api_view
from rest_framework.request import Request
from rest_framework.response import Response

from tincoso.core.errors import NotFoundError
from tincoso.documents import sender, services
from tincoso.documents.api import DispatchSerializer
from tincoso.documents.models import Dispatch, Document
from tincoso.units.models import Unit


class ReasonSerializer(serializers.Serializer[Any]):
    reason = serializers.CharField(allow_blank=True, max_length=2000)
    sender = serializers.SlugField(required=False)


class ReplaceSerializer(ReasonSerializer):
    replacement = serializers.IntegerField(min_value=1, max_value=2**63 - 1)


def _visible_document(request: Request, pk: int) -> Document:
    doc = services.documents_visible_to(request.user).filter(pk=pk).first()
    if doc is None:
        raise NotFoundError(_("Không tìm thấy văn bản."))
    return doc


def _sending_unit(data: dict[str, Any], doc: Document) -> Unit:
    code = data.get("sender")
    return get_object_or_404(Unit, code=code) if code else doc.unit


@extend_schema(request=ReasonSerializer, responses=DispatchSerializer)
@api_view(["POST"])
def return_dispatch(request: Request, pk: int) -> Response:
    item = services.dispatches_visible_to(request.user).filter(pk=pk).first()
    if item is None:
        raise NotFoundError(_("Không tìm thấy văn bản."))
    data = ReasonSerializer(data=request.data)
    data.is_valid(raise_exception=True)
    item = sender.return_dispatch(request.user, item, data.validated_data["reason"])
    return Response(DispatchSerializer(Dispatch.objects.get(pk=item.pk)).data)


@extend_schema(request=ReasonSerializer, responses=DispatchSerializer(many=True))
@api_view(["POST"])
def revoke(request: Request, pk: int) -> Response:
    doc = _visible_document(request, pk)
    data = ReasonSerializer(data=request.data)
    data.is_valid(raise_exception=True)
    unit = _sending_unit(data.validated_data, doc)
    done = sender.revoke(request.user, doc, unit, data.validated_data["reason"])
    rows = Dispatch.objects.filter(pk__in=[d.pk for d in done]).order_by("pk")
    return Response(DispatchSerializer(rows, many=True).data)


@extend_schema(request=ReplaceSerializer, responses={201: DispatchSerializer(many=True)})
@api_view(["POST"])
def replace(request: Request, pk: int) -> Response:
    doc = _visible_document(request, pk)
    data = ReplaceSerializer(data=request.data)
    data.is_valid(raise_exception=True)
    new_doc = _visible_document(request, data.validated_data["replacement"])
    unit = _sending_unit(data.validated_data, doc)
    made = sender.replace(request.user, doc, unit, new_doc, data.validated_data["reason"])
    return Response(DispatchSerializer(made, many=True).data, status=status.HTTP_201_CREATED)
