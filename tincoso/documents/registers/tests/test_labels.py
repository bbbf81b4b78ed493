"""The registers' labels of choice fields are Django's ``get_FOO_display()``, in the
language in force, for every choice and for a value outside them."""

from __future__ import annotations

from django.db.models import Field
from django.utils import translation

from tincoso.documents.models import Dispatch, DispatchEvent, Document
from tincoso.documents.registers.labels import display


def test_every_label_is_djangos_own_in_each_language() -> None:
    shown_in: dict[str, list[str]] = {}
    for language in ("vi", "en"):
        with translation.override(language):
            for model, name in ((Dispatch, "status"), (DispatchEvent, "kind"),
                                (Document, "urgency")):  # fmt: skip
                field = model._meta.get_field(name)
                assert isinstance(field, Field) and len(field.flatchoices) > 1
                for value in [*(v for v, _label in field.flatchoices), "not-a-choice"]:
                    obj = model(**{name: value})
                    assert display(obj, name) == getattr(obj, f"get_{name}_display")()
                    shown_in.setdefault(language, []).append(display(obj, name))
    assert shown_in["vi"] != shown_in["en"]  # each in the language in force
