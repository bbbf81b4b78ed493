"""URL map: staff UI under /app/, accounts, the API under /api/, Django admin."""

from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from tincoso.core import health
from tincoso.core import views as core_views
from tincoso.core.registry import url_modules
from tincoso.units import views as unit_views

handler404 = "tincoso.core.views.not_found"
handler500 = "tincoso.core.unavailable.server_error"

admin.site.site_header = _("Tin Cơ Sở — quản trị")
admin.site.site_title = _("Tin Cơ Sở")
admin.site.index_title = _("Quản trị hệ thống")

units_urls = [
    path("", unit_views.tree, name="unit-tree"),
    path("<slug:code>/", unit_views.detail, name="unit-detail"),
    path("<slug:code>/children/", unit_views.add_child, name="unit-add-child"),
    path("<slug:code>/move/", unit_views.move, name="unit-move"),
    path("<slug:code>/grant/", unit_views.grant, name="unit-grant"),
    path("<slug:code>/people/", unit_views.add_person, name="unit-add-person"),
    path("<slug:code>/revoke/<int:membership_id>/", unit_views.revoke, name="unit-revoke"),
    path("<slug:code>/guidance/", unit_views.add_guidance, name="unit-guidance-add"),
    path(
        "<slug:code>/guidance/<int:link_id>/remove/",
        unit_views.remove_guidance,
        name="unit-guidance-remove",
    ),
    path("<slug:code>/audit/", unit_views.audit, name="unit-audit"),
    path("<slug:code>/import/", unit_views.import_file, name="unit-import"),
    path("<slug:code>/export.<str:fmt>", unit_views.export_file, name="unit-export"),
]

urlpatterns = [
    # Each domain app's pages (core.registry), before the fallback home below.
    *[path("", include(module)) for module in url_modules()],
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path("metrics", health.metrics, name="metrics"),
    path("", core_views.home, name="home"),
    path("app/", unit_views.home, name="dashboard"),
    path("app/units/", include(units_urls)),
    path("app/people/", unit_views.people, name="people"),
    path("language/", core_views.set_language, name="set-language"),
    path(
        "accounts/login/",
        core_views.LoginView.as_view(),
        name="login",
    ),
    path(
        "accounts/password_reset/", core_views.PasswordResetView.as_view(), name="password_reset"
    ),
    path("accounts/", include("django.contrib.auth.urls")),
    path("api/", include("tincoso.api_urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # The split view loads its start-up script from a URL: no inline script (CSP).
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
    path("admin/", admin.site.urls),
]
