"""The alert rules one at a time: one alert per launch however many articles, updates only when
something got worse, quiet hours, stale and background news, and escalations that are not storms."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path

from bot.core.prefs import ChatPrefs
from bot.core.records import Kind, LaunchEvent, Status
from bot.services.alerts import alert_key
from storage.db import Database
from tests.alert_story import HISTORY, START, STORY, Wire, report, utc
from tests.histories import NK, C, L, launch, satellite
from tests.story_world import World

ALICE, BOB, CAROL = 2001, 2002, 2003

OCT04 = [w for w in STORY if w.events[0].date == dt.date(2022, 10, 4)]


async def world_with_history(db: Database, tmp_path: Path) -> World:
    world = World.make(db, tmp_path, HISTORY[0].at)
    await world.read(*HISTORY)
    world.clock.set(START)
    return world


async def test_five_articles_about_one_launch_give_one_alert_and_only_the_updates_that_changed_something(
    db: Database, tmp_path: Path
) -> None:
    world = await world_with_history(db, tmp_path)
    await world.subscribe(ALICE, ChatPrefs())
    await world.subscribe(BOB, ChatPrefs(threshold=4))
    assert len(OCT04) == 5

    owed = [await world.read(wire) for wire in OCT04]

    # "A ballistic missile": Alice's alert. "It flew over Japan": level 2 → 4, so Alice gets an update
    # and Bob, whose threshold it now crosses, the full alert. Then the class, the system, the figures
    # and a recap: nothing a subscriber acts on, nothing sent.
    assert owed == [1, 2, 0, 0, 0]
    alice = await world.outbox(ALICE)
    assert [(o.kind, o.reply_to) for o in alice] == [("alert", None), ("update", alice[0].key)]
    (bob,) = await world.outbox(BOB)
    assert bob.kind == "alert"
    assert bob.key == alice[0].key
    assert "Level 4 · North Korea fired a ballistic missile over Japan" in bob.text

    # The same five again, from other outlets' feeds a day later: nothing.
    for wire in OCT04:
        await world.ingest.ingest_article(wire.article(), origin="mirror")
    assert len(await world.outbox()) == 3


async def test_quiet_hours_hold_all_but_level_4_and_above_until_they_end(
    db: Database, tmp_path: Path
) -> None:
    world = World.make(db, tmp_path, utc("2023-03-01T00:00"))
    await world.subscribe(ALICE, ChatPrefs(quiet_start=dt.time(22), quiet_end=dt.time(7)))
    await world.subscribe(
        BOB, ChatPrefs(timezone="Europe/Berlin", quiet_start=dt.time(23), quiet_end=dt.time(6))
    )
    srbm = launch("2023-03-09", C.SRBM, 2, landing=L.EAST_SEA)
    rocket = satellite("2023-03-09", system="Chollima-1")
    # 23:00 in Seoul (15:00 in Berlin): the SRBMs wait for Alice's 07:00, Bob reads them now.
    await world.read(report(srbm, at=utc("2023-03-09T14:00"), source="Yonhap"))
    # A satellite launch the same night is level 4: Alice is woken for it.
    await world.read(report(rocket, at=utc("2023-03-09T14:30"), source="Yonhap"))

    alice = await world.outbox(ALICE)
    assert [(o.kind, o.not_before) for o in alice if o.kind == "alert"] == [
        ("alert", utc("2023-03-09T22:00")),  # 07:00 on the 10th in Seoul
        ("alert", utc("2023-03-09T14:30")),
    ]
    assert "Level 4" in alice[1].text
    bob = await world.outbox(BOB, kind="alert")
    assert [o.not_before for o in bob] == [utc("2023-03-09T14:00"), utc("2023-03-09T14:30")]


async def test_an_alert_held_for_quiet_hours_goes_at_once_when_an_update_makes_the_launch_urgent(
    db: Database, tmp_path: Path
) -> None:
    world = await world_with_history(db, tmp_path)
    # A late sleeper, quiet until 09:00 in Seoul: the first report (07:30 on 4 Oct) waits till then.
    await world.subscribe(ALICE, ChatPrefs(quiet_start=dt.time(1), quiet_end=dt.time(9)))
    first, over_japan = OCT04[:2]
    await world.read(first)
    (held,) = await world.outbox(ALICE)
    assert held.not_before == utc("2022-10-04T00:00")

    # Then it flew over Japan: level 4, which quiet hours do not hold. The update replies to the
    # alert, so the alert goes now too, rather than the update waiting for the morning.
    await world.read(over_japan)
    alert, update = await world.outbox(ALICE)
    assert update.kind == "update"
    assert update.not_before == over_japan.at
    assert alert.not_before == over_japan.at


async def test_news_of_an_old_launch_is_history_not_an_alert_and_gets_no_updates(
    db: Database, tmp_path: Path
) -> None:
    world = World.make(db, tmp_path, utc("2023-03-01T00:00"))
    await world.subscribe(ALICE, ChatPrefs(threshold=1))
    # Two reports from 4 March, read five days late (a folder caught up after an outage).
    first = report(launch("2023-03-04", C.BALLISTIC, 1), at=utc("2023-03-04T03:00"), source="Yonhap")
    worse = report(launch("2023-03-04", C.ICBM, 1, landing=L.JAPAN_EEZ), at=utc("2023-03-04T05:00"))
    world.clock.set(utc("2023-03-09T03:00"))
    for wire in (first, worse):
        tally = await world.ingest.ingest_article(wire.article(), origin="late")
        assert tally.alerts == 0
    assert tally.events_updated == 1
    assert await world.outbox() == []


async def test_a_launch_mentioned_in_passing_is_never_alerted(db: Database, tmp_path: Path) -> None:
    # With no age limit, only the background status keeps the older launch from an alert.
    world = World.make(db, tmp_path, utc("2023-03-01T00:00"), max_age=None)
    await world.subscribe(ALICE, ChatPrefs(threshold=1))
    icbm = launch("2023-03-09", C.ICBM, 1, landing=L.EAST_SEA)
    mentioned = replace(launch("2023-02-23", C.SRBM, 2, qualifier=None), status=Status.BACKGROUND)
    article = Wire(
        utc("2023-03-09T03:00"),
        "North Korea fires ICBM",
        "North Korea fired an intercontinental ballistic missile into the East Sea on Thursday, South "
        "Korea's Joint Chiefs of Staff said. It came two weeks after Pyongyang fired two short-range "
        "ballistic missiles on Feb. 23.",
        "Yonhap",
        (icbm, mentioned),
    )
    assert await world.read(article) == 1
    (alert,) = await world.outbox(ALICE)
    assert "intercontinental" in alert.text


async def test_an_unsubscribed_chat_hears_nothing(db: Database, tmp_path: Path) -> None:
    world = World.make(db, tmp_path, utc("2023-03-01T00:00"))
    await world.subscribe(ALICE, ChatPrefs())
    async with db.transaction() as repo:
        await repo.set_subscribed(ALICE, False, world.clock.now())
    await world.read(report(launch("2023-03-09", C.ICBM), at=utc("2023-03-09T03:00")))
    assert await world.outbox() == []


async def test_a_nuclear_test_takes_the_tempo_to_crisis_and_every_subscriber_hears_at_once(
    db: Database, tmp_path: Path
) -> None:
    world = World.make(db, tmp_path, utc("2023-03-01T00:00"))
    night = ChatPrefs(quiet_start=dt.time(0), quiet_end=dt.time(23, 59))
    await world.subscribe(ALICE, night)
    await world.subscribe(BOB, ChatPrefs(threshold=5, classes=frozenset({C.ICBM}), timezone="Europe/Berlin"))
    await world.read(report(launch("2023-03-02", C.SRBM, 2), at=utc("2023-03-02T03:00")))
    test = LaunchEvent(kind=Kind.NUCLEAR_TEST, actors=NK, date=dt.date(2023, 3, 9), launch_site="Punggye-ri")
    await world.read(report(test, at=utc("2023-03-09T03:00"), source="KCNA"))

    crisis = "escalation:crisis:2023-03-09"
    assert [(o.kind, o.key, o.not_before) for o in await world.outbox(ALICE)] == [
        ("alert", alert_key(1), utc("2023-03-02T14:59")),  # the SRBMs waited for the end of quiet hours
        ("alert", alert_key(2), utc("2023-03-09T03:00")),
        ("escalation", crisis, utc("2023-03-09T03:00")),
    ]
    # Bob's filters (ICBMs, level 5) keep the SRBMs from him; a nuclear test passes any class filter.
    bob = await world.outbox(BOB)
    assert [(o.kind, o.key) for o in bob] == [("alert", alert_key(2)), ("escalation", crisis)]
    assert bob[1].text.startswith(
        "📈 <b>Launch tempo is now crisis</b> (was active)\n<i>Why:</i> a nuclear test in the last 30 days"
    )


async def test_a_tempo_rise_is_announced_once_and_again_only_a_month_later(
    db: Database, tmp_path: Path
) -> None:
    world = World.make(db, tmp_path, utc("2023-01-01T00:00"))
    await world.subscribe(ALICE, ChatPrefs())

    async def launches(*days: str) -> None:
        for day in days:
            at = dt.datetime.fromisoformat(f"{day}T01:00").replace(tzinfo=dt.UTC)
            await world.read(report(launch(day, C.SRBM, 1), at=at))

    # A first launch after a calm month is news, not an escalation; the third in a week is.
    await launches("2023-01-02", "2023-01-04", "2023-01-06")
    # Two more keep it intense: nothing new to say.
    await launches("2023-01-10", "2023-01-20")
    # Calm again by March; a new run in March is a new rise.
    await launches("2023-03-01", "2023-03-03", "2023-03-05")
    escalations = await world.outbox(ALICE, kind="escalation")
    assert [o.key for o in escalations] == ["escalation:intense:2023-01-06", "escalation:intense:2023-03-05"]
    assert [o.text.splitlines()[0] for o in escalations] == [
        "📈 <b>Launch tempo is now intense</b> (was active)",
        "📈 <b>Launch tempo is now intense</b> (was active)",
    ]
    assert len(await world.outbox(ALICE, kind="alert")) == 8
