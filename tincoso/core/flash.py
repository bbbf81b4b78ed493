"""A domain error met by a page: shown to the reader as a message, unless it is a refusal.

The idiom every form-posting view uses::

    with shown_as_message(request):
        services.approve(request.user, item)
        messages.success(request, _("Đã duyệt."))
    return redirect(...)

A :class:`~tincoso.core.errors.DomainError` inside the block becomes an error message
(in the active language) and the block stops; a refusal (status 403) is raised on, so
the user gets the 403 page, unless ``refusal_too`` says the page explains it itself.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from django.contrib import messages
from django.http import HttpRequest

from tincoso.core.errors import DomainError


@dataclass
class Outcome:
    error: DomainError | None = None

    @property
    def failed(self) -> bool:
        return self.error is not None


@contextmanager
def shown_as_message(request: HttpRequest, *, refusal_too: bool = False) -> Iterator[Outcome]:
    outcome = Outcome()
    try:
        yield outcome
    except DomainError as exc:
        if exc.status == 403 and not refusal_too:
            raise
        messages.error(request, exc.text())
        outcome.error = exc
