from django.urls import path
from rest_framework.routers import SimpleRouter

from tincoso.opinion.api import AggregatesView, NoteViewSet, TopicViewSet

router = SimpleRouter()
router.register("opinion/topics", TopicViewSet, basename="api-opinion-topic")
router.register("opinion/notes", NoteViewSet, basename="api-opinion-note")
urlpatterns = [
    path("opinion/aggregates/", AggregatesView.as_view(), name="api-opinion-aggregates"),
    *router.urls,
]
