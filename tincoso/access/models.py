"""Requests for information (Luật Tiếp cận thông tin 2016), their append-only steps,
and the list of information a unit publishes proactively.

The requester's identity is required by the law for this procedure (Điều 24) and is
kept on the request only: the handling unit's officers read it on the request page;
no list, export, statistic or public page shows it.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from tincoso.core import clock
from tincoso.units.models import Unit


def new_code() -> str:
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    return "TT" + "".join(secrets.choice(alphabet) for _ in range(10))


class Delivery(models.TextChoices):
    EMAIL = "email", _("Thư điện tử")
    POST = "post", _("Qua bưu điện")
    IN_PERSON = "in_person", _("Nhận trực tiếp tại trụ sở")
    READ_ONSITE = "read_onsite", _("Đọc, xem, ghi chép tại trụ sở")


class Channel(models.TextChoices):
    """How the request reached the unit; it chooses the article that sets the deadline
    (see ``deadlines``). The public form is a request "qua mạng điện tử"."""

    ONLINE = "online", _("Qua mạng điện tử (biểu mẫu trực tuyến)")
    POST = "post", _("Qua dịch vụ bưu chính, fax")
    OFFICE = "office", _("Trực tiếp tại trụ sở")


class Status(models.TextChoices):
    RECEIVED = "received", _("Đã tiếp nhận")
    EXTENDED = "extended", _("Đã gia hạn")
    ANSWERED = "answered", _("Đã cung cấp thông tin")
    REFUSED = "refused", _("Từ chối cung cấp")


OPEN = (Status.RECEIVED, Status.EXTENDED)


class RefusalGround(models.TextChoices):
    """The cases of refusal of khoản 1 Điều 28 Luật Tiếp cận thông tin 2016 (điểm a:
    information of Điều 6, or not meeting the conditions of Điều 7; điểm b, c, d, đ: the
    other cases; điểm e: the actual costs not paid). Sources in ``services``. The keys
    (``d11_*``) are stored values kept from an earlier, wrong article number; only the
    labels say the article. Điều 6 has two khoản (1: state secrets; 2: harm, work
    secrets, internal meetings and documents), Điều 7 khoản 1 business secrets and
    khoản 2 private and family life: checked in the compiled text cited in ``deadlines``."""

    SECRET = "d6_secret", _("Thông tin thuộc bí mật nhà nước (Điều 6 khoản 1)")
    HARM = "d6_harm", _("Gây nguy hại đến lợi ích Nhà nước, quốc phòng, an ninh, trật tự "
                        "an toàn xã hội, sức khỏe cộng đồng (Điều 6 khoản 2)")
    WORK_SECRET = "d6_internal", _("Bí mật công tác, cuộc họp nội bộ, tài liệu phục vụ "
                                   "công việc nội bộ (Điều 6 khoản 2)")
    BUSINESS = "d7_business", _("Bí mật kinh doanh, chủ sở hữu chưa đồng ý (Điều 7 khoản 1)")
    PRIVATE = "d7_private", _("Bí mật đời sống riêng tư, bí mật gia đình, người có quyền "
                              "chưa đồng ý (Điều 7 khoản 2)")
    NOT_OURS = "d11_not_ours", _("Thông tin được yêu cầu không thuộc trách nhiệm cung cấp "
                                 "(Điều 28 khoản 1 điểm c)")
    ALREADY = "d11_already", _("Thông tin đã được công khai theo Điều 17 hoặc đã cung cấp "
                               "hai lần cho chính người yêu cầu (Điều 28 khoản 1 điểm b, d)")
    BEYOND = "d11_beyond", _("Yêu cầu vượt quá khả năng đáp ứng hoặc làm ảnh hưởng đến "
                             "hoạt động bình thường của cơ quan (Điều 28 khoản 1 điểm đ)")
    # Điều 28 khoản 1 điểm e, wording from the full quote of Điều 28 at
    # https://thuviennhadat.vn/phap-ly-nha-dat/quy-dinh-cua-phap-luat-ve-viec-tu-choi-yeu-
    # cau-cung-cap-thong-tin-nhu-the-nao-356105.html and the compiled text (Điều
    # 32.2.LQ.28) cited in ``deadlines`` (both checked 2026-11-30).
    UNPAID = "d28_unpaid", _("Người yêu cầu không thanh toán chi phí thực tế để in, sao, "
                             "chụp, gửi thông tin qua dịch vụ bưu chính, fax "
                             "(Điều 28 khoản 1 điểm e)")


class InfoRequest(models.Model):
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="info_requests",
                             verbose_name=_("đơn vị được yêu cầu"))
    code = models.CharField(max_length=16, unique=True, default=new_code)
    # Identity (Điều 24): on this row only, read by the unit's officers on its page.
    full_name = models.CharField(_("họ và tên"), max_length=150)
    id_number = models.CharField(_("số định danh cá nhân / CCCD"), max_length=16)
    address = models.CharField(_("nơi cư trú"), max_length=300)
    phone = models.CharField(_("điện thoại"), max_length=32, blank=True)
    email = models.EmailField(_("thư điện tử"), blank=True)
    information = models.TextField(_("thông tin cần cung cấp"))
    purpose = models.CharField(_("mục đích sử dụng"), max_length=500, blank=True)
    delivery = models.CharField(_("hình thức nhận"), max_length=16, choices=Delivery.choices)
    channel = models.CharField(_("hình thức yêu cầu"), max_length=8, choices=Channel.choices,
                               default=Channel.ONLINE)
    is_complex = models.BooleanField(_("thông tin phức tạp"), default=False)
    status = models.CharField(_("trạng thái"), max_length=16, choices=Status.choices,
                              default=Status.RECEIVED, db_index=True)
    received_on = models.DateField(_("ngày nhận"))
    due_on = models.DateField(_("hạn giải quyết"))
    extended = models.BooleanField(default=False)
    closed_on = models.DateField(_("ngày giải quyết"), null=True, blank=True)
    refusal_ground = models.CharField(_("căn cứ từ chối"), max_length=16,
                                      choices=RefusalGround.choices, blank=True)
    reply = models.TextField(_("nội dung trả lời"), blank=True)

    class Meta:
        ordering = ["-received_on", "-pk"]

    def __str__(self) -> str:
        return self.code

    @property
    def on_time(self) -> bool | None:
        if self.closed_on is None:
            return None
        return self.closed_on <= self.due_on


class EventQuerySet(models.QuerySet["Event"]):
    def update(self, **kwargs: object) -> int:
        raise TypeError("access events are append-only")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise TypeError("access events are append-only")


class Event(models.Model):
    """One step of a request; written once, never changed."""

    request = models.ForeignKey(InfoRequest, on_delete=models.PROTECT, related_name="events")
    at = models.DateTimeField(default=clock.now)
    kind = models.CharField(max_length=16)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True,
                           related_name="+")
    note = models.TextField(blank=True)

    objects = EventQuerySet.as_manager()

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.kind} {self.at:%Y-%m-%d %H:%M}"

    def save(self, *args: object, **kwargs: object) -> None:
        if self.pk is not None:
            raise TypeError("access events are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args: object, **kwargs: object) -> tuple[int, dict[str, int]]:
        raise TypeError("access events are append-only")


class PublishedInfo(models.Model):
    """An entry of the unit's list of information published proactively (Điều 17, 19)."""

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="published_info",
                             verbose_name=_("đơn vị"))
    title = models.CharField(_("tên thông tin"), max_length=300)
    where = models.CharField(_("nơi công khai, đường dẫn"), max_length=500)
    basis = models.CharField(_("căn cứ"), max_length=200, blank=True)
    updated_on = models.DateField(_("ngày cập nhật"), default=clock.today)

    class Meta:
        ordering = ["title", "pk"]

    def __str__(self) -> str:
        return self.title
