"""No citizen's personal data in an opinion note.

A note says what people think, not who thinks it. Text that holds a phone number
(0912 345 678, 0912.345.678, +84 912 345 678), a 12-digit CCCD or 9-digit CMND
number, or an e-mail address is refused, pointing at what was found, until it is
removed. The patterns are the ones the feedback moderation already uses
(``feedback.services.personal_data_in``), so both refuse the same things.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from tincoso.core.errors import DomainError
from tincoso.feedback.services import personal_data_in


class PersonalDataError(DomainError):
    code = "personal_data"


def refuse_personal_data(label: Any, text: str) -> None:
    """Raise :class:`PersonalDataError` naming the first match in ``text`` and where it is."""
    found = personal_data_in(text)
    if not found:
        return
    match = found[0].strip()
    at = text.find(match)
    before = text[max(0, at - 20):at].lstrip()
    raise PersonalDataError(
        _("Mục “%(field)s” có thông tin cá nhân (số điện thoại, số CCCD/CMND hoặc thư điện "
          "tử): “%(match)s” sau “…%(before)s”. Phiếu không được ghi thông tin cá nhân của "
          "người dân: hãy xóa rồi gửi lại."),
        field=label, match=match, before=before)
