from django.urls import path

from tincoso.documents.exchange import views, withdraw_views

urlpatterns = [
    path("app/documents/<int:pk>/edxml/", views.export_edxml, name="exchange-export"),
    path("app/documents/<int:pk>/files.zip", views.export_files, name="exchange-files"),
    path("app/documents/<int:pk>/exchange/send/", views.send, name="exchange-send"),
    path("app/documents/<int:pk>/exchange/revoke/", withdraw_views.revoke, name="exchange-revoke"),
    path(
        "app/documents/<int:pk>/exchange/replace/",
        withdraw_views.replace,
        name="exchange-replace",
    ),
    path(
        "app/exchange/messages/<int:pk>/return/",
        withdraw_views.return_received,
        name="exchange-return",
    ),
    path("app/exchange/", views.home, name="exchange-home"),
    path("app/exchange/<slug:code>/", views.unit_messages, name="exchange-unit"),
    path("app/exchange/<slug:code>/receive/", views.upload, name="exchange-upload"),
]
