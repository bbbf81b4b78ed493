"""The dashboard's figures as a spreadsheet: the same tables an implementation report
carries (``official.figure_tables``), with the drill-down by child unit as the
dashboard shows it, written by the reports' own XLSX writer."""

from __future__ import annotations

from typing import Any

from tincoso.reports.official import Table, figure_tables, tables_xlsx
from tincoso.reports.periods import Period

_BY_CHILD = "Kết quả theo đơn vị trực thuộc"


def _drilldown(children: list[dict[str, Any]]) -> Table:
    rows = []
    for c in children:
        f = c["figures"]
        docs, acts = f.get("documents", {}), f.get("activities", {})
        rows.append(
            [
                c["unit"]["name"],
                *(docs.get(k, 0) for k in ("received", "acknowledged", "done", "overdue")),
                acts.get("count", 0),
                acts.get("audience", {}).get("total", 0),
                f.get("feedback", {}).get("received", 0),
                f.get("opinion", {}).get("notes", 0),
                f.get("access", {}).get("received", 0),
            ]
        )
    header = [
        "Đơn vị",
        "Văn bản nhận",
        "Đã tiếp nhận",
        "Hoàn thành",
        "Quá hạn",
        "Hoạt động",
        "Lượt người",
        "Ý kiến",
        "Phiếu dư luận",
        "Yêu cầu thông tin",
    ]
    return Table(_BY_CHILD, header, rows)


def dashboard_xlsx(
    unit_name: str, period: Period, figures: dict[str, Any], form_labels: dict[str, str]
) -> bytes:
    """``figures`` is ``rollup_for(unit, period).as_dict()``."""
    tables = [t for t in figure_tables(figures, form_labels) if t.title != _BY_CHILD]
    if figures.get("children"):
        tables.append(_drilldown(figures["children"]))
    title = f"Tổng hợp kết quả công tác thông tin cơ sở, kỳ {period.label()}"
    return tables_xlsx(unit_name, title, tables)
