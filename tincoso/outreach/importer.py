"""Bulk entry of activities from a spreadsheet (XLSX, openpyxl), all or nothing.

``template_workbook`` gives the file to fill in: one header row on the sheet
"Hoạt động", the lists of forms and of the person's units on their own sheets,
and a drop-down on the form column. ``import_activities`` reads it back in
streaming mode, checks every row (unit, form, dates, reporters, documents,
audience figures) and reports every bad row with its row number; only a clean
file is saved, in one transaction, with bulk inserts.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext, override
from django.utils.translation import gettext_lazy as _
from openpyxl import Workbook, load_workbook  # type: ignore[import-untyped]
from openpyxl.comments import Comment  # type: ignore[import-untyped]
from openpyxl.styles import Font, PatternFill  # type: ignore[import-untyped]
from openpyxl.worksheet.datavalidation import DataValidation  # type: ignore[import-untyped]

from tincoso.core import archives, clock
from tincoso.core.errors import DomainError
from tincoso.core.spreadsheet import safe_row
from tincoso.core.text import clean_line, fold, nfc
from tincoso.documents.models import Document
from tincoso.outreach.models import Activity, ActivityImport, Form, Reporter
from tincoso.outreach.services import (
    ActivityData,
    check_activity,
    reporters_available_to,
)
from tincoso.units import permissions
from tincoso.units.models import Unit
from tincoso.units.permissions import Action

MAX_FILE_BYTES = 15 * 1024 * 1024
MAX_ROWS = 20_000
# openpyxl reads rows as a stream (read_only) but loads the shared strings whole:
# 20,000 rows of activities fit in a few MiB of XML, so anything far beyond is
# refused before parsing (a 510 KB file of eight million shared strings took 71 s
# and 1.8 GB).
WORKBOOK_LIMITS = archives.ZipLimits(max_part=24 * archives.MIB, max_xml=48 * archives.MIB,
                                     max_total=64 * archives.MIB)
MAX_REPORTED_ERRORS = 1000
SHEET = "Hoạt động"


class ImportFileError(DomainError):
    code = "invalid_spreadsheet"


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    required: bool
    hint: str


COLUMNS = [
    Column("date", "Ngày", True, "dd/mm/yyyy"),
    Column("start", "Giờ bắt đầu", True, "HH:MM"),
    Column("end", "Giờ kết thúc", False, "HH:MM"),
    Column("unit", "Mã đơn vị", True, "xem trang Đơn vị"),
    Column("form", "Hình thức", True, "chọn trong danh sách"),
    Column("topic", "Chủ đề", True, ""),
    Column("place", "Địa điểm", False, ""),
    Column("reporters", "Báo cáo viên", False, "họ tên, cách nhau bằng dấu ;"),
    Column("documents", "Văn bản triển khai", False, "số, ký hiệu, cách nhau bằng dấu ;"),
    Column("total", "Tổng số người dự", False, "số"),
    Column("members", "Đảng viên", False, "số"),
    Column("civil_servants", "Cán bộ, công chức, viên chức", False, "số"),
    Column("citizens", "Nhân dân", False, "số"),
    Column("ethnic", "Đồng bào dân tộc thiểu số", False, "số, trong tổng số"),
    Column("minutes", "Biên bản, ghi chú", False, ""),
    Column("items", "Tin bài (mã số)", False, "mã số tin bài trên cổng, cách nhau bằng dấu ;"),
]
_BY_HEADER = {fold(c.label): c for c in COLUMNS}
_FIELD_COLUMN = {
    "form": "form", "topic": "topic", "place": "place", "minutes": "minutes",
    "starts_at": "start", "ends_at": "end", "audience_total": "total",
    "audience_members": "members", "audience_civil_servants": "civil_servants",
    "audience_citizens": "citizens", "audience_ethnic_minority": "ethnic",
}
_LABELS = {c.key: c.label for c in COLUMNS}


@dataclass
class RowError:
    row: int
    column: str
    message: str


@dataclass
class ImportResult:
    rows: int = 0
    created: int = 0
    errors: list[RowError] = field(default_factory=list)
    error_count: int = 0
    batch: ActivityImport | None = None

    @property
    def ok(self) -> bool:
        return self.error_count == 0


def _forms_by_name() -> dict[str, str]:
    """Form names in every UI language: a sheet filled in Vietnamese imports the same
    whichever language the person reads the site in."""
    names: dict[str, str] = {}
    for value, label in Form.choices:
        names[fold(value)] = value
        for language, _name in settings.LANGUAGES:
            with override(language):
                names[fold(str(label))] = value
    return names


# --- template -----------------------------------------------------------------------


def template_workbook(user: Any) -> bytes:
    """The spreadsheet to fill in, listing the forms and the units ``user`` may log for."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = SHEET
    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="DDEBF7")
    for index, column in enumerate(COLUMNS, start=1):
        cell = sheet.cell(row=1, column=index, value=column.label + (" *" if column.required
                                                                     else ""))
        cell.font = bold
        cell.fill = fill
        if column.hint:
            cell.comment = Comment(column.hint, "Tin Cơ Sở")
        sheet.column_dimensions[cell.column_letter].width = max(14, len(column.label) + 4)
    sheet.freeze_panes = "A2"
    forms = book.create_sheet("Hình thức")
    forms.append(["Mã", "Hình thức"])
    for value, label in Form.choices:
        forms.append([value, str(label)])
    form_col = next(i for i, c in enumerate(COLUMNS, start=1) if c.key == "form")
    letter = sheet.cell(row=1, column=form_col).column_letter
    validation = DataValidation(type="list", formula1=f"='Hình thức'!$B$2:$B${len(Form) + 1}",
                                allow_blank=True)
    validation.add(f"{letter}2:{letter}{MAX_ROWS + 1}")
    sheet.add_data_validation(validation)
    units = book.create_sheet("Đơn vị")
    units.append(["Mã đơn vị", "Tên đơn vị"])
    for unit in permissions.units_where(user, Action.LOG_ACTIVITY).order_by("path")[:5000]:
        units.append(safe_row([unit.code, unit.name]))
    guide = book.create_sheet("Hướng dẫn")
    for line in [
        "Mỗi dòng của trang “Hoạt động” là một hoạt động tuyên truyền; dòng 1 là tiêu đề.",
        "Cột có dấu * là bắt buộc. Ngày ghi dd/mm/yyyy, giờ ghi HH:MM.",
        "Đảng viên, cán bộ công chức viên chức và nhân dân là các nhóm riêng, cộng lại không "
        "vượt tổng số người dự; đồng bào dân tộc thiểu số được tính trong tổng số.",
        "Báo cáo viên, văn bản và tin bài (mã số trên cổng thông tin) phải có sẵn trong hệ "
        "thống; ghi nhiều mục cách nhau bằng ;",
        "Nếu có dòng sai, hệ thống báo từng dòng và không lưu dòng nào.",
        "Ví dụ: 15/07/2026 | 08:00 | 11:00 | binh-lu | Hội nghị | Quán triệt Chỉ thị 07-CT/TW "
        "| Hội trường xã | Lò Văn Minh | 30-HD/BTG | 120 | 40 | 10 | 70 | 95 | …",
    ]:
        guide.append([line])
    guide.column_dimensions["A"].width = 120
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


# --- reading cells ------------------------------------------------------------------


class CellError(ValueError):
    pass


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return nfc(str(value)).strip()


def _date(value: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = _text(value)
    match = re.fullmatch(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})", text)
    try:
        if match:
            day, month, year = (int(g) for g in match.groups())
            return dt.date(year, month, day)
        return dt.date.fromisoformat(text)
    except ValueError as exc:
        raise CellError(gettext("Ngày không hợp lệ: “%(value)s” (cần dd/mm/yyyy).")
                        % {"value": text[:40]}) from exc


def _time(value: Any) -> dt.time:
    if isinstance(value, dt.datetime):
        return value.time().replace(second=0, microsecond=0)
    if isinstance(value, dt.time):
        return value.replace(second=0, microsecond=0)
    if isinstance(value, float) and 0 <= value < 1:  # a time typed into a number cell
        minutes = round(value * 24 * 60)
        return dt.time(minutes // 60, minutes % 60)
    text = _text(value).lower().replace("giờ", "h").replace(" ", "")
    match = re.fullmatch(r"(\d{1,2})(?:[:h](\d{2})?)?", text)
    if match and int(match.group(1)) < 24 and int(match.group(2) or 0) < 60:
        return dt.time(int(match.group(1)), int(match.group(2) or 0))
    raise CellError(gettext("Giờ không hợp lệ: “%(value)s” (cần HH:MM).") % {"value": text[:40]})


def _count(value: Any) -> int | None:
    if value is None or _text(value) == "":
        return None
    if isinstance(value, bool):
        raise CellError(gettext("Cần một số nguyên không âm."))
    if isinstance(value, int):
        number = value
    elif isinstance(value, float):
        if not value.is_integer():
            raise CellError(gettext("Cần một số nguyên không âm, không phải “%(value)s”.")
                            % {"value": _text(value)[:40]})
        number = int(value)
    else:
        # Digits, optionally grouped by thousands the Vietnamese way: 1.200 or 1 200.
        text = _text(value)
        if not re.fullmatch(r"-?\d{1,3}(?:[. ]\d{3})+|-?\d+", text):
            raise CellError(gettext("Cần một số nguyên không âm, không phải “%(value)s”.")
                            % {"value": text[:40]})
        number = int(re.sub(r"[. ]", "", text))
    if number < 0:
        raise CellError(gettext("Cần một số nguyên không âm."))
    return number


def _split(value: Any) -> list[str]:
    return [p for p in (clean_line(x) for x in re.split(r"[;\n]", _text(value))) if p]


# --- the import ---------------------------------------------------------------------


def _open(data: bytes) -> Any:
    if len(data) > MAX_FILE_BYTES:
        raise ImportFileError(_("Tệp quá lớn (tối đa %(mb)s MB)."),
                              mb=MAX_FILE_BYTES // (1024 * 1024))
    if not data:
        raise ImportFileError(_("Tệp rỗng."))
    try:
        archives.inspect(data, WORKBOOK_LIMITS)
    except archives.NotAZip as exc:
        raise ImportFileError(_("Tệp không phải bảng tính Excel (.xlsx).")) from exc
    except archives.ZipBomb as exc:
        raise ImportFileError(
            _("Bảng tính giải nén ra quá lớn (có thể là tệp độc hại) nên bị từ chối; "
              "hãy chia thành nhiều tệp nhỏ hơn.")) from exc
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds on a damaged or foreign zip
        raise ImportFileError(_("Không đọc được bảng tính: tệp hỏng hoặc không phải .xlsx."),
                              ) from exc
    if SHEET in book.sheetnames:
        return book, book[SHEET]
    return book, book.worksheets[0]


def _header(row: tuple[Any, ...]) -> dict[str, int]:
    found: dict[str, int] = {}
    for index, value in enumerate(row):
        label = fold(_text(value)).rstrip(" *").strip()
        column = _BY_HEADER.get(label)
        if column and column.key not in found:
            found[column.key] = index
    missing = [c.label for c in COLUMNS if c.required and c.key not in found]
    if missing:
        raise ImportFileError(_("Thiếu cột bắt buộc ở dòng tiêu đề: %(columns)s."),
                              columns=", ".join(missing))
    return found


class _Lookups:
    """Units, reporters and documents the importer may use, loaded once."""

    def __init__(self, actor: Any) -> None:
        units = permissions.units_where(actor, Action.LOG_ACTIVITY) if actor is not None \
            else Unit.objects.all()
        self.units = {u.code: u for u in units.filter(active=True)}
        self.forms = _forms_by_name()
        self.tz = timezone.get_current_timezone()
        self._reporters: dict[int, dict[str, list[Reporter]]] = {}
        self._documents: dict[str, list[tuple[int, str]]] | None = None
        self._items: set[int] | None = None
        self.actor = actor

    def reporters(self, unit: Unit) -> dict[str, list[Reporter]]:
        cached = self._reporters.get(unit.pk)
        if cached is None:
            cached = {}
            for reporter in reporters_available_to(unit).select_related("unit"):
                cached.setdefault(fold(reporter.full_name), []).append(reporter)
            self._reporters[unit.pk] = cached
        return cached

    def documents(self) -> dict[str, list[tuple[int, str]]]:
        if self._documents is None:
            from tincoso.documents.services import documents_visible_to, symbol_key

            qs = documents_visible_to(self.actor) if self.actor is not None \
                else Document.objects.all()
            self._documents = {}
            for pk, symbol, path in qs.exclude(symbol="").order_by("pk").values_list(
                    "pk", "symbol", "unit__path"):
                self._documents.setdefault(symbol_key(symbol).casefold(), []).append((pk, path))
        return self._documents

    def item(self, text: str) -> int | None:
        """The id of a published item the importer may read, from ``123`` or ``#123``."""
        if self._items is None:
            from tincoso.publishing.services import items_visible_to, live

            qs = items_visible_to(self.actor) if self.actor is not None else live()
            self._items = set(qs.values_list("pk", flat=True))
        digits = text.lstrip("#").strip()
        return int(digits) if digits.isdigit() and int(digits) in self._items else None

    def document(self, symbol: str, unit: Unit) -> int | None:
        from tincoso.documents.services import symbol_key

        found = self.documents().get(symbol_key(symbol).casefold())
        if not found:
            return None
        # The same document registered by several units: the nearest one above wins.
        above = [(len(path), pk) for pk, path in found if unit.path.startswith(path)]
        return max(above)[1] if above else found[0][0]


@dataclass
class _Row:
    number: int
    data: ActivityData
    reporter_ids: list[int]
    document_ids: list[int]
    item_ids: list[int]


def _rows(sheet: Any) -> Iterator[tuple[int, tuple[Any, ...]]]:
    yield from enumerate(sheet.iter_rows(values_only=True), start=1)


@dataclass
class _Cells:
    """One spreadsheet row: its cells by column key, and where its errors go."""

    number: int
    row: tuple[Any, ...]
    columns: dict[str, int]
    errors: list[RowError]

    def __call__(self, key: str) -> Any:
        index = self.columns.get(key)
        return self.row[index] if index is not None and index < len(self.row) else None

    def bad(self, key: str, message: str) -> None:
        self.errors.append(RowError(self.number, _LABELS[key], message))


def _parse_row(number: int, row: tuple[Any, ...], columns: dict[str, int],
               look: _Lookups, errors: list[RowError]) -> _Row | None:
    """The row as an activity, or ``None`` with every error it has in ``errors`` (in
    column order: required, date and times, unit, form, audience, links)."""
    cell = _Cells(number, row, columns, errors)
    before = len(errors)
    for key in ("date", "start", "unit", "form", "topic"):
        if _text(cell(key)) == "":
            cell.bad(key, gettext("Thiếu giá trị bắt buộc."))
    starts_at, ends_at = _times(cell, look.tz)
    unit = _unit(cell, look)
    form = _form(cell, look)
    audience = _audience(cell)
    item_ids = _items(cell, look)
    reporter_ids = _reporters(cell, look, unit) if unit is not None else []
    document_ids = _documents(cell, look, unit) if unit is not None else []
    if len(errors) > before or unit is None or starts_at is None or form is None:
        return None
    data = ActivityData(
        unit=unit, form=form, topic=_text(cell("topic")), starts_at=starts_at, ends_at=ends_at,
        place=_text(cell("place")), audience_total=audience["total"],
        audience_members=audience["members"] or 0,
        audience_civil_servants=audience["civil_servants"] or 0,
        audience_citizens=audience["citizens"] or 0,
        audience_ethnic_minority=audience["ethnic"] or 0, minutes=_text(cell("minutes")),
    )
    for field_name, message in check_activity(data):
        errors.append(RowError(number, _LABELS[_FIELD_COLUMN.get(field_name, "topic")], message))
    if len(errors) > before:
        return None
    return _Row(number, data, list(dict.fromkeys(reporter_ids)),
                list(dict.fromkeys(document_ids)), list(dict.fromkeys(item_ids)))


def _times(cell: _Cells, tz: Any) -> tuple[dt.datetime | None, dt.datetime | None]:
    """The start and end instants from the date and time columns."""
    starts_at = ends_at = None
    try:
        day = _date(cell("date")) if _text(cell("date")) else None
    except CellError as exc:
        cell.bad("date", str(exc))
        day = None
    for key in ("start", "end"):
        if _text(cell(key)) == "" or day is None:
            continue
        try:
            moment = dt.datetime.combine(day, _time(cell(key)), tzinfo=tz)
        except CellError as exc:
            cell.bad(key, str(exc))
            continue
        if key == "start":
            starts_at = moment
        else:
            ends_at = moment
    return starts_at, ends_at


def _unit(cell: _Cells, look: _Lookups) -> Unit | None:
    code = _text(cell("unit"))
    if not code:
        return None
    unit = look.units.get(code.lower())
    if unit is None:
        cell.bad("unit", gettext("Không có đơn vị mã “%(code)s” hoặc bạn không có quyền ghi "
                                 "hoạt động cho đơn vị này.") % {"code": code[:64]})
    return unit


def _form(cell: _Cells, look: _Lookups) -> str | None:
    form_text = _text(cell("form"))
    form = look.forms.get(fold(form_text)) if form_text else None
    if form_text and form is None:
        cell.bad("form", gettext("Hình thức không có trong danh sách: “%(value)s”.")
                 % {"value": form_text[:60]})
    return form


def _audience(cell: _Cells) -> dict[str, int | None]:
    values: dict[str, int | None] = {}
    for key in ("total", "members", "civil_servants", "citizens", "ethnic"):
        try:
            values[key] = _count(cell(key))
        except CellError as exc:
            cell.bad(key, str(exc))
            values[key] = None
    return values


def _linked(cell: _Cells, key: str, find: Callable[[str], int | None],
            missing: Callable[[str], str]) -> list[int]:
    """The ids of the records a list column names; ``missing(text)`` for each not found."""
    ids: list[int] = []
    for text in _split(cell(key)):
        found = find(text)
        if found is None:
            cell.bad(key, missing(text))
        else:
            ids.append(found)
    return ids


def _items(cell: _Cells, look: _Lookups) -> list[int]:
    return _linked(cell, "items", look.item, lambda text: gettext(
        "Không có tin bài đã đăng số “%(id)s” mà bạn được xem.") % {"id": text[:20]})


def _reporters(cell: _Cells, look: _Lookups, unit: Unit) -> list[int]:
    reporter_ids: list[int] = []
    names = look.reporters(unit)
    for name in _split(cell("reporters")):
        matches = names.get(fold(name), [])
        if len(matches) == 1:
            reporter_ids.append(matches[0].pk)
        elif not matches:
            cell.bad("reporters", gettext("Không tìm thấy báo cáo viên “%(name)s” của đơn vị này "
                                          "hoặc cấp trên.") % {"name": name[:80]})
        else:
            cell.bad("reporters", gettext("Có nhiều báo cáo viên tên “%(name)s”; hãy nhập từng "
                                          "hoạt động này trên màn hình.") % {"name": name[:80]})
    return reporter_ids


def _documents(cell: _Cells, look: _Lookups, unit: Unit) -> list[int]:
    return _linked(cell, "documents", lambda symbol: look.document(symbol, unit),
                   lambda symbol: gettext("Không tìm thấy văn bản “%(symbol)s” mà bạn được xem.")
                   % {"symbol": symbol[:96]})


def import_activities(actor: Any, data: bytes, file_name: str = "",
                      *, dry_run: bool = False) -> ImportResult:
    """Check every row of the spreadsheet; save them all only when none is wrong."""
    if actor is not None and not permissions.units_where(actor, Action.LOG_ACTIVITY).exists():
        raise permissions.PermissionDeniedError(
            _("Bạn không có quyền ghi hoạt động tuyên truyền."))
    book, sheet = _open(data)
    result = ImportResult()
    look = _Lookups(actor)
    parsed: list[_Row] = []
    errors: list[RowError] = []
    columns: dict[str, int] | None = None
    try:
        for number, row in _rows(sheet):
            if columns is None:
                columns = _header(row)
                continue
            if all(_text(v) == "" for v in row):
                continue
            result.rows += 1
            if result.rows > MAX_ROWS:
                raise ImportFileError(_("Bảng tính có quá nhiều dòng (tối đa %(n)s)."),
                                      n=MAX_ROWS)
            item = _parse_row(number, row, columns, look, errors)
            if item is not None:
                parsed.append(item)
    finally:
        book.close()
    if columns is None:
        raise ImportFileError(_("Bảng tính trống: không có dòng tiêu đề."))
    if result.rows == 0:
        raise ImportFileError(_("Bảng tính không có dòng dữ liệu nào."))
    result.error_count = len(errors)
    result.errors = errors[:MAX_REPORTED_ERRORS]
    if errors or dry_run:
        return result
    with transaction.atomic():
        result.batch = _save(actor, parsed, file_name, data)
    result.created = len(parsed)
    return result


def _save(actor: Any, rows: list[_Row], file_name: str, data: bytes) -> ActivityImport:
    now = clock.now()
    batch = ActivityImport.objects.create(
        created_by=actor, created_at=now, file_name=clean_line(file_name)[:255],
        file_sha256=hashlib.sha256(data).hexdigest(), rows=len(rows))
    activities = []
    for row in rows:
        activity = Activity(batch=batch, created_by=actor, created_at=now, updated_at=now)
        from tincoso.outreach.services import _fill

        _fill(activity, row.data)
        activities.append(activity)
    Activity.objects.bulk_create(activities, batch_size=1000)  # counts them in the tallies
    if any(a.pk is None for a in activities):  # a backend that returns no keys
        by_uid = dict(Activity.objects.filter(batch=batch).values_list("uid", "pk"))
        for activity in activities:
            activity.pk = by_uid[activity.uid]
    reporter_links = [Activity.reporters.through(activity_id=a.pk, reporter_id=r)
                      for a, row in zip(activities, rows, strict=True) for r in row.reporter_ids]
    document_links = [Activity.documents.through(activity_id=a.pk, document_id=d)
                      for a, row in zip(activities, rows, strict=True) for d in row.document_ids]
    item_links = [Activity.items.through(activity_id=a.pk, item_id=i)
                  for a, row in zip(activities, rows, strict=True) for i in row.item_ids]
    Activity.reporters.through.objects.bulk_create(reporter_links, batch_size=2000)
    Activity.documents.through.objects.bulk_create(document_links, batch_size=2000)
    Activity.items.through.objects.bulk_create(item_links, batch_size=2000)
    return batch
