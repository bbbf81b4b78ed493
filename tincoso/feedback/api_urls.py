from django.urls import path
from rest_framework.routers import SimpleRouter

from tincoso.feedback.api import (
    CorrectionViewSet,
    FeedbackViewSet,
    PublicCorrectionViewSet,
    PublicFeedbackView,
    PublicTrackView,
    QAViewSet,
)

router = SimpleRouter()
router.register("feedback", FeedbackViewSet, basename="api-feedback")
router.register("corrections", CorrectionViewSet, basename="api-correction")
router.register("public/qa", QAViewSet, basename="api-qa")
router.register("public/corrections", PublicCorrectionViewSet, basename="api-public-correction")
urlpatterns = [
    path("public/feedback/", PublicFeedbackView.as_view(), name="api-public-feedback"),
    path("public/feedback/<str:code>/", PublicTrackView.as_view(), name="api-public-track"),
    *router.urls,
]
