"""Handling a received document inside the receiving unit (NĐ 30/2020 Art. 23–24).

Instruction  one version of a leader's instructions (ý kiến chỉ đạo, "bút phê") on an
             incoming document of a unit; a change adds a version, the older ones stay
             (``current`` marks the one in force). It hangs on exactly one of
             ``dispatch`` (a document the unit received through the tree; the unit is
             the recipient) or ``document`` (an incoming document the unit registered
             itself, paper, mail or a signed PDF from outside the tree; the unit is the
             document's). Both are already a line of the unit's incoming register under
             their own số đến, so neither makes a second line or number: the
             instructions attach to the line that is there (``subject``).
Assignment   one assignee of a version: a sub-unit (``unit``; the instructions made it
             a Dispatch carrying the role and deadline, ``made_dispatch``) or a member
             of the receiving unit (``person``: a handler with a personal to-do).
Handover     a person away hands their open assignments in a unit to a colleague of
             the same unit for a date range (inclusive).

For the registers (sổ theo dõi giải quyết): ``handling.summary.handling_summary``.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from tincoso.core import clock
from tincoso.documents.models import Dispatch, Document, HandlingRole
from tincoso.units.models import Unit


class Instruction(models.Model):
    dispatch = models.ForeignKey(
        Dispatch, on_delete=models.CASCADE, null=True, blank=True, related_name="instructions"
    )
    document = models.ForeignKey(
        Document, on_delete=models.CASCADE, null=True, blank=True, related_name="instructions"
    )
    version = models.PositiveIntegerField(_("lần"))
    text = models.TextField(_("ý kiến chỉ đạo"))
    given_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    given_at = models.DateTimeField(_("ngày cho ý kiến"), default=clock.now)
    current = models.BooleanField(default=True)

    class Meta:
        app_label = "documents"
        verbose_name = _("ý kiến chỉ đạo")
        verbose_name_plural = _("ý kiến chỉ đạo")
        ordering = ["dispatch", "document", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["dispatch", "version"], name="one_instruction_version_per_dispatch"
            ),
            models.UniqueConstraint(
                fields=["document", "version"],
                name="one_instruction_version_per_document",
                condition=models.Q(document__isnull=False),
            ),
            models.CheckConstraint(
                condition=models.Q(dispatch__isnull=False, document__isnull=True)
                | models.Q(dispatch__isnull=True, document__isnull=False),
                name="instruction_on_a_dispatch_or_a_document",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.dispatch_id or 'doc ' + str(self.document_id)} v{self.version}"

    @property
    def subject(self) -> Dispatch | Document:
        """The register line instructed: the received dispatch or the unit's own document."""
        return self.dispatch if self.dispatch_id else self.document  # type: ignore[return-value]

    @property
    def unit(self) -> Unit:
        """The unit handling it: the dispatch's recipient, or the document's unit."""
        return self.dispatch.recipient if self.dispatch_id else self.document.unit  # type: ignore[union-attr]

    @property
    def unit_id(self) -> int:
        return self.dispatch.recipient_id if self.dispatch_id else self.document.unit_id  # type: ignore[union-attr]

    @property
    def incoming(self) -> Document:
        """The document instructed on."""
        return self.dispatch.document if self.dispatch_id else self.document  # type: ignore[union-attr,return-value]

    def get_additional_data(self) -> dict[str, Any]:
        return {"unit_id": self.unit_id}


class AssignmentStatus(models.TextChoices):
    OPEN = "open", _("Đang xử lý")
    DONE = "done", _("Đã xong")


class Assignment(models.Model):
    instruction = models.ForeignKey(
        Instruction, on_delete=models.CASCADE, related_name="assignments"
    )
    role = models.CharField(_("vai trò"), max_length=16, choices=HandlingRole.choices)
    unit = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("đơn vị"),
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="handling_assignments",
        verbose_name=_("cá nhân"),
    )
    deadline = models.DateTimeField(_("thời hạn giải quyết"), null=True, blank=True)
    made_dispatch = models.ForeignKey(
        Dispatch, on_delete=models.SET_NULL, null=True, blank=True, related_name="assigned_by"
    )
    # A person's part (a unit's is its dispatch's status).
    status = models.CharField(
        max_length=8, choices=AssignmentStatus.choices, default=AssignmentStatus.OPEN
    )
    result_note = models.TextField(_("ý kiến đề xuất, kết quả"), blank=True)
    done_at = models.DateTimeField(null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    reminded_at = models.DateTimeField(null=True, blank=True)  # "due soon", sent once
    overdue_notified_at = models.DateTimeField(null=True, blank=True)  # sent once

    class Meta:
        app_label = "documents"
        verbose_name = _("phân công xử lý")
        verbose_name_plural = _("phân công xử lý")
        ordering = ["instruction", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(unit__isnull=False, person__isnull=True)
                | models.Q(unit__isnull=True, person__isnull=False),
                name="assignment_names_a_unit_or_a_person",
            )
        ]
        indexes = [models.Index(fields=["person", "status"])]

    def __str__(self) -> str:
        return f"{self.get_role_display()}: {self.assignee_name}"

    def get_additional_data(self) -> dict[str, Any]:
        return {"unit_id": self.instruction.unit_id}

    @property
    def assignee_name(self) -> str:
        if self.unit is not None:
            return self.unit.name
        person: Any = self.person
        return (person.get_full_name() or person.username) if person else ""

    @property
    def key(self) -> str:
        """``unit:ID`` or ``user:ID``: how forms name an assignee."""
        return f"unit:{self.unit_id}" if self.unit_id else f"user:{self.person_id}"

    @property
    def handling_unit(self) -> Unit:
        """The unit the assignment is handled in: the receiving unit of its instructions."""
        return self.instruction.unit

    @property
    def is_done(self) -> bool:
        if self.made_dispatch is not None:
            return self.made_dispatch.status == "done"
        return self.status == AssignmentStatus.DONE

    @property
    def is_overdue(self) -> bool:
        return bool(self.deadline and not self.is_done and self.deadline < clock.now())


class Handover(models.Model):
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+")
    from_person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="handovers_given"
    )
    to_person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="handovers_taken"
    )
    starts = models.DateField(_("từ ngày"))
    ends = models.DateField(_("đến ngày"))
    note = models.CharField(_("ghi chú"), max_length=255, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=clock.now)

    class Meta:
        app_label = "documents"
        verbose_name = _("bàn giao khi vắng")
        verbose_name_plural = _("bàn giao khi vắng")
        ordering = ["-starts", "pk"]

    def __str__(self) -> str:
        return f"{self.from_person_id} → {self.to_person_id} ({self.starts}–{self.ends})"

    def get_additional_data(self) -> dict[str, Any]:
        return {"unit_id": self.unit_id}
