from rest_framework.routers import SimpleRouter

from tincoso.units.api import MembershipViewSet, UnitViewSet
from tincoso.units.guidance_api import GuidanceViewSet

router = SimpleRouter()
router.register("units", UnitViewSet, basename="api-unit")
router.register("memberships", MembershipViewSet, basename="api-membership")
router.register("guidance", GuidanceViewSet, basename="api-guidance")
urlpatterns = router.urls
