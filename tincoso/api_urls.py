"""The REST API's routes: each app's ``api_urls`` module (see core.registry)."""

from django.urls import include, path
from rest_framework.authtoken.views import obtain_auth_token

from tincoso.core.registry import api_url_modules

urlpatterns = [
    path("auth/token/", obtain_auth_token, name="api-token"),
    *[path("", include(module)) for module in api_url_modules()],
]
