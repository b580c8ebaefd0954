"""/settings in a private chat: every button of every screen, tapped through the stand-in, edits the
same message in place to show the new value and stores it; typists get the same changes."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator

import pytest
import pytest_asyncio

from bot.core.prefs import ChatPrefs, DigestFrequency, RegionFilter
from bot.core.records import Actor, MissileClass
from bot.core.settings_menu import CALLBACK_LIMIT, SCREENS, apply_callback
from bot.jobs import digest_job_name
from tests.chat import ChatHarness, buttons, running_chat

pytestmark = pytest.mark.asyncio(loop_scope="module")

TAPPER, TYPIST, WRONG = 6001, 6002, 6003


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def chat(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[ChatHarness]:
    async with running_chat(tmp_path_factory.mktemp("settings")) as harness:
        yield harness


async def stored_prefs(chat: ChatHarness, chat_id: int) -> ChatPrefs:
    async with chat.db.transaction() as repo:
        found = await repo.chat(chat_id)
    assert found is not None
    return found.prefs


async def test_every_button_on_every_screen_edits_the_message_in_place(chat: ChatHarness) -> None:
    menu = await chat.ask_one(TAPPER, "/settings")
    assert menu.shown_text.startswith("Settings for this chat\nAlerts: off — /subscribe to get them")
    main_buttons = buttons(menu)
    assert {data for _, data in main_buttons} == {f"set:{s}" for s in SCREENS if s != "main"} | {"set:done"}

    tapped: list[str] = []
    for screen in SCREENS:
        if screen == "main":
            continue
        await chat.tap(TAPPER, menu, f"set:{screen}")
        assert "« Back" in [label for label, _ in buttons(menu)], screen
        done_here: set[str] = set()
        while True:  # a tap can add buttons (weekly adds weekdays), so read the screen again each time
            pending = [d for _, d in buttons(menu) if d not in done_here and d != "set:main"]
            if not pending:
                break
            data = pending[0]
            done_here.add(data)
            before = await stored_prefs(chat, TAPPER)
            expected, expected_screen, note = apply_callback(before, data)
            await chat.tap(TAPPER, menu, data)
            assert len(data.encode()) <= CALLBACK_LIMIT
            assert await stored_prefs(chat, TAPPER) == expected, data
            assert expected_screen == screen
            assert chat.last_answer() == note
            if note:
                assert f"✅ {note}" in menu.shown_text, (data, menu.shown_text)
            tapped.append(data)
        await chat.tap(TAPPER, menu, "set:main")
        assert {d for _, d in buttons(menu)} == {d for _, d in main_buttons}, (
            "« Back returns to the main screen"
        )
    assert len(chat.tg.messages(TAPPER)) == 1, "every change edited the one settings message"
    assert len(tapped) >= 40
    assert chat.tg.calls_to("editMessageText")

    await chat.tap(TAPPER, menu, "set:done")
    assert buttons(menu) == []
    assert menu.shown_text.startswith("Settings for this chat")


async def test_a_tap_marks_the_chosen_value_and_shows_it(chat: ChatHarness) -> None:
    menu = await chat.ask_one(WRONG, "/settings")
    await chat.tap(WRONG, menu, "set:lvl")
    await chat.tap(WRONG, menu, "set:lvl=4")
    assert ("✅ 4", "set:lvl=4") in buttons(menu)
    assert "Level: 4 and above — severe:" in menu.shown_text
    assert chat.last_answer() is not None
    assert (await stored_prefs(chat, WRONG)).threshold == 4
    edits = len(menu.edits)
    await chat.tap(WRONG, menu, "set:lvl=4")  # the same value again: nothing to edit, no error
    assert len(menu.edits) == edits
    await chat.tap(WRONG, menu, "set:main")
    assert ("Level: 4", "set:lvl") in buttons(menu)


async def test_typists_change_each_setting(chat: ChatHarness) -> None:
    steps = [
        ("/settings level 3", "Alerts at level 3 and above", lambda p: p.threshold == 3),
        ("/settings tz Asia/Tokyo", "Timezone set to Asia/Tokyo.", lambda p: p.timezone == "Asia/Tokyo"),
        (
            "/settings digest daily 08:00",
            "Daily digest at 08:00 (Asia/Tokyo).",
            lambda p: (p.digest, p.digest_time) == (DigestFrequency.DAILY, dt.time(8)),
        ),
        (
            "/settings digest weekly sun 19:30",
            "Weekly digest on Sundays at 19:30",
            lambda p: (
                (p.digest, p.digest_weekday, p.digest_time) == (DigestFrequency.WEEKLY, 6, dt.time(19, 30))
            ),
        ),
        (
            "/settings quiet 23:00-07:00",
            "Quiet hours 23:00–07:00",
            lambda p: (p.quiet_start, p.quiet_end) == (dt.time(23), dt.time(7)),
        ),
        ("/settings quiet off", "Quiet hours off.", lambda p: p.quiet_start is None),
        (
            "/settings actors north_korea",
            "Alerts only for launches by North Korea.",
            lambda p: p.actors == {Actor.NORTH_KOREA},
        ),
        ("/settings actors all", "every side", lambda p: not p.actors),
        (
            "/settings classes icbm,irbm",
            "Alerts only for ICBM, IRBM.",
            lambda p: p.classes == {MissileClass.ICBM, MissileClass.IRBM},
        ),
        (
            "/settings region japan",
            "Region: only launches that land in Japan's EEZ or fly over Japan.",
            lambda p: p.region is RegionFilter.JAPAN,
        ),
        (
            "/settings region south_korea",
            "Region: only launches that cross toward South Korea (south of the NLL).",
            lambda p: p.region is RegionFilter.SOUTH_KOREA,
        ),
        ("/settings digest off", "Digest off.", lambda p: p.digest is DigestFrequency.OFF),
        ("/settings@launchwatch_bot level 2", "Alerts at level 2 and above", lambda p: p.threshold == 2),
    ]
    for command, says, check in steps:
        reply = await chat.ask_one(TYPIST, command)
        assert says in reply.shown_text, (command, reply.shown_text)
        assert check(await stored_prefs(chat, TYPIST)), command
    text = (await chat.ask_one(TYPIST, "/settings")).shown_text
    assert "Timezone: Asia/Tokyo" in text
    assert "Classes: ICBM, IRBM only" in text
    assert "Region: only launches that cross toward South Korea" in text


@pytest.mark.parametrize(
    ("args", "says"),
    [
        ("level", "Usage: /settings level N — N from 1 (every launch) to 5"),
        ("level 9", "Usage: /settings level N"),
        ("tz", "Usage: /settings tz Area/City"),
        ("tz Mars/Base", "'Mars/Base' is not a timezone I know"),
        ("digest monthly", "Usage: /settings digest daily 08:00 — or weekly mon 08:00, or off"),
        ("digest daily 8pm", "'8pm' is not a time of day"),
        ("quiet 23:00", "Usage: /settings quiet 23:00-07:00 — or off"),
        ("quiet 7:00-7:00", "Quiet hours need a different start and end"),
        ("actors aliens", "'aliens' is not a side"),
        ("classes lasers", "'lasers' is not a class"),
        ("region europe", "Usage: /settings region japan"),
        ("colour blue", "There is no setting called 'colour'."),
    ],
)
async def test_malformed_settings_get_the_right_usage_and_change_nothing(
    chat: ChatHarness, args: str, says: str
) -> None:
    before = await stored_prefs(chat, TYPIST)
    reply = await chat.ask_one(TYPIST, f"/settings {args}")
    assert reply.shown_text.startswith(says), reply.shown_text
    assert await stored_prefs(chat, TYPIST) == before


DIGESTER = 6004


def next_digest_in(chat: ChatHarness, chat_id: int) -> dt.timedelta | None:
    """How long until the chat's digest job fires, by the JobQueue's own (real) clock."""
    assert chat.app.job_queue is not None
    jobs = [j for j in chat.app.job_queue.get_jobs_by_name(digest_job_name(chat_id)) if not j.removed]
    if not jobs:
        return None
    (job,) = jobs
    assert job.next_t is not None
    return job.next_t - dt.datetime.now(dt.UTC)


async def test_a_digest_chosen_in_settings_is_scheduled_at_once_and_unsubscribing_stops_it(
    chat: ChatHarness,
) -> None:
    # Tuesday 10 January 2023, 12:00 in Seoul on the harness's clock.
    await chat.ask_one(DIGESTER, "/subscribe")
    await chat.ask_one(DIGESTER, "/settings tz Asia/Tokyo")
    await chat.ask_one(DIGESTER, "/settings digest daily 08:00")
    wait = next_digest_in(chat, DIGESTER)
    assert wait is not None, "scheduled now, not at the next restart"
    expected = dt.datetime(2023, 1, 10, 23, 0, tzinfo=dt.UTC) - chat.clock.now()  # 08:00 in Tokyo
    assert abs(wait - expected) < dt.timedelta(minutes=1)

    await chat.ask_one(DIGESTER, "/unsubscribe")
    assert next_digest_in(chat, DIGESTER) is None
    await chat.ask_one(DIGESTER, "/subscribe")
    wait = next_digest_in(chat, DIGESTER)
    assert wait is not None
    assert abs(wait - expected) < dt.timedelta(minutes=1)
