"""Errors a person can cause.

A :class:`DomainError` carries a message written in Vietnamese through gettext, so
it shows in the user's language: ``str(error)`` is the reader's language only, which
is what pages and messages show. :meth:`DomainError.bilingual` gives the message in
both Vietnamese and English at once, which is what the API and the command line
(:meth:`DomainError.in_both_languages`) print, so a clear error reaches a program or a
terminal whatever its language setting.
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
        """The message in ``language`` (default: the active language). A parameter may
        itself be translatable (a field's name): it is put in that language too."""
        if language is None:
            return self._format()
        with override(language):
            return self._format()

    def _format(self) -> str:
        raw = str(self.message)
        return raw % self.params if self.params else raw

    def bilingual(self) -> dict[str, str]:
        return {"vi": self.text("vi"), "en": self.text("en")}

    def in_both_languages(self) -> str:
        """``Vietnamese / English`` (once when they are the same), for the command line."""
        both = self.bilingual()
        if both["vi"] == both["en"]:
            return both["vi"]
        return f"{both['vi']} / {both['en']}"

    def __str__(self) -> str:
        """The message in the active language only: what a page shows its reader."""
        return self.text()


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
