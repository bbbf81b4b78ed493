from rest_framework.routers import SimpleRouter

from tincoso.units.api import MembershipViewSet, UnitViewSet

router = SimpleRouter()
router.register("units", UnitViewSet, basename="api-unit")
router.register("memberships", MembershipViewSet, basename="api-membership")
urlpatterns = router.urls
