"""A subscriber in a private chat with the bot: every command, as Telegram would show it, and every
malformed argument answered with the right usage. The real Application polls the Bot API stand-in,
which parses every HTML message with TDLib and refuses anything Telegram would refuse."""

from __future__ import annotations

import csv
import io
from collections.abc import AsyncIterator

import pytest
import pytest_asyncio
from PIL import Image
from telegram import BotCommand

from bot.handlers import COMMANDS
from tests.chat import ChatHarness, buttons, event_id, plain_lines, running_chat

pytestmark = pytest.mark.asyncio(loop_scope="module")

ALICE, BOB, CAROL, DAVE, ERIN, FRANK = 5001, 5002, 5003, 5004, 5005, 5006
ICBM = event_id("2022-11-18")  # the Hwasong-17, reported twice
LAST = event_id("2022-12-31")


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def chat(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[ChatHarness]:
    async with running_chat(tmp_path_factory.mktemp("private")) as harness:
        yield harness


async def test_start_says_what_the_bot_does_the_situation_and_offers_to_subscribe(chat: ChatHarness) -> None:
    reply = await chat.ask_one(ALICE, "/start")
    lines = plain_lines(reply)
    assert lines[0].startswith("launchwatch reads the news on missile launches")
    assert len([line for line in lines[:3] if line]) == 3
    assert lines[4].startswith(
        f"Latest: North Korea fired 3 short-range ballistic missiles into the East Sea (Sea of Japan) — Sat 31 Dec 2022, level 2 /event_{LAST}."
    )
    assert "2 events in the last 30 days" in lines[4]
    assert buttons(reply) == [("🔔 Subscribe to alerts", "sub:on")]

    await chat.tap(ALICE, reply, "sub:on")
    (subscribed,) = (await chat.tg.wait_for_messages(ALICE, 2))[1:]
    assert subscribed.shown_text.startswith(
        "Subscribed. This chat now gets an alert for each new launch at level 2"
    )
    again = await chat.ask_one(ALICE, "/start")
    assert "This chat is subscribed" in again.shown_text
    assert buttons(again) == []


async def test_help_lists_every_command_with_an_example(chat: ChatHarness) -> None:
    text = (await chat.ask_one(BOB, "/help")).shown_text
    for name, description, example in COMMANDS:
        assert f"/{name} — {description}\n    e.g. {example}" in text

    # The same list is the bot's menu; Telegram accepts every name and description in it.
    await chat.app.bot.set_my_commands([BotCommand(name, description) for name, description, _ in COMMANDS])
    assert [c["command"] for c in chat.tg.commands()] == [name for name, _, _ in COMMANDS]


async def test_subscribe_explains_the_level_and_is_idempotent(chat: ChatHarness) -> None:
    first = await chat.ask_one(BOB, "/subscribe")
    assert first.shown_text.startswith(
        "Subscribed. This chat now gets an alert for each new launch at level 2 and above"
    )
    assert "1 — Launches North Korea makes often" in first.shown_text
    assert "5 — A nuclear test, or a missile that hit land." in first.shown_text
    again = await chat.ask_one(BOB, "/subscribe")
    assert again.shown_text.startswith("This chat is already subscribed: alerts at level 2 and above")
    higher = await chat.ask_one(BOB, "/subscribe 4")
    assert higher.shown_text.startswith("Updated. This chat now gets alerts at level 4 and above (severe:")
    async with chat.db.transaction() as repo:
        stored = await repo.chat(BOB)
    assert stored is not None
    assert stored.subscribed
    assert stored.prefs.threshold == 4

    gone = await chat.ask_one(BOB, "/unsubscribe")
    assert gone.shown_text.startswith("Unsubscribed. This chat gets no more alerts")
    still = await chat.ask_one(BOB, "/unsubscribe")
    assert still.shown_text.startswith("This chat was not subscribed")
    back = await chat.ask_one(BOB, "/subscribe")
    assert "level 4 and above" in back.shown_text, "settings survive an unsubscribe"


@pytest.mark.parametrize("args", ["0", "6", "three", "2 3", "-1"])
async def test_subscribe_with_a_bad_level_gets_the_usage(chat: ChatHarness, args: str) -> None:
    reply = await chat.ask_one(CAROL, f"/subscribe {args}")
    assert reply.shown_text.startswith("Usage: /subscribe [level] — level from 1 (every launch) to 5")


async def test_latest_lists_newest_first_with_links(chat: ChatHarness) -> None:
    lines = plain_lines(await chat.ask_one(CAROL, "/latest"))
    assert lines[0] == "Latest 5 launch events, newest first:"
    assert lines[1] == f"L2 2022-12-31 · North Korea · 3 × SRBM /event_{LAST}"
    assert lines[3] == f"L4 2022-11-18 · North Korea · 1 × ICBM /event_{ICBM}"
    assert len(lines) == 6
    assert len(plain_lines(await chat.ask_one(CAROL, "/latest 20"))) == 21
    assert len(plain_lines(await chat.ask_one(CAROL, "/latest 1"))) == 2


@pytest.mark.parametrize("args", ["0", "21", "ten", "-3", "5 6", "1.5"])
async def test_latest_with_a_bad_count_gets_the_usage(chat: ChatHarness, args: str) -> None:
    reply = await chat.ask_one(CAROL, f"/latest {args}")
    assert reply.shown_text == "Usage: /latest [n] — n from 1 to 20, for example /latest 10."


async def test_the_event_card_in_full_by_command_and_by_link(chat: ChatHarness) -> None:
    card = await chat.ask_one(DAVE, f"/event {ICBM}")
    text = card.shown_text
    assert text.startswith(
        f"Event {ICBM}: North Korea fired an intercontinental ballistic missile (Hwasong-17)"
    )
    assert "Level: 4 — ICBM-class missile (Hwasong-17)" in text
    assert "Sources (2 articles, 2 outlets):" in text
    assert "North Korea launch on 18 Nov: 1 & more <live> — Test Wire" in text
    assert "It reached 6,100 km at its highest. (apogee (km))" in text
    assert "Updates:" in text
    assert "v2 (Tue 10 Jan 2023 12:00 KST): range (km): not reported → 1,000" in text
    link = next(e for e in card.entities if e.type == "text_link")
    assert link.url == "https://news.example/2022-11-18?a=1&b=2"
    by_link = await chat.ask_one(DAVE, f"/event_{ICBM}")
    assert by_link.shown_text == text
    addressed = await chat.ask_one(DAVE, f"/event_{ICBM}@launchwatch_bot")
    assert addressed.shown_text == text


@pytest.mark.parametrize(
    ("command", "says"),
    [
        ("/event", "Usage: /event <id> — the number shown in /latest"),
        ("/event abc", "Usage: /event <id>"),
        ("/event 1 2", "Usage: /event <id>"),
        ("/event 99999999999999999999", "Usage: /event <id>"),
        ("/event 999", "There is no event 999. /latest lists the recent ones."),
    ],
)
async def test_a_bad_event_id_gets_the_usage(chat: ChatHarness, command: str, says: str) -> None:
    assert (await chat.ask_one(DAVE, command)).shown_text.startswith(says)


async def test_summary_has_the_figures_and_a_chart_button(chat: ChatHarness) -> None:
    reply = await chat.ask_one(ERIN, "/summary 2022")
    text = reply.shown_text
    assert text.startswith("Summary: 2022\n30 events, at least 85 missiles")
    assert "Tempo: 30 events, up from 0 in 2021" in text
    assert "• ICBM: 4 events, 6 missiles" in text
    assert "• North Korea: 28 events, at least 73 missiles" in text
    assert "Highest level: 4 — North Korea fired an intercontinental ballistic missile (Hwasong-17)" in text
    assert "First launch of the KN-23 on record (14 Jan 2022)" in text
    assert buttons(reply) == [("📊 Chart", "chart:2022-01-01..2022-12-31")]

    await chat.tap(ERIN, reply, "chart:2022-01-01..2022-12-31")
    (photo,) = (await chat.tg.wait_for_messages(ERIN, 2))[1:]
    assert photo.photo is not None
    assert (photo.width, photo.height) == (1080, 1350)


async def test_summary_defaults_to_thirty_days_and_compares_with_the_thirty_before(chat: ChatHarness) -> None:
    text = (await chat.ask_one(ERIN, "/summary")).shown_text
    assert text.startswith("Summary: the last 30 days (12 Dec 2022 – 10 Jan 2023)\n2 events, 5 missiles")
    assert "Tempo: 2 events, up from 1 in the 30 days before; 5 missiles, up from 1." in text


async def test_an_empty_period_has_no_chart_button(chat: ChatHarness) -> None:
    reply = await chat.ask_one(ERIN, "/summary 2022-08")
    assert "No launch events stored for this period." in reply.shown_text
    assert buttons(reply) == []


@pytest.mark.parametrize("command", ["/summary", "/chart", "/export"])
@pytest.mark.parametrize(
    ("args", "says"),
    [
        ("lastweek", "'lastweek' is not a period"),
        ("2024", "2024 has not started yet"),
        ("2022-13", "2022-13 is not a real date"),
        ("2022-03-01..2022-01-01", "ends before it starts"),
        ("0d", "0d is out of range"),
        ("7d 30d", "One period at a time"),
    ],
)
async def test_a_bad_period_gets_the_usage(chat: ChatHarness, command: str, args: str, says: str) -> None:
    lines = plain_lines(await chat.ask_one(FRANK, f"{command} {args}"))
    assert says.lower() in lines[0].lower()
    assert lines[1].startswith(
        f"Usage: {command} [period] — 7d, 30d, 90d, ytd, 2022, 2022-11 or 2022-01-01..2022-03-31"
    )


async def test_chart_is_a_phone_sized_png_with_a_short_caption(chat: ChatHarness) -> None:
    photo = await chat.ask_one(FRANK, "/chart 2022-09-20..2022-11-30")
    assert photo.photo is not None
    image = Image.open(io.BytesIO(photo.photo))
    assert image.size == (1080, 1350)
    assert photo.caption is not None
    assert photo.caption.startswith("Launches, 20 Sep – 30 Nov 2022\n")
    assert len(photo.caption) <= 1024
    assert any(
        c.method == "sendChatAction" and c.params.get("action") == "upload_photo" for c in chat.tg.calls
    )


async def test_export_is_a_csv_with_one_row_per_event(chat: ChatHarness) -> None:
    document = await chat.ask_one(FRANK, "/export 2022-10")
    assert document.filename == "launchwatch-2022-10-01-2022-10-31.csv"
    assert document.document is not None
    rows = list(csv.DictReader(io.StringIO(document.document.decode("utf-8-sig"))))
    assert [r["date"] for r in rows] == [
        "2022-10-01",
        "2022-10-04",
        "2022-10-05",
        "2022-10-06",
        "2022-10-09",
        "2022-10-14",
    ]
    assert rows[1]["system"] == "Hwasong-12"
    assert rows[1]["landing"] == "overflew_japan"
    assert rows[1]["source_urls"] == "https://news.example/2022-10-04?a=1&b=2"
    assert document.caption is not None
    assert document.caption.startswith("6 launch events, October 2022")
    nothing = await chat.ask_one(FRANK, "/export 2021")
    assert nothing.shown_text == "No launch events stored for 2021: nothing to export."


async def test_status_tells_the_operator_how_things_stand(chat: ChatHarness) -> None:
    lines = plain_lines(await chat.ask_one(FRANK, "/status"))
    assert lines[0].startswith("launchwatch ")
    assert lines[1] == "Last ingest: Tue 10 Jan 2023 12:00 KST"
    assert lines[2] == "Stored: 31 articles, 30 events"
    assert lines[3] == "Ingest errors in the last 24 h: 0"
    assert lines[4].startswith("Subscribed chats: ")


async def test_unknown_commands_and_plain_text_get_one_friendly_line(chat: ChatHarness) -> None:
    assert (await chat.ask_one(FRANK, "/sumary 7d")).shown_text == (
        "I don't know /sumary. Did you mean /summary? /help lists what I can do, with examples."
    )
    assert (await chat.ask_one(FRANK, "/xyzzy")).shown_text == (
        "I don't know /xyzzy. /help lists what I can do, with examples."
    )
    assert (await chat.ask_one(FRANK, "hello?")).shown_text.startswith("I answer commands")
    count = len(chat.tg.messages(FRANK))
    chat.tg.push_message(FRANK, "/latest@some_other_bot")
    await chat.settled(FRANK, count)


async def test_preview_shows_an_alert_an_update_and_a_digest_as_they_would_arrive(chat: ChatHarness) -> None:
    await chat.ask_one(ALICE, "/settings tz America/New_York")
    await chat.ask_one(ALICE, "/settings digest weekly mon 09:00")
    intro, alert, update, digest = await chat.ask(ALICE, "/preview", 4)
    assert intro.shown_text.startswith(
        "Preview — the next three messages are an alert, an update and a digest"
    )
    assert "The latest launch (level 2) would reach this chat with these settings." in intro.shown_text
    assert alert.shown_text.startswith(
        "🚨 Level 2 · North Korea fired 3 short-range ballistic missiles into the East Sea (Sea of Japan) — Sat 31 Dec 2022 (Korea)"
    )
    assert update.shown_text.startswith("⬆️ Update · Level 2")
    assert "more missiles: 3 → 4" in update.shown_text
    lines = plain_lines(digest)
    assert lines[0] == "🗞 Weekly digest · Mon 2 Jan 09:00 EST – Mon 9 Jan 09:00 EST"
    assert "No launches were reported in this period." in digest.shown_text

    await chat.ask_one(ALICE, "/settings level 5")
    intro, *_ = await chat.ask(ALICE, "/preview", 4)
    assert "The latest launch (level 2) would not reach this chat with these settings." in intro.shown_text
