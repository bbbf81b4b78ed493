"""The English translation is complete, and used."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from django.utils import translation

from tincoso.core.errors import DomainError
from tincoso.units.permissions import _  # the lazy gettext the gate uses

PO = Path(__file__).resolve().parents[2] / "locale" / "en" / "LC_MESSAGES" / "django.po"


def entries(text: str) -> list[tuple[str, str, bool]]:
    """(msgid, msgstr, fuzzy) for each entry, plural forms folded into msgstr."""
    out = []
    for block in text.split("\n\n"):
        fuzzy = "#, fuzzy" in block or re.search(r"^#,.*fuzzy", block, re.M) is not None
        ids = re.findall(r'^msgid "(.*)"\n((?:".*"\n?)*)', block, re.M)
        strs = re.findall(r'^msgstr(?:\[\d\])? "(.*)"\n?((?:".*"\n?)*)', block, re.M)
        if not ids:
            continue
        msgid = ids[0][0] + "".join(re.findall(r'"(.*)"', ids[0][1]))
        msgstr = "".join(a + "".join(re.findall(r'"(.*)"', b)) for a, b in strs)
        out.append((msgid, msgstr, fuzzy))
    return out


def test_every_message_has_an_english_translation() -> None:
    found = entries(PO.read_text(encoding="utf-8"))
    assert len(found) > 100
    missing = [msgid for msgid, msgstr, _ in found if msgid and not msgstr]
    fuzzy = [msgid for msgid, _, is_fuzzy in found if msgid and is_fuzzy]
    assert missing == []
    assert fuzzy == []


def test_a_domain_error_reads_in_both_languages() -> None:
    error = DomainError(
        _("Bạn không có quyền thực hiện thao tác này trên đơn vị “%(unit)s”."),
        unit="Chi bộ Sở Y tế",
    )
    both = error.bilingual()
    assert both["vi"].startswith("Bạn không có quyền")
    assert both["en"].startswith("You")
    with translation.override("en"):
        assert str(error.message).startswith("You")


def test_a_translatable_parameter_reads_in_each_language_too() -> None:
    error = DomainError(_("Cần nhập %(field)s."), field=_("mô tả"))
    assert error.bilingual() == {"vi": "Cần nhập mô tả.", "en": "Please enter the description."}


def test_a_domain_error_is_one_language_on_pages_and_both_on_the_command_line() -> None:
    error = DomainError(_("Bạn không có quyền thực hiện thao tác này trên đơn vị “%(unit)s”."),
                        unit="Chi bộ Sở Y tế")
    with translation.override("vi"):
        assert str(error).startswith("Bạn không có quyền") and "You" not in str(error)
    with translation.override("en"):
        assert str(error).startswith("You") and "Bạn" not in str(error)
    both = error.in_both_languages()
    assert both.startswith("Bạn không có quyền") and " / You" in both


def test_an_error_page_reads_in_the_readers_language_only(
    tree: dict[str, Any], cell_officer: Any
) -> None:
    from django.test import Client

    client = Client()
    client.force_login(cell_officer)
    page = client.get("/app/units/cell-b/")
    assert page.status_code == 403
    main = page.content.decode().split("<main")[1]
    assert "Bạn không có quyền" in main and "You do not have permission" not in main
    cell_officer.language = "en"
    cell_officer.save(update_fields=["language"])
    main = client.get("/app/units/cell-b/").content.decode().split("<main")[1]
    assert "You do not have permission" in main and "Bạn không có quyền" not in main


def test_a_failed_action_says_why_in_the_readers_language_only(
    tree: dict[str, Any], cell_officer: Any
) -> None:
    """A DomainError caught by a view becomes a message in one language."""
    from django.test import Client

    from tincoso.documents import services as documents
    from tincoso.documents.models import Document

    doc = Document.objects.create(unit=tree["committee"], status=Document.Status.REGISTERED,
                                  symbol="5-CV/TU", title="Về việc thử", register_year=2026,
                                  register_number=1)
    dispatch = documents.dispatch_document(None, doc, [tree["cell-a"]])[0]
    documents.acknowledge(cell_officer, dispatch)
    client = Client()
    client.force_login(cell_officer)
    page = client.post(f"/app/dispatches/{dispatch.pk}/acknowledge/", follow=True)
    message = page.content.decode().split('class="message error"')[1].split("</p>")[0]
    assert "Văn bản đã ở trạng thái" in message and "already" not in message


def test_the_dashboard_charts_are_labelled_in_the_readers_language(
    tree: dict[str, Any], province_admin: Any
) -> None:
    from django.test import Client

    province_admin.language = "en"
    province_admin.save(update_fields=["language"])
    client = Client()
    client.force_login(province_admin)
    html = client.get("/app/dashboard/").content.decode()
    assert 'data-received="Documents received"' in html
    assert "Văn bản nhận" not in html
