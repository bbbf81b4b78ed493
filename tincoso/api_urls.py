"""The REST API's routes; each app contributes its viewsets."""

from django.urls import include, path
from rest_framework.authtoken.views import obtain_auth_token
from rest_framework.routers import DefaultRouter

from tincoso.units.api import MembershipViewSet, UnitViewSet

router = DefaultRouter()
router.register("units", UnitViewSet, basename="api-unit")
router.register("memberships", MembershipViewSet, basename="api-membership")

urlpatterns = [
    path("auth/token/", obtain_auth_token, name="api-token"),
    path("", include(router.urls)),
]
