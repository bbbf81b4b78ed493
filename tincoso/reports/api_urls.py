from django.urls import path
from rest_framework.routers import SimpleRouter

from tincoso.reports.api import ReportViewSet, RollupView

router = SimpleRouter()
router.register("reports", ReportViewSet, basename="api-report")
urlpatterns = [path("rollups/", RollupView.as_view(), name="api-rollup"), *router.urls]
