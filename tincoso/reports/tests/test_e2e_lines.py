"""In a real browser, on the demo province, the founding guidance's flow along the
party and state lines (30-HD/BTG): the provincial propaganda board sends a directive
to a ward's party committee and a residential group's cell, the cell registers and
links its implementing plan, the board reads it, the cell and the ward's committee
report back to the board, and the Tỉnh ủy's own report is finalised in the party
format and its PDF parses back to its own number, symbol, issuer, date and type.

Four eyes: each report is submitted by its author, who sees who can approve it,
and approved by another person (the ward party committee's leader for the cell and
the committee, the Tỉnh ủy's leader for the province) before it is numbered."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from tincoso.conftest import log_in
from tincoso.documents.extraction import extract_text
from tincoso.documents.models import Document
from tincoso.documents.parser import parse_text
from tincoso.units.demo import DEMO_PASSWORD, load_demo

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

DIRECTIVE = """BAN CHẤP HÀNH ĐẢNG BỘ TỈNH LAI CHÂU
BAN TUYÊN GIÁO VÀ DÂN VẬN
*
Số 35-HD/BTGDVTU

ĐẢNG CỘNG SẢN VIỆT NAM

Lai Châu, ngày 02 tháng 3 năm 2026

HƯỚNG DẪN
Tuyên truyền về công tác thông tin cơ sở năm 2026

Các đảng ủy xã, phường và chi bộ trực thuộc tổ chức tuyên truyền đến cán bộ,
đảng viên và nhân dân.

Nơi nhận:
- Các đảng ủy xã, phường,
- Các chi bộ thôn, bản, tổ dân phố,
- Lưu.

K/T TRƯỞNG BAN
PHÓ TRƯỞNG BAN



Phan Xuân Trường
"""

PLAN = """ĐẢNG BỘ PHƯỜNG TÂN PHONG
CHI BỘ TỔ DÂN PHỐ SỐ 1
*
Số 05-KH/CB

ĐẢNG CỘNG SẢN VIỆT NAM

Tân Phong, ngày 09 tháng 3 năm 2026

KẾ HOẠCH
Tuyên truyền về công tác thông tin cơ sở năm 2026

Thực hiện Hướng dẫn số 35-HD/BTGDVTU ngày 02/3/2026 của Ban Tuyên giáo và Dân vận
Tỉnh ủy, Chi bộ xây dựng kế hoạch như sau: tổ chức sinh hoạt chuyên đề trong quý I.

Nơi nhận:
- Đảng ủy phường (b/c),
- Lưu.

T/M CHI BỘ
BÍ THƯ



Lò Văn Pọm
"""


def _log_out_and_in(page: Any, base: str, username: str) -> None:
    page.context.clear_cookies()
    log_in(page, base, username, DEMO_PASSWORD)


def _upload(page: Any, base: str, path: Path, query: str = "") -> None:
    page.goto(f"{base}/app/documents/new/{query}")
    page.get_by_label("Tệp văn bản (.docx, .pdf, .txt)").set_input_files(str(path))
    page.get_by_role("button", name="Đọc văn bản").click()
    page.wait_for_url("**/imports/*/")  # read by the task worker `tincoso serve` runs
    page.get_by_role("link", name="Kiểm tra và xác nhận các trường").click()
    page.wait_for_url("**/edit/")
    page.get_by_role("button", name="Xác nhận và vào sổ").click()
    try:
        page.wait_for_url(re.compile(r".*/app/documents/\d+/$"))
    except Exception:
        print(page.url, page.locator("main").inner_text()[:3000])
        raise


def _report(page: Any, base: str, unit: str, directive: str | None, authority: str, **more: str):
    page.goto(f"{base}/app/reports/unit/{unit}/")
    if directive:
        select = page.get_by_label("Báo cáo về văn bản (không bắt buộc)")
        option = select.locator("option", has_text=directive).first.get_attribute("value")
        select.select_option(option)
    page.get_by_role("button", name="Tạo báo cáo").click()
    page.wait_for_url(re.compile(r".*/app/reports/\d+/$"))
    page.get_by_label("Kết quả đạt được").fill("Đã triển khai đến toàn thể đảng viên.")
    page.get_by_label("Thẩm quyền ký (ví dụ: T/M CHI BỘ)").fill(authority)
    page.get_by_label("Chức vụ người ký").fill("Bí thư")
    page.get_by_label("Người ký:", exact=True).fill("Người Ký Thử")
    for label, value in more.items():
        page.get_by_label(label).fill(value)
    page.get_by_role("button", name="Trình duyệt").click()
    page.locator("#report-status").wait_for()
    assert page.locator("#report-status").inner_text() == "Chờ duyệt"
    return page.url


def _approve(page: Any, base: str, url: str, approver: str, name: str) -> str:
    """The approver finds the report in their to-do list, approves it: numbered, sent.
    Returns the text of the success message (with the report's symbol)."""
    _log_out_and_in(page, base, approver)
    page.goto(f"{base}/app/")
    page.locator(f'a[href="{url.removeprefix(base)}"]').first.click()
    page.wait_for_url(url)
    assert page.locator("#report-status").inner_text() == "Chờ duyệt"
    assert name in page.locator("#approvers").inner_text()
    page.get_by_role("button", name="Duyệt, ký và gửi").click()
    message = page.get_by_text(re.compile(r"^Đã duyệt; báo cáo số"))
    message.wait_for()
    assert page.locator("#report-status").inner_text() == "Đã gửi"
    return str(message.inner_text())


def test_the_founding_guidance_flows_down_both_lines_and_its_results_come_back(
    app_server: Any, page: Any, tmp_path: Path
) -> None:
    load_demo()
    base = app_server.url
    directive_file = tmp_path / "35-HD-BTGDVTU.txt"
    directive_file.write_text(DIRECTIVE, encoding="utf-8")
    plan_file = tmp_path / "05-KH-CB.txt"
    plan_file.write_text(PLAN, encoding="utf-8")

    # The provincial board registers its guidance and sends it down the party line
    # (the ward's party committee, a residential group's cell).
    _log_out_and_in(page, base, "bientap.btg")
    _upload(page, base, directive_file)
    assert "35-HD/BTGDVTU" in page.get_by_role("heading", level=1).inner_text()
    # "Các đảng ủy xã, phường" is understood: every commune's party committee.
    assert page.get_by_label("Đảng ủy phường Tân Phong", exact=True).is_checked()
    for box in page.locator("input[name=recipients]").all():
        box.uncheck()
    page.get_by_label("Đảng ủy phường Tân Phong", exact=True).check()
    page.get_by_label("Chi bộ Tổ dân phố số 1", exact=True).check()
    page.get_by_role("button", name="Gửi", exact=True).click()
    page.get_by_text("Đã gửi tới 2 đơn vị.").wait_for()

    # The cell acknowledges, registers its own plan and links it, and reports done.
    _log_out_and_in(page, base, "canbo.cbtdp1")
    page.goto(f"{base}/app/inbox/cb-tan-phong-1/")
    page.get_by_role("link", name="35-HD/BTGDVTU").first.click()
    page.wait_for_url(re.compile(r".*/app/dispatches/\d+/$"))
    dispatch_url = page.url
    page.get_by_role("button", name="Tiếp nhận").click()
    page.get_by_text("Đã xác nhận đã nhận văn bản.").wait_for()
    page.get_by_role("link", name="Vào sổ văn bản mới của đơn vị").click()
    page.wait_for_url("**/app/documents/new/?unit=cb-tan-phong-1")
    _upload(page, base, plan_file, "?unit=cb-tan-phong-1")
    page.goto(dispatch_url)
    plan = page.locator("#respond-doc option", has_text="05-KH/CB").first.get_attribute("value")
    page.locator("#respond-doc").select_option(plan)
    page.get_by_role("button", name="Gắn văn bản triển khai").click()
    page.get_by_text("Đã gắn văn bản triển khai của đơn vị.").wait_for()
    page.get_by_label("Kết quả thực hiện").fill("Đã sinh hoạt chuyên đề, 24/24 đảng viên dự.")
    page.get_by_role("button", name="Hoàn thành").click()
    page.get_by_text("Đã báo cáo kết quả thực hiện.").wait_for()
    cell_report = _report(page, base, "cb-tan-phong-1", "35-HD/BTGDVTU", "T/M CHI BỘ")
    # The author sees who can approve: the ward party committee's leader, above the cell.
    assert "Người có thể duyệt: Lù Thị Mai" in page.locator("main").inner_text()
    assert page.get_by_role("button", name="Duyệt, ký và gửi").count() == 0  # not their own
    done = _approve(page, base, cell_report, "lanhdao.dutanphong", "Lù Thị Mai")
    assert "-BC/CB" in done

    # The ward's party committee acknowledges and reports on it too.
    _log_out_and_in(page, base, "canbo.dutanphong")
    page.goto(f"{base}/app/inbox/du-tan-phong/")
    page.get_by_role("link", name="35-HD/BTGDVTU").first.click()
    page.get_by_role("button", name="Tiếp nhận").click()
    page.get_by_text("Đã xác nhận đã nhận văn bản.").wait_for()
    ward_report = _report(page, base, "du-tan-phong", "35-HD/BTGDVTU", "T/M BAN THƯỜNG VỤ")
    _approve(page, base, ward_report, "lanhdao.dutanphong", "Lù Thị Mai")

    # The board reads the cell's result and plan, and receives both reports.
    _log_out_and_in(page, base, "bientap.btg")
    page.goto(dispatch_url)
    result = page.locator("#result").inner_text()
    assert "24/24 đảng viên" in result and "05-KH/CB" in result
    page.locator("#result").get_by_role("link", name="05-KH/CB").click()
    assert "05-KH/CB" in page.get_by_role("heading", level=1).inner_text()
    page.goto(f"{base}/app/inbox/btg-tu/")
    inbox = page.locator("main").inner_text()
    assert inbox.count("Báo cáo số") >= 2

    # The Tỉnh ủy's own report goes outside, numbered, in the party format.
    _log_out_and_in(page, base, "canbo.tinhuy")
    report_url = _report(
        page, base, "tinh-uy", None, "T/M BAN THƯỜNG VỤ",
        **{"Nơi nhận ngoài hệ thống (cho đơn vị cấp cao nhất)":
           "Ban Tuyên giáo và Dân vận Trung ương"},
    )  # fmt: skip
    assert "Người có thể duyệt: Hà Văn Khánh" in page.locator("main").inner_text()
    # Not numbered until its approver approves it.
    assert not Document.objects.filter(unit__code="tinh-uy", doc_type="Báo cáo").exists()
    _approve(page, base, report_url, "lanhdao.tinhuy", "Hà Văn Khánh")
    pdf = page.request.get(report_url + "file.pdf").body()
    parsed = parse_text(extract_text(pdf, "bao-cao.pdf").text)
    assert parsed.doc_type == "Báo cáo" and parsed.system == "party"
    assert parsed.symbol == f"{parsed.number}-BC/TU"
    assert parsed.issuer == "Tỉnh ủy Lai Châu"
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", parsed.date or "")
    text = extract_text(pdf, "bao-cao.pdf").text
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in text and "CỘNG HÒA XÃ HỘI" not in text
    assert "Ban Tuyên giáo và Dân vận Trung ương (b/c);" in text
    # The approver, the Tỉnh ủy's leader, signs for its standing committee.
    assert "T/M BAN THƯỜNG VỤ" in text and "Hà Văn Khánh" in text
