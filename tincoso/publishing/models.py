"""Bulletins, articles, notices and Q&A answers: Items, their versions, topics, files.

The content of an item lives in its versions; the item points at the version
on the portal. A published item changes only through a new version with a
correction note, shown on the page (never silently).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils.translation import gettext_lazy as _

from tincoso.core import clock
from tincoso.documents.models import Document
from tincoso.units.models import Unit

LANGUAGES = [
    ("vi", "Tiếng Việt"),
    ("en", "English"),
    ("tai", "Tiếng Thái"),
    ("hmn", "Tiếng H'Mông"),
    ("dao", "Tiếng Dao"),
    ("km", "Tiếng Khmer"),
    ("ede", "Tiếng Ê Đê"),
    ("jra", "Tiếng Gia Rai"),
]


class Topic(models.Model):
    slug = models.SlugField(unique=True)
    name = models.CharField(_("tên"), max_length=120)

    class Meta:
        ordering = ["name"]
        verbose_name = _("chủ đề")
        verbose_name_plural = _("chủ đề")

    def __str__(self) -> str:
        return self.name


class Item(models.Model):
    class Kind(models.TextChoices):
        BULLETIN = "bulletin", _("Bản tin")
        ARTICLE = "article", _("Bài viết")
        NOTICE = "notice", _("Thông báo")
        ANSWER = "answer", _("Hỏi – đáp")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Bản nháp")
        REVIEW = "review", _("Chờ duyệt")
        APPROVED = "approved", _("Đã duyệt")
        PUBLISHED = "published", _("Đã đăng")
        WITHDRAWN = "withdrawn", _("Đã gỡ")
        ARCHIVED = "archived", _("Lưu trữ")

    class Audience(models.TextChoices):
        PUBLIC = "public", _("Mọi người (công khai)")
        MEMBERS = "members", _("Chỉ cán bộ, đảng viên (cần đăng nhập)")

    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="items", verbose_name=_("đơn vị phát hành")
    )
    kind = models.CharField(_("loại"), max_length=16, choices=Kind.choices, default=Kind.BULLETIN)
    status = models.CharField(
        _("trạng thái"), max_length=16, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    audience = models.CharField(
        _("đối tượng"), max_length=16, choices=Audience.choices, default=Audience.PUBLIC
    )
    language = models.CharField(_("ngôn ngữ"), max_length=8, choices=LANGUAGES, default="vi")
    translation_of = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="translations",
        verbose_name=_("bản dịch của"),
    )
    topics = models.ManyToManyField(
        Topic, blank=True, related_name="items", verbose_name=_("chủ đề")
    )
    source_document = models.ForeignKey(
        Document,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="items",
        verbose_name=_("văn bản nguồn"),
    )
    featured = models.BooleanField(_("nổi bật"), default=False)
    current = models.ForeignKey(
        "ItemVersion", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    published_version = models.ForeignKey(
        "ItemVersion", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("tác giả"),
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("người duyệt"),
    )
    review_note = models.TextField(_("ý kiến của người duyệt"), blank=True)
    publish_at = models.DateTimeField(_("đăng lúc"), null=True, blank=True)
    expires_at = models.DateTimeField(_("hết hạn lúc"), null=True, blank=True, db_index=True)
    published_at = models.DateTimeField(_("ngày đăng"), null=True, blank=True, db_index=True)
    created_at = models.DateTimeField(default=clock.now)
    updated_at = models.DateTimeField(default=clock.now)

    class Meta:
        verbose_name = _("tin bài")
        verbose_name_plural = _("tin bài")
        ordering = ["-published_at", "-created_at"]
        indexes = [
            models.Index(fields=["status", "published_at"]),
            models.Index(fields=["updated_at"]),
        ]

    def __str__(self) -> str:
        return self.current.title if self.current else f"#{self.pk}"

    def get_additional_data(self) -> dict[str, Any]:
        return {"unit_id": self.unit_id}

    @property
    def pending_version(self) -> ItemVersion | None:
        """A correction written after publication that no approver has approved yet:
        readers keep seeing ``published_version`` until one does."""
        if self.status == self.Status.PUBLISHED and self.current_id != self.published_version_id:
            return self.current
        return None

    @property
    def is_live(self) -> bool:
        now = clock.now()
        return bool(
            self.status == self.Status.PUBLISHED
            and self.published_version_id
            and (self.published_at is None or self.published_at <= now)
            and (self.expires_at is None or self.expires_at > now)
        )


class ItemVersion(models.Model):
    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    title = models.CharField(_("tiêu đề"), max_length=300)
    summary = models.TextField(_("tóm tắt"), blank=True)
    body = models.TextField(_("nội dung (Markdown)"), blank=True)
    body_html = models.TextField(editable=False, blank=True)
    correction_note = models.TextField(_("nội dung đính chính"), blank=True)
    # A correction's kind, audience, topics, dates…: applied to the item only when
    # the correction is approved (services.approve_correction).
    meta = models.JSONField(default=dict, blank=True, encoder=DjangoJSONEncoder)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=clock.now)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("người duyệt"),
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    # A correction sent back: kept in the history, never published.
    discarded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["item", "number"]
        constraints = [
            models.UniqueConstraint(fields=["item", "number"], name="one_version_number_per_item")
        ]

    def __str__(self) -> str:
        return f"{self.title} (v{self.number})"


class ItemImage(models.Model):
    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="images")
    file = models.ImageField(upload_to="items/%Y/%m/")
    small = models.ImageField(upload_to="items/%Y/%m/", blank=True)
    alt = models.CharField(_("mô tả ảnh (bắt buộc)"), max_length=300)
    # Added to an item already approved: hidden from readers until an approver
    # approves it (services.approve_files), the rule for corrections.
    pending = models.BooleanField(default=False)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    def __str__(self) -> str:
        return self.alt


class ItemAttachment(models.Model):
    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to="item-files/%Y/%m/")
    name = models.CharField(max_length=255)
    # Added to an item already approved: hidden from readers until an approver
    # approves it (services.approve_files), the rule for corrections.
    pending = models.BooleanField(default=False)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    def __str__(self) -> str:
        return self.name


class PortalChange(models.Model):
    """One row, moved whenever something anonymous portal pages show changes outside
    the items' own rows: a unit renamed or closed, a topic, an item's image or
    attachment (``caching.PORTAL_SOURCES``). Part of the portal's stamp."""

    version = models.PositiveBigIntegerField(default=0)
    at = models.DateTimeField(null=True)

    def __str__(self) -> str:
        return f"portal change {self.version}"
