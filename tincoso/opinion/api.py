"""REST API of public opinion: counts, never who thinks what.

- ``GET /api/opinion/topics/``: the shared taxonomy (read), with its phrase rules;
- ``GET /api/opinion/aggregates/?unit=CODE&weeks=N&scope=subtree|guided``: each
  topic's weekly signal, mood counts and where it rises, over a subtree the caller
  may see figures of (``VIEW_FIGURES``), or over what that unit guides for figures;
- ``GET /api/opinion/notes/``: notes the caller may read (their own line, their
  collaborator units), ``?unit=CODE&topic=SLUG``. No field names the author and no
  parameter filters by author (an unknown parameter is ignored).
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, viewsets
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from tincoso.core import clock
from tincoso.opinion import services
from tincoso.opinion.models import Note, Topic
from tincoso.opinion.trends import Rule, trends
from tincoso.units import permissions
from tincoso.units.models import Unit
from tincoso.units.permissions import Action
from tincoso.units.services import get_unit

MAX_WEEKS = 26


class TopicSerializer(serializers.ModelSerializer[Topic]):
    phrases = serializers.ListField(child=serializers.CharField(), read_only=True,
                                    help_text="phrase rules; a leading * weighs triple")

    class Meta:
        model = Topic
        fields = ["id", "slug", "name", "active", "phrases"]
        read_only_fields = fields


class TopicViewSet(viewsets.ReadOnlyModelViewSet[Topic]):
    """The topic taxonomy shared by notes, feedback and questions."""

    serializer_class = TopicSerializer

    def get_queryset(self) -> Any:
        return Topic.objects.order_by("position", "name", "id")


class NoteSerializer(serializers.ModelSerializer[Note]):
    unit = serializers.SlugRelatedField(slug_field="code", read_only=True)  # type: ignore[var-annotated]
    topic = serializers.SlugRelatedField(slug_field="slug", read_only=True)  # type: ignore[var-annotated]

    class Meta:
        model = Note
        fields = ["id", "unit", "week", "topic", "summary", "reach", "mood", "suggestions",
                  "filed_at"]
        read_only_fields = fields


class NoteViewSet(viewsets.ReadOnlyModelViewSet[Note]):
    """Notes of the caller's own units (or collaborator units); never by author."""

    serializer_class = NoteSerializer

    @extend_schema(parameters=[
        OpenApiParameter("unit", str, description="unit code (its subtree)"),
        OpenApiParameter("topic", str, description="topic slug")])
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().list(request, *args, **kwargs)

    def get_queryset(self) -> Any:
        if getattr(self, "swagger_fake_view", False):
            return Note.objects.none()
        qs = services.notes_visible_to(self.request.user).select_related("unit", "topic")
        code = self.request.query_params.get("unit")
        if code:
            unit = Unit.objects.filter(code=code).first()
            qs = qs.filter(unit__path__startswith=unit.path) if unit else qs.none()
        if self.request.query_params.get("topic"):
            qs = qs.filter(topic__slug=self.request.query_params["topic"])
        return qs.order_by("-week", "-id")


class AggregateQuery(serializers.Serializer[Any]):
    unit = serializers.SlugField()
    weeks = serializers.IntegerField(min_value=2, max_value=MAX_WEEKS, default=8)
    scope = serializers.ChoiceField(choices=["subtree", "guided"], default="subtree")


class AggregatesView(APIView):
    """Topics by week over a subtree the caller may see figures of: counts only."""

    @extend_schema(parameters=[AggregateQuery], responses={200: OpenApiTypes.OBJECT})
    def get(self, request: Request) -> Response:
        query = AggregateQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        v = query.validated_data
        unit = get_unit(v["unit"])
        permissions.require(request.user, Action.VIEW_FIGURES, unit)
        paths = permissions.reach_paths(unit, "figures") if v["scope"] == "guided" else [
            unit.path]
        weeks, rows = trends(paths, clock.today(), v["weeks"], Rule.from_settings())
        slugs = dict(Topic.objects.filter(pk__in=[r.topic_id for r in rows])
                     .values_list("pk", "slug"))
        codes = dict(Unit.objects.filter(pk__in={u for r in rows for u in r.rising_in})
                     .values_list("pk", "code"))
        return Response({
            "unit": unit.code, "scope": v["scope"], "weeks": [w.isoformat() for w in weeks],
            "topics": [{"topic": slugs[r.topic_id], "series": r.series, "moods": r.moods,
                        "rising_in": [codes[u] for u in r.rising_in], "emerging": r.emerging}
                       for r in rows]})
