"""The portal takes the site's root; the staff pages for items live under /app/items/."""

from django.urls import path

from tincoso.publishing import feeds, portal, views
from tincoso.publishing.caching import portal_page

urlpatterns = [
    path("", portal.home, name="portal-home"),
    path("tin/<int:pk>/", portal.item_page, name="portal-item"),
    path("tin/<int:pk>/anh/<int:image_id>/", portal.image_file, name="item-image-file"),
    path("tin/<int:pk>/tep/<int:attachment_id>/", portal.attachment_file, name="item-file"),
    path("chu-de/<slug:slug>/", portal.topic_page, name="portal-topic"),
    path("don-vi/<slug:code>/", portal.unit_page, name="portal-unit"),
    path("search", portal.search_page, name="portal-search"),
    path("ngon-ngu/<str:code>/", portal.language, name="portal-language"),
    path("feeds/rss/", portal_page(feeds.PortalFeed()), name="feed-rss"),
    path("feeds/atom/", portal_page(feeds.PortalAtom()), name="feed-atom"),
    path("feeds/unit/<slug:code>/rss/", portal_page(feeds.UnitFeed()), name="feed-unit-rss"),
    path("feeds/unit/<slug:code>/atom/", portal_page(feeds.UnitAtom()), name="feed-unit-atom"),
    path("feeds/topic/<slug:slug>/rss/", portal_page(feeds.TopicFeed()), name="feed-topic-rss"),
    path("feeds/topic/<slug:slug>/atom/", portal_page(feeds.TopicAtom()), name="feed-topic-atom"),
    path("robots.txt", portal.robots, name="robots"),
    path("sitemap.xml", portal.sitemap, name="sitemap"),
    path("app/items/", views.item_list, name="item-list"),
    path("app/items/new/", views.item_edit, name="item-new"),
    path("app/items/preview/", views.item_preview, name="item-preview"),
    path("app/items/<int:pk>/", views.item_detail, name="item-detail"),
    path("app/items/<int:pk>/edit/", views.item_edit, name="item-edit"),
    path("app/items/<int:pk>/diff/", views.item_diff, name="item-diff"),
    path("app/items/<int:pk>/image/", views.item_image, name="item-image"),
    path("app/items/<int:pk>/attachment/", views.item_attachment, name="item-attachment"),
    path("app/items/<int:pk>/<str:action>/", views.item_action, name="item-action"),
]
