"""The client's address through trusted proxies, the lockout keyed on it, and the
per-account ceiling that slows guesses without locking the account's owner out."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from django.test import Client, RequestFactory
from django.urls import reverse

from tincoso.conftest import PASSWORD, make_user
from tincoso.core import clock
from tincoso.core.clientip import client_address
from tincoso.core.tests.test_settings import run_manage


def address(remote: str, forwarded: str | None = None) -> str | None:
    extra = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded is not None else {}
    return client_address(RequestFactory().get("/", REMOTE_ADDR=remote, **extra))


def test_a_direct_client_cannot_choose_its_address_with_a_header() -> None:
    assert address("203.0.113.5", "198.51.100.1") == "203.0.113.5"


def test_behind_the_local_proxy_the_address_it_appended_counts_not_what_the_client_wrote(
) -> None:  # fmt: skip
    assert address("127.0.0.1", "198.51.100.7") == "198.51.100.7"
    # A client's own X-Forwarded-For comes first; nginx appends the real address last.
    assert address("127.0.0.1", "6.6.6.6, 198.51.100.7") == "198.51.100.7"
    assert address("::1", "2001:db8::7") == "2001:db8::7"
    assert address("127.0.0.1", "not-an-address") == "127.0.0.1"
    assert address("127.0.0.1") == "127.0.0.1"
    assert address("") is None  # no address at all (a request made up in code)


def test_a_chain_of_configured_proxies_is_walked_from_the_right(settings: Any) -> None:
    settings.TRUSTED_PROXIES = ["10.0.0.0/8"]
    assert address("10.0.0.2", "6.6.6.6, 198.51.100.7, 10.0.0.9") == "198.51.100.7"
    assert address("127.0.0.1", "198.51.100.7") == "127.0.0.1"  # loopback no longer trusted
    settings.TRUSTED_PROXIES = []
    assert address("127.0.0.1", "198.51.100.7") == "127.0.0.1"


def test_a_bad_trusted_proxy_setting_fails_loudly(tmp_path: Path) -> None:
    result = run_manage({"TRUSTED_PROXIES": "10.0.0.0/8,nginx-box"}, "check", tmp=tmp_path)
    assert result.returncode != 0 and "TRUSTED_PROXIES" in result.stderr


def log_in(username: str, password: str, ip: str) -> Any:
    """A log-in through the same-host nginx: REMOTE_ADDR is loopback for everyone."""
    return Client().post(
        reverse("login"),
        {"username": username, "password": password},
        REMOTE_ADDR="127.0.0.1",
        HTTP_X_FORWARDED_FOR=ip,
    )


@pytest.mark.django_db
def test_a_stranger_behind_the_proxy_locks_only_themself_out(settings: Any) -> None:
    """GIVEN nginx in front (every request from 127.0.0.1) WHEN a stranger fails
    the victim's password until locked THEN the victim, from home, still logs in."""
    make_user("victim")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        log_in("victim", "wrong-guess", "198.51.100.66")
    assert log_in("victim", PASSWORD, "198.51.100.66").status_code == 429
    assert log_in("victim", PASSWORD, "203.0.113.10").status_code == 302


@pytest.mark.django_db
def test_guesses_spread_over_many_addresses_are_slowed_not_locked(settings: Any) -> None:
    """GIVEN a guesser who never uses an address twice WHEN the account passes its
    ceiling THEN every try must wait (even with the right password, unchecked), the
    waits grow, and after the wait the owner logs in: nobody is locked out."""
    settings.LOGIN_ACCOUNT_CEILING = 6
    clock.set(dt.datetime(2026, 5, 1, 8, 0, tzinfo=dt.UTC))
    make_user("official")
    for n in range(6):
        assert log_in("official", "wrong", f"198.51.100.{n + 1}").status_code == 200
    slowed = log_in("official", PASSWORD, "203.0.113.10")
    assert slowed.status_code == 429
    assert "thử lại sau 2 giây" in slowed.content.decode()
    assert "_auth_user_id" not in slowed.client.session
    # The next guess after the wait doubles it.
    clock.set(dt.datetime(2026, 5, 1, 8, 0, 3, tzinfo=dt.UTC))
    assert log_in("official", "wrong", "198.51.100.50").status_code == 200
    english = Client().post(
        reverse("login"), {"username": "OFFICIAL", "password": PASSWORD},
        REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.10", HTTP_ACCEPT_LANGUAGE="en",
    )  # fmt: skip
    assert english.status_code == 429 and "try again in 4 seconds" in english.content.decode()
    # After the wait, the owner gets in.
    clock.set(dt.datetime(2026, 5, 1, 8, 0, 8, tzinfo=dt.UTC))
    assert log_in("official", PASSWORD, "203.0.113.10").status_code == 302


@pytest.mark.django_db
def test_the_api_token_endpoint_is_slowed_too(settings: Any) -> None:
    settings.LOGIN_ACCOUNT_CEILING = 2
    clock.set(dt.datetime(2026, 5, 1, 8, 0, tzinfo=dt.UTC))
    make_user("robot")
    for n in range(2):
        log_in("robot", "wrong", f"198.51.100.{n + 1}")
    token = Client().post(
        "/api/auth/token/", {"username": "robot", "password": PASSWORD}, REMOTE_ADDR="192.0.2.1"
    )
    assert token.status_code == 400 and "token" not in token.json()
    clock.set(dt.datetime(2026, 5, 1, 8, 1, tzinfo=dt.UTC))
    token = Client().post(
        "/api/auth/token/", {"username": "robot", "password": PASSWORD}, REMOTE_ADDR="192.0.2.1"
    )
    assert token.status_code == 200 and token.json()["token"]
