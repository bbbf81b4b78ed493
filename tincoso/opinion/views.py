"""Staff pages for notes: file, list (never by author), read, edit."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from tincoso.core.errors import DomainError, PermissionDeniedError
from tincoso.opinion import services
from tincoso.opinion.forms import PRIVACY_WARNING, NoteForm
from tincoso.opinion.models import Collaborator, Note, Topic
from tincoso.units import permissions
from tincoso.units.models import Unit
from tincoso.units.permissions import Action


def _filing_units(request: HttpRequest) -> QuerySet[Unit]:
    units = Unit.objects.filter(active=True).order_by("path")
    if request.user.is_superuser:
        return units
    return units.filter(services.within(services.collaborator_paths(request.user), ""))


@login_required
def note_list(request: HttpRequest) -> HttpResponse:
    """Notes the user may read, by unit, topic and week; no author column, no author filter."""
    qs = services.notes_visible_to(request.user).select_related("unit", "topic")
    code = (request.GET.get("unit") or "").strip()
    if code:
        unit = get_object_or_404(Unit, code=code)
        qs = qs.filter(unit__path__startswith=unit.path)
    topic = (request.GET.get("topic") or "").strip()
    if topic:
        qs = qs.filter(topic__slug=topic)
    page = Paginator(qs.order_by("-week", "-filed_at", "-pk"), 50).get_page(request.GET.get("page"))
    return render(request, "opinion/notes.html", {
        "page": page, "topics": Topic.objects.filter(active=True), "topic": topic,
        "unit_code": code,
        "can_file": _may_file_somewhere(request)})


def _may_file_somewhere(request: HttpRequest) -> bool:
    user = request.user
    if user.is_superuser:
        return True
    return Collaborator.objects.filter(user__pk=user.pk or 0).exists()


def _topic_of(form: NoteForm) -> tuple[Topic | None, list[str]]:
    topic = form.cleaned_data.get("topic")
    if topic is not None:
        return topic, []
    return services.suggestion_for(form.cleaned_data.get("summary") or "")


def _edit(request: HttpRequest, note: Note | None) -> HttpResponse:
    units = _filing_units(request)
    initial = {}
    if note is not None:
        initial = {"unit": note.unit, "week": note.week, "topic": note.topic,
                   "summary": note.summary, "reach": note.reach, "mood": note.mood,
                   "suggestions": note.suggestions}
    form = NoteForm(request.POST or None, units=units, initial=initial)
    error: DomainError | None = None
    because: list[str] = []
    if request.method == "POST" and form.is_valid():
        topic, because = _topic_of(form)
        if request.POST.get("suggest") or topic is None:
            data = request.POST.copy()
            data["topic"] = str(topic.pk) if topic else ""
            form = NoteForm(data, units=units)
            form.is_valid()
            if topic is None:
                error = services.NoteError(_("Không gợi ý được chủ đề: hãy chọn một chủ đề."))
        else:
            try:
                if note is None:
                    note = services.file_note(request.user, form.cleaned_data["unit"],
                                              form.to_data(topic))
                else:
                    note = services.edit_note(request.user, note, form.to_data(topic))
            except DomainError as exc:
                error = exc
            else:
                messages.success(request, _("Đã lưu phiếu."))
                return redirect("opinion-note", pk=note.pk)
    return render(request, "opinion/note_form.html", {
        "form": form, "error": error, "because": because, "note": note,
        "warning": PRIVACY_WARNING}, status=400 if error else 200)


@login_required
def note_new(request: HttpRequest) -> HttpResponse:
    if not _may_file_somewhere(request):
        raise PermissionDeniedError(_("Chỉ cộng tác viên dư luận mới ghi phiếu."))
    return _edit(request, None)


def _note_for(request: HttpRequest, pk: int) -> Note:
    note = get_object_or_404(Note.objects.select_related("unit", "topic"), pk=pk)
    if not services.can_read(request.user, note):
        raise PermissionDeniedError(_("Bạn không xem được phiếu này."))
    return note


@login_required
def note_edit(request: HttpRequest, pk: int) -> HttpResponse:
    note = _note_for(request, pk)
    if note.filed_by_id != request.user.pk:
        raise PermissionDeniedError(_("Chỉ người ghi phiếu mới sửa được phiếu này."))
    return _edit(request, note)


@login_required
def note_detail(request: HttpRequest, pk: int) -> HttpResponse:
    note = _note_for(request, pk)
    return render(request, "opinion/note_detail.html", {
        "note": note, "mine": note.filed_by_id == request.user.pk,
        "can_respond": permissions.can(request.user, Action.EDIT_CONTENT, note.unit),
        "responses": note.responses.select_related("correction", "item")})
