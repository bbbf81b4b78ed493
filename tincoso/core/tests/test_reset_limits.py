"""Password-reset requests are rate limited, per client address and per e-mail typed."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from tincoso.conftest import make_user

pytestmark = pytest.mark.django_db


def ask(email: str, ip: str, language: str = "vi") -> Any:
    return Client().post(
        reverse("password_reset"), {"email": email}, REMOTE_ADDR=ip,
        HTTP_ACCEPT_LANGUAGE=language,
    )  # fmt: skip


def test_one_address_may_ask_five_times_an_hour_then_gets_a_429_and_sends_nothing() -> None:
    make_user("forgetful")
    for n in range(5):
        assert ask(f"person{n}@example.invalid", "203.0.113.9").status_code == 302
    refused = ask("forgetful@example.invalid", "203.0.113.9")
    assert refused.status_code == 429 and "quá nhiều yêu cầu" in refused.content.decode()
    assert mail.outbox == []
    english = ask("forgetful@example.invalid", "203.0.113.9", "en")
    assert english.status_code == 429 and "too many password reset" in english.content.decode()
    # Someone else is not affected.
    assert ask("forgetful@example.invalid", "198.51.100.4").status_code == 302
    assert len(mail.outbox) == 1


def test_one_mailbox_gets_at_most_three_reset_mails_an_hour_from_anywhere() -> None:
    make_user("target")
    for n in range(3):
        assert ask("target@example.invalid", f"198.51.100.{n + 1}").status_code == 302
    assert ask("TARGET@example.invalid", "198.51.100.9").status_code == 429
    assert len(mail.outbox) == 3
