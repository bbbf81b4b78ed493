"""Errors a person can cause.

A :class:`DomainError` carries a message written in Vietnamese through gettext, so
it shows in the user's language; :meth:`DomainError.bilingual` gives the message in
both Vietnamese and English at once, which is what the API and the command line
print, so a clear error reaches everybody whatever their language setting.
"""

from __future__ import annotations

from typing import Any

from django.utils.functional import Promise
from django.utils.translation import override


class DomainError(Exception):
    """A rule was broken by the input; nothing was changed.

    ``status`` is the HTTP status a view or API endpoint answers with.
    """

    status = 400
    code = "invalid"

    def __init__(self, message: str | Promise, **params: Any) -> None:
        self.message = message
        self.params = params
        super().__init__(message)

    def text(self, language: str | None = None) -> str:
        """The message in ``language`` (default: the active language)."""
        if language is None:
            raw = str(self.message)
        else:
            with override(language):
                raw = str(self.message)
        return raw % self.params if self.params else raw

    def bilingual(self) -> dict[str, str]:
        return {"vi": self.text("vi"), "en": self.text("en")}

    def __str__(self) -> str:
        both = self.bilingual()
        if both["vi"] == both["en"]:
            return both["vi"]
        return f"{both['vi']} / {both['en']}"


class PermissionDeniedError(DomainError):
    status = 403
    code = "forbidden"


class NotFoundError(DomainError):
    status = 404
    code = "not_found"


class ConflictError(DomainError):
    status = 409
    code = "conflict"


class PreconditionFailedError(DomainError):
    """The request's If-Match names a version that is no longer the current one."""

    status = 412
    code = "precondition_failed"
