"""Pages of the incoming registers: each register on screen, printed (A4 landscape in
the official layout, HTML or PDF), as .xlsx; closing a year; the handling report."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from tincoso.core import clock
from tincoso.core.flash import shown_as_message
from tincoso.core.spreadsheet import XLSX
from tincoso.documents.registers import books, closing, numbers
from tincoso.documents.registers.report import handling_report, period
from tincoso.documents.registers.rows import last_number
from tincoso.documents.rules import DocumentError
from tincoso.units import permissions
from tincoso.units.lines import system_of
from tincoso.units.models import Unit
from tincoso.units.permissions import Action

# WeasyPrint lays a register out in time linear in its lines: at fixed column widths
# about 0.03 s a line on this busy 2-core machine (bench registers, side by side:
# 1,000 lines in 33 s, against 118 s when it sized the columns from every cell and
# 300 lines were the limit). Past this a request would hold a worker for minutes,
# while the browser prints the same page to PDF at once.
MAX_PDF_LINES = 1000


def _unit(request: HttpRequest, code: str) -> Unit:
    unit = get_object_or_404(Unit, code=code)
    permissions.require(request.user, Action.VIEW, unit)
    return unit


def _book(
    request: HttpRequest, code: str, year: int, kind: str, *, whole: bool
) -> tuple[books.Book, int]:
    """The register asked for (a span of its numbers, ``numbers.span``) and its last
    number."""
    if kind not in books.TITLES or not 2000 <= year <= 2100:
        raise Http404
    unit = _unit(request, code)
    last = last_number(unit, year)
    return books.book(unit, year, kind, numbers.span(request.GET, last, whole=whole)), last


@login_required
def home(request: HttpRequest) -> HttpResponse:
    units = permissions.units_where(request.user, Action.VIEW).order_by("path")[:200]
    return render(
        request, "documents/registers/home.html", {"units": units, "year": clock.today().year}
    )


@login_required
def book_page(request: HttpRequest, code: str, year: int, kind: str) -> HttpResponse:
    b, last = _book(request, code, year, kind, whole=False)
    can_close = (
        kind == "den"
        and b.closure is None
        and year <= clock.today().year
        and permissions.can(request.user, Action.REGISTER_DOCUMENTS, b.unit)
    )
    return render(
        request,
        "documents/registers/book.html",
        {"book": b, "can_close": can_close, "pages": numbers.pages(last)},
    )


@login_required
def print_page(request: HttpRequest, code: str, year: int, kind: str) -> HttpResponse:
    """The register as printed: A4 landscape under the unit's official header; with
    ``?pdf=1`` the same page drawn to PDF by WeasyPrint; the whole year, or the số
    đến from ``?from=`` to ``?to=``."""
    b, _last = _book(request, code, year, kind, whole=True)
    parent = Unit.objects.get_parent(b.unit)
    html = render_to_string(
        "documents/registers/print.html",
        {"book": b, "system": system_of(b.unit), "parent": parent, "today": clock.today()},
        request=request,
    )
    if request.GET.get("pdf") != "1":
        return HttpResponse(html)
    if len(b.rows) > MAX_PDF_LINES:
        raise DocumentError(
            gettext_lazy("Sổ có %(n)s dòng, quá dài để tạo PDF trên máy chủ: hãy mở bản in và chọn "
              "“In” → “Lưu thành PDF” của trình duyệt."), n=len(b.rows),
        )  # fmt: skip
    from weasyprint import HTML

    response = HttpResponse(bytes(HTML(string=html).write_pdf()), content_type="application/pdf")
    name = f"{kind}-{b.unit.code}-{year}.pdf"
    response["Content-Disposition"] = content_disposition_header(True, name)
    return response


@login_required
def xlsx(request: HttpRequest, code: str, year: int, kind: str) -> HttpResponse:
    b, _last = _book(request, code, year, kind, whole=True)
    response = HttpResponse(books.book_xlsx(b), content_type=XLSX)
    name = f"{kind}-{b.unit.code}-{year}.xlsx"
    response["Content-Disposition"] = content_disposition_header(True, name)
    return response


@login_required
@require_POST
def close(request: HttpRequest, code: str, year: int) -> HttpResponse:
    unit = _unit(request, code)
    with shown_as_message(request):
        made = closing.close_register(request.user, unit, year)
        messages.success(request, _("Đã khóa sổ năm %(year)s: %(n)s văn bản.") % {
            "year": year, "n": made.count})  # fmt: skip
    return redirect("register-book", code=unit.code, year=year, kind="den")


@login_required
def report(request: HttpRequest, code: str) -> HttpResponse:
    """Báo cáo tình hình giải quyết văn bản đến for ``?from=`` to ``?to=`` (ISO dates;
    this year so far by default); ``?format=xlsx`` for the spreadsheet."""
    unit = _unit(request, code)
    start, end = period(request.GET)
    figures = handling_report(unit, start, end)
    if request.GET.get("format") == "xlsx":
        title = _("Báo cáo tình hình giải quyết văn bản đến")
        span = f"{start:%d/%m/%Y} - {end:%d/%m/%Y}"
        data = books.table_xlsx(
            [unit.name, f"{title} {span}"], [_("Chỉ tiêu"), _("Số văn bản")], figures.rows()
        )
        response = HttpResponse(data, content_type=XLSX)
        name = f"bao-cao-van-ban-den-{unit.code}.xlsx"
        response["Content-Disposition"] = content_disposition_header(True, name)
        return response
    return render(request, "documents/registers/report.html", {"report": figures})
