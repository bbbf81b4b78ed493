"""Import and export the unit tree as CSV or YAML.

CSV has the columns ``code,name,short_name,kind,parent`` (parent is a code,
empty for a root). YAML is either a flat list of the same mappings or a nested
list where each unit may hold ``children``. An import creates units that are new,
updates names and kinds of known codes and moves units whose parent changed; it
checks the whole file first (unknown kinds, duplicate codes, unknown parents,
cycles) and either applies everything or nothing.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from typing import Any

import yaml
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from tincoso.core.errors import DomainError
from tincoso.core.spreadsheet import safe_cell, unescape_cell
from tincoso.units import permissions, subtree_tallies
from tincoso.units.models import Unit
from tincoso.units.permissions import Action
from tincoso.units.services import TreeError, UnitData, validate_unit_data

COLUMNS = ["code", "name", "short_name", "kind", "parent"]
MAX_BYTES = 10 * 1024 * 1024


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    moved: int = 0
    unchanged: int = 0


def _decode(data: bytes) -> str:
    if len(data) > MAX_BYTES:
        raise TreeError(_("Tệp quá lớn (tối đa %(mb)s MB)."), mb=MAX_BYTES // (1024 * 1024))
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise TreeError(_("Tệp phải được mã hóa UTF-8.")) from None


def read_csv(text: str) -> list[UnitData]:
    reader = csv.DictReader(io.StringIO(text))
    header = [h.strip().lower() for h in (reader.fieldnames or [])]
    missing = [c for c in ("code", "name", "kind") if c not in header]
    if missing:
        raise TreeError(_("Tệp CSV thiếu cột: %(cols)s."), cols=", ".join(missing))
    reader.fieldnames = header
    rows = []
    for line, escaped in enumerate(reader, start=2):
        # Our own export escapes formula-like cells; read them back as they were.
        row = {key: unescape_cell(value) if isinstance(value, str) else value
               for key, value in escaped.items()}
        try:
            rows.append(
                validate_unit_data(
                    UnitData(
                        code=row.get("code") or "",
                        name=row.get("name") or "",
                        kind=(row.get("kind") or "").strip(),
                        short_name=row.get("short_name") or "",
                        parent=(row.get("parent") or "").strip() or None,
                    )
                )
            )
        except TreeError as exc:
            raise TreeError(_("Dòng %(line)s: %(error)s"), line=line, error=exc.text()) from None
    return rows


def _walk_yaml(nodes: Any, parent: str | None, out: list[UnitData]) -> None:
    if not isinstance(nodes, list):
        raise TreeError(_("Tệp YAML phải là một danh sách đơn vị."))
    for node in nodes:
        if not isinstance(node, dict):
            raise TreeError(_("Mỗi đơn vị trong tệp YAML phải là một bảng khóa–giá trị."))
        given_parent = node.get("parent")
        unit = validate_unit_data(
            UnitData(
                code=str(node.get("code") or ""),
                name=str(node.get("name") or ""),
                kind=str(node.get("kind") or ""),
                short_name=str(node.get("short_name") or ""),
                parent=str(given_parent) if given_parent else parent,
            )
        )
        out.append(unit)
        if node.get("children"):
            _walk_yaml(node["children"], unit.code, out)


def read_yaml(text: str) -> list[UnitData]:
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise TreeError(_("Tệp YAML không đọc được: %(error)s"), error=str(exc)[:200]) from None
    if isinstance(data, dict) and "units" in data:
        data = data["units"]
    out: list[UnitData] = []
    _walk_yaml(data or [], None, out)
    return out


def read_tree_file(data: bytes, filename: str) -> list[UnitData]:
    text = _decode(data)
    name = filename.lower()
    if name.endswith(".csv"):
        return read_csv(text)
    if name.endswith((".yaml", ".yml")):
        return read_yaml(text)
    raise TreeError(_("Chỉ nhận tệp .csv, .yaml hoặc .yml."))


def _check_graph(rows: list[UnitData]) -> dict[str, str | None]:
    """The parent of every code after the import; raises on duplicates, unknowns, cycles."""
    seen: set[str] = set()
    for row in rows:
        if row.code in seen:
            raise TreeError(_("Mã “%(code)s” xuất hiện nhiều lần trong tệp."), code=row.code)
        seen.add(row.code)
    parent_of: dict[str, str | None] = {}
    by_path = dict(Unit.objects.values_list("path", "code"))
    for path, code in by_path.items():
        parent_path = path[: -Unit.steplen]
        parent_of[code] = by_path.get(parent_path) if parent_path else None
    for row in rows:
        parent_of[row.code] = row.parent
    for row in rows:
        if row.parent is not None and row.parent not in parent_of:
            raise TreeError(
                _("Đơn vị “%(code)s” có đơn vị cấp trên “%(parent)s” không tồn tại."),
                code=row.code,
                parent=row.parent,
            )
    for row in rows:
        chain = [row.code]
        current = parent_of[row.code]
        while current is not None:
            if current in chain:
                raise TreeError(
                    _("Cây đơn vị bị vòng lặp: %(chain)s."),
                    chain=" → ".join([*chain, current]),
                )
            chain.append(current)
            current = parent_of.get(current)
    return parent_of


def _depth(code: str, parent_of: dict[str, str | None]) -> int:
    depth, current = 0, parent_of.get(code)
    while current is not None:
        depth, current = depth + 1, parent_of.get(current)
    return depth


@transaction.atomic
def import_tree(actor: Any, rows: list[UnitData]) -> ImportResult:
    """Apply ``rows`` to the tree: all of them, or (on any error) none."""
    parent_of = _check_graph(rows)
    result = ImportResult()
    for row in sorted(rows, key=lambda r: _depth(r.code, parent_of)):
        unit = Unit.objects.filter(code=row.code).first()
        parent = Unit.objects.get(code=row.parent) if row.parent else None
        if actor is not None and not actor.is_superuser:
            if parent is None:
                raise permissions.PermissionDeniedError(
                    _("Chỉ quản trị hệ thống mới tạo được đơn vị gốc.")
                )
            permissions.require(actor, Action.MANAGE_UNITS, parent)
            if unit is not None:
                permissions.require(actor, Action.MANAGE_UNITS, unit)
        fields = {"name": row.name, "kind": row.kind, "short_name": row.short_name}
        if unit is None:
            if parent is None:
                Unit.objects.add_root({"code": row.code, **fields})
            else:
                Unit.objects.add_child(parent, {"code": row.code, **fields})
            result.created += 1
            continue
        changed = any(getattr(unit, k) != v for k, v in fields.items())
        if changed:
            for key, value in fields.items():
                setattr(unit, key, value)
            unit.save(update_fields=list(fields))
            result.updated += 1
        current = Unit.objects.get_parent(unit)
        current_code = current.code if current else None
        if current_code != row.parent:
            if parent is None:
                raise TreeError(
                    _("Không thể chuyển “%(code)s” thành đơn vị gốc khi nhập tệp."), code=row.code
                )
            with subtree_tallies.moving(unit):
                Unit.objects.move(unit, parent, pos="last-child")
            result.moved += 1
        elif not changed:
            result.unchanged += 1
    return result


def import_tree_file(actor: Any, data: bytes, filename: str) -> ImportResult:
    return import_tree(actor, read_tree_file(data, filename))


def export_rows(root: Unit | None = None) -> list[dict[str, str]]:
    """Units in tree order (every parent before its children) as flat mappings."""
    units = (root.subtree() if root else Unit.objects.all()).order_by("path")
    code_by_path = {u.path: u.code for u in Unit.objects.only("path", "code")}
    return [
        {
            "code": u.code,
            "name": u.name,
            "short_name": u.short_name,
            "kind": u.kind,
            "parent": code_by_path.get(u.path[: -Unit.steplen], ""),
        }
        for u in units
    ]


def export_tree(fmt: str, root: Unit | None = None) -> str:
    rows = export_rows(root)
    if fmt == "csv":
        buf = io.StringIO()
        writer = csv.DictWriter(buf, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows({key: safe_cell(value) for key, value in row.items()} for row in rows)
        return buf.getvalue()
    if fmt in ("yaml", "yml"):
        nodes: dict[str, dict[str, Any]] = {}
        top: list[dict[str, Any]] = []
        for row in rows:
            node = {k: row[k] for k in ("code", "name", "short_name", "kind")}
            nodes[row["code"]] = node
            parent = nodes.get(row["parent"])
            if parent is None:
                if row["parent"]:
                    node["parent"] = row["parent"]
                top.append(node)
            else:
                parent.setdefault("children", []).append(node)
        return yaml.safe_dump({"units": top}, allow_unicode=True, sort_keys=False)
    raise DomainError(_("Định dạng xuất không hỗ trợ: %(fmt)s."), fmt=fmt)
