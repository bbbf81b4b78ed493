from django.urls import path
from rest_framework.routers import SimpleRouter

from tincoso.publishing.api import ItemViewSet, SearchView

router = SimpleRouter()
router.register("items", ItemViewSet, basename="api-item")
urlpatterns = [path("search/", SearchView.as_view(), name="api-search"), *router.urls]
