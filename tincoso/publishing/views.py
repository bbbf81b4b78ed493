"""Staff pages for items: write, review, approve (four eyes), correct, compare versions."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tincoso.core.errors import PermissionDeniedError
from tincoso.core.flash import shown_as_message
from tincoso.core.registry import staff_item_links
from tincoso.documents.models import Document
from tincoso.publishing import content, services
from tincoso.publishing.forms import AttachmentForm, ImageForm, ItemForm
from tincoso.publishing.models import Item
from tincoso.units import permissions
from tincoso.units.permissions import Action


def _staff_item(request: HttpRequest, pk: int) -> Item:
    item = get_object_or_404(Item.objects.select_related("unit", "current"), pk=pk)
    if permissions.can(request.user, Action.VIEW, item.unit):
        return item
    # The guiding unit's approver of a unit without its own sees what awaits them.
    if item.status != Item.Status.DRAFT and permissions.can(
        request.user, Action.APPROVE, item.unit
    ):
        return item
    raise Http404  # a sibling unit's item: not even its existence is shown


def _draft(data: dict[str, Any]) -> services.Draft:
    return services.Draft(
        title=data["title"],
        summary=data["summary"],
        body=data["body"],
        kind=data["kind"],
        audience=data["audience"],
        language=data["language"],
        topics=[t.slug for t in data["topics"]],
        featured=data["featured"],
        publish_at=data["publish_at"],
        expires_at=data["expires_at"],
    )


def _initial(draft: services.Draft) -> dict[str, Any]:
    return {
        "title": draft.title,
        "summary": draft.summary,
        "body": draft.body,
        "kind": draft.kind,
        "audience": draft.audience,
        "language": draft.language,
        "topics": draft.topics,
        "featured": draft.featured,
        "publish_at": draft.publish_at,
        "expires_at": draft.expires_at,
    }


@login_required
def item_list(request: HttpRequest) -> HttpResponse:
    qs = permissions.restrict(
        Item.objects.select_related("unit", "current", "author"), request.user, Action.VIEW
    ).order_by("-updated_at")
    status = request.GET.get("status") or ""
    if status in Item.Status.values:
        qs = qs.filter(status=status)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "publishing/item_list.html",
        {
            "page": page,
            "status": status,
            "statuses": Item.Status.choices,
            "can_write": permissions.units_where(request.user, Action.EDIT_CONTENT).exists(),
        },
    )


def _new_item_initial(request: HttpRequest) -> tuple[dict[str, Any], Item | None, Document | None]:
    """Prefill from ?document= (a registered document) or ?translation_of= (an item)."""
    if request.GET.get("document", "").isdigit():
        doc = get_object_or_404(Document, pk=request.GET["document"])
        initial = _initial(services.draft_from_document(request.user, doc))
        initial["document"] = doc.pk
        return initial, None, doc
    if request.GET.get("translation_of", "").isdigit():
        original = _staff_item(request, int(request.GET["translation_of"]))
        root = original.translation_of or original
        version = root.current
        initial = {
            "unit": root.unit,
            "title": version.title if version else "",
            "summary": version.summary if version else "",
            "body": version.body if version else "",
            "kind": root.kind,
            "audience": root.audience,
            "language": "",
            "topics": [t.slug for t in root.topics.all()],
            "translation_of": root.pk,
        }
        return initial, root, None
    return {}, None, None


@login_required
def item_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    item = _staff_item(request, pk) if pk else None
    if item is not None and not permissions.can(request.user, Action.EDIT_CONTENT, item.unit):
        raise PermissionDeniedError(_("Bạn không có quyền sửa tin của đơn vị này."))
    units = permissions.units_where(request.user, Action.EDIT_CONTENT).order_by("path")
    if item is None and not units.exists():
        raise PermissionDeniedError(_("Bạn không có quyền viết tin."))
    initial: dict[str, Any] = {}
    family: Item | None = None
    source: Document | None = None
    if item is not None and item.current:
        initial = _initial(services.draft_of(item)) | {"version": services.current_number(item)}
        if item.pending_version is not None:  # continuing a correction that awaits approval
            initial["correction_note"] = item.pending_version.correction_note
    elif item is None and request.method == "GET":
        initial, family, source = _new_item_initial(request)
    form = ItemForm(request.POST or None, initial=initial, units=units, editing=item is not None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with shown_as_message(request):
            if item is None:
                if data.get("document"):
                    source = get_object_or_404(Document, pk=data["document"])
                if data.get("translation_of"):
                    family = _staff_item(request, data["translation_of"])
                item = services.create_item(
                    request.user, data["unit"], _draft(data), source=source, translation_of=family
                )
            elif item.status == Item.Status.PUBLISHED:
                services.correct(request.user, item, _draft(data), data["correction_note"],
                                 expected_version=data.get("version"))  # fmt: skip
            else:
                services.edit_item(request.user, item, _draft(data),
                                   expected_version=data.get("version"))  # fmt: skip
            if "submit" in request.POST:
                services.submit_for_review(request.user, item)
            messages.success(request, _("Đã lưu."))
            return redirect("item-detail", pk=item.pk)
    body = form["body"].value() or ""
    return render(
        request,
        "publishing/item_edit.html",
        {
            "form": form,
            "item": item,
            "family": family,
            "source": source,
            # A Markdown body opens in the rich-text editor as the portal shows it.
            "body_html": "" if content.is_html(body) else content.render(body),
        },
    )


@login_required
@require_POST
def item_preview(request: HttpRequest) -> HttpResponse:
    """The body as the portal will show it: the same server-side render and nh3 clean,
    for whoever may write the item (``item``: an item being edited; else a new one)."""
    pk = request.POST.get("item", "")
    if pk.isdigit():
        item = _staff_item(request, int(pk))
        allowed = permissions.can(request.user, Action.EDIT_CONTENT, item.unit)
    else:
        allowed = permissions.units_where(request.user, Action.EDIT_CONTENT).exists()
    if not allowed:
        raise PermissionDeniedError(_("Bạn không có quyền viết tin."))
    return render(
        request,
        "publishing/_preview.html",
        {"body_html": content.render(request.POST.get("body", ""))},
    )


@login_required
def item_detail(request: HttpRequest, pk: int) -> HttpResponse:
    item = _staff_item(request, pk)
    versions = list(item.versions.select_related("created_by", "approved_by"))
    user = request.user
    authors: set[int | None] = {v.created_by_id for v in versions} | {item.author_id}
    if item.pending_version is not None:  # four eyes on the correction's own authors
        authors = set(services.pending_authors(item))
    family = item.translation_of or item
    return render(
        request,
        "publishing/item_detail.html",
        {
            "item": item,
            "versions": versions,
            "can_edit": permissions.can(user, Action.EDIT_CONTENT, item.unit),
            "staff_links": staff_item_links()
            if item.status in (Item.Status.APPROVED, Item.Status.PUBLISHED)
            else [],
            "reviewers": [
                u for u in services.approvers_of(item) if u.pk not in authors
            ] if item.status in (Item.Status.DRAFT, Item.Status.REVIEW) else (
                services.reviewers_of_correction(item) if item.pending_version else []
            ),
            "pending_files": item.images.filter(pending=True).exists()
            or item.attachments.filter(pending=True).exists(),
            "can_approve": permissions.can(user, Action.APPROVE, item.unit),
            "is_author": user.pk in authors,
            "variants": family.translations.all() if family.pk == item.pk else [family],
            "image_form": ImageForm(),
            "attachment_form": AttachmentForm(),
        },
    )


@login_required
def item_diff(request: HttpRequest, pk: int) -> HttpResponse:
    """Two versions side by side as a unified diff (difflib): ``?a=1&b=3``."""
    item = _staff_item(request, pk)
    versions = {v.number: v for v in item.versions.all()}
    numbers = sorted(versions)

    def pick(name: str, default: int) -> int:
        raw = request.GET.get(name, "")
        return int(raw) if raw.isdigit() and int(raw) in versions else default

    b = pick("b", numbers[-1])
    a = pick("a", max([n for n in numbers if n < b], default=b))
    lines = services.diff(versions[a], versions[b]).splitlines()
    return render(
        request,
        "publishing/item_diff.html",
        {
            "item": item,
            "a": versions[a],
            "b": versions[b],
            "numbers": numbers,
            "lines": [(line[:1], line) for line in lines],
        },
    )


@login_required
@require_POST
def item_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    item = _staff_item(request, pk)
    steps = {
        "submit": services.submit_for_review,
        "approve_files": services.approve_files,
        "withdraw": services.withdraw,
        "archive": services.archive,
    }
    with shown_as_message(request, refusal_too=action == "approve"):
        if action == "send_back":
            services.send_back(request.user, item, request.POST.get("reason", ""))
        elif action == "approve":  # what the approver read, not what was saved since
            seen = request.POST.get("version", "")
            expected = int(seen) if seen.isdigit() else None
            services.approve(request.user, item, expected_version=expected)
        elif action in steps:
            steps[action](request.user, item)
        else:
            raise Http404
        item.refresh_from_db()
        messages.success(
            request, _("Đã cập nhật: %(status)s.") % {"status": item.get_status_display()}
        )
    return redirect("item-detail", pk=item.pk)


@login_required
@require_POST
def item_image(request: HttpRequest, pk: int) -> HttpResponse:
    from tincoso.publishing.images import add_image

    item = _staff_item(request, pk)
    form = ImageForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Ảnh cần có tệp ảnh hợp lệ và mô tả."))
    else:
        with shown_as_message(request):
            add_image(
                request.user, item, form.cleaned_data["image"].read(), form.cleaned_data["alt"]
            )
            messages.success(request, _("Đã thêm ảnh."))
    return redirect("item-detail", pk=item.pk)


@login_required
@require_POST
def item_attachment(request: HttpRequest, pk: int) -> HttpResponse:
    from tincoso.publishing.images import MAX_ATTACHMENT_BYTES, add_attachment

    item = _staff_item(request, pk)
    upload = request.FILES.get("attachment")
    if upload is None:
        messages.error(request, _("Hãy chọn tệp."))
    else:
        with shown_as_message(request):
            add_attachment(
                request.user, item, upload.name or "", upload.read(MAX_ATTACHMENT_BYTES + 1)
            )
            messages.success(request, _("Đã đính kèm tệp."))
    return redirect("item-detail", pk=item.pk)
