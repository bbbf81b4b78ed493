"""The English translation is complete, and used."""

from __future__ import annotations

import re
from pathlib import Path

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
