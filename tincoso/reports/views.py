"""The dashboard (roll-ups with charts and drill-down) and implementation reports."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tincoso.core import clock
from tincoso.core.errors import ConflictError
from tincoso.core.flash import shown_as_message
from tincoso.core.spreadsheet import XLSX
from tincoso.documents import services as documents
from tincoso.documents.models import Document
from tincoso.reports import export, official, services
from tincoso.reports.forms import NarrativeForm, NewReportForm, PeriodForm, ScheduleForm
from tincoso.reports.models import Report
from tincoso.reports.periods import Period, quarter
from tincoso.reports.rollup import Rollup, rollup_for, rollup_guided
from tincoso.units import permissions
from tincoso.units.models import Unit
from tincoso.units.permissions import Action


def _period_form(request: HttpRequest) -> tuple[PeriodForm, Period]:
    """The period asked for (dd/mm/yyyy or ISO), or this quarter; a bad or reversed
    range stays on the form as an error beside its field, with this quarter shown."""
    today = clock.today()
    current = quarter(today.year, (today.month - 1) // 3 + 1)
    if "start" not in request.GET and "end" not in request.GET:
        return PeriodForm(initial={"start": current.start, "end": current.end}), current
    form = PeriodForm(request.GET)
    return form, form.cleaned_data["period"] if form.is_valid() else current


def _top_unit(request: HttpRequest, action: Action) -> Unit:
    unit = permissions.units_where(request.user, action).order_by("depth", "path").first()
    if unit is None:
        raise permissions.PermissionDeniedError(_("Bạn chưa được phân quyền trên đơn vị nào."))
    return unit


def _dashboard_unit(request: HttpRequest) -> Unit:
    code = request.GET.get("unit")
    unit = get_object_or_404(Unit, code=code) if code else _top_unit(request, Action.VIEW_FIGURES)
    permissions.require(request.user, Action.VIEW_FIGURES, unit)
    return unit


def _dashboard_rollup(
    request: HttpRequest, unit: Unit, period: Period
) -> tuple[Rollup, bool, bool]:
    """A unit that guides others (a propaganda board) sees what it guides, or its own
    subtree (``?scope=``): the same figures from the one roll-up service either way.
    Also says whether the unit guides anything and whether this is the guided view."""
    guides = bool(permissions.guided_paths([unit.path], "figures"))
    guided = guides and request.GET.get("scope", "guided" if unit.is_leaf() else "") == "guided"
    rollup = rollup_guided(unit, period) if guided else rollup_for(unit, period)
    return rollup, guides, guided


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    unit = _dashboard_unit(request)
    form, period = _period_form(request)
    rollup, guides, guided = _dashboard_rollup(request, unit, period)
    data = rollup.as_dict()
    visible = permissions.units_where(request.user, Action.VIEW_FIGURES).order_by("path")[:500]
    labels = services.form_labels()
    chart = {
        "labels": [c["unit"].get("short_name") or c["unit"]["name"] for c in data["children"]],
        "received": [
            c["figures"].get("documents", {}).get("received", 0) for c in data["children"]
        ],
        "acknowledged": [
            c["figures"].get("documents", {}).get("acknowledged", 0) for c in data["children"]
        ],
        "activities": [
            c["figures"].get("activities", {}).get("count", 0) for c in data["children"]
        ],
        "forms": {
            labels.get(k, k): v
            for k, v in data["totals"].get("activities", {}).get("by_form", {}).items()
        },
    }
    return render(
        request,
        "reports/dashboard.html",
        {
            "unit": unit,
            "period": period,
            "rollup": data,
            "units": visible,
            "form": form,
            "chart": chart,
            "guides": guides,
            "guided": guided,
            "opinion_topics": len(data["totals"].get("opinion", {}).get("by_topic", {})),
            "not_reported": services.not_reported(unit, period),
            "not_acknowledged": services.not_acknowledged(unit, period),
            "ancestors": [
                a
                for a in Unit.objects.get_ancestors(unit)
                if permissions.can(request.user, Action.VIEW, a)
            ],
        },
        status=400 if form.errors else 200,
    )


@login_required
def dashboard_figures(request: HttpRequest) -> HttpResponse:
    """The dashboard's figures (same unit and period) as an .xlsx file."""
    unit = _dashboard_unit(request)
    form, period = _period_form(request)
    if form.errors:
        return redirect(f"{reverse('rollup-dashboard')}?{request.GET.urlencode()}")
    rollup, _guides, _guided = _dashboard_rollup(request, unit, period)
    body = export.dashboard_xlsx(unit.name, period, rollup.as_dict(), services.form_labels())
    response = HttpResponse(body, content_type=XLSX)
    name = f"tong-hop-{unit.code}-{period.start:%Y%m%d}-{period.end:%Y%m%d}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
def report_home(request: HttpRequest) -> HttpResponse:
    return redirect("report-list", code=_top_unit(request, Action.VIEW).code)


@login_required
def report_list(request: HttpRequest, code: str) -> HttpResponse:
    unit = get_object_or_404(Unit, code=code)
    permissions.require(request.user, Action.VIEW, unit)
    reports = Report.objects.filter(unit__path__startswith=unit.path).select_related(
        "unit", "document", "directive"
    )[:200]
    can_report = permissions.can(request.user, Action.REPORT, unit)
    directives = (
        documents.documents_visible_to(request.user)
        .filter(status=Document.Status.REGISTERED)
        .exclude(doc_type="Báo cáo")
        .order_by("-date")[:50]
    )
    today = clock.today()
    current = quarter(today.year, (today.month - 1) // 3 + 1)
    form = NewReportForm(
        initial={"start": current.start, "end": current.end}, directives=directives
    )
    schedules = [(s, services.schedule_status(s)) for s in unit.report_schedules.all()]
    return render(
        request,
        "reports/list.html",
        {
            "unit": unit,
            "reports": reports,
            "can_report": can_report,
            "form": form,
            "schedule_form": ScheduleForm(),
            "schedules": schedules,
        },
    )


@login_required
@require_POST
def report_create(request: HttpRequest, code: str) -> HttpResponse:
    unit = get_object_or_404(Unit, code=code)
    permissions.require(request.user, Action.REPORT, unit)
    form = NewReportForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Kỳ báo cáo chưa hợp lệ."))
        return redirect("report-list", code=code)
    directive = None
    if form.cleaned_data.get("directive"):
        directive = get_object_or_404(Document, pk=form.cleaned_data["directive"])
    with shown_as_message(request, refusal_too=True):
        period = Period(form.cleaned_data["start"], form.cleaned_data["end"])
        report = services.create_report(request.user, unit, period, directive)
        return redirect("report-detail", pk=report.pk)
    return redirect("report-list", code=code)


def _report_for(request: HttpRequest, pk: int) -> Report:
    report = get_object_or_404(Report.objects.select_related("unit", "document"), pk=pk)
    if not services.can_read(request.user, report):
        # Neither the unit's own people nor one who may approve it: the gate's refusal.
        permissions.require(request.user, Action.VIEW, report.unit)
    return report


def _submitted_message(report: Report) -> str:
    names = ", ".join(str(u) for u in services.approvers_of(report))
    return _("Đã trình duyệt. Người có thể duyệt: %(names)s.") % {"names": names or "—"}


@login_required
def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    report = _report_for(request, pk)
    can_edit = (
        permissions.can(request.user, Action.REPORT, report.unit)
        and report.status == Report.Status.DRAFT
    )
    form = NarrativeForm(
        request.POST or None, initial={name: getattr(report, name) for name in services.NARRATIVE}
    )
    if request.method == "POST":
        permissions.require(request.user, Action.REPORT, report.unit)
        if form.is_valid():
            with shown_as_message(request, refusal_too=True):
                services.update_report(request.user, report, **form.cleaned_data)
                if "refresh" in request.POST:
                    services.refresh_figures(request.user, report)
                if "submit" in request.POST:
                    report = services.submit_report(request.user, report)
                    messages.success(request, _submitted_message(report))
                else:
                    messages.success(request, _("Đã lưu."))
                return redirect("report-detail", pk=report.pk)
    pending = report.status == Report.Status.PENDING
    return render(
        request,
        "reports/detail.html",
        {
            "report": report,
            "form": form,
            "can_edit": can_edit,
            "layout": services.layout_for(report),
            "approvers": services.approvers_of(report) if pending or can_edit else [],
            "can_approve": pending
            and permissions.can(request.user, Action.APPROVE, report.unit)
            and request.user.pk not in {report.created_by_id, report.proposed_by_id},
        },
    )


@login_required
@require_POST
def report_approve(request: HttpRequest, pk: int) -> HttpResponse:
    report = _report_for(request, pk)
    try:
        report = services.approve_report(request.user, report)
    except (services.ReportError, ConflictError) as exc:  # a refusal of the gate is a 403
        messages.error(request, str(exc))
        return redirect("report-detail", pk=pk)
    if report.document is not None and services.report_recipient(report) is None:
        done = _("Đã duyệt; báo cáo số %(symbol)s vào sổ, gửi %(to)s (ngoài hệ thống).") % {
            "symbol": report.document.symbol,
            "to": report.outside_recipient,
        }
    else:
        done = _("Đã duyệt; báo cáo số %(symbol)s đã gửi lên đơn vị nhận.") % {
            "symbol": report.document.symbol if report.document else ""
        }
    messages.success(request, done)
    return redirect("report-detail", pk=pk)


@login_required
@require_POST
def report_send_back(request: HttpRequest, pk: int) -> HttpResponse:
    report = _report_for(request, pk)
    try:
        services.send_back_report(request.user, report, request.POST.get("reason", ""))
    except (services.ReportError, ConflictError) as exc:
        messages.error(request, str(exc))
        return redirect("report-detail", pk=pk)
    messages.success(request, _("Đã trả lại báo cáo cho người soạn."))
    return redirect("report-detail", pk=pk)


@login_required
def report_file(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    report = _report_for(request, pk)
    layout = services.layout_for(report)
    name = (report.document.symbol if report.document else f"du-thao-{report.pk}").replace("/", "-")
    if fmt == "docx":
        body, ctype = (
            official.render_docx(layout),
            ("application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        )
    elif fmt == "pdf":
        body, ctype = official.render_pdf(layout), "application/pdf"
    elif fmt == "xlsx":
        body, ctype = (
            official.render_xlsx(layout),
            XLSX,
        )
    else:
        raise Http404
    response = HttpResponse(body, content_type=ctype)
    response["Content-Disposition"] = f'attachment; filename="bao-cao-{name}.{fmt}"'
    return response


@login_required
@require_POST
def schedule_set(request: HttpRequest, code: str) -> HttpResponse:
    unit = get_object_or_404(Unit, code=code)
    form = ScheduleForm(request.POST)
    if form.is_valid():
        services.set_schedule(
            request.user,
            unit,
            form.cleaned_data["frequency"],
            due_days=form.cleaned_data["due_days"],
            remind_days=form.cleaned_data["remind_days"],
        )
        messages.success(request, _("Đã đặt lịch báo cáo."))
    else:
        messages.error(request, _("Lịch báo cáo chưa hợp lệ."))
    return redirect("report-list", code=code)
