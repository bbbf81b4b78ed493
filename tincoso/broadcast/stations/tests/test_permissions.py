"""Who may see and operate a station, across units and guidance, written out literally:
the commune's own operators manage it; the parent sees it; a sibling does not; a guiding
board offers bulletins to it but neither sees nor edits it."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from tincoso.broadcast.stations import urls as station_urls
from tincoso.broadcast.stations.models import Cluster, Offer, Station
from tincoso.broadcast.stations.tests.conftest import MakeBulletin
from tincoso.conftest import person_with
from tincoso.units.models import Role, Unit

# persona: (page GET, cluster POST, API GET station, API POST cluster, offer own bulletin)
MATRIX = {
    "operator": (200, 302, 200, 201, 201),
    "officer": (200, 302, 200, 201, 403),
    "parent_viewer": (200, 403, 200, 403, 403),
    "sibling_editor": (403, 403, 404, 403, 201),
    "guiding_editor": (403, 403, 404, 403, 201),
    "outsider": (403, 403, 404, 403, 403),
}


@pytest.fixture
def people(tree: dict[str, Unit], commune2: Unit, guiding_board: Unit) -> dict[str, Any]:
    return {
        "operator": (person_with(Role.EDITOR, tree["commune"]), tree["commune"]),
        "officer": (person_with(Role.OFFICER, tree["commune"]), tree["commune"]),
        "parent_viewer": (person_with(Role.VIEWER, tree["province"]), tree["province"]),
        "sibling_editor": (person_with(Role.EDITOR, commune2), commune2),
        "guiding_editor": (person_with(Role.EDITOR, guiding_board), guiding_board),
        "outsider": (person_with(Role.VIEWER, tree["cell-a"], "outsider-x"), tree["cell-a"]),
    }


@pytest.mark.parametrize("persona", list(MATRIX))
def test_station_permissions_matrix(
    persona: str, people: dict[str, Any], station: Station, station2: Station,
    make_bulletin: MakeBulletin,
) -> None:
    user, own_unit = people[persona]
    page, post, api_get, api_post, offer = MATRIX[persona]
    client = Client()
    client.force_login(user)
    assert client.get(reverse("station-detail", args=[station.pk])).status_code == page
    before = Cluster.objects.count()
    got = client.post(reverse("station-cluster-save", args=[station.pk]), {"name": "Cụm X"})
    assert got.status_code == post
    assert Cluster.objects.count() == before + (1 if post == 302 else 0)
    assert client.get(f"/api/broadcast/stations/{station.pk}/").status_code == api_get
    got = client.post("/api/broadcast/clusters/", {"station": station.pk, "name": "Cụm Y"},
                      content_type="application/json")
    assert got.status_code == api_post
    bulletin = make_bulletin(own_unit)
    got = client.post("/api/broadcast/offers/", {"bulletin": bulletin.pk, "priority": "normal"},
                      content_type="application/json")
    assert got.status_code == offer, got.content
    if offer == 201:
        assert Offer.objects.filter(bulletin=bulletin).exists()


def test_anonymous_is_sent_to_log_in_on_every_station_page(station: Station) -> None:
    client = Client()
    for pattern in station_urls.urlpatterns:
        keys = pattern.pattern.converters.keys()
        url = reverse(pattern.name, kwargs={k: station.pk for k in keys})
        for method in (client.get, client.post):
            got = method(url)
            assert got.status_code == 302 and "/login/" in got["Location"], url
    assert client.get("/api/broadcast/stations/").status_code in (401, 403)


def test_an_outsider_gets_nothing_from_any_station_page(
    station: Station, outsider: Any, make_bulletin: MakeBulletin, tree: dict[str, Unit]
) -> None:
    client = Client()
    client.force_login(outsider)
    offer = Offer.objects.create(bulletin=make_bulletin(tree["province"]), station=station,
                                 source=tree["province"], priority="normal", status="pending",
                                 offered_at=station.created_at)
    for pattern in station_urls.urlpatterns:
        keys = list(pattern.pattern.converters.keys())
        if not keys:
            continue
        kwargs = {k: (offer.pk if k == "offer" else station.slots.first().pk if k == "slot"
                      else station.pk) for k in keys}
        url = reverse(pattern.name, kwargs=kwargs)
        assert client.get(url).status_code in (403, 405), url
        assert client.post(url, {"decision": "accept", "name": "x"}).status_code == 403, url
    offer.refresh_from_db()
    assert offer.status == "pending"
