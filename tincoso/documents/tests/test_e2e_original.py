"""In a real browser: a PDF document's page draws the original with PDF.js, under the
Content-Security-Policy, below the fields on a phone."""

from __future__ import annotations

from typing import Any

import pytest

from tincoso.conftest import log_in, person_with
from tincoso.core.tests.test_e2e_csp import WATCH
from tincoso.documents.tests.pdf_builder import Page, build_pdf
from tincoso.documents.tests.test_original import stored
from tincoso.units.models import Role, Unit

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

# Share of a canvas's pixels that are not white, read back in the page.
INK = """
() => {
  const canvas = document.querySelector("#pdf-viewer canvas");
  const ctx = canvas.getContext("2d");
  const { data } = ctx.getImageData(0, 0, canvas.width, canvas.height);
  let ink = 0;
  for (let i = 0; i < data.length; i += 4) {
    if (data[i + 3] > 0 && (data[i] < 200 || data[i + 1] < 200 || data[i + 2] < 200)) ink++;
  }
  return ink;
}
"""


def test_a_pdf_original_is_drawn_below_the_fields_on_a_phone(
    app_server: Any, page: Any, tree: dict[str, Unit]
) -> None:
    person_with(Role.EDITOR, tree["committee"], "editor")
    pdf = build_pdf(
        [
            Page(texts=[(72, 700, "KE HOACH SO 05-KH/TU"), (72, 660, "Trien khai Chi thi 07")]),
            Page(texts=[(72, 700, "Noi nhan: cac chi bo")]),
        ]
    )
    doc = stored(tree["committee"], "05-KH-TU.pdf", pdf, symbol="05-KH/TU", doc_type="Kế hoạch")
    page.set_viewport_size({"width": 390, "height": 844})
    page.add_init_script(WATCH)
    log_in(page, app_server.url, "editor")
    page.goto(f"{app_server.url}/app/documents/{doc.pk}/")

    page.locator('#pdf-viewer .pdf-page[data-drawn="true"] canvas').first.wait_for()
    assert page.evaluate(INK) > 100
    assert page.locator(".pdf-page-label").inner_text() == "Trang 1 / 2"
    fields = page.locator(".parsed-fields").bounding_box()
    pane = page.locator(".original-pane").bounding_box()
    assert fields is not None and pane is not None and fields["y"] < pane["y"]
    assert pane["width"] <= 390
    assert page.evaluate("window.__csp") == []
