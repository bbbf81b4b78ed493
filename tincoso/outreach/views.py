"""Staff pages: activities (list, entry, import, calendar), the reporter register, materials."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q, QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from tincoso.core import clock
from tincoso.core.errors import DomainError, PermissionDeniedError
from tincoso.core.spreadsheet import XLSX
from tincoso.documents.models import Document
from tincoso.documents.services import documents_visible_to
from tincoso.outreach import calendar, importer, services
from tincoso.outreach.forms import ActivityForm, FileForm, ImportForm, MaterialForm, ReporterForm
from tincoso.outreach.models import Activity, ActivityFile, Form, Material, Reporter
from tincoso.publishing.models import Item
from tincoso.units import permissions
from tincoso.units.permissions import Action
from tincoso.units.services import get_unit

PAGE_SIZE = 50


def _activity_for(request: HttpRequest, pk: int) -> Activity:
    activity = get_object_or_404(Activity.objects.select_related("unit"), pk=pk)
    permissions.require(request.user, Action.VIEW, activity.unit)
    return activity


def _reporter_choices(user: Any) -> QuerySet[Reporter]:
    """Reporters of the units the user logs for, of their subtrees and of the units above."""
    paths: set[str] = set()
    subtree = Q()
    for unit in permissions.units_where(user, Action.LOG_ACTIVITY):
        paths.update(unit.paths_above())
    for path in permissions.root_paths(user, Action.LOG_ACTIVITY) or []:
        subtree |= Q(unit__path__startswith=path)
    if permissions.root_paths(user, Action.LOG_ACTIVITY) is None:
        return Reporter.objects.select_related("unit").order_by("full_name")
    qs = Reporter.objects.filter(Q(unit__path__in=paths) | subtree) if subtree else \
        Reporter.objects.filter(unit__path__in=paths)
    return qs.select_related("unit").order_by("full_name")


def _document_choices(user: Any) -> QuerySet[Document]:
    return documents_visible_to(user).filter(status=Document.Status.REGISTERED).order_by(
        "-created_at")[:300]


def _item_choices(user: Any) -> QuerySet[Item]:
    """Published items the person may read, newest first (the last 300)."""
    from tincoso.publishing.services import items_visible_to

    recent = items_visible_to(user).order_by("-published_at").values_list("pk", flat=True)[:300]
    return Item.objects.filter(pk__in=list(recent)).select_related(
        "published_version").order_by("-published_at")


def _activity_form(request: HttpRequest, **kwargs: Any) -> ActivityForm:
    return ActivityForm(
        request.POST or None,
        units=permissions.units_where(request.user, Action.LOG_ACTIVITY).order_by("path"),
        reporters=_reporter_choices(request.user),
        documents=Document.objects.filter(pk__in=[d.pk for d in _document_choices(request.user)]),
        items=_item_choices(request.user),
        **kwargs,
    )


@login_required
def activities(request: HttpRequest) -> HttpResponse:
    qs = services.activities_visible_to(request.user).select_related("unit").prefetch_related(
        "reporters")
    params = request.GET
    unit_code = (params.get("unit") or "").strip()
    if unit_code:
        unit = get_unit(unit_code)
        permissions.require(request.user, Action.VIEW, unit)
        qs = qs.filter(unit__path__startswith=unit.path)
    if params.get("form") in Form.values:
        qs = qs.filter(form=params["form"])
    query = (params.get("q") or "").strip()
    if query:
        qs = qs.filter(topic__icontains=query)
    page = Paginator(qs.order_by("-starts_at", "-id"), PAGE_SIZE).get_page(params.get("page"))
    log_units = permissions.units_where(request.user, Action.LOG_ACTIVITY)
    return render(request, "outreach/activities.html", {
        "page": page, "forms": Form.choices, "form_value": params.get("form", ""),
        "unit_code": unit_code, "query": query, "can_log": log_units.exists(),
        "calendar_units": permissions.units_where(request.user, Action.VIEW).order_by("path")[:1],
    })


@login_required
def activity_new(request: HttpRequest) -> HttpResponse:
    form = _activity_form(request, initial={"date": clock.today()})
    error = None
    if request.method == "POST" and form.is_valid():
        try:
            activity = services.log_activity(request.user, form.to_data())
        except DomainError as exc:
            error = exc
        else:
            messages.success(request, _("Đã ghi hoạt động."))
            return redirect("outreach-activity", pk=activity.pk)
    return render(request, "outreach/activity_form.html", {"form": form, "error": error},
                  status=400 if error or (request.method == "POST" and form.errors) else 200)


@login_required
def activity_edit(request: HttpRequest, pk: int) -> HttpResponse:
    activity = _activity_for(request, pk)
    permissions.require(request.user, Action.LOG_ACTIVITY, activity.unit)
    from django.utils import timezone

    local = timezone.localtime(activity.starts_at)
    initial = {
        "unit": activity.unit, "form": activity.form, "topic": activity.topic,
        "date": local.date(), "start": local.time(),
        "end": timezone.localtime(activity.ends_at).time() if activity.ends_at else None,
        "place": activity.place, "reporters": list(activity.reporters.all()),
        "documents": list(activity.documents.all()), "items": list(activity.items.all()),
        "minutes": activity.minutes,
        **{f: getattr(activity, f) for f in ("audience_total", "audience_members",
                                             "audience_civil_servants", "audience_citizens",
                                             "audience_ethnic_minority")},
    }
    form = _activity_form(request, initial=initial)
    error = None
    if request.method == "POST" and form.is_valid():
        try:
            services.update_activity(request.user, activity, form.to_data())
        except DomainError as exc:
            error = exc
        else:
            messages.success(request, _("Đã lưu."))
            return redirect("outreach-activity", pk=activity.pk)
    return render(request, "outreach/activity_form.html",
                  {"form": form, "error": error, "activity": activity},
                  status=400 if error else 200)


@login_required
def activity_detail(request: HttpRequest, pk: int) -> HttpResponse:
    activity = _activity_for(request, pk)
    can_log = permissions.can(request.user, Action.LOG_ACTIVITY, activity.unit)
    file_form = FileForm(request.POST or None, request.FILES or None) if can_log else None
    error = None
    if request.method == "POST" and file_form is not None and file_form.is_valid():
        upload = file_form.cleaned_data["file"]
        try:
            services.add_activity_file(request.user, activity, upload.name,
                                       upload.read(services.MAX_ATTACHMENT_BYTES + 1),
                                       file_form.cleaned_data["kind"])
        except DomainError as exc:
            error = exc
        else:
            messages.success(request, _("Đã đính kèm tệp."))
            return redirect("outreach-activity", pk=activity.pk)
    return render(request, "outreach/activity_detail.html", {
        "activity": activity, "reporters": activity.reporters.select_related("unit"),
        "documents": activity.documents.all(),
        "items": activity.items.select_related("published_version"),
        "files": activity.files.all(),
        "can_log": can_log, "file_form": file_form, "error": error,
    }, status=400 if error else 200)


@login_required
@require_POST
def activity_delete(request: HttpRequest, pk: int) -> HttpResponse:
    activity = _activity_for(request, pk)
    services.delete_activity(request.user, activity)
    messages.success(request, _("Đã xóa hoạt động."))
    return redirect("outreach-activities")


@login_required
def activity_file(request: HttpRequest, pk: int) -> FileResponse:
    item = get_object_or_404(ActivityFile.objects.select_related("activity__unit"), pk=pk)
    permissions.require(request.user, Action.VIEW, item.activity.unit)
    return FileResponse(item.file.open("rb"), as_attachment=item.kind != "photo",
                        filename=item.name)


@login_required
def import_activities(request: HttpRequest) -> HttpResponse:
    form = ImportForm(request.POST or None, request.FILES or None)
    result = error = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            result = importer.import_activities(
                request.user, upload.read(importer.MAX_FILE_BYTES + 1), upload.name)
        except DomainError as exc:
            error = exc
        else:
            if result.ok:
                messages.success(
                    request,
                    ngettext("Đã nhập %(n)s hoạt động.", "Đã nhập %(n)s hoạt động.", result.created)
                    % {"n": result.created},
                )
                return redirect("outreach-activities")
    failed = bool(error or (result and not result.ok))
    return render(request, "outreach/import.html", {
        "form": form, "result": result, "error": error, "max_rows": importer.MAX_ROWS,
    }, status=400 if failed else 200)


@login_required
def import_template(request: HttpRequest) -> HttpResponse:
    data = importer.template_workbook(request.user)
    response = HttpResponse(
        data, content_type=XLSX)
    response["Content-Disposition"] = 'attachment; filename="mau-nhap-hoat-dong.xlsx"'
    return response


@login_required
def calendar_view(request: HttpRequest, code: str) -> HttpResponse:
    unit = get_unit(code)
    permissions.require(request.user, Action.VIEW, unit)
    today = clock.today()
    try:
        year, month = (int(x) for x in (request.GET.get("month") or "").split("-"))
        dt.date(year, month, 1)
    except ValueError:
        year, month = today.year, today.month
    first = dt.date(year, month, 1)
    previous = (first - dt.timedelta(days=1)).replace(day=1)
    following = (first + dt.timedelta(days=32)).replace(day=1)
    feed = request.build_absolute_uri(
        reverse("outreach-ical", args=[unit.code]) + "?key=" + calendar.feed_key(request.user,
                                                                                  unit))
    return render(request, "outreach/calendar.html", {
        "unit": unit, "weeks": calendar.month_grid(unit, year, month), "first": first,
        "previous": previous, "following": following, "today": today, "feed_url": feed,
        "units": permissions.units_where(request.user, Action.VIEW).order_by("path")[:500],
    })


def calendar_ics(request: HttpRequest, code: str) -> HttpResponse:
    """The iCalendar feed: no log-in, a signed key instead (see ``calendar``)."""
    unit = get_unit(code)
    calendar.feed_user(request.GET.get("key", ""), unit)
    response = HttpResponse(calendar.ical_feed(unit, clock.now()),
                            content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="hoat-dong-{unit.code}.ics"'
    response["Cache-Control"] = "private, max-age=300"
    return response


@login_required
def reporters(request: HttpRequest) -> HttpResponse:
    qs = services.reporters_visible_to(request.user).select_related("unit")
    from tincoso.core.text import fold

    query = (request.GET.get("q") or "").strip()
    for word in fold(query).split():
        qs = qs.filter(search_text__contains=word)
    page = Paginator(qs.order_by("full_name", "id"), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "outreach/reporters.html", {
        "page": page, "query": query,
        "can_edit": permissions.units_where(request.user, Action.EDIT_CONTENT).exists(),
    })


@login_required
def reporter_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    reporter = None
    initial: dict[str, Any] = {}
    if pk is not None:
        reporter = get_object_or_404(Reporter.objects.select_related("unit", "user"), pk=pk)
        permissions.require(request.user, Action.EDIT_CONTENT, reporter.unit)
        initial = {
            "unit": reporter.unit, "kind": reporter.kind, "full_name": reporter.full_name,
            "title": reporter.title, "level": reporter.level,
            "topics": "; ".join(reporter.topics), "languages": "; ".join(reporter.languages),
            "contact": reporter.contact, "active_from": reporter.active_from,
            "active_until": reporter.active_until,
            "username": reporter.user.get_username() if reporter.user else "",
        }
    units = permissions.units_where(request.user, Action.EDIT_CONTENT).order_by("path")
    form = ReporterForm(request.POST or None, units=units, initial=initial)
    error = None
    if request.method == "POST" and form.is_valid():
        data = form.to_data()
        try:
            data.user = services.user_by_username(form.cleaned_data.get("username") or "")
            services.save_reporter(request.user, form.cleaned_data["unit"], data, reporter)
        except DomainError as exc:
            error = exc
        else:
            messages.success(request, _("Đã lưu báo cáo viên."))
            return redirect("outreach-reporters")
    return render(request, "outreach/reporter_form.html", {
        "form": form, "error": error, "reporter": reporter,
        "languages": services.COMMON_LANGUAGES}, status=400 if error else 200)


@login_required
def materials(request: HttpRequest) -> HttpResponse:
    qs = services.materials_for(request.user).select_related("unit", "document",
                                                             "item__published_version")
    page = Paginator(qs.order_by("-created_at", "-id"), PAGE_SIZE).get_page(
        request.GET.get("page"))
    return render(request, "outreach/materials.html", {
        "page": page,
        "can_add": permissions.units_where(request.user, Action.EDIT_CONTENT).exists(),
    })


@login_required
def material_new(request: HttpRequest) -> HttpResponse:
    units = permissions.units_where(request.user, Action.EDIT_CONTENT).order_by("path")
    documents = Document.objects.filter(
        pk__in=[d.pk for d in _document_choices(request.user)])
    form = MaterialForm(request.POST or None, request.FILES or None, units=units,
                        documents=documents, items=_item_choices(request.user))
    error = None
    if request.method == "POST" and form.is_valid():
        c = form.cleaned_data
        upload = c.get("file")
        try:
            services.add_material(
                request.user, c["unit"], campaign=c["campaign"], title=c["title"],
                notes=c.get("notes") or "", document=c.get("document"), item=c.get("item"),
                file_name=upload.name if upload else "",
                file_data=upload.read(services.MAX_ATTACHMENT_BYTES + 1) if upload else None,
                valid_until=c.get("valid_until"))
        except DomainError as exc:
            error = exc
        else:
            messages.success(request, _("Đã thêm tài liệu."))
            return redirect("outreach-materials")
    return render(request, "outreach/material_form.html", {"form": form, "error": error},
                  status=400 if error else 200)


@login_required
def material_file(request: HttpRequest, pk: int) -> FileResponse:
    material = get_object_or_404(Material, pk=pk)
    if not services.materials_for(request.user).filter(pk=pk).exists():
        raise PermissionDeniedError(_("Bạn không có quyền xem tài liệu này."))
    if not material.file:
        raise Http404
    return FileResponse(material.file.open("rb"), as_attachment=True,
                        filename=material.file_name or "tai-lieu")


@login_required
def unit_calendar_redirect(request: HttpRequest) -> HttpResponse:
    """/app/outreach/calendar/: the calendar of ``?unit=CODE`` (the unit picker's form,
    which needs no script), else of the first unit the user may see."""
    if request.GET.get("unit"):
        chosen = get_unit(str(request.GET["unit"]))
        permissions.require(request.user, Action.VIEW, chosen)
        return redirect("outreach-calendar", code=chosen.code)
    unit = permissions.units_where(request.user, Action.VIEW).order_by("path").first()
    if unit is None:
        raise PermissionDeniedError(_("Bạn chưa được phân quyền ở đơn vị nào."))
    return redirect("outreach-calendar", code=unit.code)
