"""A domain error in a page's block becomes a message; a refusal is raised on."""

from __future__ import annotations

import pytest
from django.contrib.messages import get_messages
from django.contrib.messages.storage.cookie import CookieStorage
from django.http import HttpRequest
from django.test import RequestFactory

from tincoso.core.errors import DomainError, PermissionDeniedError
from tincoso.core.flash import shown_as_message


def _request() -> HttpRequest:
    request = RequestFactory().post("/")
    request._messages = CookieStorage(request)  # type: ignore[attr-defined]
    return request


def test_a_domain_error_becomes_a_message_and_stops_the_block() -> None:
    request = _request()
    with shown_as_message(request) as outcome:
        raise DomainError("Ngày không hợp lệ.")
    assert outcome.failed
    assert [str(m) for m in get_messages(request)] == ["Ngày không hợp lệ."]


def test_a_refusal_is_raised_on_unless_the_page_explains_it() -> None:
    request = _request()
    with pytest.raises(PermissionDeniedError), shown_as_message(request):
        raise PermissionDeniedError("Không có quyền.")
    assert list(get_messages(request)) == []
    with shown_as_message(request, refusal_too=True) as outcome:
        raise PermissionDeniedError("Không có quyền.")
    assert outcome.failed and [str(m) for m in get_messages(request)] == ["Không có quyền."]


def test_a_block_without_error_has_not_failed() -> None:
    with shown_as_message(_request()) as outcome:
        pass
    assert not outcome.failed
