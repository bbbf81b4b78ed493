"""Implementation reports: draft, write, submit, approve or send back, issue.

create_report    a draft for a period (and optionally a directive), figures filled in
update_report    the officer writes the narrative and the signing block
refresh_figures  recompute the figures from the records (drafts only)
submit_report    ask an approver (four eyes); the approvers are told
approve_report   the approver's yes: number it in the unit's register, render it, send it
send_back_report the approver's no, with a reason: a draft again, the author is told
to_approve       the reports waiting for a person's approval (their to-do)
layout_for       the official layout the .docx, .pdf and .xlsx are drawn from
Reporting calendars (schedules, who reported, reminders) are in ``reports.calendars``,
re-exported here so ``services.check_schedules`` and the like keep working.
"""

from __future__ import annotations

import datetime as dt
from functools import reduce
from operator import or_
from typing import Any

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tincoso.core import clock
from tincoso.core.errors import ConflictError, DomainError, PermissionDeniedError
from tincoso.core.notifications import notify
from tincoso.core.text import format_number, nfc
from tincoso.documents import services as documents
from tincoso.documents.extraction import extract_text
from tincoso.documents.models import Direction, Dispatch, Document
from tincoso.reports import official
from tincoso.reports.calendars import (
    check_schedules,
    due_date,
    not_acknowledged,
    not_reported,
    previous_period,
    reported_units,
    schedule_status,
    set_schedule,
)
from tincoso.reports.models import Report
from tincoso.reports.periods import Period
from tincoso.reports.rollup import rollup_for
from tincoso.units import permissions
from tincoso.units.models import Guidance, Membership, Role, Unit, UnitKind
from tincoso.units.permissions import Action

NARRATIVE = (
    "outside_recipient",
    "results",
    "limitations",
    "causes",
    "proposals",
    "signer_name",
    "signer_title",
    "signing_authority",
    "title",
)


class ReportError(DomainError):
    code = "invalid_report"


_require = permissions.require_unless_system


def default_title(period: Period, directive: Document | None) -> str:
    if directive is not None:
        return f"Kết quả thực hiện {directive.label}"
    return (
        f"Kết quả công tác thông tin cơ sở từ ngày {period.start:%d/%m/%Y} "
        f"đến ngày {period.end:%d/%m/%Y}"
    )


# Forms where people gather, so attendance means something (not a board notice or a post).
GATHERINGS = frozenset({"talk", "cell_meeting", "agency_meeting", "conference", "door_to_door"})
LISTED_PER_FORM = 10


def _activities_summary(
    unit: Unit, period: Period, directive: Document | None = None
) -> list[dict[str, Any]]:
    """The subtree's activities in the period, in date order; for a report on a
    directive, only those carried out for it (linked to it)."""
    from tincoso.outreach.models import Activity

    rows = Activity.objects.filter(
        unit__path__startswith=unit.path,
        starts_at__gte=period.since,
        starts_at__lt=period.until,
    )
    if directive is not None:
        rows = rows.filter(documents=directive)
    return [
        {
            "date": timezone.localdate(a.starts_at).isoformat(),
            "unit": a.unit.name,
            "form": a.form,
            "form_label": str(a.get_form_display()),
            "topic": a.topic,
            "audience": a.audience_total,
            "gathering": a.form in GATHERINGS,
        }
        for a in rows.select_related("unit").order_by("starts_at", "pk")[:500]
    ]


def activity_paragraphs(report: Report) -> list[str]:
    """The activities as the report says them: grouped by form in the official
    order, each group in date order; attendance only where people gathered."""
    labels = form_labels()
    order = list(labels)
    groups: dict[str, list[dict[str, Any]]] = {}
    for a in sorted(report.activities, key=lambda a: a["date"]):
        groups.setdefault(a["form"], []).append(a)
    out = []
    if report.directive is not None:
        out.append(
            f"Đã tổ chức {len(report.activities)} hoạt động thực hiện "
            f"{report.directive.label}" + (", cụ thể:" if report.activities else ".")
        )
    for form in sorted(groups, key=lambda f: order.index(f) if f in order else len(order)):
        items = groups[form]
        parts = []
        for a in items[:LISTED_PER_FORM]:
            text = f"ngày {dt.date.fromisoformat(a['date']):%d/%m/%Y}, {a['unit']}: "
            text += a["topic"].strip().rstrip(".;")
            if a.get("gathering", form in GATHERINGS) and a["audience"]:
                text += f" ({format_number(a['audience'])} người dự)"
            parts.append(text)
        more = len(items) - LISTED_PER_FORM
        tail = f"; và {more} hoạt động khác" if more > 0 else ""
        out.append(f"{labels.get(form, form)} ({len(items)}): " + "; ".join(parts) + tail + ".")
    return out


def report_recipient(report: Report) -> Unit | None:
    """Where the report goes inside the installation: the unit that sent the
    directive it reports on; else the unit that guides it for reports; else its
    parent in the tree (not the province, which is a place, not a body). None:
    the top of a line, whose report goes to ``outside_recipient``."""
    unit = report.unit
    chain = [unit, *reversed(Unit.objects.get_ancestors(unit))] if unit.depth > 1 else [unit]
    if report.directive_id is not None:
        for level in chain:
            sent = (
                Dispatch.objects.filter(document_id=report.directive_id, recipient=level)
                .select_related("sender")
                .first()
            )
            if sent is not None and sent.sender_id != unit.pk:
                return sent.sender
    for level in chain:
        link = (
            Guidance.objects.filter(guided=level, reports=True, guide__active=True)
            .select_related("guide")
            .order_by("guide__path")
            .first()
        )
        if link is not None:
            return link.guide
    parent = Unit.objects.get_parent(unit)
    if parent is None or parent.kind == UnitKind.PROVINCE:
        return None
    return parent


@transaction.atomic
def create_report(
    actor: Any, unit: Unit, period: Period, directive: Document | None = None
) -> Report:
    _require(actor, Action.REPORT, unit)
    if (
        directive is not None
        and actor is not None
        and not documents.can_view_document(actor, directive)
    ):
        raise permissions.PermissionDeniedError(_("Bạn không có quyền xem văn bản này."))
    report = Report(
        unit=unit,
        period_start=period.start,
        period_end=period.end,
        directive=directive,
        title=default_title(period, directive),
        created_by=actor,
        figures=rollup_for(unit, period).as_dict(),
        activities=_activities_summary(unit, period, directive),
        signer_name=getattr(actor, "full_name", "") or "",
    )
    report.save()
    return report


def _period(report: Report) -> Period:
    return Period(report.period_start, report.period_end)


def _editable(actor: Any, report: Report) -> None:
    _require(actor, Action.REPORT, report.unit)
    if report.status == Report.Status.PENDING:
        raise ConflictError(
            _("Báo cáo đang chờ duyệt, không sửa được; người duyệt có thể trả lại để sửa.")
        )
    if report.status != Report.Status.DRAFT:
        raise ConflictError(_("Báo cáo đã gửi, không sửa được nữa."))


@transaction.atomic
def update_report(actor: Any, report: Report, **fields: Any) -> Report:
    _editable(actor, report)
    unknown = set(fields) - set(NARRATIVE)
    if unknown:
        raise ReportError(_("Không sửa được trường: %(fields)s."), fields=", ".join(unknown))
    for name, value in fields.items():
        setattr(report, name, str(value or "").strip())
    if not report.title:
        raise ReportError(_("Báo cáo cần có trích yếu."))
    report.save()
    return report


@transaction.atomic
def refresh_figures(actor: Any, report: Report) -> Report:
    _editable(actor, report)
    report.figures = rollup_for(report.unit, _period(report)).as_dict()
    report.activities = _activities_summary(report.unit, _period(report), report.directive)
    report.save(update_fields=["figures", "activities"])
    return report


def form_labels() -> dict[str, str]:
    from tincoso.outreach.models import Form

    return {value: str(label) for value, label in Form.choices}


def layout_for(
    report: Report, *, number: int | None = None, day: dt.date | None = None
) -> official.Layout:
    """Everything the official document shows, in one place for .docx, .pdf and .xlsx."""
    unit = report.unit
    system = official.system_of(unit)
    parent = Unit.objects.get_parent(unit)
    number = (
        number
        if number is not None
        else (report.document.register_number if report.document else None)
    )
    symbol = official.symbol_for(unit, number, system) if number else ""
    prefix = "Số " if system == "party" else "Số: "
    number_line = (
        f"{prefix}{symbol}" if symbol else f"{prefix}      -BC/{official.abbreviation(unit)}"
    )
    day = day or (
        report.document.date if report.document and report.document.date else clock.today()
    )
    place = _place_of(unit)
    sections: list[tuple[str, list[str]]] = []
    intro = (
        f"{unit.name} báo cáo kết quả thực hiện {report.directive.label}"
        if report.directive
        else f"{unit.name} báo cáo kết quả công tác thông tin cơ sở"
    )
    sections.append(
        (
            "",
            [
                f"{intro} từ ngày {report.period_start:%d/%m/%Y} đến ngày "
                f"{report.period_end:%d/%m/%Y} như sau:"
            ],
        )
    )
    results = [*official._paragraphs(report.results), *activity_paragraphs(report)]
    sections.append(("I. KẾT QUẢ ĐẠT ĐƯỢC", results))
    sections.append(("II. HẠN CHẾ", official._paragraphs(report.limitations)))
    sections.append(("III. NGUYÊN NHÂN", official._paragraphs(report.causes)))
    sections.append(("IV. PHƯƠNG HƯỚNG, KIẾN NGHỊ", official._paragraphs(report.proposals)))
    # Levels are joined with " / " (the party's own T/M keeps its slash).
    authority = [a.strip() for a in report.signing_authority.split(" / ") if a.strip()]
    if not authority:
        authority = [official.default_authority(unit, system)]
    recipient = report_recipient(report)
    to = recipient.name if recipient is not None else report.outside_recipient.strip()
    recipients = [f"{to} (b/c);" if to else "", "Lưu: VT."]
    return official.Layout(
        system=system,
        parent_issuer=parent.name if parent else "",
        issuer=unit.name,
        number_line=number_line,
        place_date=official.place_date(place, day),
        doc_type="Báo cáo",
        title=report.title,
        sections=[(h, ps) for h, ps in sections if ps or h],
        tables=official.figure_tables(report.figures, form_labels()),
        recipients=[r for r in recipients if r],
        authority=authority,
        signer_title=report.signer_title.upper(),
        signer_name=report.signer_name,
    )


def _place_of(unit: Unit) -> str:
    """The place name printed before the date: the province the unit belongs to."""
    root = Unit.objects.get_root(unit) if unit.depth > 1 else unit
    name = root.name
    for prefix in ("Tỉnh ", "Thành phố ", "tỉnh "):
        if name.startswith(prefix):
            return name[len(prefix) :]
    return name


def _check_issuable(report: Report) -> Unit | None:
    """What numbering needs, checked before the approver is asked and again at
    approval: somewhere to send it, a signing block in the unit's own system.
    Returns the recipient inside the installation (None: ``outside_recipient``)."""
    recipient = report_recipient(report)
    if recipient is None and not report.outside_recipient.strip():
        raise ReportError(
            _(
                "Đơn vị không có cấp trên trong hệ thống: hãy ghi nơi nhận báo cáo "
                "(ví dụ: Ban Tuyên giáo và Dân vận Trung ương)."
            )
        )
    system = official.system_of(report.unit)
    if not official.authority_matches(report.signing_authority, system):
        raise ReportError(
            _(
                "Thẩm quyền ký “%(authority)s” không theo thể thức của đơn vị: văn bản "
                "của Đảng ký T/M, K/T, T/L; văn bản hành chính ký TM., KT., TL., TUQ."
            ),
            authority=report.signing_authority,
        )
    return recipient


def approvers_of(report: Report) -> list[Any]:
    """Who is asked to approve the report: of those the gate lets approve it
    (``permissions.approver_ids``: the unit's line, else the units guiding it), the
    nearest level of the line that has an approver (a cell's report goes to its
    party committee's leader, not to the province's); never its author (four eyes).
    Approvers higher up may still approve it, unasked."""
    ids = permissions.approver_ids(report.unit) - {report.created_by_id, report.proposed_by_id}
    on_line = dict(
        Membership.objects.filter(
            user_id__in=ids, role=Role.APPROVER, unit__path__in=report.unit.paths_above()
        ).values_list("user_id", "unit__depth")
    )
    if on_line:
        nearest = max(on_line.values())
        ids = {pk for pk, depth in on_line.items() if depth == nearest}
    return list(get_user_model().objects.filter(pk__in=ids, is_active=True).order_by("pk"))


def _url(report: Report) -> str:
    return reverse("report-detail", args=[report.pk])


@transaction.atomic
def submit_report(actor: Any, report: Report) -> Report:
    """DRAFT → PENDING: the author asks an approver to approve; the approvers are
    told (and find it in their to-do list). Refused when nobody could approve it."""
    _editable(actor, report)
    report = Report.objects.select_for_update().get(pk=report.pk)
    _check_issuable(report)
    report.proposed_by = actor
    approvers = approvers_of(report)
    if actor is not None and not approvers:
        raise ReportError(
            _(
                "Chưa có ai được phân quyền duyệt báo cáo của “%(unit)s” (người duyệt của "
                "đơn vị, cấp trên hoặc đơn vị hướng dẫn): hãy đề nghị quản trị phân quyền."
            ),
            unit=report.unit.name,
        )
    report.status = Report.Status.PENDING
    report.proposed_at = clock.now()
    report.save()
    notify(
        approvers,
        str(_("Báo cáo chờ duyệt: %(title)s") % {"title": report.title[:200]}),
        str(_("%(unit)s trình báo cáo cần duyệt, ký.") % {"unit": report.unit.name}),
        _url(report),
    )
    return report


def _pending(actor: Any, report: Report) -> Report:
    _require(actor, Action.APPROVE, report.unit)
    report = Report.objects.select_for_update().select_related("unit").get(pk=report.pk)
    if report.status != Report.Status.PENDING:
        raise ConflictError(_("Báo cáo không ở trạng thái chờ duyệt."))
    return report


@transaction.atomic
def approve_report(actor: Any, report: Report) -> Report:
    """PENDING → SUBMITTED, four eyes: an approver who neither wrote nor submitted it.

    Only now is the report numbered and dated in the unit's outgoing register and
    sent to its recipient. An approver of the issuing unit itself is its leader and
    signs it (their name and title replace the draft's); an approver from the line
    above or a guiding unit approves but does not sign for a body they don't lead.
    """
    report = _pending(actor, report)
    if actor is not None and actor.pk in {report.created_by_id, report.proposed_by_id}:
        raise PermissionDeniedError(
            _("Người soạn, trình báo cáo không tự duyệt được (nguyên tắc bốn mắt).")
        )
    if actor is not None and Membership.objects.filter(
        user=actor, unit=report.unit, role=Role.APPROVER
    ).exists():
        report.signer_name = actor.full_name or report.signer_name
        report.signer_title = actor.title or report.signer_title
    if not report.signer_name:
        raise ReportError(_("Hãy ghi tên người ký báo cáo."))
    _issue(report)
    report.approved_by = actor
    report.review_note = ""
    report.save()
    author = report.proposed_by or report.created_by
    if author is not None:
        notify(
            [author],
            str(_("Báo cáo đã được duyệt và gửi: %(title)s") % {"title": report.title[:200]}),
            str(_("Số %(symbol)s.") % {"symbol": getattr(report.document, "symbol", "")}),
            _url(report),
        )
    return report


@transaction.atomic
def send_back_report(actor: Any, report: Report, reason: str) -> Report:
    """PENDING → DRAFT: the approver returns it to its author, saying what to change."""
    report = _pending(actor, report)
    reason = nfc(reason or "").strip()[:2000]
    if not reason:
        raise ReportError(_("Hãy ghi lý do trả lại báo cáo."))
    report.status = Report.Status.DRAFT
    report.review_note = reason
    report.proposed_at = None
    report.save()
    author = report.proposed_by or report.created_by
    if author is not None:
        notify(
            [author],
            str(_("Báo cáo bị trả lại: %(title)s") % {"title": report.title[:200]}),
            reason,
            _url(report),
        )
    return report


def _issue(report: Report) -> None:
    """Number the report in the unit's outgoing register, render it, send it up.
    Called by ``approve_report`` once the APPROVE right and four eyes are checked."""
    recipient = _check_issuable(report)
    day = clock.today()
    system = official.system_of(report.unit)
    parent = Unit.objects.get_parent(report.unit)
    doc = Document(
        unit=report.unit,
        direction=Direction.OUTGOING,
        system=system,
        doc_type="Báo cáo",
        issuer=report.unit.name,
        parent_issuer=parent.name if parent is not None else "",
        place=_place_of(report.unit),
        date=day,
        title=report.title,
        signer_name=report.signer_name,
        signer_title=report.signer_title.upper(),
        created_by=report.proposed_by,
    )
    doc.save()
    # The approval checked by the caller covers numbering and sending the unit's report.
    doc = documents.register_document(None, doc)
    layout = layout_for(report, number=doc.register_number, day=day)
    data = official.render_docx(layout)
    doc.number = str(doc.register_number)
    doc.symbol = official.symbol_for(report.unit, doc.register_number or 0, system)
    doc.recipients = layout.recipients
    doc.signing_authority = " / ".join(layout.authority)
    doc.file_name = f"bao-cao-{doc.symbol.replace('/', '-')}.docx"
    doc.text = extract_text(data, doc.file_name).text
    doc.search_text = documents._search_text(doc)
    doc.file.save(doc.file_name, ContentFile(data), save=False)
    doc.save()
    if recipient is not None:
        documents.send_up(None, doc, report.unit, recipient)
    report.document = doc
    report.status = Report.Status.SUBMITTED
    report.submitted_at = clock.now()


def can_read(user: Any, report: Report) -> bool:
    """The unit's own people read its reports; an approver who may approve it too
    (one of a guiding unit, reached by the fallback)."""
    return permissions.can(user, Action.VIEW, report.unit) or permissions.can(
        user, Action.APPROVE, report.unit
    )


def to_approve(user: Any) -> QuerySet[Report]:
    """Reports waiting for approval where ``user`` is among those asked
    (``approvers_of``), except their own; oldest first. Answered for all rows at
    once: three queries, whatever the number of reports."""
    paths = permissions.root_paths(user, Action.APPROVE)
    if paths == []:  # anonymous, or approves nowhere
        return Report.objects.none()
    pending = (
        Report.objects.filter(status=Report.Status.PENDING)
        .exclude(proposed_by=user)
        .exclude(created_by=user)
        .order_by("proposed_at", "pk")
    )
    if paths is None:
        return pending
    # Where they approve: their subtrees, and (the gate's fallback) what those guide.
    area = [*paths, *permissions.approval_fallback_paths(user)]
    candidates = pending.filter(reduce(or_, (Q(unit__path__startswith=p) for p in area)))
    lines = {
        pk: Unit(path=path).paths_above() for pk, path in candidates.values_list("pk", "unit__path")
    }
    staffed: dict[str, set[int]] = {}
    for path, pk in Membership.objects.filter(
        role=Role.APPROVER,
        user__is_active=True,
        unit__path__in={p for line in lines.values() for p in line},
    ).values_list("unit__path", "user_id"):
        staffed.setdefault(path, set()).add(pk)
    mine = []
    for pk, line in lines.items():
        levels = [p for p in line if p in staffed]
        # No approver on the line: it came in through a guidance link, the fallback.
        if not levels or user.pk in staffed[levels[-1]]:
            mine.append(pk)
    return pending.filter(pk__in=mine)


# Public: this module's own and the calendars', re-exported.
__all__ = [
    "GATHERINGS",
    "LISTED_PER_FORM",
    "NARRATIVE",
    "ReportError",
    "activity_paragraphs",
    "approve_report",
    "approvers_of",
    "can_read",
    "check_schedules",
    "create_report",
    "default_title",
    "due_date",
    "form_labels",
    "layout_for",
    "not_acknowledged",
    "not_reported",
    "previous_period",
    "refresh_figures",
    "report_recipient",
    "reported_units",
    "schedule_status",
    "send_back_report",
    "set_schedule",
    "submit_report",
    "to_approve",
    "update_report",
]
