from django.urls import path
from rest_framework.routers import SimpleRouter

from tincoso.documents import sender_api
from tincoso.documents.api import DispatchViewSet, DocumentViewSet
from tincoso.documents.handling.api import (
    AssignmentViewSet,
    DocumentInstructionsView,
    HandoverViewSet,
    InstructionsView,
)
from tincoso.documents.import_api import ImportViewSet
from tincoso.documents.registers import api as register_api

router = SimpleRouter()
router.register("documents", DocumentViewSet, basename="api-document")
router.register("dispatches", DispatchViewSet, basename="api-dispatch")
router.register("document-imports", ImportViewSet, basename="api-document-import")
router.register("handling-assignments", AssignmentViewSet, basename="api-handling-assignment")
router.register("handovers", HandoverViewSet, basename="api-handover")
urlpatterns = [
    path(
        "dispatches/<int:pk>/instructions/",
        InstructionsView.as_view(),
        name="api-dispatch-instructions",
    ),
    path(
        "documents/<int:pk>/instructions/",
        DocumentInstructionsView.as_view(),
        name="api-document-instructions",
    ),
    path("dispatches/<int:pk>/return/", sender_api.return_dispatch, name="api-dispatch-return"),
    path("documents/<int:pk>/revoke/", sender_api.revoke, name="api-document-revoke"),
    path("documents/<int:pk>/replace/", sender_api.replace, name="api-document-replace"),
    *register_api.urlpatterns,
    *router.urls,
]
