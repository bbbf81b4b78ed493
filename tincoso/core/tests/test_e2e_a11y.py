"""In a real browser, axe-core finds no serious or critical accessibility problem on
the main public and staff pages, in the light theme and in the dark one that Pico
follows from the reader's system setting (issue 10, point 8).

axe-core (MPL-2.0) is vendored for these tests only, in ``vendor/axe.min.js``, by
``make vendor``; it is never served, and running the tests needs no npm.
"""

from __future__ import annotations

from collections.abc import Iterator
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command

from tincoso.conftest import log_in
from tincoso.units.demo import DEMO_PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

AXE = Path(__file__).parent / "vendor" / "axe.min.js"

# Every rule axe runs by default (WCAG 2.0-2.2 A and AA, best practices) on the page
# with its folded parts (<details>) open, so that forms kept in them are checked too.
# A serious or critical finding counts whether axe is sure of it ("violations") or
# asks a person to look ("incomplete": e.g. an id that two labels point at), except
# colour contrast that axe cannot measure: placeholder text and text over a
# background image (Pico's arrow on <select>). Those colours are Pico's own form
# colours, checked by hand: placeholder 5.2:1 (light) and 5.1:1 (dark) at least.
RUN_AXE = """async () => {
  document.querySelectorAll("details").forEach(d => { d.open = true; });
  // Pico eases colours in; measure them once they have settled.
  await Promise.all(document.getAnimations().map(a => a.finished));
  const result = await axe.run(document);
  const serious = v => v.impact === "serious" || v.impact === "critical";
  const unmeasured = v => v.id === "color-contrast";
  return [
    ...result.violations.filter(serious),
    ...result.incomplete.filter(v => serious(v) && !unmeasured(v)),
  ].map(v => ({id: v.id, impact: v.impact, help: v.help,
               targets: v.nodes.map(n => n.target.join(" "))}));
}"""


@pytest.fixture
def tab(browser: Any) -> Iterator[Any]:
    # The pages' Content-Security-Policy forbids inline scripts, which is how
    # Playwright injects axe; bypassing it is for the checker only. With reduced
    # motion Pico switches colours at once, not eased over a changing scheme.
    context = browser.new_context(locale="vi-VN", bypass_csp=True, reduced_motion="reduce")
    page = context.new_page()
    page.set_default_timeout(15000)
    yield page
    context.close()


def problems(page: Any, url: str) -> list[str]:
    """axe's serious and critical findings on the page at url, in either colour
    scheme, one line each: rule, impact, where (the first few elements), what to do."""
    response = page.goto(url)
    assert response is not None and response.status == 200, url
    page.add_script_tag(path=str(AXE))
    found = []
    for scheme in ("light", "dark"):
        page.emulate_media(color_scheme=scheme)
        found += [
            f"{url} ({scheme}): {v['id']} ({v['impact']}) on {', '.join(v['targets'][:4])}"
            f"{' …' if len(v['targets']) > 4 else ''}: {v['help']}"
            for v in page.evaluate(RUN_AXE)
        ]
    page.emulate_media(color_scheme="light")
    return found


def load_demo() -> None:
    """The whole demo, as `make run` loads it: items, directives, feedback, activities."""
    call_command("demo", stdout=StringIO())


def test_the_public_pages_have_no_serious_accessibility_problem(app_server: Any, tab: Any) -> None:
    from tincoso.publishing.models import Item

    load_demo()
    base = app_server.url
    item = Item.objects.filter(status=Item.Status.PUBLISHED).order_by("pk").first()
    assert item is not None
    paths = [
        "/",
        f"/tin/{item.pk}/",
        "/don-vi/tan-phong/",
        "/gop-y/",
        "/hoi-dap/",
        "/dinh-chinh/",
        "/search?q=thong+tin",
        "/accounts/login/",
    ]
    found = [line for path in paths for line in problems(tab, base + path)]
    tab.goto(f"{base}/ngon-ngu/en/?next=/")
    assert tab.locator("html").get_attribute("lang") == "en"
    for path in paths[:2]:
        found += problems(tab, base + path)
    assert found == [], "\n".join(found)


def test_the_staff_pages_have_no_serious_accessibility_problem(app_server: Any, tab: Any) -> None:
    from tincoso.documents.models import Assignment, Document
    from tincoso.feedback.models import Feedback
    from tincoso.publishing.models import Item

    load_demo()
    base = app_server.url
    item = Item.objects.filter(unit__code="btg-tu").order_by("pk").first()
    feedback = Feedback.objects.filter(unit__code="tan-phong").order_by("pk").first()
    document = Document.objects.get(symbol="30-HD/BTG")
    letter = Document.objects.get(file_name="CV-hoi-nong-dan.txt")
    assigned = Assignment.objects.select_related("instruction").get(
        person__username="canbo.sonv"
    )
    assert item is not None and feedback is not None
    visits = {
        "bientap.btg": [
            "/app/",
            "/app/items/",
            f"/app/items/{item.pk}/",
            f"/app/items/{item.pk}/edit/",
            f"/app/items/{item.pk}/diff/",
            "/app/reports/",
            "/app/opinion/?unit=btg-tu&guided=1",
        ],
        "canbo.tanphong": [
            "/app/", "/app/feedback/", f"/app/feedback/{feedback.pk}/",
            "/app/opinion/notes/", "/app/opinion/notes/new/", "/app/opinion/topics/",
        ],
        "canbo.sonv": [
            "/app/",
            "/app/inbox/cb-sonv/",
            "/app/handling/",
            f"/app/handling/{assigned.pk}/",
        ],
        "lanhdao.dukhoi": [
            f"/app/dispatches/{assigned.instruction.dispatch_id}/instructions/",
            f"/app/documents/{letter.pk}/",  # registered by the unit itself
            f"/app/documents/{letter.pk}/instructions/",
        ],
        "quantri.tinh": [
            "/app/documents/",
            f"/app/documents/{document.pk}/",
            f"/app/documents/{document.pk}/edit/",
            "/app/dashboard/",
            "/app/units/tan-phong/",
            "/app/opinion/collaborators/tan-phong/",
        ],
    }
    found: list[str] = []
    for username, paths in visits.items():
        tab.context.clear_cookies()
        log_in(tab, base, username, DEMO_PASSWORD)
        found += [f"{username} {line}" for path in paths for line in problems(tab, base + path)]
    assert found == [], "\n".join(found)
