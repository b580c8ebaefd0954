"""Thirty days of autumn 2022, read as it arrived, told to three chats that asked for different things.

Alice (Seoul) takes the default threshold and a daily digest at 08:00. Bob (London) wants only
level 4 and above, keeps quiet hours 22:00-07:00 and reads a weekly digest on Mondays at 09:00.
Carol (New York) wants everything North Korea fires, keeps quiet hours 23:00-07:00, and no digest.
Every assertion is on the outbox: what each chat is owed, when, and in reply to what.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pytest
import pytest_asyncio

from bot.core.extract import extract
from bot.core.prefs import ChatPrefs, DigestFrequency
from bot.core.records import Actor, LaunchEvent
from bot.services.alerts import alert_key
from storage.db import Database
from tests.alert_story import END, HISTORY, START, STORY, Wire, utc
from tests.story_world import Owed, World

ALICE, BOB, CAROL = 1001, 1002, 1003

ALICE_PREFS = ChatPrefs(digest=DigestFrequency.DAILY, digest_time=dt.time(8))
BOB_PREFS = ChatPrefs(
    threshold=4,
    timezone="Europe/London",
    quiet_start=dt.time(22),
    quiet_end=dt.time(7),
    digest=DigestFrequency.WEEKLY,
    digest_time=dt.time(9),
    digest_weekday=0,
)
CAROL_PREFS = ChatPrefs(
    threshold=1,
    timezone="America/New_York",
    actors=frozenset({Actor.NORTH_KOREA}),
    quiet_start=dt.time(23),
    quiet_end=dt.time(7),
)


async def subscribed_world(db: Database, tmp_path: Path) -> World:
    world = World.make(db, tmp_path, HISTORY[0].at)
    await world.read(*HISTORY)
    world.clock.set(START)
    await world.subscribe(ALICE, ALICE_PREFS)
    await world.subscribe(BOB, BOB_PREFS)
    await world.subscribe(CAROL, CAROL_PREFS)
    return world


async def event_ids(world: World) -> dict[str, int]:
    """Korea date (and ``allies`` for the response salvo) -> event id."""
    async with world.db.transaction() as repo:
        events = await repo.events_between(START.date(), END.date())
    ids: dict[str, int] = {}
    for e in events:
        key = e.record.date.isoformat() if Actor.NORTH_KOREA in e.record.actors else "allies"
        assert key not in ids, f"two events for {key}"
        ids[key] = e.id
    return ids


def summary(owed: list[Owed]) -> list[tuple[str, str, dt.datetime]]:
    return [(o.kind, o.key, o.not_before) for o in owed if o.kind != "digest"]


#: The fields the stories' expectations rest on (evidence and qualifiers aside).
READ_FIELDS = (
    "kind", "actors", "date", "count", "missile_class", "system", "launch_site", "landing", "range_km",
    "apogee_km", "outcome", "status",
)  # fmt: skip


@pytest.mark.parametrize("wire", HISTORY + STORY, ids=lambda w: f"{w.at:%Y%m%d%H%M}")
def test_the_extractor_reads_each_article_as_a_careful_reader_does(wire: Wire) -> None:
    def fields(events: Iterable[LaunchEvent]) -> list[tuple[object, ...]]:
        return sorted(tuple(str(getattr(e, f)) for f in READ_FIELDS) for e in events)

    assert fields(extract(wire.article())) == fields(wire.events)


@dataclass(frozen=True, slots=True)
class Told:
    """What the month left in the outbox, and the events' ids by Korea date."""

    owed: list[Owed]
    ids: dict[str, int]

    def to(self, chat_id: int, kind: str | None = None) -> list[Owed]:
        return [o for o in self.owed if o.chat_id == chat_id and kind in (None, o.kind)]


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def told(tmp_path_factory: pytest.TempPathFactory) -> Told:
    """The month is read once for the module (on SQLite); each test reads what it left."""
    path = tmp_path_factory.mktemp("story")
    db = Database(f"sqlite+aiosqlite:///{path / 'story.db'}")
    await db.create_schema()
    try:
        world = await subscribed_world(db, path)
        await world.live(STORY, END)
        return Told(await world.outbox(), await event_ids(world))
    finally:
        await db.dispose()


async def test_each_chat_is_owed_exactly_its_alerts_updates_and_escalation(told: Told) -> None:
    ids = told.ids
    assert sorted(ids) == [
        "2022-09-25", "2022-09-28", "2022-10-01", "2022-10-04", "2022-10-06", "2022-10-09",
        "2022-10-14", "allies",
    ]  # fmt: skip

    def alert(day: str, at: str) -> tuple[str, str, dt.datetime]:
        return ("alert", alert_key(ids[day]), utc(at))

    intense = ("escalation", "escalation:intense:2022-10-01")
    alice = summary(told.to(ALICE))
    assert [(kind, key) for kind, key, _ in alice] == [
        ("alert", alert_key(ids["2022-09-25"])),
        ("alert", alert_key(ids["2022-09-28"])),
        ("alert", alert_key(ids["2022-10-01"])),
        intense,
        ("alert", alert_key(ids["2022-10-04"])),
        ("update", alice[5][1]),
        ("alert", alert_key(ids["allies"])),
        ("alert", alert_key(ids["2022-10-06"])),
        ("alert", alert_key(ids["2022-10-09"])),
        ("update", alice[9][1]),
        ("alert", alert_key(ids["2022-10-14"])),
    ]
    # Seoul keeps no quiet hours: everything is due the moment it is decided.
    assert all(o.not_before == o.created_at for o in told.to(ALICE))

    # Bob hears of the launch over Japan (level 4) at once, though it is 23:45 in London, and of
    # the tempo rise (not urgent) when his quiet hours end at 07:00 London time.
    assert summary(told.to(BOB)) == [
        (*intense, utc("2022-10-01T06:00")),
        alert("2022-10-04", "2022-10-03T22:45"),
    ]

    # Carol follows North Korea only, so not the allies' salvo; the 28 Sep launch came at 23:00 in
    # New York and waited for her morning.
    carol = summary(told.to(CAROL))
    assert carol == [
        alert("2022-09-25", "2022-09-24T22:30"),
        alert("2022-09-28", "2022-09-28T11:00"),
        alert("2022-10-01", "2022-09-30T22:30"),
        (*intense, utc("2022-09-30T22:30")),
        alert("2022-10-04", "2022-10-03T22:30"),
        ("update", carol[5][1], utc("2022-10-03T22:45")),
        alert("2022-10-06", "2022-10-05T22:20"),
        alert("2022-10-09", "2022-10-08T16:00"),
        ("update", carol[8][1], utc("2022-10-08T17:30")),
        alert("2022-10-14", "2022-10-13T16:30"),
    ]


async def test_an_alert_says_what_happened_why_this_level_where_it_stands_and_who_reported_it(
    told: Told,
) -> None:
    ids = told.ids
    (first,) = [o for o in told.to(ALICE) if o.key == alert_key(ids["2022-09-25"])]
    text = first.text
    assert text.startswith(
        "🚨 <b>Level 2 · North Korea fired a short-range ballistic missile into the East Sea"
    )
    assert "— Sun 25 Sep 2022\n" in text, "Seoul is on Korean time: no '(Korea)' after the date"
    assert "Launched from: Taechon" in text
    assert "<i>Why level 2:</i> short-range ballistic missile" in text
    # 19 launch days in 2022 before it, the last on 17 Aug.
    assert "<i>Tempo:</i> 20th launch event of 2022; first in 39 days" in text
    assert 'Sources: <a href="https://news.example/' in text
    assert ">Yonhap</a>" in text
    assert "First reported Sun 25 Sep 07:30 KST" in text

    (over_japan,) = [o for o in told.to(BOB) if o.kind == "alert"]
    assert "Level 4 · North Korea fired a ballistic missile over Japan</b> — Tue 4 Oct 2022 (Korea)" in (
        over_japan.text
    )
    assert "<i>Why level 4:</i> ballistic missile, range not stated; flew over Japan" in over_japan.text
    assert "23rd launch event of 2022; 4th in 14 days" in over_japan.text
    assert "First reported Mon 3 Oct 23:30 BST" in over_japan.text
    assert ">Yonhap</a>, <a " in over_japan.text
    assert ">NHK</a>" in over_japan.text


async def test_updates_say_what_changed_and_reply_to_the_alert(told: Told) -> None:
    ids = told.ids
    updates = told.to(ALICE, "update")
    assert [(u.reply_to, u.text.splitlines()[1:]) for u in updates] == [
        (
            alert_key(ids["2022-10-04"]),
            [
                "• level raised: 2 → 4",
                "• landing more serious: not given → over Japan",
                f"Details: /event_{ids['2022-10-04']}",
            ],
        ),
        (
            alert_key(ids["2022-10-09"]),
            ["• more missiles: 1 → 2", f"Details: /event_{ids['2022-10-09']}"],
        ),
    ]
    assert updates[0].text.startswith(
        "⬆️ <b>Update · Level 4 · North Korea fired a ballistic missile over Japan"
    )
    carol = told.to(CAROL, "update")
    assert [(u.key, u.text) for u in carol] == [(u.key, u.text) for u in updates]


async def test_the_escalation_gives_the_band_the_rule_and_the_figures(told: Told) -> None:
    (escalation,) = told.to(CAROL, "escalation")
    assert escalation.text.splitlines() == [
        "📈 <b>Launch tempo is now intense</b> (was active)",
        "<i>Why:</i> 3 or more launch events in the last 7 days",
        "",
        "Last 7 days: 3 launch events, 5 missiles (usual pace: 0.4 in 7 days)",
        "Last 30 days: 3 launch events, 5 missiles (usual pace: 1.9 in 30 days)",
        "2022 so far: 22 launch events; the latest, on 1 Oct 2022, was the 22nd",
    ]


async def test_reading_the_whole_month_again_owes_nothing_more(db: Database, tmp_path: Path) -> None:
    story = await subscribed_world(db, tmp_path)
    await story.live(STORY, END)
    before = await story.outbox()
    assert len(before) == 11 + 30 + 2 + 4 + 10
    story.clock.set(END)
    # The same articles again (under new file names, later), and every digest run again.
    for wire in STORY:
        await story.ingest.ingest_article(wire.article(), origin="again")
    await story.live((), END + dt.timedelta(hours=3))
    for minutes in range(0, 180, 30):
        await story.digests.run_once(END + dt.timedelta(minutes=minutes))
    assert await story.outbox() == before


async def test_digests_arrive_at_each_chats_local_time_and_say_no_launches_plainly(told: Told) -> None:
    alice = told.to(ALICE, "digest")
    # 08:00 in Seoul is 23:00 UTC the day before: thirty mornings, each once.
    expected = [START + dt.timedelta(hours=23, days=d) for d in range(30)]
    assert [o.not_before for o in alice] == expected
    assert [o.key for o in alice] == [f"digest:{t.isoformat()}" for t in expected]
    quiet = [o for o in alice if "<b>No launches</b> were reported in this period." in o.text]
    busy = [o for o in alice if "No launches" not in o.text]
    # A launch morning's digest tells what came in since the last one, each launch in one digest.
    assert len(busy) == 8
    assert len(quiet) == 22
    assert sum(o.text.count("\n• ") for o in busy) == 8
    assert alice[0].text.startswith("🗞 <b>Daily digest</b> · Tue 20 Sep 08:00 KST – Wed 21 Sep 08:00 KST")

    bob = told.to(BOB, "digest")
    # Mondays at 09:00 London (BST) = 08:00 UTC.
    mondays = [
        utc("2022-09-26T08:00"),
        utc("2022-10-03T08:00"),
        utc("2022-10-10T08:00"),
        utc("2022-10-17T08:00"),
    ]
    assert [o.not_before for o in bob] == mondays
    assert bob[0].text.startswith("🗞 <b>Weekly digest</b> · Mon 19 Sep 09:00 BST – Mon 26 Sep 09:00 BST")
    # A digest is where the launches under Bob's threshold are told: four in the week of 3 Oct.
    week = bob[2].text
    assert week.count("\n• ") == 4
    assert "4 events" in week
    assert "North Korea fired 5 missiles" in week
    assert "Worst: level 4, intermediate-range ballistic missile (Hwasong-12); flew over Japan" in week
    assert "Tempo: intense" in week

    assert told.to(CAROL, "digest") == []
