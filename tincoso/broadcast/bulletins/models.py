"""Radio bulletins: what a loudspeaker says, its audio, and its approval."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from tincoso.units.models import Unit

__all__ = ["Bulletin"]


class Bulletin(models.Model):
    """A radio bulletin (bản tin phát thanh) of one unit.

    Nothing reaches a loudspeaker unless ``status`` is APPROVED and ``audio``
    is rendered; ``duration`` (seconds) is that audio's length."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Bản nháp")
        REVIEW = "review", _("Chờ duyệt")
        APPROVED = "approved", _("Đã duyệt")
        WITHDRAWN = "withdrawn", _("Đã gỡ")

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

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("bản tin phát thanh")
        verbose_name_plural = _("bản tin phát thanh")

    def __str__(self) -> str:
        return self.title

    @property
    def playable(self) -> bool:
        return self.status == self.Status.APPROVED and bool(self.audio) and bool(self.duration)
