"""Rendered speech, kept once per distinct input (the render cache)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

__all__ = ["Rendering"]


class Rendering(models.Model):
    """One rendered MP3 for one ``key``: a hash of the reading, voice, speed, pause,
    the reading normaliser's VERSION, the pipeline's version and the engine."""

    key = models.CharField(max_length=64, unique=True)
    audio = models.FileField(upload_to="broadcast/speech/")
    duration = models.FloatField()
    sha256 = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("âm thanh đã tạo")
        verbose_name_plural = _("âm thanh đã tạo")

    def __str__(self) -> str:
        return self.key
