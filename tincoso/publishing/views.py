"""Staff pages for items (write, review, approve, correct) and the public portal."""

from __future__ import annotations

import datetime as dt
import hashlib
import time
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.cache import cache
from django.core.paginator import Paginator
from django.db.models import Max
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotModified
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import http_date, parse_http_date_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tincoso.core.errors import DomainError
from tincoso.core.registry import item_links
from tincoso.documents.models import Document
from tincoso.publishing import search, services
from tincoso.publishing.forms import AttachmentForm, ImageForm, ItemForm
from tincoso.publishing.models import Item, Topic
from tincoso.units import permissions
from tincoso.units.models import Unit
from tincoso.units.permissions import Action

# --- staff ------------------------------------------------------------------------------


def _staff_item(request: HttpRequest, pk: int) -> Item:
    item = get_object_or_404(Item.objects.select_related("unit", "current"), pk=pk)
    permissions.require(request.user, Action.VIEW, item.unit)
    return item


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


@login_required
def item_list(request: HttpRequest) -> HttpResponse:
    qs = permissions.restrict(
        Item.objects.select_related("unit", "current"), request.user, Action.VIEW
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


@login_required
def item_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    item = _staff_item(request, pk) if pk else None
    units = permissions.units_where(request.user, Action.EDIT_CONTENT).order_by("path")
    initial: dict[str, Any] = {}
    if item and item.current:
        v = item.current
        initial = {
            "unit": item.unit,
            "title": v.title,
            "summary": v.summary,
            "body": v.body,
            "kind": item.kind,
            "audience": item.audience,
            "language": item.language,
            "topics": item.topics.all(),
            "featured": item.featured,
            "publish_at": item.publish_at,
            "expires_at": item.expires_at,
        }
    elif request.GET.get("document"):
        doc = get_object_or_404(Document, pk=request.GET["document"])
        unit = units.first()
        if unit is None:
            raise permissions.PermissionDeniedError(_("Bạn không có quyền viết tin."))
        item = services.draft_from_document(request.user, unit, doc)
        return redirect("item-edit", pk=item.pk)
    form = ItemForm(request.POST or None, initial=initial, units=units)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if item is None:
                item = services.create_item(request.user, data["unit"], _draft(data))
            elif item.status == Item.Status.PUBLISHED:
                services.correct(request.user, item, _draft(data), data["correction_note"])
            else:
                services.edit_item(request.user, item, _draft(data))
            if "submit" in request.POST:
                services.submit_for_review(request.user, item)
            messages.success(request, _("Đã lưu."))
            return redirect("item-detail", pk=item.pk)
        except DomainError as exc:
            if exc.status == 403:
                raise
            messages.error(request, str(exc))
    return render(request, "publishing/item_edit.html", {"form": form, "item": item})


@login_required
def item_detail(request: HttpRequest, pk: int) -> HttpResponse:
    item = _staff_item(request, pk)
    versions = list(item.versions.all())
    diff = services.diff(versions[-2], versions[-1]) if len(versions) > 1 else ""
    user = request.user
    return render(
        request,
        "publishing/item_detail.html",
        {
            "item": item,
            "versions": versions,
            "diff": diff,
            "can_edit": permissions.can(user, Action.EDIT_CONTENT, item.unit),
            "can_approve": permissions.can(user, Action.APPROVE, item.unit),
            "image_form": ImageForm(),
            "attachment_form": AttachmentForm(),
        },
    )


@login_required
@require_POST
def item_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    item = _staff_item(request, pk)
    steps = {
        "submit": services.submit_for_review,
        "approve": services.approve,
        "send_back": services.send_back,
        "withdraw": services.withdraw,
        "archive": services.archive,
    }
    if action not in steps:
        raise Http404
    try:
        steps[action](request.user, item)
        messages.success(
            request,
            _("Đã cập nhật: %(status)s.")
            % {"status": Item.objects.get(pk=item.pk).get_status_display()},
        )
    except DomainError as exc:
        if exc.status == 403 and action != "approve":
            raise
        messages.error(request, str(exc))
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
        try:
            add_image(
                request.user, item, form.cleaned_data["image"].read(), form.cleaned_data["alt"]
            )
            messages.success(request, _("Đã thêm ảnh."))
        except DomainError as exc:
            messages.error(request, str(exc))
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
        try:
            add_attachment(
                request.user, item, upload.name or "", upload.read(MAX_ATTACHMENT_BYTES + 1)
            )
            messages.success(request, _("Đã đính kèm tệp."))
        except DomainError as exc:
            if exc.status == 403:
                raise
            messages.error(request, str(exc))
    return redirect("item-detail", pk=item.pk)


# --- portal -------------------------------------------------------------------------------


def portal_page(view: Any) -> Any:
    """Anonymous portal pages: from the cache while nothing changed, with ETag and
    Last-Modified, and 304 for a conditional GET; answered before the view's own
    queries run.

    The key holds the time of the portal's last change (publish, correct,
    withdraw all move it), so publishing invalidates at once; it also holds the
    current minute, so items that expire leave within a minute. Anonymous
    readers all see the same thing, so one cached copy serves them all.
    """

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response: HttpResponse
        stamp = None if request.user.is_authenticated else _stamp()
        if stamp is None:
            response = view(request, *args, **kwargs)
            response["Cache-Control"] = "private, no-cache"
            return response
        raw = f"{request.get_full_path()}|{stamp.isoformat()}|{request.LANGUAGE_CODE}"
        etag = '"' + hashlib.sha256(raw.encode()).hexdigest()[:32] + '"'
        since = parse_http_date_safe(request.headers.get("If-Modified-Since", ""))
        key = f"portal:{etag}:{int(time.time() // 60)}"
        if request.headers.get("If-None-Match") == etag or (
            since is not None
            and not request.headers.get("If-None-Match")
            and int(stamp.timestamp()) <= since
        ):
            response = HttpResponseNotModified()
        elif (cached := cache.get(key)) is not None:
            response = HttpResponse(cached, content_type="text/html; charset=utf-8")
        else:
            response = view(request, *args, **kwargs)
            if response.status_code != 200:
                return response
            cache.set(key, response.content, 120)
        response["ETag"] = etag
        response["Last-Modified"] = http_date(stamp.timestamp())
        response["Cache-Control"] = "public, max-age=60"
        return response

    return wrapper


def _stamp() -> dt.datetime | None:
    """When anything on the portal last changed (publish, correct, withdraw)."""
    return Item.objects.aggregate(last=Max("updated_at"))["last"]


@portal_page
def portal_home(request: HttpRequest) -> HttpResponse:
    def page() -> HttpResponse:
        visible = services.items_visible_to(request.user).prefetch_related("topics")
        return render(
            request,
            "publishing/portal_home.html",
            {
                "featured": visible.filter(featured=True)[:3],
                "latest": visible[:20],
                "topics": Topic.objects.all(),
            },
        )

    return page()


@portal_page
def portal_item(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(Item.objects.select_related("unit", "published_version"), pk=pk)
    if not item.is_live:
        raise Http404
    if not services.can_read(request.user, item):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        raise Http404

    def page() -> HttpResponse:
        visible = services.items_visible_to(request.user)
        related = visible.filter(topics__in=item.topics.all()).exclude(pk=item.pk).distinct()[:5]
        corrections = item.versions.exclude(correction_note="").filter(
            number__lte=item.published_version.number if item.published_version else 0
        )
        family = item.translation_of or item
        variants = visible.filter(
            pk__in=[family.pk, *family.translations.values_list("pk", flat=True)]
        ).exclude(pk=item.pk)
        return render(
            request,
            "publishing/portal_item.html",
            {
                "item": item,
                "version": item.published_version,
                "related": related,
                "corrections": corrections,
                "variants": variants,
                "item_links": item_links(),
                "print": request.GET.get("print") == "1",
            },
        )

    return page()


@portal_page
def portal_topic(request: HttpRequest, slug: str) -> HttpResponse:
    topic = get_object_or_404(Topic, slug=slug)

    def page() -> HttpResponse:
        items = services.items_visible_to(request.user).filter(topics=topic)
        return render(
            request,
            "publishing/portal_list.html",
            {
                "heading": topic.name,
                "page": Paginator(items, 20).get_page(request.GET.get("page")),
                "feed": f"/feeds/topic/{topic.slug}/rss/",
            },
        )

    return page()


@portal_page
def portal_unit(request: HttpRequest, code: str) -> HttpResponse:
    """A unit's page: its items and those of every unit below it."""
    unit = get_object_or_404(Unit, code=code)

    def page() -> HttpResponse:
        items = services.items_visible_to(request.user).filter(unit__path__startswith=unit.path)
        return render(
            request,
            "publishing/portal_list.html",
            {
                "heading": unit.name,
                "page": Paginator(items, 20).get_page(request.GET.get("page")),
                "feed": f"/feeds/unit/{unit.code}/rss/",
            },
        )

    return page()


def portal_search(request: HttpRequest) -> HttpResponse:
    query = (request.GET.get("q") or "").strip()[:200]
    unit = Unit.objects.filter(code=request.GET.get("unit") or "").first()

    def date(name: str) -> dt.date | None:
        try:
            return dt.date.fromisoformat(request.GET.get(name) or "")
        except ValueError:
            return None

    page_number = (
        max(1, int(request.GET.get("page") or 1))
        if (request.GET.get("page") or "1").isdigit()
        else 1
    )
    results = search.search(
        query,
        request.user,
        unit=unit,
        type=request.GET.get("type") or "",
        topic=request.GET.get("topic") or "",
        since=date("from"),
        until=date("to"),
        limit=20,
        offset=(page_number - 1) * 20,
    )
    return render(
        request,
        "publishing/portal_search.html",
        {
            "query": query,
            "results": results,
            "topics": Topic.objects.all(),
            "kinds": Item.Kind.choices,
            "page_number": page_number,
            "has_next": results.total > page_number * 20,
        },
    )


def robots(request: HttpRequest) -> HttpResponse:
    body = (
        f"User-agent: *\nDisallow: /app/\nDisallow: /admin/\nDisallow: /api/\n"
        f"Sitemap: {request.build_absolute_uri('/sitemap.xml')}\n"
    )
    return HttpResponse(body, content_type="text/plain; charset=utf-8")


def sitemap(request: HttpRequest) -> HttpResponse:
    items = services.items_visible_to(None).filter(audience=Item.Audience.PUBLIC)[:5000]
    return render(
        request,
        "publishing/sitemap.xml",
        {"items": items, "base": request.build_absolute_uri("/")[:-1]},
        content_type="application/xml",
    )
