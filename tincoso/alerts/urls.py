"""Staff pages under /app/alerts/ and the public CAP feeds and pages under /canh-bao/."""

from django.urls import path, re_path

from tincoso.alerts import feeds, item_views, public_views, recipient_views, views

ID = r"(?P<identifier>[A-Za-z0-9_-]{1,100})"

urlpatterns = [
    path("app/alerts/", views.alert_list, name="alert-list"),
    path("app/alerts/new/", views.alert_new, name="alert-new"),
    path("app/alerts/recipients/", recipient_views.recipient_list, name="alert-recipients"),
    path("app/alerts/recipients/<int:pk>/<str:action>/", recipient_views.recipient_action,
         name="alert-recipient-action"),
    path("app/alerts/<int:pk>/", views.alert_detail, name="alert-detail"),
    path("app/alerts/<int:pk>/delivery/", views.alert_delivery, name="alert-delivery"),
    path("app/alerts/<int:pk>/update/", views.alert_update, name="alert-update"),
    path("app/alerts/<int:pk>/<str:action>/", views.alert_action, name="alert-action"),
    path("app/alerts/items/<int:pk>/", item_views.item_channels, name="item-channels"),
    path("app/alerts/items/<int:pk>/status/", item_views.item_channels_status,
         name="item-channels-status"),
    path("canh-bao/feed.atom", feeds.ActiveAlertsFeed(), name="alert-feed"),
    path("canh-bao/dien-tap/feed.atom", feeds.ExerciseAlertsFeed(), name="alert-feed-exercise"),
    path("canh-bao/thu-nghiem/feed.atom", feeds.TestAlertsFeed(), name="alert-feed-test"),
    re_path(rf"^canh-bao/{ID}\.xml$", public_views.alert_cap, name="alert-cap"),
    re_path(rf"^canh-bao/{ID}/$", public_views.alert_public, name="alert-public"),
]
