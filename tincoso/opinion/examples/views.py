"""Staff pages for good examples: submit (units), read, select or decline (boards)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tincoso.core.errors import DomainError, PermissionDeniedError
from tincoso.core.images import MAX_IMAGE_BYTES, ImageError
from tincoso.opinion.examples import services
from tincoso.opinion.examples.forms import ExampleForm
from tincoso.opinion.examples.models import GoodExample
from tincoso.units import permissions
from tincoso.units.permissions import Action


@login_required
def example_list(request: HttpRequest) -> HttpResponse:
    qs = services.visible_to(request.user).select_related("unit", "item")
    page = Paginator(qs.order_by("-submitted_at", "-pk"), 50).get_page(request.GET.get("page"))
    return render(request, "opinion/examples.html", {
        "page": page, "series": services.SERIES_SLUG,
        "can_submit": permissions.units_where(request.user, Action.LOG_ACTIVITY).exists()})


def _uploaded(request: HttpRequest) -> list[bytes]:
    files = request.FILES.getlist("photos")
    for f in files:  # refuse a huge file before reading it into memory
        if (f.size or 0) > MAX_IMAGE_BYTES:
            raise ImageError(_("Ảnh quá lớn (tối đa %(mb)s MB)."),
                             mb=MAX_IMAGE_BYTES // (1024 * 1024))
    return [f.read() for f in files]


@login_required
def example_new(request: HttpRequest) -> HttpResponse:
    units = permissions.units_where(request.user, Action.LOG_ACTIVITY).filter(
        active=True).order_by("path")
    if not units.exists():
        raise PermissionDeniedError(_("Bạn không gửi được điển hình cho đơn vị nào."))
    form = ExampleForm(request.POST or None, units=units)
    error: DomainError | None = None
    if request.method == "POST":
        if form.is_valid():
            try:
                example = services.submit(request.user, form.cleaned_data["unit"],
                                          form.to_data(), _uploaded(request))
            except DomainError as exc:
                error = exc
            else:
                messages.success(request, _("Đã gửi điển hình cho Ban Tuyên giáo."))
                return redirect("opinion-example", pk=example.pk)
        else:
            error = services.ExampleError(
                _("Hãy ghi đủ: tên, ở đâu, đã làm gì và kết quả."))
    return render(request, "opinion/example_form.html", {
        "form": form, "error": error, "max_photos": services.MAX_PHOTOS},
        status=400 if error else 200)


def _example_for(request: HttpRequest, pk: int) -> GoodExample:
    example = get_object_or_404(GoodExample.objects.select_related("unit", "item"), pk=pk)
    if not services.can_read(request.user, example):
        raise PermissionDeniedError(_("Bạn không xem được điển hình này."))
    return example


@login_required
def example_detail(request: HttpRequest, pk: int) -> HttpResponse:
    example = _example_for(request, pk)
    return render(request, "opinion/example_detail.html", {
        "example": example, "photos": list(example.photos.all()),
        "board": services.board_for(request.user, example)
        if example.status == GoodExample.Status.SUBMITTED else None})


@login_required
def example_photo(request: HttpRequest, pk: int, photo_id: int) -> FileResponse:
    example = _example_for(request, pk)
    photo = example.photos.filter(pk=photo_id).first()
    if photo is None:
        raise Http404
    return FileResponse(photo.file.open("rb"), content_type="image/jpeg")


@login_required
@require_POST
def example_decide(request: HttpRequest, pk: int) -> HttpResponse:
    example = _example_for(request, pk)
    if request.POST.get("decision") == "select":
        item = services.select(request.user, example)
        messages.success(request, _("Đã tạo bản nháp bài viết: gửi duyệt để đăng lên cổng."))
        return redirect("item-detail", pk=item.pk)
    services.decline(request.user, example, request.POST.get("reason", ""))
    messages.success(request, _("Đã ghi: chưa chọn đăng."))
    return redirect("opinion-example", pk=example.pk)
