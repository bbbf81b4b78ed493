"""RSS 2.0 and Atom feeds: the whole portal, one unit with its subtree, one topic."""

from __future__ import annotations

from typing import Any

from django.contrib.syndication.views import Feed
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.text import Truncator

from tincoso.publishing import services
from tincoso.publishing.models import Item, Topic
from tincoso.units.models import Unit


class PortalFeed(Feed):
    title = "Tin Cơ Sở"
    description = "Tin bài mới trên trang thông tin"
    link = "/"

    def get_object(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        return None

    def _items(self, obj: Any) -> QuerySet[Item]:
        # Feeds are public: only public items, whoever asks.
        return (
            services.items_visible_to(None)
            .filter(audience=Item.Audience.PUBLIC)
            .prefetch_related("topics")
        )

    def items(self, obj: Any) -> Any:
        return self._items(obj)[:30]

    def item_title(self, item: Item) -> str:
        return item.published_version.title if item.published_version else ""

    def item_description(self, item: Item) -> str:
        version = item.published_version
        if version is None:
            return ""
        # Summary, or the start of the (already sanitised) body, cut without breaking tags.
        return version.summary or Truncator(version.body_html).words(80, html=True)

    def item_link(self, item: Item) -> str:
        return reverse("portal-item", args=[item.pk])

    def item_pubdate(self, item: Item) -> Any:
        return item.published_at

    def item_updateddate(self, item: Item) -> Any:
        return item.updated_at

    def item_categories(self, item: Item) -> list[str]:
        return [t.name for t in item.topics.all()]


class PortalAtom(PortalFeed):
    feed_type = Atom1Feed
    subtitle = PortalFeed.description


class UnitFeed(PortalFeed):
    def get_object(self, request: Any, *args: Any, **kwargs: Any) -> Unit:
        return get_object_or_404(Unit, code=kwargs["code"], active=True)

    def title(self, obj: Unit) -> str:  # type: ignore[override]
        return f"Tin Cơ Sở — {obj.name}"

    def link(self, obj: Unit) -> str:  # type: ignore[override]
        return reverse("portal-unit", args=[obj.code])

    def items(self, obj: Unit) -> Any:
        return self._items(obj).filter(unit__path__startswith=obj.path)[:30]


class UnitAtom(UnitFeed):
    feed_type = Atom1Feed
    subtitle = PortalFeed.description


class TopicFeed(PortalFeed):
    def get_object(self, request: Any, *args: Any, **kwargs: Any) -> Topic:
        return get_object_or_404(Topic, slug=kwargs["slug"])

    def title(self, obj: Topic) -> str:  # type: ignore[override]
        return f"Tin Cơ Sở — {obj.name}"

    def link(self, obj: Topic) -> str:  # type: ignore[override]
        return reverse("portal-topic", args=[obj.slug])

    def items(self, obj: Topic) -> Any:
        return self._items(obj).filter(topics=obj)[:30]


class TopicAtom(TopicFeed):
    feed_type = Atom1Feed
    subtitle = PortalFeed.description
