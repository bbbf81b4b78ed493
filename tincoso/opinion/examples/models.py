"""Good examples (điển hình, cách làm hay) a unit submits for the propaganda board.

GoodExample    what was done, where, with what result; submitted by a unit, then
               selected by a board that guides it (a ``publishing`` draft in the
               board's name, in the series ``SERIES_SLUG``) or declined
ExamplePhoto   a photo of it, re-encoded without metadata (``core.images``), kept in
               the private store and served only through a checked view
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from tincoso.core import clock
from tincoso.feedback.models import private_storage
from tincoso.units.models import Unit


class GoodExample(models.Model):
    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Chờ Ban chọn")
        SELECTED = "selected", _("Đã chọn đăng")
        DECLINED = "declined", _("Chưa chọn")

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+",
                             verbose_name=_("đơn vị"))
    title = models.CharField(_("tên điển hình, cách làm hay"), max_length=200)
    place = models.CharField(_("ở đâu"), max_length=200)
    what = models.TextField(_("đã làm gì, làm thế nào"))
    result = models.TextField(_("kết quả"))
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.SUBMITTED,
                              db_index=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                     null=True, blank=True, related_name="+")
    submitted_at = models.DateTimeField(default=clock.now, db_index=True)
    board = models.ForeignKey(Unit, on_delete=models.SET_NULL, null=True, blank=True,
                              related_name="+")
    item = models.OneToOneField("publishing.Item", on_delete=models.SET_NULL, null=True,
                                blank=True, related_name="good_example")
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                   null=True, blank=True, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    reason = models.CharField(max_length=300, blank=True)

    class Meta:
        app_label = "opinion"
        verbose_name = _("điển hình, cách làm hay")
        verbose_name_plural = _("điển hình, cách làm hay")
        ordering = ["-submitted_at", "-pk"]

    def __str__(self) -> str:
        return self.title

    def get_additional_data(self) -> dict[str, Any]:
        return {"unit_id": self.unit_id}


class ExamplePhoto(models.Model):
    example = models.ForeignKey(GoodExample, on_delete=models.CASCADE, related_name="photos")
    file = models.FileField(storage=private_storage, upload_to="examples/%Y/%m/")

    class Meta:
        app_label = "opinion"
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.example_id}/{self.pk}"
