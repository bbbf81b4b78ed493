from rest_framework.routers import SimpleRouter

from tincoso.outreach.api import ActivityViewSet, MaterialViewSet, ReporterViewSet

router = SimpleRouter()
router.register("reporters", ReporterViewSet, basename="api-reporter")
router.register("materials", MaterialViewSet, basename="api-material")
router.register("activities", ActivityViewSet, basename="api-activity")
urlpatterns = router.urls
