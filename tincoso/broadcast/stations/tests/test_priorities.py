"""The TT 39/2020 rules: relay along the tree and guidance links, normal waits for the
operator, priority goes first in the next programme, emergency plays at once; nothing
unapproved or without audio is offered or scheduled; programmes fit their slots."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from tincoso.broadcast.stations import inbox, programmes
from tincoso.broadcast.stations.models import Entry, Offer, Schedule, Station
from tincoso.broadcast.stations.tests.conftest import MONDAY, MakeBulletin, at
from tincoso.conftest import person_with
from tincoso.core import clock
from tincoso.core.errors import ConflictError, DomainError, PermissionDeniedError
from tincoso.units.models import Role, Unit


def _morning(station: Station) -> Any:
    return programmes.programme_for(station.slots.get(start=dt.time(6, 0)), MONDAY)


def test_a_guiding_board_reaches_the_guided_commune_only(
    station: Station, station2: Station, guiding_board: Unit, make_bulletin: MakeBulletin
) -> None:
    made = inbox.offer(None, make_bulletin(guiding_board), "normal")
    assert [o.station for o in made] == [station]


def test_a_province_offer_reaches_every_station_of_its_subtree(
    tree: dict[str, Unit], station: Station, station2: Station, make_bulletin: MakeBulletin
) -> None:
    made = inbox.offer(None, make_bulletin(tree["province"]), "normal")
    assert {o.station for o in made} == {station, station2}


def test_a_village_offer_reaches_only_its_own_cluster(
    tree: dict[str, Unit], station: Station, make_bulletin: MakeBulletin
) -> None:
    [made] = inbox.offer(None, make_bulletin(tree["village"]), "normal")
    assert [c.name for c in made.clusters.all()] == ["Cụm loa Nà Khum"]


def test_a_commune_may_offer_to_some_of_its_clusters(
    tree: dict[str, Unit], station: Station, station2: Station, make_bulletin: MakeBulletin
) -> None:
    centre = station.clusters.get(group="Trung tâm")
    [made] = inbox.offer(None, make_bulletin(tree["commune"]), "normal", [centre])
    assert list(made.clusters.all()) == [centre]
    other = station2.clusters.create(name="Cụm khác")
    with pytest.raises(DomainError):
        inbox.offer(None, make_bulletin(tree["commune"]), "normal", [other])


@pytest.mark.parametrize("kind", ["draft", "review", "withdrawn", "no-audio"])
def test_unapproved_or_unplayable_bulletins_are_never_offered_or_scheduled(
    kind: str, tree: dict[str, Unit], station: Station, make_bulletin: MakeBulletin
) -> None:
    bulletin = make_bulletin(tree["commune"], status="approved" if kind == "no-audio" else kind,
                             audio=kind != "no-audio")
    for priority in ("normal", "priority", "emergency"):
        with pytest.raises(DomainError):
            inbox.offer(None, bulletin, priority)
    with pytest.raises(DomainError):
        programmes.add_entry(None, _morning(station), bulletin)
    with pytest.raises(DomainError):
        inbox.add_schedule(None, station, bulletin, "normal", at(9))
    assert not Offer.objects.exists() and not Entry.objects.exists()
    assert not Schedule.objects.exists()


def test_normal_waits_then_joins_the_end_of_the_next_programme(
    tree: dict[str, Unit], station: Station, make_bulletin: MakeBulletin
) -> None:
    own = make_bulletin(tree["commune"], title="Tin xã")
    programmes.add_entry(None, _morning(station), own)
    [offer] = inbox.offer(None, make_bulletin(tree["province"], title="Tin tỉnh"), "normal")
    assert offer.status == "pending" and not offer.entries.exists()
    inbox.accept(None, offer)
    offer.refresh_from_db()
    assert offer.status == "accepted"
    assert [e.bulletin.title for e in programmes.ordered(_morning(station))] == [
        "Tin xã", "Tin tỉnh"]


def test_declining_needs_a_reason_and_records_it(
    tree: dict[str, Unit], station: Station, make_bulletin: MakeBulletin
) -> None:
    [offer] = inbox.offer(None, make_bulletin(tree["province"]), "normal")
    with pytest.raises(DomainError):
        inbox.decline(None, offer, "   ")
    offer.refresh_from_db()
    assert offer.status == "pending"
    inbox.decline(None, offer, "Trùng nội dung đã phát")
    offer.refresh_from_db()
    assert (offer.status, offer.reason) == ("declined", "Trùng nội dung đã phát")
    with pytest.raises(ConflictError):
        inbox.accept(None, offer)


def test_priority_goes_first_in_the_next_programme_and_the_operator_orders_it(
    tree: dict[str, Unit], station: Station, make_bulletin: MakeBulletin
) -> None:
    morning = _morning(station)
    programmes.add_entry(None, morning, make_bulletin(tree["commune"], title="Tin xã"))
    own_priority = programmes.add_entry(
        None, morning, make_bulletin(tree["commune"], title="Ưu tiên xã"), priority=True)
    [offer] = inbox.offer(None, make_bulletin(tree["province"], title="Ưu tiên tỉnh"),
                          "priority")
    assert offer.status == "placed"
    titles = [e.bulletin.title for e in programmes.ordered(morning)]
    assert titles == ["Ưu tiên xã", "Ưu tiên tỉnh", "Tin xã"]
    # The operator puts the province's first among the commune's priority bulletins …
    placed = offer.entries.get()
    programmes.move_entry(None, placed, -1)
    assert [e.bulletin.title for e in programmes.ordered(morning)] == [
        "Ưu tiên tỉnh", "Ưu tiên xã", "Tin xã"]
    # … but cannot move it below the ordinary ones, nor drop it.
    programmes.move_entry(None, own_priority, 1)
    assert programmes.ordered(morning)[-1].bulletin.title == "Tin xã"
    with pytest.raises(DomainError):
        programmes.remove_entry(None, placed)
    with pytest.raises(ConflictError):
        inbox.decline(None, offer, "không muốn")


def test_priority_after_the_morning_slot_started_goes_to_the_evening(
    tree: dict[str, Unit], station: Station, make_bulletin: MakeBulletin
) -> None:
    clock.set(at(6, 10))
    [offer] = inbox.offer(None, make_bulletin(tree["province"]), "priority")
    entry = offer.entries.get()
    assert (entry.programme.slot.start, entry.programme.date) == (dt.time(17, 0), MONDAY)


def test_emergency_is_scheduled_at_once_and_repeated(
    tree: dict[str, Unit], station: Station, make_bulletin: MakeBulletin
) -> None:
    [offer] = inbox.offer(None, make_bulletin(tree["province"]), "emergency",
                          every_minutes=120, until=at(5) + dt.timedelta(days=1))
    assert offer.status == "scheduled"
    schedule = offer.schedules.get()
    times = inbox.expand(schedule)
    assert times[0] == at(5) and len(times) == 13
    assert all(t.utcoffset() == dt.timedelta(hours=7) for t in times)
    assert times[1] - times[0] == dt.timedelta(hours=2)


def test_an_over_long_programme_is_refused_with_a_bilingual_message(
    tree: dict[str, Unit], station: Station, make_bulletin: MakeBulletin
) -> None:
    morning = _morning(station)  # 30 minutes = 1800 s, gap 5 s
    programmes.add_entry(None, morning, make_bulletin(tree["commune"], seconds=1000))
    programmes.add_entry(None, morning, make_bulletin(tree["commune"], seconds=795))
    assert programmes.length_of(morning).seconds == 1800  # exactly full: accepted
    with pytest.raises(programmes.ProgrammeTooLongError) as caught:
        programmes.add_entry(None, morning, make_bulletin(tree["commune"], seconds=1))
    both = caught.value.bilingual()
    assert "1806" in both["vi"] and "1806" in both["en"] and both["vi"] != both["en"]
    assert morning.entries.count() == 2


def test_a_priority_from_above_is_placed_even_when_it_overflows(
    tree: dict[str, Unit], station: Station, make_bulletin: MakeBulletin
) -> None:
    morning = _morning(station)
    programmes.add_entry(None, morning, make_bulletin(tree["commune"], seconds=1790))
    inbox.offer(None, make_bulletin(tree["province"], seconds=60), "priority")
    assert programmes.length_of(morning).over


def test_bulletins_from_above_enter_a_programme_only_through_the_inbox(
    tree: dict[str, Unit], station: Station, make_bulletin: MakeBulletin
) -> None:
    with pytest.raises(DomainError):
        programmes.add_entry(None, _morning(station), make_bulletin(tree["province"]))


def test_a_finished_programme_cannot_change(
    tree: dict[str, Unit], station: Station, make_bulletin: MakeBulletin
) -> None:
    entry = programmes.add_entry(None, _morning(station), make_bulletin(tree["commune"]))
    clock.set(at(7))
    with pytest.raises(DomainError):
        programmes.remove_entry(None, entry)
    with pytest.raises(DomainError):
        programmes.add_entry(None, _morning(station), make_bulletin(tree["commune"]))


def test_the_same_bulletin_is_not_offered_twice(
    tree: dict[str, Unit], station: Station, make_bulletin: MakeBulletin
) -> None:
    bulletin = make_bulletin(tree["province"])
    inbox.offer(None, bulletin, "normal")
    with pytest.raises(ConflictError):
        inbox.offer(None, bulletin, "priority")


@pytest.mark.parametrize("every,until_hours", [(0, 5), (120, None), (None, 5), (60, -1),
                                               (1, 24 * 40), (1, 24)])
def test_bad_repeats_are_refused(tree: dict[str, Unit], station: Station,
                                 make_bulletin: MakeBulletin, every: Any, until_hours: Any) -> None:
    until = at(9) + dt.timedelta(hours=until_hours) if until_hours is not None else None
    with pytest.raises(DomainError):
        inbox.add_schedule(None, station, make_bulletin(tree["commune"], seconds=90), "normal",
                           at(9), every, until)
    assert not Schedule.objects.exists()


def test_a_schedule_in_the_past_is_refused(tree: dict[str, Unit], station: Station,
                                           make_bulletin: MakeBulletin) -> None:
    with pytest.raises(DomainError):
        inbox.add_schedule(None, station, make_bulletin(tree["commune"]), "normal", at(4))


def test_who_may_offer_and_decide(
    tree: dict[str, Unit], station: Station, guiding_board: Unit, make_bulletin: MakeBulletin
) -> None:
    board_editor = person_with(Role.EDITOR, guiding_board)
    officer = person_with(Role.OFFICER, tree["commune"])
    [offer] = inbox.offer(board_editor, make_bulletin(guiding_board), "normal")
    with pytest.raises(PermissionDeniedError):
        inbox.accept(board_editor, offer)  # guiding is not operating
    with pytest.raises(PermissionDeniedError):
        inbox.offer(officer, make_bulletin(guiding_board), "normal")  # not its bulletin's unit
    inbox.accept(officer, offer)
    offer.refresh_from_db()
    assert offer.status == "accepted" and offer.decided_by == officer


def test_only_the_sending_unit_stops_an_emergency_and_it_stops_everywhere(
    tree: dict[str, Unit], station: Station, guiding_board: Unit, make_bulletin: MakeBulletin,
    commune_editor: Any,
) -> None:
    from tincoso.broadcast.stations import playlist

    board_editor = person_with(Role.EDITOR, guiding_board)
    bulletin = make_bulletin(guiding_board, seconds=30)
    inbox.offer(board_editor, bulletin, "emergency", every_minutes=60, until=at(12))
    schedule = Schedule.objects.get()
    with pytest.raises(PermissionDeniedError):
        inbox.cancel_schedule(commune_editor, schedule)  # the commune cannot silence it
    with pytest.raises(PermissionDeniedError):
        inbox.stop_emergency(commune_editor, bulletin)
    clock.set(at(7, 30))
    assert inbox.stop_emergency(board_editor, bulletin) == 1
    starts = [p.start for p in playlist.playlist(station, at(5), dt.timedelta(hours=8))]
    assert starts == [at(5), at(6), at(7)]
    with pytest.raises(ConflictError):
        inbox.stop_emergency(board_editor, bulletin)
