"""The playlist a device fetches: programme order, gaps, emergencies preempting, repeats,
clusters, withdrawn bulletins."""

from __future__ import annotations

import datetime as dt
import hashlib

from tincoso.broadcast.stations import inbox, playlist, programmes
from tincoso.broadcast.stations.models import Station
from tincoso.broadcast.stations.tests.conftest import MONDAY, MakeBulletin, at
from tincoso.core import clock
from tincoso.units.models import Unit

H = dt.timedelta(hours=1)


def _fill_morning(tree: dict[str, Unit], station: Station, make: MakeBulletin) -> None:
    morning = programmes.programme_for(station.slots.get(start=dt.time(6)), MONDAY)
    programmes.add_entry(None, morning, make(tree["commune"], seconds=60, title="Tin xã"))
    inbox.accept(None, inbox.offer(None, make(tree["province"], seconds=30,
                                              title="Tin tỉnh thường"), "normal")[0])
    inbox.offer(None, make(tree["province"], seconds=120, title="Tin tỉnh ưu tiên"), "priority")


def test_programme_plays_priority_first_then_own_then_accepted_with_gaps(
    tree: dict[str, Unit], station: Station, make_bulletin: MakeBulletin
) -> None:
    _fill_morning(tree, station, make_bulletin)
    plays = playlist.playlist(station, at(5), 2 * H)
    assert [(p.title, p.start, p.priority, p.own) for p in plays] == [
        ("Tin tỉnh ưu tiên", at(6), "priority", False),
        ("Tin xã", at(6, 2, 5), "normal", True),
        ("Tin tỉnh thường", at(6, 3, 10), "normal", False),
    ]
    assert plays[0].source == "province" and plays[0].kind == "programme"
    assert plays[0].start.tzinfo is not None and plays[0].start.utcoffset() == 7 * H


def test_the_checksum_is_that_of_the_audio_file(
    tree: dict[str, Unit], station: Station, make_bulletin: MakeBulletin
) -> None:
    bulletin = make_bulletin(tree["commune"])
    inbox.add_schedule(None, station, bulletin, "normal", at(9))
    [play] = playlist.playlist(station, at(5), 6 * H)
    with bulletin.audio.open("rb") as handle:
        assert play.audio_sha256 == hashlib.sha256(handle.read()).hexdigest()
    assert play.as_dict()["start"] == "2030-03-04T09:00:00+07:00"


def test_an_emergency_preempts_what_plays_and_the_cut_bulletin_plays_again_after(
    tree: dict[str, Unit], station: Station, make_bulletin: MakeBulletin
) -> None:
    _fill_morning(tree, station, make_bulletin)
    clock.set(at(6, 1))  # one minute into "Tin tỉnh ưu tiên" (120 s)
    inbox.offer(None, make_bulletin(tree["province"], seconds=90, title="Khẩn"), "emergency")
    plays = playlist.playlist(station, at(6, 1), H)
    assert [(p.title, p.start) for p in plays] == [
        ("Khẩn", at(6, 1)),
        ("Tin tỉnh ưu tiên", at(6, 2, 30)),
        ("Tin xã", at(6, 4, 35)),
        ("Tin tỉnh thường", at(6, 5, 40)),
    ]


def test_emergencies_play_in_order_of_offer_one_after_another(
    tree: dict[str, Unit], station: Station, make_bulletin: MakeBulletin
) -> None:
    inbox.offer(None, make_bulletin(tree["province"], seconds=40, title="Khẩn 1"), "emergency")
    clock.set(at(5, 0, 10))
    inbox.offer(None, make_bulletin(tree["province"], seconds=40, title="Khẩn 2"), "emergency",
                start=at(5))
    plays = playlist.playlist(station, at(5), H)
    assert [(p.title, p.start) for p in plays] == [("Khẩn 1", at(5)), ("Khẩn 2", at(5, 0, 40))]


def test_repeated_emergency_appears_every_two_hours(
    tree: dict[str, Unit], station: Station, make_bulletin: MakeBulletin
) -> None:
    inbox.offer(None, make_bulletin(tree["province"], seconds=60), "emergency",
                start=at(8), every_minutes=120, until=at(20))
    starts = [p.start for p in playlist.playlist(station, at(5), 24 * H)]
    assert starts == [at(h) for h in range(8, 21, 2)]


def test_a_cluster_plays_only_what_was_offered_to_it_and_an_inactive_one_nothing(
    tree: dict[str, Unit], station: Station, make_bulletin: MakeBulletin
) -> None:
    inbox.offer(None, make_bulletin(tree["village"], title="Tin bản"), "emergency")
    village_cluster = station.clusters.get(village=tree["village"])
    centre = station.clusters.get(group="Trung tâm")
    assert [p.title for p in playlist.playlist(village_cluster, at(5), H)] == ["Tin bản"]
    assert playlist.playlist(centre, at(5), H) == []
    assert [p.title for p in playlist.playlist(station, at(5), H)] == ["Tin bản"]
    village_cluster.active = False
    village_cluster.save()
    assert playlist.playlist(village_cluster, at(5), H) == []


def test_a_withdrawn_bulletin_drops_out_and_a_cancelled_schedule_stops(
    tree: dict[str, Unit], station: Station, make_bulletin: MakeBulletin
) -> None:
    gone = make_bulletin(tree["commune"], title="Gỡ")
    stays = make_bulletin(tree["commune"], title="Còn")
    inbox.add_schedule(None, station, gone, "normal", at(9))
    schedule = inbox.add_schedule(None, station, stays, "normal", at(10), 60, at(13))
    gone.status = "withdrawn"
    gone.save()
    clock.set(at(11, 30))
    inbox.cancel_schedule(None, schedule)
    titles = [(p.title, p.start) for p in playlist.playlist(station, at(5), 12 * H)]
    assert titles == [("Còn", at(10)), ("Còn", at(11))]


def test_the_horizon_and_running_plays(
    tree: dict[str, Unit], station: Station, make_bulletin: MakeBulletin
) -> None:
    _fill_morning(tree, station, make_bulletin)
    # At 06:01 the first bulletin is still running; a 2-minute horizon sees one more.
    plays = playlist.playlist(station, at(6, 1), dt.timedelta(minutes=2))
    assert [p.title for p in plays] == ["Tin tỉnh ưu tiên", "Tin xã"]
    assert playlist.playlist(station, at(7), H) == []
