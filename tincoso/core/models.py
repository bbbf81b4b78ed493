"""People: the user account. Roles live in ``units.Membership``."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """A person who logs in. ``language`` is the UI language they chose."""

    full_name = models.CharField(_("họ và tên"), max_length=150, blank=True)
    title = models.CharField(_("chức vụ"), max_length=150, blank=True)
    language = models.CharField(
        _("ngôn ngữ giao diện"), max_length=10, choices=settings.LANGUAGES, default="vi"
    )

    class Meta:
        verbose_name = _("người dùng")
        verbose_name_plural = _("người dùng")

    def __str__(self) -> str:
        return self.full_name or self.get_full_name() or self.username

    @property
    def display_name(self) -> str:
        return str(self)
