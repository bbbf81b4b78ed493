"""Staff pages: the feedback inbox and item page, statistics, QR posters, corrections."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tincoso.core import clock
from tincoso.core.errors import DomainError, PermissionDeniedError
from tincoso.core.flash import shown_as_message
from tincoso.core.forms import DateRangeForm
from tincoso.core.text import fold
from tincoso.feedback import corrections, services, stats
from tincoso.feedback.forms import (
    AnswerForm,
    CloseForm,
    CorrectionForm,
    PublishForm,
    TransferForm,
    correction_initial,
)
from tincoso.feedback.models import (
    Category,
    Correction,
    CorrectionVersion,
    Feedback,
    Status,
    VersionStatus,
)
from tincoso.units import permissions
from tincoso.units.models import Unit
from tincoso.units.permissions import Action
from tincoso.units.services import get_unit

PAGE_SIZE = 50


def _feedback_for(request: HttpRequest, pk: int) -> Feedback:
    feedback = get_object_or_404(
        Feedback.objects.select_related("unit", "place", "assigned_to", "escalated_to",
                                        "item__published_version"), pk=pk)
    permissions.require(request.user, Action.VIEW, feedback.unit)
    return feedback


@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    """Feedback of the units the user may see; searchable by content, never by sender."""
    qs = services.feedback_visible_to(request.user).select_related("unit", "place")
    params = request.GET
    unit_code = (params.get("unit") or "").strip()
    if unit_code:
        unit = get_unit(unit_code)
        permissions.require(request.user, Action.VIEW, unit)
        qs = qs.filter(unit__path__startswith=unit.path)
    status = params.get("status") or ""
    if status in Status.values:
        qs = qs.filter(status=status)
    if params.get("category") in Category.values:
        qs = qs.filter(category=params["category"])
    if params.get("overdue") == "1":
        qs = qs.filter(pk__in=services.overdue().values("pk"))
    query = (params.get("q") or "").strip()
    for word in fold(query).split():
        qs = qs.filter(search_text__contains=word)
    page = Paginator(qs.order_by("-submitted_at", "-id"), PAGE_SIZE).get_page(params.get("page"))
    return render(request, "feedback/inbox.html", {
        "page": page, "statuses": Status.choices, "categories": Category.choices,
        "status": status, "category": params.get("category", ""), "query": query,
        "unit_code": unit_code, "overdue": params.get("overdue") == "1", "now": clock.now(),
    })


@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    feedback = _feedback_for(request, pk)
    can_handle = services.can_handle(request.user, feedback.unit)
    context: dict[str, Any] = {
        "feedback": feedback, "can_handle": can_handle,
        # Contact details: only for those who handle the item's unit.
        "show_contact": can_handle and feedback.has_contact,
        "now": clock.now(),
    }
    if can_handle:
        context.update({
            "approvers": services.publication_approvers(feedback),
            "can_approve": permissions.can(request.user, Action.APPROVE, feedback.unit),
            "answer_form": AnswerForm(initial={"answer": feedback.answer}),
            "publish_form": PublishForm(initial={
                "public_question": feedback.public_question
                or services.mask_personal(feedback.text),
                "public_answer": feedback.public_answer or services.mask_personal(
                    feedback.answer)}),
            "close_form": CloseForm(),
            "transfer_form": TransferForm(units=Unit.objects.filter(active=True)
                                          .exclude(pk=feedback.unit_id).order_by("path")),
        })
    return render(request, "feedback/detail.html", context)


@login_required
def publication(request: HttpRequest, pk: int) -> HttpResponse:
    """The approver's page for a proposed Q&A: the public wording only, never the
    sender's own text or contact (the approver may sit in a guiding unit)."""
    feedback = get_object_or_404(Feedback.objects.select_related("unit"), pk=pk)
    permissions.require(request.user, Action.APPROVE, feedback.unit)
    if request.method == "POST":
        with shown_as_message(request):
            if "approve" in request.POST:
                services.approve_publication(request.user, feedback)
                messages.success(request, _("Đã công khai trên trang Hỏi đáp."))
            else:
                services.send_back_publication(
                    request.user, feedback, request.POST.get("reason", ""))
                messages.success(request, _("Đã trả lại đề nghị công khai."))
        return redirect("feedback-publication", pk=feedback.pk)
    return render(request, "feedback/publication.html", {
        "feedback": feedback,
        "is_proposer": feedback.publish_proposed_by_id == request.user.pk,
    })


@login_required
@require_POST
def act(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    feedback = _feedback_for(request, pk)
    user = request.user
    with shown_as_message(request, refusal_too=True) as outcome:
        if action == "assign":
            services.assign(user, feedback)
        elif action == "answer":
            form = AnswerForm(request.POST)
            services.answer(user, feedback, form.data.get("answer", ""))
        elif action == "publish":
            services.publish(user, feedback, request.POST.get("public_question", ""),
                             request.POST.get("public_answer", ""))
        elif action == "close":
            services.close(user, feedback, request.POST.get("reason", ""))
        elif action == "transfer":
            target = get_object_or_404(Unit, pk=_int(request.POST.get("unit")))
            services.transfer(user, feedback, target)
        else:
            raise Http404
    if outcome.failed:
        return redirect("feedback-detail", pk=feedback.pk)
    messages.success(request, _("Đã cập nhật ý kiến #%(id)s.") % {"id": feedback.pk})
    if action == "transfer" and not permissions.can(user, Action.VIEW, feedback.unit):
        return redirect("feedback-inbox")
    return redirect("feedback-detail", pk=feedback.pk)


def _int(value: Any) -> int:
    try:
        return int(str(value))
    except ValueError:
        return 0


@login_required
def photo(request: HttpRequest, pk: int) -> FileResponse:
    feedback = _feedback_for(request, pk)
    if not feedback.photo:
        raise Http404
    return FileResponse(feedback.photo.open("rb"), content_type="image/jpeg")


def _chosen_unit(request: HttpRequest) -> tuple[Unit, QuerySet[Unit]]:
    """The unit ``?unit=`` names (the user must see it), else the first the user sees;
    and every unit the user sees, for the chooser."""
    units = permissions.units_where(request.user, Action.VIEW).order_by("path")
    code = (request.GET.get("unit") or "").strip()
    unit = get_unit(code) if code else units.first()
    if unit is None:
        raise PermissionDeniedError(_("Bạn chưa được phân quyền ở đơn vị nào."))
    permissions.require(request.user, Action.VIEW, unit)
    return unit, units


@login_required
def statistics(request: HttpRequest) -> HttpResponse:
    """Aggregates only: counts by category, status, month and unit; response times."""
    unit, units = _chosen_unit(request)
    dates = DateRangeForm(request.GET)
    date_from, date_to = dates.dates()
    figures = stats.rollup(unit, date_from, date_to, now=clock.now())
    return render(request, "feedback/stats.html", {
        "unit": unit, "units": units[:500], "stats": figures, "dates": dates,
        "categories": dict(Category.choices), "statuses": dict(Status.choices),
    })


@login_required
def qr_poster(request: HttpRequest) -> HttpResponse:
    """A printable poster with the QR code of a unit's feedback form."""
    unit, units = _chosen_unit(request)
    query = urlencode({"unit": unit.code})
    return render(request, "feedback/qr.html", {
        "unit": unit, "units": units[:500],
        "form_url": request.build_absolute_uri(reverse("feedback-submit") + "?" + query),
        "qr_url": reverse("feedback-qr") + "?" + query,
    })


# --- corrections ----------------------------------------------------------------------------


def _correction_for(request: HttpRequest, pk: int) -> Correction:
    correction = get_object_or_404(Correction.objects.select_related("unit"), pk=pk)
    permissions.require(request.user, Action.VIEW, correction.unit)
    return correction


@login_required
def correction_list(request: HttpRequest) -> HttpResponse:
    qs = corrections.corrections_visible_to(request.user).select_related(
        "unit", "published_version").prefetch_related("versions")
    page = Paginator(qs.order_by("-created_at", "-id"), PAGE_SIZE).get_page(
        request.GET.get("page"))
    return render(request, "feedback/corrections.html", {
        "page": page,
        "can_add": permissions.units_where(request.user, Action.EDIT_CONTENT).exists(),
    })


@login_required
def correction_new(request: HttpRequest) -> HttpResponse:
    units = permissions.units_where(request.user, Action.EDIT_CONTENT).order_by("path")
    form = CorrectionForm(request.POST or None, units=units)
    error = None
    if request.method == "POST" and form.is_valid():
        try:
            correction = corrections.start_correction(request.user, form.cleaned_data["unit"],
                                                      form.to_data())
        except DomainError as exc:
            error = exc
        else:
            messages.success(request, _("Đã lưu bản nháp."))
            return redirect("correction-detail", pk=correction.pk)
    return render(request, "feedback/correction_form.html", {"form": form, "error": error},
                  status=400 if error else 200)


@login_required
def correction_detail(request: HttpRequest, pk: int) -> HttpResponse:
    correction = _correction_for(request, pk)
    versions = list(correction.versions.select_related("author", "approver").order_by(
        "-number"))
    latest = versions[0] if versions else None
    user = request.user
    return render(request, "feedback/correction_detail.html", {
        "correction": correction, "versions": versions, "latest": latest,
        "can_edit": permissions.can(user, Action.EDIT_CONTENT, correction.unit),
        "can_approve": permissions.can(user, Action.APPROVE, correction.unit)
        and latest is not None and latest.author_id != user.pk,
        "draft": VersionStatus.DRAFT, "submitted": VersionStatus.SUBMITTED,
    })


@login_required
def correction_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Edit the current draft, or (``?update=1``) start an update of the published version."""
    correction = _correction_for(request, pk)
    permissions.require(request.user, Action.EDIT_CONTENT, correction.unit)
    latest = correction.versions.order_by("-number").first()
    assert latest is not None
    updating = latest.status in (VersionStatus.APPROVED, VersionStatus.SUPERSEDED)
    form = CorrectionForm(request.POST or None, initial=correction_initial(latest))
    error = None
    if request.method == "POST" and form.is_valid():
        try:
            if updating:
                corrections.new_version(request.user, correction, form.to_data())
            else:
                corrections.edit_draft(request.user, latest, form.to_data())
        except DomainError as exc:
            error = exc
        else:
            messages.success(request, _("Đã lưu bản nháp."))
            return redirect("correction-detail", pk=correction.pk)
    return render(request, "feedback/correction_form.html", {
        "form": form, "error": error, "correction": correction, "updating": updating},
        status=400 if error else 200)


@login_required
@require_POST
def correction_act(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    correction = _correction_for(request, pk)
    version = get_object_or_404(CorrectionVersion, correction=correction,
                                pk=_int(request.POST.get("version")))
    with shown_as_message(request, refusal_too=True) as outcome:
        if action == "submit":
            corrections.submit(request.user, version)
        elif action == "approve":
            corrections.approve(request.user, version)
        elif action == "reject":
            corrections.reject(request.user, version, request.POST.get("note", ""))
        else:
            raise Http404
    if not outcome.failed:
        messages.success(request, _("Đã cập nhật đính chính."))
    return redirect("correction-detail", pk=correction.pk)
