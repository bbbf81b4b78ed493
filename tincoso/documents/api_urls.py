from rest_framework.routers import SimpleRouter

from tincoso.documents.api import DispatchViewSet, DocumentViewSet
from tincoso.documents.import_api import ImportViewSet

router = SimpleRouter()
router.register("documents", DocumentViewSet, basename="api-document")
router.register("dispatches", DispatchViewSet, basename="api-dispatch")
router.register("document-imports", ImportViewSet, basename="api-document-import")
urlpatterns = router.urls
