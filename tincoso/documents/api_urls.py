from rest_framework.routers import SimpleRouter

from tincoso.documents.api import DispatchViewSet, DocumentViewSet

router = SimpleRouter()
router.register("documents", DocumentViewSet, basename="api-document")
router.register("dispatches", DispatchViewSet, basename="api-dispatch")
urlpatterns = router.urls
