from rest_framework.routers import SimpleRouter

from tincoso.broadcast.bulletins.api import BulletinViewSet

router = SimpleRouter()
router.register("bulletins", BulletinViewSet, basename="api-bulletin")
urlpatterns = router.urls
