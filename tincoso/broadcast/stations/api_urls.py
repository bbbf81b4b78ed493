from rest_framework.routers import SimpleRouter

from tincoso.broadcast.stations import api

router = SimpleRouter()
router.register("broadcast/stations", api.StationViewSet, basename="api-station")
router.register("broadcast/clusters", api.ClusterViewSet, basename="api-cluster")
router.register("broadcast/slots", api.SlotViewSet, basename="api-slot")
router.register("broadcast/entries", api.EntryViewSet, basename="api-entry")
router.register("broadcast/offers", api.OfferViewSet, basename="api-offer")
router.register("broadcast/schedules", api.ScheduleViewSet, basename="api-schedule")
urlpatterns = router.urls
