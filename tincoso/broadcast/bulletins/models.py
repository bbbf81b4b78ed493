"""Radio bulletins: what a loudspeaker says, its audio, and its approval."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from tincoso.broadcast.speech.models import Rendering
from tincoso.units.models import Unit

__all__ = ["Bulletin", "BulletinVariant", "Rendering"]

# Recorded variants an editor attaches beside the Vietnamese bulletin (codes as
# publishing.models.LANGUAGES).
VARIANT_LANGUAGES = [("tai", _("Tiếng Thái")), ("hmn", _("Tiếng H'Mông")), ("dao", _("Tiếng Dao"))]


class BulletinQuerySet(models.QuerySet["Bulletin"]):
    def playable(self) -> BulletinQuerySet:
        """What may go on air: approved, with its audio ready (``Bulletin.playable``)."""
        return self.filter(status=Bulletin.Status.APPROVED, duration__isnull=False).exclude(
            audio=""
        )


class Bulletin(models.Model):
    """A radio bulletin (bản tin phát thanh) of one unit.

    Nothing reaches a loudspeaker unless ``status`` is APPROVED and ``audio``
    is rendered; ``duration`` (seconds) is that audio's length."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Bản nháp")
        REVIEW = "review", _("Chờ duyệt")
        APPROVED = "approved", _("Đã duyệt")
        WITHDRAWN = "withdrawn", _("Đã gỡ")

    class Kind(models.TextChoices):
        SPEECH = "speech", _("Đọc bằng giọng máy")
        RECORDING = "recording", _("Bản ghi âm")

    class AudioState(models.TextChoices):
        NONE = "", _("Chưa có âm thanh")
        PENDING = "pending", _("Đang tạo âm thanh")
        READY = "ready", _("Đã có âm thanh")
        FAILED = "failed", _("Tạo âm thanh thất bại")

    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="bulletins", verbose_name=_("đơn vị")
    )
    title = models.CharField(_("tiêu đề"), max_length=300)
    text = models.TextField(_("nội dung"), blank=True)
    status = models.CharField(
        _("trạng thái"), max_length=16, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    audio = models.FileField(_("tệp âm thanh"), upload_to="broadcast/audio/", blank=True)
    duration = models.FloatField(_("thời lượng (giây)"), null=True, blank=True)
    kind = models.CharField(_("loại"), max_length=16, choices=Kind.choices, default=Kind.SPEECH)
    # What the speech engine reads: the normaliser's output, which the editor may correct.
    reading = models.TextField(_("lời đọc"), blank=True)
    reading_version = models.CharField(max_length=32, blank=True, editable=False)
    voice = models.CharField(_("giọng đọc"), max_length=40, default="vi")
    rate = models.PositiveSmallIntegerField(_("tốc độ đọc (%)"), default=100)
    pause_ms = models.PositiveIntegerField(_("nghỉ giữa các đoạn (ms)"), default=800)
    source_item = models.ForeignKey(
        "publishing.Item", on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("tin bài gốc"),
    )  # fmt: skip
    source_document = models.ForeignKey(
        "documents.Document", on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name=_("văn bản gốc"),
    )  # fmt: skip
    audio_sha256 = models.CharField(_("SHA-256 của âm thanh"), max_length=64, blank=True)
    audio_state = models.CharField(
        _("âm thanh"), max_length=16, choices=AudioState.choices, default="", blank=True
    )
    audio_error = models.TextField(_("lỗi tạo âm thanh"), blank=True)
    # An uploaded recording as received, until the worker has normalised it into ``audio``.
    staged = models.FileField(upload_to="broadcast/staging/", blank=True, editable=False)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name=_("người gửi duyệt"),
    )  # fmt: skip
    last_edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name=_("người sửa sau cùng"),
    )  # fmt: skip
    review_note = models.TextField(_("ý kiến người duyệt"), blank=True)
    updated_at = models.DateTimeField(_("lúc sửa"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("người soạn"),
    )
    created_at = models.DateTimeField(_("lúc soạn"), auto_now_add=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("người duyệt"),
    )
    approved_at = models.DateTimeField(_("lúc duyệt"), null=True, blank=True)

    objects = BulletinQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("bản tin phát thanh")
        verbose_name_plural = _("bản tin phát thanh")

    def __str__(self) -> str:
        return self.title

    @property
    def playable(self) -> bool:
        return self.status == self.Status.APPROVED and bool(self.audio) and bool(self.duration)


class BulletinVariant(models.Model):
    """A recording of the bulletin in another language (Thái, H'Mông, Dao), attached
    by the editor; it goes on air only with its approved bulletin."""

    bulletin = models.ForeignKey(Bulletin, on_delete=models.CASCADE, related_name="variants")
    language = models.CharField(_("ngôn ngữ"), max_length=8, choices=VARIANT_LANGUAGES)
    audio = models.FileField(_("tệp âm thanh"), upload_to="broadcast/audio/", blank=True)
    duration = models.FloatField(_("thời lượng (giây)"))
    sha256 = models.CharField(max_length=64, blank=True)
    audio_state = models.CharField(
        _("âm thanh"), max_length=16, choices=Bulletin.AudioState.choices, default="pending"
    )
    audio_error = models.TextField(_("lỗi tạo âm thanh"), blank=True)
    staged = models.FileField(upload_to="broadcast/staging/", blank=True, editable=False)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["language"]
        constraints = [
            models.UniqueConstraint(
                fields=["bulletin", "language"], name="one_variant_per_language"
            )
        ]
        verbose_name = _("bản tiếng dân tộc")
        verbose_name_plural = _("bản tiếng dân tộc")

    def __str__(self) -> str:
        return f"{self.bulletin} ({self.language})"

    @property
    def playable(self) -> bool:
        return (
            self.bulletin.status == Bulletin.Status.APPROVED
            and self.audio_state == Bulletin.AudioState.READY
            and bool(self.audio)
        )


def _audit() -> None:
    """Every change a person makes to a bulletin is in the audit log (registered here,
    beside the models, so the shared AppConfig stays untouched by this room)."""
    from auditlog.registry import auditlog

    auditlog.register(Bulletin, exclude_fields=["staged"])
    auditlog.register(BulletinVariant, exclude_fields=["audio", "staged"])


_audit()
