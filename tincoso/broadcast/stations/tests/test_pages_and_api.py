"""The pages and the API drive the same services: an operator's day, and bad input."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from tincoso.broadcast.stations import inbox, programmes
from tincoso.broadcast.stations.models import Cluster, Offer, Schedule, Station
from tincoso.broadcast.stations.tests.conftest import MONDAY, MakeBulletin, at
from tincoso.units.models import Unit


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_an_operator_runs_a_day_from_the_pages(
    tree: dict[str, Unit], station: Station, commune_editor: Any, make_bulletin: MakeBulletin
) -> None:
    client = _client(commune_editor)
    own = make_bulletin(tree["commune"], title="Tin xã")
    slot = station.slots.get(start=dt.time(6))
    url = reverse("station-entry-add", args=[station.pk])
    got = client.post(url, {"slot": slot.pk, "date": MONDAY.isoformat(), "bulletin": own.pk})
    assert got.status_code == 302
    [normal] = inbox.offer(None, make_bulletin(tree["province"], title="Tin tỉnh"), "normal")
    [other] = inbox.offer(None, make_bulletin(tree["province"], title="Tin khác"), "normal")
    page = client.get(reverse("station-inbox", args=[station.pk]))
    assert page.status_code == 200 and "Tin tỉnh" in page.content.decode()
    decide = reverse("station-offer-decide", args=[station.pk, normal.pk])
    assert client.post(decide, {"decision": "accept"}).status_code == 302
    decide = reverse("station-offer-decide", args=[station.pk, other.pk])
    assert client.post(decide, {"decision": "decline", "reason": ""}).status_code == 400
    assert client.post(decide, {"decision": "decline", "reason": "Đã phát"}).status_code == 302
    assert Offer.objects.get(pk=other.pk).reason == "Đã phát"
    programme = programmes.programme_for(slot, MONDAY)
    last = programmes.ordered(programme)[-1]
    move = reverse("station-entry-move", args=[station.pk, last.pk])
    assert client.post(move, {"step": "-1"}).status_code == 302
    assert [e.bulletin.title for e in programmes.ordered(programme)] == ["Tin tỉnh", "Tin xã"]
    assert client.post(move, {"step": "abc"}).status_code == 400
    page = client.get(reverse("station-programme", args=[station.pk]) + "?date=2030-03-04")
    assert page.status_code == 200 and "Tin tỉnh" in page.content.decode()
    detail = client.get(reverse("station-detail", args=[station.pk])).content.decode()
    assert "Tin tỉnh" in detail and "Cụm loa Nà Khum" in detail
    got = client.post(reverse("station-schedule-add", args=[station.pk]), {
        "bulletin": own.pk, "priority": "normal", "starts_at": "2030-03-04T08:00",
        "every_minutes": "120", "until": "2030-03-04T20:00"})
    assert got.status_code == 302
    schedule = Schedule.objects.get()
    assert len(inbox.expand(schedule)) == 7 and schedule.starts_at == at(8)
    page = client.get(reverse("station-schedules", args=[station.pk]))
    assert page.status_code == 200
    assert client.get(reverse("station-list") + "?group=Bản").status_code == 200


def test_bad_page_input_changes_nothing(
    station: Station, commune_editor: Any
) -> None:
    client = _client(commune_editor)
    url = reverse("station-slot-save", args=[station.pk])
    for bad in ({"weekdays": ["0"], "start": "25:00", "end": "26:00"},
                {"weekdays": ["9"], "start": "08:00", "end": "09:00"}):
        assert client.post(url, bad).status_code == 400
    assert station.slots.count() == 2
    url = reverse("station-cluster-save", args=[station.pk])
    assert client.post(url, {"name": "Cụm", "latitude": "95", "longitude": "1"}).status_code == 400
    assert Cluster.objects.count() == 2
    page = reverse("station-programme", args=[station.pk])
    assert client.get(page + "?date=x").status_code == 400


def test_the_api_serves_the_playlist_and_refuses_bad_input_in_both_languages(
    tree: dict[str, Unit], station: Station, commune_editor: Any, make_bulletin: MakeBulletin
) -> None:
    client = _client(commune_editor)
    inbox.add_schedule(None, station, make_bulletin(tree["commune"], title="Tin 9 giờ"),
                       "normal", at(9))
    got = client.get(f"/api/broadcast/stations/{station.pk}/playlist/",
                     {"at": "2030-03-04T05:00:00+07:00", "hours": "6"})
    assert got.status_code == 200
    [play] = got.json()
    assert play["start"] == "2030-03-04T09:00:00+07:00" and len(play["audio_sha256"]) == 64
    cluster = station.clusters.first()
    got = client.get(f"/api/broadcast/clusters/{cluster.pk}/playlist/",
                     {"at": "2030-03-04T05:00:00+07:00"})
    assert got.status_code == 200 and len(got.json()) == 1
    for params in ({"at": "2030-03-04T05:00:00"}, {"at": "bogus"}, {"hours": "0"},
                   {"hours": "99999"}):
        got = client.get(f"/api/broadcast/stations/{station.pk}/playlist/", params)
        assert got.status_code == 400 and got.json()["detail_en"], params
    got = client.post("/api/broadcast/slots/", {"station": station.pk, "weekdays": "0",
                                                "start": "06:10", "end": "06:20"},
                      content_type="application/json")
    assert got.status_code == 409 and got.json()["detail_en"] != got.json()["detail"]
    got = client.post("/api/broadcast/clusters/", {"station": station.pk, "name": "C",
                                                   "latitude": "1", "longitude": "999"},
                      content_type="application/json")
    assert got.status_code == 400
    [offer] = inbox.offer(None, make_bulletin(tree["province"]), "normal")
    got = client.post(f"/api/broadcast/offers/{offer.pk}/decline/", {"reason": ""},
                      content_type="application/json")
    assert got.status_code == 400
    got = client.post(f"/api/broadcast/offers/{offer.pk}/accept/", {},
                      content_type="application/json")
    assert got.status_code == 200 and got.json()["status"] == "accepted"
    got = client.get(f"/api/broadcast/stations/{station.pk}/programme/",
                     {"date": "2030-03-04", "slot": station.slots.get(start=dt.time(6)).pk})
    assert [e["bulletin"] for e in got.json()] == [offer.bulletin_id]
    schema = client.get("/api/schema/")
    assert schema.status_code == 200 and b"/api/broadcast/stations/{id}/playlist/" in schema.content


def test_the_demo_loads_stations_twice_without_duplicates(db: Any) -> None:
    from tincoso.broadcast.stations.demo import load_demo
    from tincoso.units.demo import load_demo as load_units

    load_units()
    load_demo()
    load_demo()
    assert Station.objects.count() == 12
    for station in Station.objects.all():
        assert 2 <= station.clusters.count() <= 4 and station.slots.count() == 2
        for c in station.clusters.all():
            assert 21.5 < c.latitude < 23 and 102.3 < c.longitude < 104


def test_the_inbox_links_a_placed_priority_bulletin_to_its_programme_for_reordering(
    tree: dict[str, Unit], station: Station, commune_editor: Any, make_bulletin: MakeBulletin
) -> None:
    inbox.offer(None, make_bulletin(tree["province"], title="Ưu tiên tỉnh"), "priority")
    page = _client(commune_editor).get(reverse("station-inbox", args=[station.pk]))
    link = reverse("station-programme", args=[station.pk]) + "?date=2030-03-04"
    assert link in page.content.decode()
    detail = _client(commune_editor).get(reverse("station-detail", args=[station.pk]))
    assert "Ưu tiên tỉnh" in detail.content.decode() and 'data-priority="priority"' in \
        detail.content.decode()


def test_the_api_builds_a_programme_and_a_schedule(
    tree: dict[str, Unit], commune_editor: Any, make_bulletin: MakeBulletin, commune2: Unit
) -> None:
    client = _client(commune_editor)
    json = "application/json"
    got = client.post("/api/broadcast/stations/", {"unit": "commune", "name": "Đài xã"},
                      content_type=json)
    assert got.status_code == 201
    station_id = got.json()["id"]
    got = client.post("/api/broadcast/stations/", {"unit": "commune-2", "name": "Đài khác"},
                      content_type=json)
    assert got.status_code == 403
    got = client.post("/api/broadcast/slots/", {"station": station_id, "weekdays": "0123456",
                                                "start": "06:00", "end": "06:30"},
                      content_type=json)
    assert got.status_code == 201
    slot_id = got.json()["id"]
    first, second = (make_bulletin(tree["commune"], title=t) for t in ("Một", "Hai"))
    url = f"/api/broadcast/slots/{slot_id}/programme/2030-03-04/"
    ids = [client.post(url, {"bulletin": b.pk}, content_type=json).json()["id"]
           for b in (first, second)]
    got = client.post(f"/api/broadcast/entries/{ids[1]}/move/", {"step": -1}, content_type=json)
    assert [e["title"] for e in got.json()] == ["Hai", "Một"]
    assert client.post(f"/api/broadcast/entries/{ids[1]}/move/", {"step": 5},
                       content_type=json).status_code == 400
    assert client.delete(f"/api/broadcast/entries/{ids[0]}/").status_code == 204
    got = client.post("/api/broadcast/schedules/", {
        "station": station_id, "bulletin": first.pk, "priority": "emergency",
        "starts_at": "2030-03-04T08:00:00+07:00", "every_minutes": 120,
        "until": "2030-03-04T20:00:00+07:00"}, content_type=json)
    assert got.status_code == 201 and len(got.json()["times"]) == 7
    schedule_id = got.json()["id"]
    got = client.post(f"/api/broadcast/schedules/{schedule_id}/cancel/", content_type=json)
    assert got.status_code == 200 and got.json()["cancelled_at"]
    got = client.get(f"/api/broadcast/stations/{station_id}/playlist/",
                     {"at": "2030-03-04T05:00:00+07:00"})
    assert [p["title"] for p in got.json()] == ["Hai"]


def test_a_guiding_board_offers_and_stops_an_emergency_from_its_pages_and_the_api(
    station: Station, guiding_board: Unit, make_bulletin: MakeBulletin
) -> None:
    from tincoso.conftest import person_with
    from tincoso.units.models import Role

    client = _client(person_with(Role.EDITOR, guiding_board))
    bulletin = make_bulletin(guiding_board, title="Lũ quét")
    url = reverse("station-offer")
    assert "Lũ quét" in client.get(url).content.decode()
    assert client.post(url, {"bulletin": bulletin.pk, "priority": "bogus"}).status_code == 400
    assert client.post(url, {"bulletin": bulletin.pk, "priority": "emergency"}).status_code == 302
    assert Offer.objects.get(bulletin=bulletin).status == "scheduled"
    assert 'id="running"' in client.get(url).content.decode()
    assert client.post(url, {"stop": bulletin.pk}).status_code == 302
    assert Schedule.objects.get().cancelled_at is not None
    got = client.post("/api/broadcast/offers/stop/", {"bulletin": bulletin.pk},
                      content_type="application/json")
    assert got.status_code == 409 and got.json()["detail_en"]


def test_a_refused_entry_leaves_no_empty_programme_behind(
    tree: dict[str, Unit], station: Station, commune_editor: Any, make_bulletin: MakeBulletin
) -> None:
    from tincoso.broadcast.stations.models import Programme

    client = _client(commune_editor)
    slot = station.slots.first()
    draft = make_bulletin(tree["commune"], status="draft")
    for day in ("2030-03-05", "2099-01-01"):
        got = client.post(f"/api/broadcast/slots/{slot.pk}/programme/{day}/",
                          {"bulletin": draft.pk}, content_type="application/json")
        assert got.status_code == 400
    got = client.post(reverse("station-entry-add", args=[station.pk]),
                      {"slot": slot.pk, "date": "2030-03-05", "bulletin": draft.pk})
    assert got.status_code == 400
    assert not Programme.objects.exists()


def test_an_operator_edits_a_slot_from_the_page_and_a_clash_changes_nothing(
    station: Station, commune_editor: Any
) -> None:
    client = _client(commune_editor)
    morning = station.slots.get(start=dt.time(6))
    detail = client.get(reverse("station-detail", args=[station.pk])).content.decode()
    assert f'data-slot="{morning.pk}"' in detail and 'value="06:30"' in detail
    url = reverse("station-slot-save", args=[station.pk])
    got = client.post(url, {"slot": morning.pk, "weekdays": ["0", "2", "4"], "start": "05:30",
                            "end": "06:15"})
    assert got.status_code == 302 and station.slots.count() == 2
    morning.refresh_from_db()
    assert (morning.weekdays, morning.start, morning.end) == ("024", dt.time(5, 30),
                                                              dt.time(6, 15))
    clash = {"slot": morning.pk, "weekdays": ["0"], "start": "16:45", "end": "17:10"}
    assert client.post(url, clash).status_code in (400, 409)
    morning.refresh_from_db()
    assert morning.start == dt.time(5, 30)
    assert client.post(url, {**clash, "slot": 999_999}).status_code == 404


def test_the_operator_accepts_an_offer_into_a_chosen_programme(
    tree: dict[str, Unit], station: Station, commune_editor: Any, make_bulletin: MakeBulletin
) -> None:
    client = _client(commune_editor)
    [offer] = inbox.offer(None, make_bulletin(tree["province"], title="Tin tỉnh"), "normal")
    evening = station.slots.get(start=dt.time(17))
    tuesday = MONDAY + dt.timedelta(days=1)
    page = client.get(reverse("station-inbox", args=[station.pk])).content.decode()
    assert f'value="{evening.pk}:{tuesday:%Y-%m-%d}"' in page
    decide = reverse("station-offer-decide", args=[station.pk, offer.pk])
    for bad in ("x:2030-03-05", f"{evening.pk}:tomorrow", "999999:2030-03-05"):
        assert client.post(decide, {"decision": "accept", "when": bad}).status_code in (400, 404)
    assert Offer.objects.get(pk=offer.pk).status == Offer.Status.PENDING
    got = client.post(decide, {"decision": "accept", "when": f"{evening.pk}:{tuesday:%Y-%m-%d}"})
    assert got.status_code == 302
    assert Offer.objects.get(pk=offer.pk).status == Offer.Status.ACCEPTED
    programme = programmes.programme_for(evening, tuesday)
    assert [e.bulletin.title for e in programmes.ordered(programme)] == ["Tin tỉnh"]


def test_an_offer_cannot_go_into_a_programme_that_is_over_or_does_not_run_that_day(
    tree: dict[str, Unit], station: Station, make_bulletin: MakeBulletin, commune_editor: Any
) -> None:
    from tincoso.broadcast.stations.services import StationError

    [offer] = inbox.offer(None, make_bulletin(tree["province"]), "normal")
    morning = station.slots.get(start=dt.time(6))
    yesterday = MONDAY - dt.timedelta(days=1)
    with pytest.raises(StationError):
        inbox.accept(commune_editor, offer, morning.pk, yesterday)  # over
    morning.weekdays = "0"  # Mondays only
    morning.save()
    with pytest.raises(StationError) as caught:
        inbox.accept(commune_editor, offer, morning.pk, MONDAY + dt.timedelta(days=1))
    assert caught.value.bilingual()["en"] != caught.value.bilingual()["vi"]
    assert Offer.objects.get(pk=offer.pk).status == Offer.Status.PENDING
