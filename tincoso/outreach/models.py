"""Oral and direct outreach: reporters, their talking points, and the activities units log.

Reporter  a báo cáo viên or tuyên truyền viên cơ sở in a unit's register
Material  talking points for a campaign: a Document or a portal Item (and notes, a
          file) an editor attaches for the units below theirs
Activity  one talk, meeting, programme, posting or visit, with its audience
"""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from tincoso.core import clock
from tincoso.documents.models import Document
from tincoso.publishing.models import Item
from tincoso.units.models import Unit
from tincoso.units.subtree_tallies import TalliedQuerySet


class Level(models.TextChoices):
    CENTRAL = "central", _("Trung ương")
    PROVINCIAL = "provincial", _("Cấp tỉnh")
    COMMUNE = "commune", _("Cấp xã")


class ReporterKind(models.TextChoices):
    REPORTER = "reporter", _("Báo cáo viên")
    PROPAGANDIST = "propagandist", _("Tuyên truyền viên cơ sở")


class Reporter(models.Model):
    """A speaker in a unit's register; ``user`` when they also log in."""

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="reporters",
                             verbose_name=_("đơn vị"))
    kind = models.CharField(_("loại"), max_length=16, choices=ReporterKind.choices,
                            default=ReporterKind.REPORTER)
    full_name = models.CharField(_("họ và tên"), max_length=150)
    title = models.CharField(_("chức vụ"), max_length=255, blank=True)
    level = models.CharField(_("cấp"), max_length=16, choices=Level.choices,
                             default=Level.COMMUNE)
    topics = models.JSONField(_("lĩnh vực, chủ đề"), default=list, blank=True)
    languages = models.JSONField(_("ngôn ngữ sử dụng"), default=list, blank=True)
    contact = models.CharField(_("liên hệ"), max_length=255, blank=True)
    active_from = models.DateField(_("hoạt động từ"), null=True, blank=True)
    active_until = models.DateField(_("hoạt động đến"), null=True, blank=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                             blank=True, related_name="reporter_entries",
                             verbose_name=_("tài khoản"))
    search_text = models.TextField(blank=True, editable=False)
    created_at = models.DateTimeField(default=clock.now)

    class Meta:
        verbose_name = _("báo cáo viên")
        verbose_name_plural = _("báo cáo viên")
        ordering = ["full_name", "id"]
        indexes = [models.Index(fields=["unit", "full_name"])]

    def __str__(self) -> str:
        return self.full_name

    def get_additional_data(self) -> dict[str, Any]:
        return {"unit_id": self.unit_id}

    @property
    def is_active(self) -> bool:
        today = clock.today()
        if self.active_from and self.active_from > today:
            return False
        return not (self.active_until and self.active_until < today)


class Material(models.Model):
    """Talking points for a campaign, for the reporters of ``unit``'s whole subtree."""

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="outreach_materials",
                             verbose_name=_("đơn vị"))
    campaign = models.CharField(_("đợt tuyên truyền"), max_length=255)
    title = models.CharField(_("tiêu đề"), max_length=255)
    notes = models.TextField(_("nội dung chính cần tuyên truyền"), blank=True)
    document = models.ForeignKey(Document, on_delete=models.SET_NULL, null=True, blank=True,
                                 related_name="outreach_materials", verbose_name=_("văn bản"))
    item = models.ForeignKey(Item, on_delete=models.SET_NULL, null=True, blank=True,
                             related_name="outreach_materials", verbose_name=_("tin bài"))
    file = models.FileField(_("tệp tài liệu"), upload_to="outreach/materials/%Y/%m/",
                            blank=True)
    file_name = models.CharField(max_length=255, blank=True)
    valid_until = models.DateField(_("dùng đến ngày"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                   null=True, related_name="+")
    created_at = models.DateTimeField(default=clock.now)

    class Meta:
        verbose_name = _("tài liệu tuyên truyền")
        verbose_name_plural = _("tài liệu tuyên truyền")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.title

    def get_additional_data(self) -> dict[str, Any]:
        return {"unit_id": self.unit_id}


class Form(models.TextChoices):
    """The forms of Nghị định 49/2024/NĐ-CP and of the seed guidance."""

    TALK = "talk", _("Nói chuyện, báo cáo chuyên đề")
    CELL_MEETING = "cell_meeting", _("Sinh hoạt chi bộ")
    AGENCY_MEETING = "agency_meeting", _("Họp cơ quan, đơn vị")
    CONFERENCE = "conference", _("Hội nghị")
    LOUDSPEAKER = "loudspeaker", _("Chương trình truyền thanh")
    BULLETIN_BOARD = "bulletin_board", _("Bảng tin")
    PORTAL = "portal", _("Bài trên trang thông tin điện tử")
    SOCIAL_MEDIA = "social_media", _("Bài trên mạng xã hội")
    TEXT_MESSAGE = "text_message", _("Tin nhắn")
    DOOR_TO_DOOR = "door_to_door", _("Tuyên truyền đến từng hộ gia đình")
    PRINTED = "printed", _("Tài liệu, tờ rơi, pa-nô, áp phích")
    OTHER = "other", _("Hình thức khác")


class ActivityImport(models.Model):
    """One spreadsheet of activities imported at once: who, when, which file, how many rows."""

    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                   null=True, related_name="+")
    created_at = models.DateTimeField(default=clock.now)
    file_name = models.CharField(max_length=255, blank=True)
    file_sha256 = models.CharField(max_length=64, blank=True)
    rows = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.rows})"


ROLLUP_AUDIENCE = [f"audience_{name}" for name in
                   ("total", "members", "civil_servants", "citizens", "ethnic_minority")]


class Activity(models.Model):
    """One outreach activity a unit carried out.

    Audience: ``audience_total`` people; of them ``members`` (đảng viên),
    ``civil_servants`` (cán bộ, công chức, viên chức) and ``citizens`` (nhân dân)
    are disjoint groups whose sum is at most the total; ``ethnic_minority``
    counts across those groups, also at most the total.
    """


    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="activities",
                             verbose_name=_("đơn vị"))
    form = models.CharField(_("hình thức"), max_length=20, choices=Form.choices)
    topic = models.CharField(_("chủ đề"), max_length=500)
    starts_at = models.DateTimeField(_("bắt đầu"))
    ends_at = models.DateTimeField(_("kết thúc"), null=True, blank=True)
    place = models.CharField(_("địa điểm"), max_length=255, blank=True)
    reporters = models.ManyToManyField(Reporter, blank=True, related_name="activities",
                                       verbose_name=_("báo cáo viên"))
    documents = models.ManyToManyField(Document, blank=True, related_name="activities",
                                       verbose_name=_("văn bản triển khai"))
    items = models.ManyToManyField(Item, blank=True, related_name="activities",
                                   verbose_name=_("tin bài tuyên truyền"))
    audience_total = models.PositiveIntegerField(_("tổng số người dự"), default=0)
    audience_members = models.PositiveIntegerField(_("đảng viên"), default=0)
    audience_civil_servants = models.PositiveIntegerField(_("cán bộ, công chức, viên chức"),
                                                          default=0)
    audience_citizens = models.PositiveIntegerField(_("nhân dân"), default=0)
    audience_ethnic_minority = models.PositiveIntegerField(_("đồng bào dân tộc thiểu số"),
                                                           default=0)
    minutes = models.TextField(_("biên bản, ghi chú"), blank=True)
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    batch = models.ForeignKey(ActivityImport, on_delete=models.SET_NULL, null=True, blank=True,
                              related_name="activities")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                   null=True, related_name="+")
    created_at = models.DateTimeField(default=clock.now)
    updated_at = models.DateTimeField(default=clock.now)

    objects = TalliedQuerySet.as_manager()  # refuses writes that would skip the tallies

    class Meta:
        verbose_name = _("hoạt động tuyên truyền")
        verbose_name_plural = _("hoạt động tuyên truyền")
        ordering = ["-starts_at", "-id"]
        # Both cover the roll-up's reads of the days that cut a month (counts and
        # audiences per unit over a stretch of time), so they never touch the rows:
        # unit first for a small subtree, time first for a big one.
        indexes = [models.Index(fields=["unit", "starts_at", "form", *ROLLUP_AUDIENCE],
                                name="activity_unit_rollup_cover"),
                   models.Index(fields=["starts_at", "unit", "form", *ROLLUP_AUDIENCE],
                                name="activity_time_rollup_cover")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(audience_total__gte=models.F("audience_members")
                                   + models.F("audience_civil_servants")
                                   + models.F("audience_citizens"))
                & models.Q(audience_total__gte=models.F("audience_ethnic_minority")),
                name="activity_audience_parts_within_total",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_form_display()}: {self.topic[:80]}"

    def get_additional_data(self) -> dict[str, Any]:
        return {"unit_id": self.unit_id}


class ActivityFile(models.Model):
    class Kind(models.TextChoices):
        PHOTO = "photo", _("Ảnh")
        ATTACHMENT = "attachment", _("Tệp đính kèm")

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="files")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    file = models.FileField(upload_to="outreach/activities/%Y/%m/")
    name = models.CharField(max_length=255)
    size = models.PositiveIntegerField(default=0)
    uploaded_at = models.DateTimeField(default=clock.now)

    class Meta:
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.name

    @property
    def unit(self) -> Unit:
        return self.activity.unit


