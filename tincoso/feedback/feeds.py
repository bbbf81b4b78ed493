"""RSS feeds (Django syndication) of the published Q&A and of the corrections register."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.syndication.views import Feed
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext_lazy as _

from tincoso.feedback import corrections, services
from tincoso.feedback.models import Correction, Feedback

FEED_SIZE = 50


class QAFeed(Feed):  # type: ignore[type-arg,unused-ignore]
    title = _("Hỏi đáp — Tin Cơ Sở")
    link = reverse_lazy("qa-list")
    description = _("Câu hỏi của người dân và trả lời của chính quyền, đoàn thể cơ sở.")

    def items(self) -> Any:
        return services.published_qa().order_by("-published_at", "-id")[:FEED_SIZE]

    def item_title(self, item: Feedback) -> str:
        return item.public_question[:120]

    def item_description(self, item: Feedback) -> str:
        return f"{item.public_question}\n\n{item.unit.name}: {item.public_answer}"

    def item_link(self, item: Feedback) -> str:
        return reverse("qa-detail", args=[item.pk])

    def item_pubdate(self, item: Feedback) -> dt.datetime | None:
        return item.published_at


class CorrectionsFeed(Feed):  # type: ignore[type-arg,unused-ignore]
    title = _("Đính chính thông tin sai sự thật — Tin Cơ Sở")
    link = reverse_lazy("corrections-public")
    description = _("Thông tin sai sự thật, gây hiểu lầm đang lan truyền và thông tin chính xác.")

    def items(self) -> Any:
        return corrections.published().order_by("-published_version__approved_at")[:FEED_SIZE]

    def item_title(self, item: Correction) -> str:
        version = item.published_version
        assert version is not None
        label = version.get_rating_display()
        prefix = _("Cập nhật") + ": " if version.number > 1 else ""
        return f"{prefix}[{label}] {version.headline}"

    def item_description(self, item: Correction) -> str:
        version = item.published_version
        assert version is not None
        note = f"\n\n{_('Nội dung cập nhật')}: {version.change_note}" if version.number > 1 \
            else ""
        return f"{version.claim_summary}\n\n{version.facts}{note}"

    def item_link(self, item: Correction) -> str:
        return reverse("correction-public", args=[item.pk])

    def item_guid(self, item: Correction) -> str:
        # A new version is a new feed entry, so readers see that it changed.
        version = item.published_version
        return f"correction-{item.pk}-v{version.number if version else 0}"

    def item_guid_is_permalink(self, item: Correction) -> bool:
        return False

    def item_pubdate(self, item: Correction) -> dt.datetime | None:
        return item.first_published_at

    def item_updateddate(self, item: Correction) -> dt.datetime | None:
        return item.published_version.approved_at if item.published_version else None

    def item_author_name(self, item: Correction) -> str:
        return item.unit.name
