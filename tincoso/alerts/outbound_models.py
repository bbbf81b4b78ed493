"""Who else hears a message, and what reached them: outbound subscribers (partner
systems by webhook, phones by SMS brandname), the dispatch of one message (an alert
or an ordinary published item) to its channels, and one delivery per channel and
target, unique, so a retry never sends twice."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from tincoso.core.errors import DomainError
from tincoso.units.models import Unit


class Subscriber(models.Model):
    """A partner system (webhook) or a list of phones (SMS) of one unit. A production
    subscriber hears real messages only; a drill one hears exercises and tests only."""

    class Kind(models.TextChoices):
        WEBHOOK = "webhook", _("Webhook HTTP")
        SMS = "sms", _("Tin nhắn SMS thương hiệu")

    class Audience(models.TextChoices):
        PRODUCTION = "production", _("Thật")
        DRILL = "drill", _("Diễn tập và thử nghiệm")

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="subscribers",
                             verbose_name=_("đơn vị"))  # fmt: skip
    name = models.CharField(_("tên"), max_length=200)
    kind = models.CharField(_("loại"), max_length=10, choices=Kind.choices)
    audience = models.CharField(_("đối tượng"), max_length=10, choices=Audience.choices,
                                default=Audience.PRODUCTION)  # fmt: skip
    url = models.URLField(_("địa chỉ webhook"), blank=True)
    # The name of the environment variable holding the HMAC secret: never the secret.
    secret_env = models.CharField(_("biến môi trường chứa khóa bí mật"), max_length=100,
                                  blank=True)  # fmt: skip
    phones = models.TextField(_("số điện thoại (mỗi dòng một số)"), blank=True)
    active = models.BooleanField(_("đang dùng"), default=True)

    class Meta:
        verbose_name = _("nơi nhận bên ngoài")
        verbose_name_plural = _("nơi nhận bên ngoài")
        ordering = ["unit__path", "name"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        """A webhook needs its URL and the name of its secret's variable; an SMS list
        needs valid Vietnamese mobile numbers (refused in both languages)."""
        from tincoso.alerts.adapters import esms

        if self.kind == self.Kind.WEBHOOK and not (self.url and self.secret_env):
            raise ValidationError(_("Webhook cần địa chỉ và tên biến môi trường chứa khóa bí mật."))
        if self.kind == self.Kind.SMS:
            if not self.phone_list():
                raise ValidationError(_("Danh sách SMS cần ít nhất một số điện thoại."))
            for number in self.phone_list():
                try:
                    esms.phone(number)
                except DomainError as error:
                    raise ValidationError(error.in_both_languages()) from error

    def phone_list(self) -> list[str]:
        return [p.strip() for p in self.phones.splitlines() if p.strip()]


class Dispatch(models.Model):
    """One message sent to its channels: an alert message, or a published item the
    editor sent from the one form (``channels`` ticked)."""

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    alert = models.OneToOneField("alerts.Alert", on_delete=models.CASCADE, null=True,
                                 blank=True, related_name="dispatch")  # fmt: skip
    item = models.ForeignKey("publishing.Item", on_delete=models.CASCADE, null=True,
                             blank=True, related_name="+")  # fmt: skip
    exercise = models.BooleanField(default=False)  # never to production subscribers
    channels = models.JSONField(default=list)
    options = models.JSONField(default=dict)  # e.g. the loudspeakers' TT 39 priority
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                   null=True, related_name="+")  # fmt: skip
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.pk}:{self.alert_id or self.item_id}"


class Delivery(models.Model):
    """One channel's delivery of a dispatch to one target (a subscriber, a phone, a
    unit's loudspeakers...): at most one per (dispatch, channel, target)."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Đang gửi")
        SENT = "sent", _("Đã gửi")
        FAILED = "failed", _("Thất bại")
        SKIPPED = "skipped", _("Không gửi")

    dispatch = models.ForeignKey(Dispatch, on_delete=models.CASCADE, related_name="deliveries")
    channel = models.CharField(max_length=20)
    target = models.CharField(max_length=200)
    subscriber = models.ForeignKey(Subscriber, on_delete=models.SET_NULL, null=True,
                                   blank=True, related_name="+")  # fmt: skip
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    detail = models.TextField(blank=True)  # the gateway's answer, or why it failed
    # When the try in flight was claimed; empty when none is (``outbound.retry_stuck``).
    claimed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField()
    done_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["dispatch", "channel", "target"],
                                               name="one_delivery_per_channel_target")]
        ordering = ["channel", "target"]

    def __str__(self) -> str:
        return f"{self.channel}:{self.target}:{self.status}"
