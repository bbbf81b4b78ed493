"""Staff pages for radio bulletins: list, write, record, hear, approve (four eyes)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tincoso.broadcast.bulletins import recordings, rendering, services, serving
from tincoso.broadcast.bulletins.forms import BulletinForm, RecordingForm, VariantForm
from tincoso.broadcast.bulletins.models import Bulletin, BulletinVariant
from tincoso.broadcast.speech import pipeline
from tincoso.broadcast.speech.models import Rendering
from tincoso.core.errors import DomainError, PermissionDeniedError
from tincoso.core.flash import shown_as_message
from tincoso.units import permissions
from tincoso.units.permissions import Action


def _bulletin(request: HttpRequest, pk: int) -> Bulletin:
    bulletin = get_object_or_404(Bulletin.objects.select_related("unit"), pk=pk)
    if not services.can_view(request.user, bulletin):
        raise Http404  # another unit's bulletin: not even its existence is shown
    return bulletin


@login_required
def bulletin_list(request: HttpRequest) -> HttpResponse:
    get = request.GET
    qs = services.filtered(
        services.visible_to(request.user).select_related("unit"),
        status=get.get("status", ""), unit=get.get("unit", ""), q=get.get("q", "").strip(),
        kind=get.get("kind", ""),
    ).order_by("-created_at", "-pk")  # fmt: skip
    page = Paginator(qs, 50).get_page(get.get("page"))
    return render(request, "broadcast/bulletins/list.html", {
        "page": page, "statuses": Bulletin.Status.choices, "kinds": Bulletin.Kind.choices,
        "filters": {k: get.get(k, "") for k in ("status", "unit", "q", "kind")},
        "can_write": permissions.units_where(request.user, Action.EDIT_CONTENT).exists(),
    })  # fmt: skip


def _source_initial(request: HttpRequest) -> dict[str, Any]:
    """Prefill from ?item= (an approved item) or ?document= (a registered document)."""
    from tincoso.documents.models import Document
    from tincoso.publishing.models import Item

    if request.GET.get("item", "").isdigit():
        item = get_object_or_404(Item, pk=request.GET["item"])
        draft = services.draft_from_item(request.user, item)
        return {"title": draft.title, "text": draft.text, "item": item.pk, "unit": item.unit}
    if request.GET.get("document", "").isdigit():
        doc = get_object_or_404(Document, pk=request.GET["document"])
        draft = services.draft_from_document(request.user, doc)
        return {"title": draft.title, "text": draft.text, "document": doc.pk}
    return {}


def _draft(data: dict[str, Any]) -> services.Draft:
    return services.Draft(title=data["title"], text=data["text"], voice=data["voice"],
                          rate=data["rate"], pause_ms=data["pause_ms"])  # fmt: skip


def _sources(user: Any, data: dict[str, Any]) -> dict[str, Any]:
    from tincoso.documents.models import Document
    from tincoso.publishing.models import Item

    found: dict[str, Any] = {}
    if data.get("item"):
        item = get_object_or_404(Item, pk=data["item"])
        services.draft_from_item(user, item)  # the same check as the prefill
        found["source_item"] = item
    if data.get("document"):
        doc = get_object_or_404(Document, pk=data["document"])
        services.draft_from_document(user, doc)
        found["source_document"] = doc
    return found


@login_required
def bulletin_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    bulletin = _bulletin(request, pk) if pk else None
    if bulletin is not None and not permissions.can(request.user, Action.EDIT_CONTENT,
                                                    bulletin.unit):  # fmt: skip
        raise PermissionDeniedError(_("Bạn không có quyền sửa bản tin của đơn vị này."))
    units = permissions.units_where(request.user, Action.EDIT_CONTENT).order_by("path")
    if bulletin is None and not units.exists():
        raise PermissionDeniedError(_("Bạn không có quyền soạn bản tin phát thanh."))
    initial: dict[str, Any] = {}
    if bulletin is not None:
        initial = {k: getattr(bulletin, k) for k in
                   ("unit", "title", "text", "reading", "voice", "rate", "pause_ms")}  # fmt: skip
    elif request.method == "GET":
        initial = _source_initial(request)
    form = BulletinForm(request.POST or None, initial=initial, units=units,
                        editing=bulletin is not None)  # fmt: skip
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with shown_as_message(request):
            if bulletin is None:
                bulletin = services.create_bulletin(request.user, data["unit"], _draft(data),
                                                    **_sources(request.user, data))  # fmt: skip
            else:
                services.edit_bulletin(request.user, bulletin, _draft(data),
                                       reading=data.get("reading"))  # fmt: skip
            if "submit" in request.POST:
                services.submit(request.user, bulletin)
            messages.success(request, _("Đã lưu."))
            return redirect("bulletin-detail", pk=bulletin.pk)
    return render(request, "broadcast/bulletins/edit.html", {"form": form, "bulletin": bulletin})


@login_required
def bulletin_from_item(request: HttpRequest, pk: int) -> HttpResponse:
    """ "Phát trên loa" on an item's page: the new-bulletin form prefilled from it."""
    return redirect(reverse("bulletin-new") + f"?item={pk}")


@login_required
def bulletin_detail(request: HttpRequest, pk: int) -> HttpResponse:
    bulletin = _bulletin(request, pk)
    user = request.user
    editable = bulletin.status in (Bulletin.Status.DRAFT, Bulletin.Status.REVIEW)
    return render(request, "broadcast/bulletins/detail.html", {
        "bulletin": bulletin,
        "variants": list(bulletin.variants.all()),
        "can_edit": permissions.can(user, Action.EDIT_CONTENT, bulletin.unit),
        "can_approve": permissions.can(user, Action.APPROVE, bulletin.unit),
        "is_author": user.pk in services.authors_of(bulletin),
        "reviewers": services.reviewers_of(bulletin) if editable else [],
        "recording_form": RecordingForm(),
        "variant_form": VariantForm(prefix="variant"),  # its own field ids on the page
    })  # fmt: skip


_ACTIONS = {
    "submit": lambda user, b, post: services.submit(user, b),
    "approve": lambda user, b, post: services.approve(user, b),
    "send_back": lambda user, b, post: services.send_back(user, b, post.get("reason", "")),
    "withdraw": lambda user, b, post: services.withdraw(user, b),
    "render": lambda user, b, post: services.render_again(user, b),
    "speech": lambda user, b, post: recordings.use_speech(user, b),
}


@login_required
@require_POST
def bulletin_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    bulletin = _bulletin(request, pk)
    if action not in _ACTIONS:
        raise Http404
    with shown_as_message(request):
        _ACTIONS[action](request.user, bulletin, request.POST)
        messages.success(request, _("Đã cập nhật bản tin."))
    return redirect("bulletin-detail", pk=bulletin.pk)


@login_required
@require_POST
def bulletin_upload(request: HttpRequest, pk: int, variant: bool = False) -> HttpResponse:
    """Attach the Vietnamese recording, or a Thái/H'Mông/Dao variant (``variant``)."""
    bulletin = _bulletin(request, pk)
    if variant:
        form: RecordingForm = VariantForm(request.POST, request.FILES, prefix="variant")
    else:
        form = RecordingForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Hãy chọn một tệp ghi âm."))
        return redirect("bulletin-detail", pk=bulletin.pk)
    with shown_as_message(request):
        if variant:
            recordings.attach_variant(request.user, bulletin, form.cleaned_data["language"],
                                    form.cleaned_data["file"])  # fmt: skip
        else:
            recordings.attach_recording(request.user, bulletin, form.cleaned_data["file"])
        messages.success(request, _("Đã nhận bản ghi âm; đang chuẩn hóa độ lớn."))
    return redirect("bulletin-detail", pk=bulletin.pk)


@login_required
def bulletin_preview(request: HttpRequest, pk: int) -> HttpResponse:
    """POST: ask for the speech (rendered by the worker unless cached); GET ?task=: how
    that is going. Answers an <audio> element, or a fragment that asks again shortly."""
    bulletin = _bulletin(request, pk)
    made: Rendering | None = None
    task, error = request.GET.get("task", "")[:64], ""
    try:
        if request.method == "POST":
            made, task = rendering.preview(request.user, bulletin)
        else:
            made = rendering.rendered_preview(request.user, bulletin)
            error = "" if made else rendering.preview_failure(task)
    except DomainError as exc:
        if exc.status == 403:
            raise
        error = str(exc)
    context = {"bulletin": bulletin, "rendering": made, "task": task, "error": error}
    return render(request, "broadcast/bulletins/_preview.html", context)


@login_required
def bulletin_preview_audio(request: HttpRequest, pk: int, key: str) -> HttpResponseBase:
    bulletin = _bulletin(request, pk)
    if not serving.may_hear(request, bulletin):
        raise Http404
    if key != pipeline.cache_key(bulletin.reading, rendering.speech_settings(bulletin)):
        raise Http404  # only the preview of what the bulletin says now
    made = get_object_or_404(Rendering, key=key)
    return serving.serve_audio(request, made.audio, made.sha256)


@login_required
def bulletin_audio(request: HttpRequest, pk: int) -> HttpResponseBase:
    bulletin = _bulletin(request, pk)
    if not bulletin.audio or not serving.may_hear(request, bulletin):
        raise Http404
    return serving.serve_audio(request, bulletin.audio, bulletin.audio_sha256)


@login_required
def variant_audio(request: HttpRequest, pk: int, language: str) -> HttpResponseBase:
    bulletin = _bulletin(request, pk)
    variant = get_object_or_404(BulletinVariant, bulletin=bulletin, language=language)
    if not variant.audio or not serving.may_hear(request, bulletin):
        raise Http404
    return serving.serve_audio(request, variant.audio, variant.sha256)
