"""Steps the browser tests of documents take the same way: reading a file in through
the import page, a leader filling the instructions form, a handler reporting done."""

from __future__ import annotations

from pathlib import Path
from typing import Any

UPLOAD_LABEL = "Tệp văn bản (.docx, .pdf, .txt) hoặc ảnh chụp trang (.png, .jpg, .tif)"


def import_file(page: Any, base: str, path: Path) -> None:
    """Upload ``path``, wait for the task worker `tincoso serve` runs to read it, and
    open the confirmation form with the fields it found."""
    page.goto(f"{base}/app/documents/new/")
    page.get_by_label(UPLOAD_LABEL).set_input_files(str(path))
    page.get_by_role("button", name="Đọc văn bản").click()
    page.wait_for_url("**/imports/*/")
    page.get_by_role("link", name="Kiểm tra và xác nhận các trường").click()
    page.wait_for_url("**/edit/")


def give_instructions(page: Any, text: str, rows: list[tuple[str, str, str]]) -> None:
    """On the instructions page: the text, then (assignee, role, deadline dd/mm/yyyy)
    in the numbered rows; saved."""
    page.get_by_label("Ý kiến chỉ đạo", exact=True).fill(text)
    for n, (assignee, role, deadline) in enumerate(rows, start=1):
        page.get_by_label(f"Đơn vị, cá nhân {n}").select_option(label=assignee)
        page.get_by_label(f"Vai trò {n}").select_option(label=role)
        page.get_by_label(f"Thời hạn giải quyết {n}").fill(deadline)
    page.get_by_role("button", name="Lưu ý kiến chỉ đạo").click()
    page.get_by_text("Đã lưu ý kiến chỉ đạo.").wait_for()


def complete_first_assignment(page: Any, note: str) -> None:
    """A handler, logged in on the home page: opens their first assignment from the
    to-do and reports it done with ``note``."""
    page.locator("#todo-handling tbody a").first.click()
    page.wait_for_url("**/app/handling/*/")
    page.get_by_label("Kết quả, ý kiến đề xuất").fill(note)
    page.get_by_role("button", name="Đã xử lý xong").click()
    assert page.locator("#assignment-status").inner_text() == "Đã xong"
