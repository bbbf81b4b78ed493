"""People's feedback and the corrections register.

Feedback    a question, opinion, report or request sent by anyone, without an
            account; anonymous unless the person leaves contact details, which only
            the handling unit sees. Nothing identifies the sender otherwise: no
            address, no browser, no account.
Correction  a false or misleading claim in circulation and the unit's correction,
            kept as numbered versions; each version is approved by a second person
            (four eyes) before it is shown, and an update never replaces silently.
"""

from __future__ import annotations

import os
import secrets
from typing import Any

from django.conf import settings
from django.core.files.storage import FileSystemStorage, Storage, storages
from django.db import models
from django.utils.translation import gettext_lazy as _

from tincoso.core import clock
from tincoso.core.mediastore import private_root
from tincoso.units.models import Unit
from tincoso.units.subtree_tallies import TalliedQuerySet


class PrivateStorage(FileSystemStorage):
    """Photos people send stay out of the public media folder (nginx serves that one);
    only a permission-checked view reads them. The folder is ``PRIVATE_MEDIA_ROOT``,
    by default ``private`` beside the media folder, read at each use."""

    @property
    def base_location(self) -> str:
        return str(private_root())

    @property
    def location(self) -> str:
        return os.path.abspath(self.base_location)

    @property
    def base_url(self) -> str:
        return ""


_PRIVATE = PrivateStorage()


def private_storage() -> Storage:
    """The private folder, or the S3 store's "private" prefix when media live on S3."""
    if "private" in settings.STORAGES:
        return storages["private"]
    return _PRIVATE


def new_tracking_code() -> str:
    """The code the sender keeps to read the answer: 10 characters, no look-alikes."""
    alphabet = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
    return "".join(secrets.choice(alphabet) for _ in range(10))


class Category(models.TextChoices):
    QUESTION = "question", _("Câu hỏi")
    OPINION = "opinion", _("Góp ý, ý kiến")
    REPORT = "report", _("Phản ánh")
    REQUEST = "request", _("Kiến nghị, đề nghị")


class Status(models.TextChoices):
    NEW = "new", _("Mới")
    ASSIGNED = "assigned", _("Đang xử lý")
    ANSWERED = "answered", _("Đã trả lời")
    PUBLISHED = "published", _("Đã công khai")
    CLOSED = "closed", _("Đã đóng")


OPEN_STATUSES = (Status.NEW, Status.ASSIGNED)


class CloseReason(models.TextChoices):
    ANSWERED = "answered", _("Đã trả lời, không công khai")
    DUPLICATE = "duplicate", _("Trùng lặp")
    OUT_OF_SCOPE = "out_of_scope", _("Không thuộc thẩm quyền")
    ABUSE = "abuse", _("Nội dung không phù hợp, quấy rối")
    WITHDRAWN = "withdrawn", _("Gỡ khỏi cổng thông tin")


class Feedback(models.Model):
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="feedback",
                             verbose_name=_("đơn vị xử lý"))
    place = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="feedback_from",
                              verbose_name=_("nơi phản ánh"))
    category = models.CharField(_("loại"), max_length=16, choices=Category.choices)
    text = models.TextField(_("nội dung"))
    photo = models.FileField(_("ảnh"), storage=private_storage, upload_to="feedback/%Y/%m/",
                             blank=True)
    item = models.ForeignKey("publishing.Item", on_delete=models.SET_NULL, null=True, blank=True,
                             related_name="feedback", verbose_name=_("bài viết liên quan"))
    # Only when the person chose to leave them; shown to the handling unit only.
    contact_name = models.CharField(_("họ tên người gửi"), max_length=150, blank=True)
    contact_phone = models.CharField(_("điện thoại"), max_length=32, blank=True)
    contact_email = models.EmailField(_("thư điện tử"), blank=True)
    tracking_code = models.CharField(max_length=16, unique=True, default=new_tracking_code)

    status = models.CharField(_("trạng thái"), max_length=16, choices=Status.choices,
                              default=Status.NEW, db_index=True)
    submitted_at = models.DateTimeField(_("ngày gửi"), default=clock.now)
    deadline = models.DateTimeField(_("hạn trả lời"))
    assigned_to = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                    null=True, blank=True, related_name="+",
                                    verbose_name=_("người xử lý"))
    assigned_at = models.DateTimeField(null=True, blank=True)
    answer = models.TextField(_("trả lời"), blank=True)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                    null=True, blank=True, related_name="+")
    answered_at = models.DateTimeField(_("ngày trả lời"), null=True, blank=True)
    public_question = models.TextField(_("câu hỏi công khai"), blank=True)
    public_answer = models.TextField(_("trả lời công khai"), blank=True)
    # Four eyes: whoever handles the item proposes the public wording, an approver
    # (of the unit, above it, or of the unit guiding it) makes it public.
    publish_proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                            null=True, blank=True, related_name="+")
    publish_proposed_at = models.DateTimeField(_("ngày đề nghị công khai"), null=True,
                                               blank=True)
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                     null=True, blank=True, related_name="+")
    published_at = models.DateTimeField(_("ngày công khai"), null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    close_reason = models.CharField(_("lý do đóng"), max_length=16, choices=CloseReason.choices,
                                    blank=True)
    escalation_level = models.PositiveSmallIntegerField(default=0)
    escalated_to = models.ForeignKey(Unit, on_delete=models.SET_NULL, null=True, blank=True,
                                     related_name="feedback_escalated",
                                     verbose_name=_("đã báo lên"))
    escalated_at = models.DateTimeField(null=True, blank=True)
    search_text = models.TextField(blank=True, editable=False)

    objects = TalliedQuerySet.as_manager()  # refuses writes that would skip the tallies

    class Meta:
        verbose_name = _("ý kiến, câu hỏi")
        verbose_name_plural = _("ý kiến, câu hỏi")
        ordering = ["-submitted_at", "-id"]
        indexes = [models.Index(fields=["unit", "status", "-submitted_at"]),
                   models.Index(fields=["status", "deadline"]),
                   models.Index(fields=["status", "-published_at"]),
                   # Covers the roll-up's reads, which then never touch the texts.
                   models.Index(fields=["unit", "submitted_at", "category", "answered_at",
                                        "deadline"], name="feedback_rollup_cover"),
                   # Covers the roll-up's live count of items open past their deadline
                   # (``figures.overdue_now``): a province's period is one range read per
                   # open status, never a seek per unit. Not a partial index on the open
                   # statuses: SQLite cannot match one to ``status IN`` with parameters.
                   models.Index(fields=["status", "submitted_at", "unit", "deadline"],
                                name="feedback_open_cover")]

    def __str__(self) -> str:
        return f"#{self.pk} {self.get_category_display()}: {self.text[:60]}"

    def get_additional_data(self) -> dict[str, Any]:
        return {"unit_id": self.unit_id}

    @property
    def has_contact(self) -> bool:
        return bool(self.contact_name or self.contact_phone or self.contact_email)

    @property
    def is_overdue(self) -> bool:
        return self.status in OPEN_STATUSES and self.deadline < clock.now()


class Rating(models.TextChoices):
    """The verdict, with its place on ClaimReview's 1 (false) … 5 (true) scale."""

    FALSE = "false", _("Sai sự thật")
    MISLEADING = "misleading", _("Gây hiểu lầm")
    MISSING_CONTEXT = "missing_context", _("Thiếu bối cảnh")
    UNPROVEN = "unproven", _("Chưa có căn cứ")


RATING_VALUE = {Rating.FALSE: 1, Rating.MISLEADING: 2, Rating.MISSING_CONTEXT: 3,
                Rating.UNPROVEN: 3}


class Correction(models.Model):
    """A correction the unit issues; its content lives in its versions."""

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="corrections",
                             verbose_name=_("đơn vị đính chính"))
    published_version = models.ForeignKey(
        "CorrectionVersion", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    first_published_at = models.DateTimeField(_("ngày đăng"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                   null=True, related_name="+")
    created_at = models.DateTimeField(default=clock.now)

    class Meta:
        verbose_name = _("đính chính")
        verbose_name_plural = _("đính chính")
        ordering = ["-first_published_at", "-created_at"]

    def __str__(self) -> str:
        version = self.published_version or self.versions.order_by("-number").first()
        return version.headline if version else f"#{self.pk}"

    def get_additional_data(self) -> dict[str, Any]:
        return {"unit_id": self.unit_id}


class VersionStatus(models.TextChoices):
    DRAFT = "draft", _("Bản nháp")
    SUBMITTED = "submitted", _("Chờ duyệt")
    APPROVED = "approved", _("Đã duyệt, công bố")
    SUPERSEDED = "superseded", _("Đã được thay bằng bản sau")


class CorrectionVersion(models.Model):
    """One version of a correction: the claim, the verdict, the facts and their sources."""

    correction = models.ForeignKey(Correction, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    status = models.CharField(max_length=16, choices=VersionStatus.choices,
                              default=VersionStatus.DRAFT)
    headline = models.CharField(_("tiêu đề"), max_length=255)
    claim_summary = models.TextField(_("nội dung thông tin sai"))
    claim_where_seen = models.TextField(_("nơi xuất hiện"), blank=True)
    claim_urls = models.JSONField(_("đường dẫn nơi xuất hiện"), default=list, blank=True)
    claim_first_seen = models.DateField(_("phát hiện lần đầu"), null=True, blank=True)
    claim_reach = models.PositiveIntegerField(_("mức độ lan truyền (ước tính)"), null=True,
                                              blank=True)
    rating = models.CharField(_("kết luận"), max_length=16, choices=Rating.choices)
    facts = models.TextField(_("thông tin chính xác"))
    sources = models.JSONField(_("nguồn"), default=list, blank=True)  # [{"title","url"}]
    change_note = models.TextField(_("nội dung cập nhật"), blank=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                               related_name="+")
    created_at = models.DateTimeField(default=clock.now)
    submitted_at = models.DateTimeField(null=True, blank=True)
    approver = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True,
                                 blank=True, related_name="+")
    approved_at = models.DateTimeField(null=True, blank=True)
    rejection_note = models.TextField(blank=True)

    class Meta:
        ordering = ["correction", "number"]
        constraints = [
            models.UniqueConstraint(fields=["correction", "number"],
                                    name="one_number_per_correction_version"),
            models.CheckConstraint(
                condition=~models.Q(approver=models.F("author")),
                name="correction_approver_is_not_author"),
        ]

    def __str__(self) -> str:
        return f"{self.headline} (v{self.number})"

    @property
    def unit(self) -> Unit:
        return self.correction.unit
