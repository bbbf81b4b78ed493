"""What partner systems pull: the Atom feeds of active alerts (an exercise only in
its own feed), the signed CAP message and the page in Vietnamese."""

from __future__ import annotations

from typing import Any

import feedparser
from django.test import Client

from tincoso.alerts import services, signing
from tincoso.alerts.tests.conftest import composed, sent
from tincoso.units.models import Unit


def _feed(url: str) -> Any:
    response = Client().get(url)
    assert response.status_code == 200
    return feedparser.parse(response.content)


def test_the_actual_feed_lists_active_real_alerts_with_their_cap_links(
    tree: dict[str, Unit], people: dict[str, Any]
) -> None:
    alert = sent(tree, people)
    sent(tree, people, status="Exercise")
    composed(tree, people)  # a draft: never published
    feed = _feed("/canh-bao/feed.atom")
    assert [e.title for e in feed.entries] == [alert.headline]
    links = {link.rel: link.href for link in feed.entries[0].links}
    assert links["alternate"].endswith(f"/canh-bao/{alert.identifier}.xml")
    assert links["related"].endswith(f"/canh-bao/{alert.identifier}/")


def test_an_exercise_is_only_in_the_exercise_feed_marked_dien_tap(
    tree: dict[str, Unit], people: dict[str, Any]
) -> None:
    exercise = sent(tree, people, status="Exercise")
    assert _feed("/canh-bao/feed.atom").entries == []
    entries = _feed("/canh-bao/dien-tap/feed.atom").entries
    assert [e.title for e in entries] == [f"DIỄN TẬP: {exercise.headline}"]
    assert _feed("/canh-bao/thu-nghiem/feed.atom").entries == []


def test_a_cancelled_alert_leaves_the_feed(tree: dict[str, Unit], people: dict[str, Any]) -> None:
    services.cancel(people["editor"], sent(tree, people))
    assert _feed("/canh-bao/feed.atom").entries == []


def test_the_cap_url_serves_the_signed_message_and_a_draft_is_not_found(
    tree: dict[str, Unit], people: dict[str, Any]
) -> None:
    alert = sent(tree, people)
    response = Client().get(f"/canh-bao/{alert.identifier}.xml")
    assert response["Content-Type"] == "application/cap+xml"
    signing.verify(response.content)
    draft = composed(tree, people)
    assert Client().get(f"/canh-bao/{draft.identifier}.xml").status_code == 404
    assert Client().get(f"/canh-bao/{draft.identifier}/").status_code == 404


def test_the_public_page_shows_the_alert_and_says_when_it_was_replaced(
    tree: dict[str, Unit], people: dict[str, Any]
) -> None:
    alert = sent(tree, people, status="Exercise")
    page = Client().get(f"/canh-bao/{alert.identifier}/").content.decode()
    assert "DIỄN TẬP" in page and "Di chuyển ngay lên chỗ cao." in page
    cancel = services.cancel(people["editor"], alert)
    page = Client().get(f"/canh-bao/{alert.identifier}/").content.decode()
    assert f"/canh-bao/{cancel.identifier}/" in page
