"""The unit tree (đơn vị) and the roles people hold on it (membership)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from treebeard.mp_tree import MP_Node


class UnitKind(models.TextChoices):
    PROVINCE = "province", _("Tỉnh, thành phố")
    PARTY_COMMITTEE = "party_committee", _("Cấp ủy đảng")
    BLOC_COMMITTEE = "bloc_committee", _("Đảng ủy khối, cơ quan")
    DEPARTMENT = "department", _("Sở, ban, ngành")
    COMMUNE = "commune", _("Xã, phường, đặc khu")
    VILLAGE = "village", _("Thôn, bản, tổ dân phố")
    PARTY_CELL = "party_cell", _("Chi bộ, đảng bộ cơ sở")
    AGENCY = "agency", _("Cơ quan, đơn vị")
    OTHER = "other", _("Khác")


class Unit(MP_Node):
    """A body in the province's tree: party committee, agency, commune, village, cell…

    Materialized path (django-treebeard): the subtree of a unit is every unit
    whose ``path`` starts with its path, one indexed range query.
    """

    code = models.SlugField(_("mã"), max_length=64, unique=True, allow_unicode=False)
    name = models.CharField(_("tên"), max_length=255)
    short_name = models.CharField(_("tên viết tắt"), max_length=64, blank=True)
    kind = models.CharField(_("loại"), max_length=32, choices=UnitKind.choices)
    active = models.BooleanField(_("đang hoạt động"), default=True)

    # No node_order_by: with it, inserting a child renumbers its later siblings'
    # paths, which would make every Unit already loaded in memory stale. Children
    # keep the order they were added in; lists sort by name where it matters.

    class Meta:
        verbose_name = _("đơn vị")
        verbose_name_plural = _("đơn vị")

    def __str__(self) -> str:
        return self.name

    def get_additional_data(self) -> dict[str, Any]:
        """Stored on each audit entry, so admins of a subtree can find it."""
        return {"unit_id": self.pk}

    def subtree(self) -> models.QuerySet[Unit]:
        return Unit.objects.filter(path__startswith=self.path)

    def is_within(self, other: Unit) -> bool:
        """True when self is ``other`` or below it."""
        return self.path.startswith(other.path)

    def paths_above(self) -> list[str]:
        """The paths of the root, every ancestor and the unit itself, top first."""
        return self.prefixes(self.path)

    @classmethod
    def prefixes(cls, path: str) -> list[str]:
        """A materialized path's prefixes, one per level: root first, ``path`` last."""
        return [path[:i] for i in range(cls.steplen, len(path) + 1, cls.steplen)]


class Role(models.TextChoices):
    ADMIN = "admin", _("Quản trị")
    EDITOR = "editor", _("Biên tập viên")
    APPROVER = "approver", _("Lãnh đạo duyệt")
    OFFICER = "officer", _("Cán bộ đơn vị")
    REPORTER = "reporter", _("Báo cáo viên")
    VIEWER = "viewer", _("Người xem")


class Membership(models.Model):
    """One role for one person on one unit; it applies to the unit's whole subtree."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("người dùng"),
    )
    unit = models.ForeignKey(
        Unit, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("đơn vị")
    )
    role = models.CharField(_("vai trò"), max_length=16, choices=Role.choices)
    created_at = models.DateTimeField(_("ngày tạo"), auto_now_add=True)

    class Meta:
        verbose_name = _("phân quyền")
        verbose_name_plural = _("phân quyền")
        constraints = [
            models.UniqueConstraint(fields=["user", "unit"], name="one_role_per_user_and_unit")
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} — {self.unit}"

    def get_additional_data(self) -> dict[str, Any]:
        return {"unit_id": self.unit_id}


class Guidance(models.Model):
    """A guidance link (quan hệ chỉ đạo, hướng dẫn) beside the tree: ``guide`` guides
    ``guided``'s whole subtree for the purposes ticked.

    The tree says who belongs to whom; the province runs along parallel lines
    (party, state, Front), and a propaganda board guides thông tin cơ sở across
    them in its area. A link reaches the guided subtree only for its purposes:
    sending directives, reading figures, receiving reports; never to edit the
    guided units' content.
    """

    guide = models.ForeignKey(
        Unit, on_delete=models.CASCADE, related_name="guides", verbose_name=_("đơn vị chỉ đạo")
    )
    guided = models.ForeignKey(
        Unit,
        on_delete=models.CASCADE,
        related_name="guided_by",
        verbose_name=_("đơn vị được chỉ đạo"),
    )
    dispatch = models.BooleanField(_("gửi văn bản chỉ đạo"), default=True)
    figures = models.BooleanField(_("xem số liệu, tổng hợp"), default=True)
    reports = models.BooleanField(_("nhận báo cáo"), default=True)
    note = models.CharField(_("căn cứ, ghi chú"), max_length=255, blank=True)
    created_at = models.DateTimeField(_("ngày tạo"), auto_now_add=True)

    class Meta:
        verbose_name = _("quan hệ chỉ đạo")
        verbose_name_plural = _("quan hệ chỉ đạo")
        constraints = [
            models.UniqueConstraint(
                fields=["guide", "guided"], name="one_link_per_guide_and_guided"
            ),
            models.CheckConstraint(
                condition=~models.Q(guide=models.F("guided")), name="a_unit_does_not_guide_itself"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.guide} → {self.guided}"

    def get_additional_data(self) -> dict[str, Any]:
        return {"unit_id": self.guide_id}

    def purposes(self) -> list[str]:
        return [name for name in PURPOSES if getattr(self, name)]


PURPOSES = ("dispatch", "figures", "reports")


class SubtreeTally(models.Model):
    """The figures of one unit's whole subtree (itself and every unit below) over one
    calendar span, Vietnam time; kept in step by ``units.subtree_tallies``."""

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+")
    figures = models.JSONField(default=dict)

    class Meta:
        abstract = True


def _one_per(span: str, column: str) -> list[models.BaseConstraint]:
    name = f"one_tally_per_subtree_and_{span}"
    return [models.UniqueConstraint(fields=["unit", column], name=name)]


class SubtreeMonth(SubtreeTally):
    month = models.DateField()  # the first day of the month

    class Meta:
        constraints = _one_per("month", "month")

    def __str__(self) -> str:
        return f"{self.unit_id} {self.month:%Y-%m}"


class SubtreeDay(SubtreeTally):
    """What a roll-up reads for the days of a month its period cuts in two."""

    day = models.DateField()

    class Meta:
        constraints = _one_per("day", "day")

    def __str__(self) -> str:
        return f"{self.unit_id} {self.day:%Y-%m-%d}"


class SubtreeDekad(SubtreeTally):
    """Ten days (1–10, 11–20, 21 to the month's end) read as one row."""

    start = models.DateField()  # its first day: the 1st, 11th or 21st

    class Meta:
        constraints = _one_per("dekad", "start")

    def __str__(self) -> str:
        return f"{self.unit_id} {self.start:%Y-%m-%d} dekad"


class SubtreeQuarter(SubtreeTally):
    """Three whole months read as one row."""

    start = models.DateField()  # its first day

    class Meta:
        constraints = _one_per("quarter", "start")

    def __str__(self) -> str:
        return f"{self.unit_id} {self.start:%Y-%m} quarter"


class SubtreeYear(SubtreeTally):
    """A whole year read as one row."""

    start = models.DateField()  # 1 January

    class Meta:
        constraints = _one_per("year", "start")

    def __str__(self) -> str:
        return f"{self.unit_id} {self.start:%Y}"
