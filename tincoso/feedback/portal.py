"""The portal's feedback pages (public, no account; the staff pages are ``views``):
send feedback (from the portal, an item, a QR code), track it with its code, read the
published Q&A and the corrections register."""

from __future__ import annotations

import io
from typing import Any
from urllib.parse import urlencode

import segno
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from tincoso.core.errors import DomainError, NotFoundError
from tincoso.core.tracking import track_page
from tincoso.feedback import corrections, limits, services
from tincoso.feedback.forms import SubmitForm
from tincoso.feedback.models import Category, Feedback, Status
from tincoso.units.models import Unit, UnitKind

PAGE_SIZE = 20


def _places() -> QuerySet[Unit]:
    """Where people live: communes and wards, and the villages and residential groups
    in them; never party bodies, departments or agencies."""
    return Unit.objects.filter(
        active=True, kind__in=(UnitKind.COMMUNE, UnitKind.VILLAGE)).order_by("path")


PlaceGroup = tuple[str, list[tuple[str, str]]]


def place_groups(places: QuerySet[Unit]) -> list[PlaceGroup]:
    """The chooser's options: one group per commune, the commune itself first and its
    villages under it; a village outside any commune stands alone (group label "")."""
    groups: list[PlaceGroup] = []
    commune_path = None
    for unit in places.only("pk", "name", "kind", "path"):
        if unit.kind == UnitKind.COMMUNE:
            commune_path = unit.path
            groups.append((unit.name, [(str(unit.pk), unit.name)]))
        elif commune_path is not None and unit.path.startswith(commune_path):
            groups[-1][1].append((str(unit.pk), unit.name))
        else:
            groups.append(("", [(str(unit.pk), unit.name)]))
    return groups


def item_context(item_id: int | None) -> dict[str, Any]:
    """The live, public portal item a question is about: its title, unit and page."""
    item = services.public_item(item_id)
    if item is None or item.published_version is None:
        return {}
    return {"title": item.published_version.title, "unit": item.unit,
            "url": reverse("portal-item", args=[item.pk])}


def submit(request: HttpRequest) -> HttpResponse:
    """The feedback form; ``?unit=CODE&item=ID`` preset the place and the item (QR codes)."""
    places = _places()
    item_id = _int(request.GET.get("item") or request.POST.get("item"))
    item = item_context(item_id)
    initial: dict[str, Any] = {"item": item_id}
    preset = places.filter(code=(request.GET.get("unit") or "").strip()[:64]).first() \
        or item.get("unit")
    if preset is not None:
        initial["place"] = preset
    form = SubmitForm(request.POST or None, request.FILES or None, places=places,
                      initial=initial)
    error = None
    if request.method == "POST":
        try:
            limits.check_honeypot(request.POST)
            limits.check_rate(request)
            if form.is_valid():
                c = form.cleaned_data
                photo = c.get("photo")
                feedback = services.submit_feedback(
                    c["place"], c["category"], c["text"],
                    photo=photo.read(8 * 1024 * 1024 + 1) if photo else None,
                    item_id=c.get("item"), contact_name=c.get("contact_name") or "",
                    contact_phone=c.get("contact_phone") or "",
                    contact_email=c.get("contact_email") or "",
                    leave_contact=bool(c.get("leave_contact")))
                return redirect("feedback-thanks", code=feedback.tracking_code)
        except DomainError as exc:
            error = exc
    status = 200
    if error is not None:
        status = error.status
    elif request.method == "POST":
        status = 400
    place_value = str(form["place"].value() or "")
    return render(request, "feedback/public_form.html", {
        "form": form, "error": error, "item": item, "preset": preset,
        "place_groups": place_groups(places),
        "place_value": place_value,
        "category_choices": Category.choices,
        "category_value": str(form["category"].value() or ""),
    }, status=status)


def _int(value: Any) -> int | None:
    try:
        number = int(str(value))
    except (TypeError, ValueError):
        return None
    return number if 0 < number < 2**31 else None


def thanks(request: HttpRequest, code: str) -> HttpResponse:
    feedback = services.find_by_code(code)
    return render(request, "feedback/public_thanks.html", {"feedback": feedback})


def track(request: HttpRequest) -> HttpResponse:
    """Read the state of one's own feedback with its tracking code."""
    return track_page(request, services.find_by_code, "feedback/public_track.html", "feedback")


def ask_about_item(request: HttpRequest, item_id: int) -> HttpResponse:
    """The link a portal item's page carries: the form, about that item."""
    query = {"item": item_id}
    unit = item_context(item_id).get("unit")
    if unit is not None:
        query["unit"] = unit.code
    return redirect(reverse("feedback-submit") + "?" + urlencode(query))


@require_GET
@cache_control(public=True, max_age=86400)
def qr_svg(request: HttpRequest) -> HttpResponse:
    """A QR code (SVG) of the form's address for a bulletin board: ``?unit=CODE&item=ID``."""
    query: dict[str, Any] = {}
    code = (request.GET.get("unit") or "").strip()
    if code:
        if not Unit.objects.filter(code=code, active=True).exists():
            raise NotFoundError(_("Không tìm thấy đơn vị."))
        query["unit"] = code
    item_id = _int(request.GET.get("item"))
    if item_id:
        query["item"] = item_id
    url = request.build_absolute_uri(reverse("feedback-submit"))
    if query:
        url += "?" + urlencode(query)
    out = io.BytesIO()
    segno.make(url, error="m").save(out, kind="svg", scale=8, border=2, xmldecl=True,
                                    title=url)
    return HttpResponse(out.getvalue(), content_type="image/svg+xml")


def qa_list(request: HttpRequest) -> HttpResponse:
    qs = services.published_qa()
    unit_code = (request.GET.get("unit") or "").strip()
    unit = Unit.objects.filter(code=unit_code).first() if unit_code else None
    if unit is not None:
        qs = qs.filter(unit__path__startswith=unit.path)
    page = Paginator(qs.order_by("-published_at", "-id"), PAGE_SIZE).get_page(
        request.GET.get("page"))
    return render(request, "feedback/public_qa_list.html", {"page": page, "unit": unit})


def qa_detail(request: HttpRequest, pk: int) -> HttpResponse:
    feedback = get_object_or_404(Feedback.objects.select_related("unit"), pk=pk,
                                 status=Status.PUBLISHED)
    return render(request, "feedback/public_qa_detail.html", {"qa": feedback})


def corrections_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(corrections.published().order_by("-first_published_at", "-id"),
                     PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "feedback/public_corrections.html", {"page": page})


def correction_detail(request: HttpRequest, pk: int) -> HttpResponse:
    correction = get_object_or_404(corrections.published(), pk=pk)
    data = corrections.claim_review(correction, base_url=request.build_absolute_uri("/"))
    return render(request, "feedback/public_correction.html", {
        "correction": correction, "version": correction.published_version,
        "history": corrections.history(correction), "json_ld": corrections.json_ld_script(data),
    })
