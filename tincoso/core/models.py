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


class Notification(models.Model):
    """A message for one person in the app (and by e-mail, see core.notifications)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    subject = models.CharField(_("tiêu đề"), max_length=255)
    body = models.TextField(_("nội dung"), blank=True)
    url = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(_("thời gian"), auto_now_add=True)
    read_at = models.DateTimeField(_("đã đọc"), null=True, blank=True)

    class Meta:
        verbose_name = _("thông báo")
        verbose_name_plural = _("thông báo")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["user", "read_at"])]

    def __str__(self) -> str:
        return self.subject


class PeriodicRun(models.Model):
    """When a periodic job is next due, and who holds it now (``run_periodic``).

    Several schedulers (one per app server in the scale-out profile) may run at
    once: each claims a job with one conditional UPDATE — due, and not held by a
    live lease — so exactly one of them runs it per interval, and a job that is
    still running is never started twice. A scheduler killed mid-job leaves a
    lease that simply runs out."""

    job = models.CharField(max_length=200, unique=True)
    next_due = models.DateTimeField()
    lease_until = models.DateTimeField(null=True, blank=True)
    claimed_by = models.CharField(max_length=200, blank=True)
    runs = models.PositiveIntegerField(default=0)
    last_started = models.DateTimeField(null=True, blank=True)
    last_finished = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)

    class Meta:
        verbose_name = _("lượt chạy định kỳ")
        verbose_name_plural = _("lượt chạy định kỳ")

    def __str__(self) -> str:
        return self.job
