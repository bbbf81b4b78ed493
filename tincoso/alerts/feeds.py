"""Atom feeds of the active alerts for partner systems to pull: one per CAP status,
so an exercise never appears in the feed of real alerts. Each entry links to its
signed CAP message (``application/cap+xml``) and to the page people read."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from tincoso.alerts import services
from tincoso.alerts.cap import marked
from tincoso.alerts.models import Alert, CapStatus


class CapAtom(Atom1Feed):
    """Atom with, per entry, the human page as ``rel="related"`` text/html."""

    def add_item_elements(self, handler: Any, item: dict[str, Any]) -> None:
        super().add_item_elements(handler, item)
        handler.addQuickElement(
            "link", "", {"rel": "related", "type": "text/html", "href": item["page"]}
        )


class ActiveAlertsFeed(Feed):
    feed_type = CapAtom
    status = CapStatus.ACTUAL
    title = "Tin Cơ Sở — cảnh báo khẩn cấp"
    subtitle = "Cảnh báo đang hiệu lực (CAP 1.2, có chữ ký số)"

    def link(self) -> str:
        return reverse("alert-feed")

    def items(self) -> Any:
        return services.active(self.status)[:100]

    def item_title(self, alert: Alert) -> str:
        return marked(alert, alert.headline)

    def item_description(self, alert: Alert) -> str:
        return alert.description

    def item_link(self, alert: Alert) -> str:
        return reverse("alert-cap", args=[alert.identifier])

    def item_guid(self, alert: Alert) -> str:
        return f"{alert.sender},{alert.identifier}"

    def item_pubdate(self, alert: Alert) -> Any:
        return alert.sent_at

    def item_updateddate(self, alert: Alert) -> Any:
        return alert.sent_at

    def item_categories(self, alert: Alert) -> list[str]:
        return [alert.status, alert.event]

    def item_extra_kwargs(self, alert: Alert) -> dict[str, Any]:
        page = reverse("alert-public", args=[alert.identifier])
        return {"page": str(settings.SITE_URL).rstrip("/") + page}


class ExerciseAlertsFeed(ActiveAlertsFeed):
    status = CapStatus.EXERCISE
    title = "Tin Cơ Sở — DIỄN TẬP cảnh báo"
    subtitle = "Cảnh báo diễn tập đang hiệu lực: không phải tình huống thật"

    def link(self) -> str:
        return reverse("alert-feed-exercise")


class TestAlertsFeed(ActiveAlertsFeed):
    status = CapStatus.TEST
    title = "Tin Cơ Sở — tin thử nghiệm cảnh báo"
    subtitle = "Tin thử nghiệm cho nhóm thử: bỏ qua"

    def link(self) -> str:
        return reverse("alert-feed-test")
