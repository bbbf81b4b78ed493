from django.urls import path

from tincoso.access import portal, register, views

urlpatterns = [
    # Public: no account needed.
    path("thong-tin/yeu-cau/", portal.submit, name="access-submit"),
    path("thong-tin/yeu-cau/da-gui/<str:code>/", portal.thanks, name="access-thanks"),
    path("thong-tin/tra-cuu/", portal.track, name="access-track"),
    path("thong-tin/cong-khai/<slug:code>/", portal.published, name="access-published"),
    # Staff.
    path("app/access/", views.inbox, name="access-inbox"),
    path("app/access/new/", register.register, name="access-register"),
    path("app/access/<int:pk>/", views.detail, name="access-detail"),
    path("app/access/<int:pk>/<str:action>/", views.act, name="access-act"),
    path("app/access/published/<slug:code>/", views.published, name="access-published-edit"),
]
