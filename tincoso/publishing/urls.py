from django.urls import path

from tincoso.publishing import feeds, views

urlpatterns = [
    path("", views.portal_home, name="portal-home"),
    path("tin/<int:pk>/", views.portal_item, name="portal-item"),
    path("chu-de/<slug:slug>/", views.portal_topic, name="portal-topic"),
    path("don-vi/<slug:code>/", views.portal_unit, name="portal-unit"),
    path("search", views.portal_search, name="portal-search"),
    path("feeds/rss/", feeds.PortalFeed(), name="feed-rss"),
    path("feeds/atom/", feeds.PortalAtom(), name="feed-atom"),
    path("feeds/unit/<slug:code>/rss/", feeds.UnitFeed(), name="feed-unit-rss"),
    path("feeds/unit/<slug:code>/atom/", feeds.UnitAtom(), name="feed-unit-atom"),
    path("feeds/topic/<slug:slug>/rss/", feeds.TopicFeed(), name="feed-topic-rss"),
    path("feeds/topic/<slug:slug>/atom/", feeds.TopicAtom(), name="feed-topic-atom"),
    path("robots.txt", views.robots, name="robots"),
    path("sitemap.xml", views.sitemap, name="sitemap"),
    path("app/items/", views.item_list, name="item-list"),
    path("app/items/new/", views.item_edit, name="item-new"),
    path("app/items/<int:pk>/", views.item_detail, name="item-detail"),
    path("app/items/<int:pk>/edit/", views.item_edit, name="item-edit"),
    path("app/items/<int:pk>/image/", views.item_image, name="item-image"),
    path("app/items/<int:pk>/attachment/", views.item_attachment, name="item-attachment"),
    path("app/items/<int:pk>/<str:action>/", views.item_action, name="item-action"),
]
