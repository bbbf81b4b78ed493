"""What registering and dispatching share: the error, the permission check,
the register numbers, symbols and safe file names, and the size limits."""

import re

from django.db.models import Max

from tincoso.core.errors import DomainError
from tincoso.core.text import fold
from tincoso.documents.models import (
    Direction,
    Dispatch,
    Document,
)
from tincoso.units import permissions
from tincoso.units.models import Unit

MAX_UPLOAD_BYTES = 20 * 1024 * 1024
MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024


class DocumentError(DomainError):
    code = "invalid_document"


_require = permissions.require_unless_system


def symbol_key(symbol: str) -> str:
    """Canonical form: no spaces, OCR's QD read as QĐ (case kept: ``QĐ-TTg``).

    Compare keys case-insensitively (``iexact``): printed case varies.
    """
    key = re.sub(r"\s+", "", symbol or "").replace("Ð", "Đ")
    return re.sub(r"QD(?=[-/I]|$)", "QĐ", key)


def _safe_name(filename: str) -> str:
    name = re.sub(r"[^A-Za-z0-9._-]+", "-", fold(filename)).strip("-.")
    return name[-80:] or "document"


# The verb that governs a citation stands right before it, with at most the type
# words in between: "Căn cứ Luật …", "Thực hiện Hướng dẫn số 45-HD/BTGTU".


def _next_number(unit: Unit, direction: str, year: int) -> int:
    # Lock the unit row so two registrations in one unit cannot take the same number
    # (PostgreSQL); SQLite's IMMEDIATE transactions already serialise writers.
    Unit.objects.select_for_update().filter(pk=unit.pk).first()
    if direction == Direction.INCOMING:
        from tincoso.documents.registers.closing import refuse_if_closed

        refuse_if_closed(unit, year)  # a closed register takes no new number
    docs = Document.objects.filter(unit=unit, direction=direction, register_year=year)
    top = docs.aggregate(m=Max("register_number"))["m"] or 0
    if direction == Direction.INCOMING:
        received = Dispatch.objects.filter(recipient=unit, incoming_year=year)
        top = max(top, received.aggregate(m=Max("incoming_number"))["m"] or 0)
    return top + 1
