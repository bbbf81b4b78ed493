"""Log-in security: lockout, CSRF, sessions, and password reset over real SMTP."""

from __future__ import annotations

import re
import socket
from collections.abc import Iterator
from email import message_from_bytes
from email.message import Message
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from django.conf import settings
from django.test import Client
from django.urls import reverse

from tincoso.conftest import PASSWORD, make_user


def test_an_account_is_locked_after_repeated_failures(db: Any) -> None:
    make_user("victim")
    client = Client()
    statuses = [
        client.post(reverse("login"), {"username": "victim", "password": "wrong"}).status_code
        for _ in range(settings.AXES_FAILURE_LIMIT)
    ]
    assert statuses[:-1] == [200] * (settings.AXES_FAILURE_LIMIT - 1)
    locked = client.post(reverse("login"), {"username": "victim", "password": PASSWORD})
    assert locked.status_code == 429
    body = locked.content.decode()
    # In the reader's language only.
    assert "tạm khóa" in body and "locked" not in body
    english = Client(headers={"accept-language": "en"})
    english.post(reverse("login"), {"username": "victim", "password": PASSWORD})
    assert "This account is locked" in english.post(
        reverse("login"), {"username": "victim", "password": PASSWORD}
    ).content.decode()
    assert "_auth_user_id" not in client.session


def test_a_correct_password_logs_in(db: Any) -> None:
    make_user("someone")
    client = Client()
    response = client.post(reverse("login"), {"username": "someone", "password": PASSWORD})
    assert response.status_code == 302
    assert client.get(reverse("dashboard")).status_code == 200


def test_log_in_without_a_csrf_token_is_refused(db: Any) -> None:
    make_user("someone")
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("login"), {"username": "someone", "password": PASSWORD})
    assert response.status_code == 403


def test_sessions_end_when_idle_and_when_the_browser_closes() -> None:
    assert settings.SESSION_COOKIE_AGE <= 8 * 3600
    assert settings.SESSION_SAVE_EVERY_REQUEST
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE
    assert settings.SESSION_COOKIE_HTTPONLY


class Inbox:
    def __init__(self) -> None:
        self.messages: list[Message] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.messages.append(message_from_bytes(envelope.content))
        return "250 OK"


@pytest.fixture
def smtp_server() -> Iterator[tuple[int, Inbox]]:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield port, inbox
    finally:
        controller.stop()


def test_password_reset_goes_through_a_real_smtp_server(
    db: Any, settings: Any, smtp_server: tuple[int, Inbox]
) -> None:
    port, inbox = smtp_server
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    make_user("forgetful")
    client = Client()
    response = client.post(reverse("password_reset"), {"email": "forgetful@example.invalid"})
    assert response.status_code == 302
    assert len(inbox.messages) == 1
    mail = inbox.messages[0]
    assert mail["To"] == "forgetful@example.invalid"
    body = mail.get_payload(decode=True).decode()  # type: ignore[union-attr]
    link = re.search(r"http://testserver(/accounts/reset/\S+/)", body)
    assert link, body
    form = client.get(link.group(1), follow=True)
    assert form.status_code == 200
    new_password = "Một-mật-khẩu-mới-2026"
    done = client.post(
        form.redirect_chain[-1][0], {"new_password1": new_password, "new_password2": new_password}
    )
    assert done.status_code == 302
    fresh = Client()
    fresh.post(reverse("login"), {"username": "forgetful", "password": new_password})
    assert "_auth_user_id" in fresh.session


def test_password_reset_for_an_unknown_address_sends_nothing_and_says_the_same(
    db: Any, settings: Any, smtp_server: tuple[int, Inbox]
) -> None:
    port, inbox = smtp_server
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    response = Client().post(reverse("password_reset"), {"email": "nobody@example.invalid"})
    assert response.status_code == 302
    assert inbox.messages == []


@pytest.mark.parametrize(
    ("language", "title", "wrong"),
    [("vi", "Đặt mật khẩu mới", "thành công"), ("en", "Set a new password", "successful")],
)
def test_an_invalid_reset_link_says_so_and_is_not_titled_a_success(
    db: Any, language: str, title: str, wrong: str
) -> None:
    response = Client().get(
        "/accounts/reset/MQ/not-a-token/", follow=True, HTTP_ACCEPT_LANGUAGE=language
    )
    assert response.status_code == 200
    page = response.content.decode()
    heading = re.search(r"<title>(.*?)</title>", page, re.S)
    assert heading is not None and title in heading.group(1)
    assert wrong not in heading.group(1).lower() and "Django" not in heading.group(1)
    assert 'role="alert"' in page and 'name="new_password1"' not in page
