"""The app's language form and the portal's language link set one and the same cookie."""

from __future__ import annotations

from typing import Any

from django.test import Client

ATTRIBUTES = ("max-age", "httponly", "samesite", "secure", "path")


def _cookie(response: Any) -> dict[str, Any]:
    morsel = response.cookies["django_language"]
    return {"value": morsel.value, **{name: morsel[name] for name in ATTRIBUTES}}


def test_both_switches_set_the_same_cookie_and_refuse_other_sites(db: Any) -> None:
    form = Client().post("/language/", {"language": "en", "next": "/chu-de/x/"})
    link = Client().get("/ngon-ngu/en/", {"next": "/chu-de/x/"})
    assert form["Location"] == link["Location"] == "/chu-de/x/"
    assert _cookie(form) == _cookie(link)
    assert _cookie(form)["value"] == "en" and _cookie(form)["max-age"] == 365 * 24 * 3600
    assert _cookie(form)["httponly"] and _cookie(form)["samesite"] == "Lax"
    hostile = Client().post("/language/", {"language": "en", "next": "https://evil.example/"})
    assert hostile["Location"] == "/"
    assert "django_language" not in Client().post("/language/", {"language": "xx"}).cookies
