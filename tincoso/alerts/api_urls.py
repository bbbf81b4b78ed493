from rest_framework.routers import SimpleRouter

from tincoso.alerts.api import AlertViewSet

router = SimpleRouter()
router.register("alerts", AlertViewSet, basename="api-alert")
urlpatterns = router.urls
