"""The bot in groups (privacy mode on), forum supergroups and channels: administrators manage alerts,
everyone may ask, a group that becomes a supergroup keeps everything, and a channel is subscribed
by a forwarded /subscribe or from the command line."""

from __future__ import annotations

import asyncio
import datetime as dt
import io
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
import pytest_asyncio

from bot.chats_command import add_chat
from bot.config import Settings
from bot.core.records import Actor, Article, CountQualifier, Kind, LaunchEvent, MissileClass
from bot.handlers.permissions import REFUSAL
from bot.jobs import digest_job_name
from bot.services.alerts import AlertPlanner
from bot.services.ingest import IngestService
from tests.chat import NOW, ChatHarness, buttons, event_id, running_chat

pytestmark = pytest.mark.asyncio(loop_scope="module")

GROUP, FORUM, MIGRATING, CHANNEL, SHY_CHANNEL, POSTING_CHANNEL = (
    -4001,
    -1009001,
    -4002,
    -1005001,
    -1005002,
    -1005003,
)
SUPERGROUP = -1004002
ADMIN, MEMBER = 7001, 7002


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def chat(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[ChatHarness]:
    async with running_chat(tmp_path_factory.mktemp("groups")) as harness:
        tg = harness.tg
        tg.add_chat(GROUP, "group", "Analysts <& friends>")
        tg.add_chat(MIGRATING, "group", "Soon a supergroup")
        tg.add_chat(FORUM, "supergroup", "Forum", is_forum=True)
        for chat_id in (ADMIN, MEMBER):
            tg.add_chat(chat_id, "private", first_name=f"User {chat_id}")
        for group in (GROUP, MIGRATING, FORUM):
            tg.set_member_status(group, ADMIN, "administrator")
            tg.set_member_status(group, MEMBER, "member")
        yield harness


def in_group(chat_id: int = GROUP, user: int = ADMIN, kind: str = "group") -> dict[str, Any]:
    return {"chat_type": kind, "user_id": user}


async def stored(chat: ChatHarness, chat_id: int) -> Any:
    async with chat.db.transaction() as repo:
        return await repo.chat(chat_id)


async def test_an_administrator_subscribes_the_group_with_the_bot_name_form(chat: ChatHarness) -> None:
    reply = await chat.ask_one(GROUP, "/subscribe@launchwatch_bot", **in_group())
    assert reply.shown_text.startswith(
        "Subscribed. This group now gets an alert for each new launch at level 2"
    )
    group = await stored(chat, GROUP)
    assert group.subscribed
    assert group.type == "group"
    assert group.title == "Analysts <& friends>"
    again = await chat.ask_one(GROUP, "/subscribe", **in_group())
    assert again.shown_text.startswith("This group is already subscribed")


@pytest.mark.parametrize(
    "command",
    ["/subscribe", "/subscribe 3", "/unsubscribe", "/settings level 4", "/settings@launchwatch_bot tz UTC"],
)
async def test_members_who_are_not_administrators_are_politely_refused(
    chat: ChatHarness, command: str
) -> None:
    before = await stored(chat, GROUP)
    reply = await chat.ask_one(GROUP, command, **in_group(user=MEMBER))
    assert reply.shown_text == REFUSAL
    assert await stored(chat, GROUP) == before


async def test_settings_buttons_answer_only_administrators(chat: ChatHarness) -> None:
    menu = await chat.ask_one(GROUP, "/settings", **in_group(user=MEMBER))  # anyone may look
    assert menu.shown_text.startswith("Settings for Analysts <& friends>\nAlerts: on")
    await chat.tap(GROUP, menu, "set:lvl", user_id=MEMBER)
    answer = chat.tg.callback_answers[-1]
    assert answer.text == REFUSAL
    assert answer.show_alert
    assert ("Level: 2", "set:lvl") in buttons(menu), "the message did not change"

    await chat.tap(GROUP, menu, "set:lvl", user_id=ADMIN)
    await chat.tap(GROUP, menu, "set:lvl=3", user_id=ADMIN)
    assert (await stored(chat, GROUP)).prefs.threshold == 3
    assert "Level: 3 and above" in menu.shown_text


@pytest.mark.parametrize(
    ("command", "starts"),
    [
        ("/latest 3", "Latest 3 launch events, newest first:"),
        ("/summary 2022", "Summary: 2022"),
        (
            f"/event {event_id('2022-11-18')}",
            f"Event {event_id('2022-11-18')}: North Korea fired an intercontinental ballistic missile",
        ),
        ("/help@launchwatch_bot", "launchwatch — missile launch alerts"),
        ("/status", "launchwatch "),
        ("/flyto mars", "I don't know /flyto."),
    ],
)
async def test_anyone_in_the_group_may_ask(chat: ChatHarness, command: str, starts: str) -> None:
    reply = await chat.ask_one(GROUP, command, **in_group(user=MEMBER))
    assert reply.shown_text.startswith(starts)


async def test_anyone_in_the_group_may_export_and_preview(chat: ChatHarness) -> None:
    document = await chat.ask_one(GROUP, "/export 2022-11", **in_group(user=MEMBER))
    assert document.filename == "launchwatch-2022-11-01-2022-11-30.csv"
    intro, alert, update, digest = await chat.ask(GROUP, "/preview", 4, **in_group(user=MEMBER))
    assert intro.shown_text.startswith("Preview")
    assert alert.shown_text.startswith("🚨")
    assert update.shown_text.startswith("⬆️ Update")
    assert digest.shown_text.startswith("🗞 Daily digest")


async def test_the_start_button_subscribes_only_for_an_administrator(chat: ChatHarness) -> None:
    welcome = await chat.ask_one(MIGRATING, "/start", **in_group(MIGRATING, user=MEMBER))
    assert buttons(welcome) == [("🔔 Subscribe to alerts", "sub:on")]
    await chat.tap(MIGRATING, welcome, "sub:on", user_id=MEMBER)
    assert chat.last_answer() == REFUSAL
    assert await stored(chat, MIGRATING) is None or not (await stored(chat, MIGRATING)).subscribed


async def test_anyone_in_the_group_may_ask_for_a_chart(chat: ChatHarness) -> None:
    photo = await chat.ask_one(GROUP, "/chart@launchwatch_bot 90d", **in_group(user=MEMBER))
    assert photo.photo is not None
    assert photo.caption is not None
    assert photo.caption.startswith("Launches, the last 90 days")


async def test_privacy_mode_hides_chatter_and_other_bots_commands(chat: ChatHarness) -> None:
    count = len(chat.tg.messages(GROUP))
    chat.tg.push_message(GROUP, "anyone seen the news?", **in_group(user=MEMBER))
    chat.tg.push_message(GROUP, "/latest@weather_bot", **in_group(user=MEMBER))
    await chat.settled(GROUP, count)


async def test_in_a_forum_a_subscription_made_in_a_topic_sends_alerts_to_that_topic(
    chat: ChatHarness,
) -> None:
    topic = {"chat_type": "supergroup", "user_id": ADMIN, "message_thread_id": 77, "is_topic_message": True}
    reply = await chat.ask_one(FORUM, "/subscribe", **topic)
    assert reply.message_thread_id == 77, "the answer stays in the topic"
    assert "Alerts arrive in this topic." in reply.shown_text
    assert (await stored(chat, FORUM)).thread_id == 77

    # A new launch is stored; the dispatcher sends the alert into the topic.
    await ingest_fresh_launch(chat, Path(chat.app.bot_data.settings.ingest_dir))
    sent = await chat.app.bot_data.dispatcher.drain_once()
    assert sent >= 1
    alert = chat.tg.messages(FORUM)[-1]
    assert alert.shown_text.startswith("🚨 Level 2 · North Korea fired 2 short-range ballistic missiles")
    assert alert.message_thread_id == 77

    moved = await chat.ask_one(FORUM, "/subscribe", chat_type="supergroup", user_id=ADMIN)
    assert moved.shown_text.startswith("Updated. This group now gets alerts")
    assert (await stored(chat, FORUM)).thread_id is None


async def ingest_fresh_launch(chat: ChatHarness, root: Path) -> None:
    record = LaunchEvent(
        kind=Kind.MISSILE_LAUNCH,
        actors=(Actor.NORTH_KOREA,),
        date=NOW.date(),
        count=2,
        count_qualifier=CountQualifier.EXACT,
        missile_class=MissileClass.SRBM,
    )
    article = Article(
        title="North Korea fires two missiles",
        text="North Korea fired two short-range ballistic missiles on Tuesday.",
        published_at=NOW,
        source="Test Wire",
    )
    ingest = IngestService(
        chat.db,
        root=root,
        clock=chat.clock,
        extractor=lambda _: [record],
        planner=AlertPlanner(dt.timedelta(hours=72)),
        max_file_size=1 << 20,
    )
    tally = await ingest.ingest_article(article, origin="fresh.txt")
    assert tally.alerts >= 1


async def test_a_group_upgraded_to_a_supergroup_keeps_its_subscription_and_settings(
    chat: ChatHarness,
) -> None:
    await chat.ask_one(MIGRATING, "/subscribe 4", **in_group(MIGRATING))
    await chat.ask_one(MIGRATING, "/settings tz Europe/Berlin", **in_group(MIGRATING))
    await chat.ask_one(MIGRATING, "/settings digest weekly fri 18:00", **in_group(MIGRATING))
    before = await stored(chat, MIGRATING)

    chat.tg.push_migration(MIGRATING, SUPERGROUP)

    for _ in range(250):  # the service messages arrive through polling; give them up to 5 s
        after = await stored(chat, SUPERGROUP)
        if after is not None:
            break
        await asyncio.sleep(0.02)
    assert await stored(chat, MIGRATING) is None
    # Its weekly digest moved with it: scheduled under the new id, gone from the old.
    assert chat.app.job_queue is not None
    assert [j for j in chat.app.job_queue.get_jobs_by_name(digest_job_name(MIGRATING)) if not j.removed] == []
    assert len(chat.app.job_queue.get_jobs_by_name(digest_job_name(SUPERGROUP))) == 1
    assert after.subscribed
    assert after.type == "supergroup"
    assert after.prefs == before.prefs
    assert after.prefs.threshold == 4
    text = (await chat.ask_one(SUPERGROUP, "/settings", chat_type="supergroup", user_id=MEMBER)).shown_text
    assert "Alerts: on" in text
    assert "Digest: weekly, Fridays at 18:00" in text
    assert "Timezone: Europe/Berlin" in text


def forwarded_from_channel(
    user_id: int, channel: int, title: str, text: str = "/subscribe"
) -> dict[str, Any]:
    """A private message forwarding a channel post, as Telegram delivers it."""
    return {
        "message": {
            "message_id": 900 + user_id % 100,
            "date": int(NOW.timestamp()),
            "chat": {"id": user_id, "type": "private", "first_name": f"User {user_id}"},
            "from": {"id": user_id, "is_bot": False, "first_name": f"User {user_id}"},
            "text": text,
            "entities": [{"type": "bot_command", "offset": 0, "length": len(text.split()[0])}],
            "forward_origin": {
                "type": "channel",
                "chat": {"id": channel, "type": "channel", "title": title},
                "message_id": 5,
                "date": int(NOW.timestamp()) - 60,
            },
        }
    }


async def forward(chat: ChatHarness, user_id: int, channel: int, title: str, text: str = "/subscribe") -> str:
    count = len(chat.tg.messages(user_id))
    chat.tg.push_update(forwarded_from_channel(user_id, channel, title, text))
    messages = await chat.tg.wait_for_messages(user_id, count + 1, timeout=10)
    return messages[-1].shown_text


async def test_a_channel_is_subscribed_by_a_subscribe_forwarded_from_its_administrator(
    chat: ChatHarness,
) -> None:
    chat.tg.add_chat(CHANNEL, "channel", "Launch Alerts")
    chat.tg.set_member_status(CHANNEL, ADMIN, "administrator")
    chat.tg.set_member_status(CHANNEL, MEMBER, "member")

    refused = await forward(chat, MEMBER, CHANNEL, "Launch Alerts")
    assert refused == "Only administrators of Launch Alerts can subscribe it."
    assert await stored(chat, CHANNEL) is None

    done = await forward(chat, ADMIN, CHANNEL, "Launch Alerts")
    assert done.startswith("Subscribed. The channel Launch Alerts now gets an alert for each new launch")
    channel = await stored(chat, CHANNEL)
    assert channel.subscribed
    assert channel.type == "channel"

    stopped = await forward(chat, ADMIN, CHANNEL, "Launch Alerts", "/unsubscribe")
    assert stopped.startswith("Unsubscribed. The channel Launch Alerts gets no more alerts")
    assert not (await stored(chat, CHANNEL)).subscribed


async def test_a_channel_where_the_bot_cannot_post_is_explained(chat: ChatHarness) -> None:
    chat.tg.add_chat(SHY_CHANNEL, "channel", "Quiet Channel", bot_status="left")
    chat.tg.set_member_status(SHY_CHANNEL, ADMIN, "creator")
    answer = await forward(chat, ADMIN, SHY_CHANNEL, "Quiet Channel")
    assert answer.startswith("Add me to Quiet Channel as an administrator who can post messages")
    assert await stored(chat, SHY_CHANNEL) is None


async def test_a_subscribe_posted_in_the_channel_itself_works(chat: ChatHarness) -> None:
    chat.tg.add_chat(POSTING_CHANNEL, "channel", "Posting Channel")
    reply = await chat.ask_one(POSTING_CHANNEL, "/subscribe", chat_type="channel")
    assert reply.shown_text.startswith("Subscribed. This channel now gets an alert")
    assert (await stored(chat, POSTING_CHANNEL)).subscribed


async def test_the_command_line_subscribes_a_channel(chat: ChatHarness, tmp_path: Path) -> None:
    settings = Settings.from_env({"DATABASE_URL": chat.db.url})
    out = io.StringIO()
    assert await add_chat(settings, -1005999, out=out, level=3, clock=chat.clock) == 0
    assert out.getvalue().startswith(
        "Chat -1005999 (channel) is now subscribed: alerts at level 3 and above."
    )
    again = io.StringIO()
    assert await add_chat(settings, -1005999, out=again, clock=chat.clock) == 0
    assert "was already subscribed: alerts at level 3 and above" in again.getvalue()
    channel = await stored(chat, -1005999)
    assert channel.subscribed
    assert channel.type == "channel"
