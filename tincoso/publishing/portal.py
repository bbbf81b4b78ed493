"""The portal: the public side of the internal information page.

Home, topic and unit pages, item pages (print view, language variants, related
items, attachments), search, files, sitemap and robots.txt. Anonymous pages go
through ``caching.portal_page``; members-only items ask for a log-in.
"""

from __future__ import annotations

import mimetypes
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from tincoso import search
from tincoso.core import language as languages
from tincoso.core.forms import DateRangeForm
from tincoso.core.registry import item_links, portal_links
from tincoso.publishing import services
from tincoso.publishing.caching import portal_page
from tincoso.publishing.models import Item, ItemAttachment, ItemImage, Topic
from tincoso.units import permissions
from tincoso.units.models import Unit
from tincoso.units.permissions import Action

PAGE = 20


@portal_page
def home(request: HttpRequest) -> HttpResponse:
    visible = services.items_visible_to(request.user)
    # Units that have something on the portal, for the "by unit" list.
    unit_ids = visible.order_by().values("unit_id").distinct()
    featured = list(visible.filter(featured=True)[:3])
    return render(
        request,
        "publishing/portal_home.html",
        {
            "featured": featured,
            # What is featured is not shown a second time among the latest.
            "latest": visible.filter(translation_of=None).exclude(
                pk__in=[item.pk for item in featured]
            )[:PAGE],
            "portal_links": portal_links(),
            "topics": Topic.objects.all(),
            "units": Unit.objects.filter(pk__in=unit_ids).order_by("path"),
            "banner_home": True,
        },
    )


def _readable(request: HttpRequest, pk: int) -> Item | HttpResponse:
    item = get_object_or_404(
        Item.objects.select_related("unit", "published_version", "source_document"), pk=pk
    )
    if not item.is_live:
        raise Http404
    if not services.can_read(request.user, item):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        raise Http404
    return item


@portal_page
def item_page(request: HttpRequest, pk: int) -> HttpResponse:
    item = _readable(request, pk)
    if isinstance(item, HttpResponse):
        return item
    visible = services.items_visible_to(request.user)
    version = item.published_version
    assert version is not None  # is_live
    related = (
        visible.filter(topics__in=item.topics.all())
        .exclude(pk=item.pk)
        .exclude(translation_of=item)
        .distinct()[:5]
    )
    corrections = item.versions.exclude(correction_note="").filter(number__lte=version.number)
    family = item.translation_of or item
    variants = visible.filter(
        pk__in=[family.pk, *family.translations.values_list("pk", flat=True)]
    ).exclude(pk=item.pk)
    return render(
        request,
        "publishing/portal_item.html",
        {
            "item": item,
            "version": version,
            "topics": item.topics.all(),
            "images": item.images.filter(pending=False),
            "attachments": item.attachments.filter(pending=False),
            "related": related,
            "corrections": corrections,
            "variants": variants,
            "item_links": item_links(),
            "banner_unit": item.unit,
            "print": request.GET.get("print") == "1",
        },
    )


def _listing(
    request: HttpRequest, items: Any, heading: str, feed: str, **extra: Any
) -> HttpResponse:
    return render(
        request,
        "publishing/portal_list.html",
        {
            "heading": heading,
            "page": Paginator(items, PAGE).get_page(request.GET.get("page")),
            "feed": feed,
            **extra,
        },
    )


@portal_page
def topic_page(request: HttpRequest, slug: str) -> HttpResponse:
    topic = get_object_or_404(Topic, slug=slug)
    items = services.items_visible_to(request.user).filter(topics=topic)
    return _listing(request, items, topic.name, f"/feeds/topic/{topic.slug}/rss/")


@portal_page
def unit_page(request: HttpRequest, code: str) -> HttpResponse:
    """A unit's page: its items and those of every unit below it."""
    unit = get_object_or_404(Unit, code=code, active=True)
    items = services.items_visible_to(request.user).filter(unit__path__startswith=unit.path)
    children = Unit.objects.get_children(unit).filter(active=True)
    return _listing(
        request, items, unit.name, f"/feeds/unit/{unit.code}/rss/", unit=unit,
        children=children, banner_unit=unit,
    )


def search_page(request: HttpRequest) -> HttpResponse:
    """``/search?q=...``: not cached (every query differs); visibility per reader."""
    query = (request.GET.get("q") or "").strip()[:200]
    unit = Unit.objects.filter(code=request.GET.get("unit") or "").first()
    dates = DateRangeForm(request.GET)
    since, until = dates.dates()
    raw_page = request.GET.get("page") or "1"
    page_number = max(1, min(int(raw_page), 50)) if raw_page.isdigit() else 1
    results = search.search(
        query,
        request.user,
        unit=unit,
        type=request.GET.get("type") or "",
        topic=request.GET.get("topic") or "",
        kind=kind if (kind := request.GET.get("kind") or "") in ("item", "document") else "",
        since=since,
        until=until,
        limit=PAGE,
        offset=(page_number - 1) * PAGE,
    )
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request,
        "publishing/portal_search.html",
        {
            "query": query,
            "dates": dates,
            "results": results,
            "topics": Topic.objects.all(),
            "kinds": Item.Kind.choices,
            "units": Unit.objects.filter(active=True).order_by("path")[:500],
            "unit": unit,
            "page_number": page_number,
            "first": (page_number - 1) * PAGE + 1,
            "has_previous": page_number > 1,
            "has_next": results.total > page_number * PAGE,
            "params": params.urlencode(),
        },
    )


def _file_access(request: HttpRequest, item: Item, pending: bool) -> tuple[bool, bool]:
    """(may read, may be cached publicly) for a file of ``item``; a file awaiting
    approval is for the unit's staff only, like a draft's."""
    if not pending and item.is_live and services.can_read(request.user, item):
        return True, item.audience == Item.Audience.PUBLIC
    return permissions.can(request.user, Action.VIEW, item.unit), False


def _send(
    request: HttpRequest, record: ItemImage | ItemAttachment, field: Any, filename: str,
    download: bool,
) -> Any:
    item = record.item
    allowed, public = _file_access(request, item, record.pending)
    if not allowed:
        if not request.user.is_authenticated and item.is_live and not record.pending:
            return redirect_to_login(request.get_full_path())
        raise Http404
    content_type = mimetypes.guess_type(filename)[0] or "application/octet-stream"
    response = FileResponse(
        field.open("rb"), as_attachment=download, filename=filename, content_type=content_type
    )
    response["Cache-Control"] = "public, max-age=86400" if public else "private, no-cache"
    return response


@require_GET
def image_file(request: HttpRequest, pk: int, image_id: int) -> Any:
    """An item's image; ``?size=small`` gives the rendition for phones."""
    image = get_object_or_404(
        ItemImage.objects.select_related("item__unit"), pk=image_id, item_id=pk
    )
    field = image.small if request.GET.get("size") == "small" and image.small else image.file
    return _send(request, image, field, f"anh-{image.pk}.jpg", download=False)


@require_GET
def attachment_file(request: HttpRequest, pk: int, attachment_id: int) -> Any:
    attachment = get_object_or_404(
        ItemAttachment.objects.select_related("item__unit"), pk=attachment_id, item_id=pk
    )
    return _send(request, attachment, attachment.file, attachment.name, download=True)


@require_GET
def language(request: HttpRequest, code: str) -> HttpResponse:
    """The portal's language switch for anonymous readers: a plain link, so cached
    pages carry no CSRF token (logged-in users use the account's setting)."""
    response = languages.back_to(request, request.GET.get("next"))
    if languages.known(code):
        languages.remember(response, code)
    response["Cache-Control"] = "private, no-store"
    return response


def robots(request: HttpRequest) -> HttpResponse:
    body = (
        "User-agent: *\nDisallow: /app/\nDisallow: /admin/\nDisallow: /api/\n"
        "Disallow: /accounts/\nDisallow: /search\n"
        f"Sitemap: {request.build_absolute_uri('/sitemap.xml')}\n"
    )
    return HttpResponse(body, content_type="text/plain; charset=utf-8")


@portal_page
def sitemap(request: HttpRequest) -> HttpResponse:
    items = services.items_visible_to(None).filter(audience=Item.Audience.PUBLIC)[:5000]
    return render(
        request,
        "publishing/sitemap.xml",
        {
            "items": items,
            "topics": Topic.objects.all(),
            "units": Unit.objects.filter(active=True, items__isnull=False).distinct(),
            "base": request.build_absolute_uri("/")[:-1],
        },
        content_type="application/xml; charset=utf-8",
    )
