"""The dispatcher through the Bot API stand-in: every chat gets its alert once, Telegram's message id is
kept, higher levels go first, no chat starves, and Telegram's limits hold for alerts and replies alike."""

from __future__ import annotations

import asyncio
import datetime as dt
import itertools

import pytest
from telegram.ext import ExtBot
from telegram.request import HTTPXRequest

from bot.ratelimit import Limits, Rate, RateLimiter, TelegramRateLimiter
from storage.db import Database
from storage.repo import NewDelivery
from tests.outbox_kit import TOKEN, dispatcher, owe, received, stand_in, subscribe


async def test_a_fan_out_reaches_every_chat_once_and_keeps_telegrams_message_ids(db: Database) -> None:
    chats = range(1001, 1201)
    async with stand_in() as (tg, bot):
        await subscribe(tg, db, chats)
        assert await owe(db, chats) == 200
        d = dispatcher(db, bot)
        assert await d.drain_once() == 200
        assert await d.drain_once() == 0, "nothing is sent twice"
        assert set(received(tg, chats).values()) == {1}
        async with db.transaction() as repo:
            summary = await repo.outbox_summary()
            later = await repo.claim_due(
                "probe", _now() + dt.timedelta(days=1), limit=1, lease=dt.timedelta(seconds=1)
            )
        assert (summary.pending, summary.sent) == (0, 200)
        assert later == []
    assert len(d.stats.record_lag) == 200
    assert max(d.stats.record_lag) < 5.0


async def test_higher_level_alerts_go_out_first(db: Database) -> None:
    low, high = range(1, 21), range(101, 121)
    async with stand_in() as (tg, bot):
        await subscribe(tg, db, [*low, *high])
        await owe(db, low, "alert:7", priority=20)
        await owe(db, high, "alert:8", priority=50)
        await dispatcher(db, bot, concurrency=1).drain_once()
    order = [int(c.params["chat_id"]) for c in tg.calls_to("sendMessage")]
    assert set(order[:20]) == set(high)
    assert set(order[20:]) == set(low)


async def test_a_busy_group_cannot_starve_the_private_chats(db: Database) -> None:
    group, people = -4242, range(1, 31)
    # Telegram's limits, ten times faster: a group may have a message every 0.3 s.
    limits = Limits().scaled(10)
    async with stand_in() as (tg, bot):
        await subscribe(tg, db, [group, *people])
        for n in range(6):  # the group's messages were owed first and rank higher
            await owe(db, [group], f"digest:{n}", priority=90)
        await owe(db, people, "alert:1", priority=20)
        await dispatcher(db, bot, limits=limits).drain_once()
    order = [int(c.params["chat_id"]) for c in tg.calls_to("sendMessage")]
    assert order[0] == group, "the higher priority goes first"
    third_group_message = [i for i, chat in enumerate(order) if chat == group][2]
    assert third_group_message > 30, "every private chat was served while the group waited its turn"
    assert received(tg, [group])[group] == 6


async def test_telegrams_limits_hold_overall_and_per_chat(db: Database) -> None:
    limits = Limits().scaled(10)  # 300/s overall, 10/s per private chat, 200/min per group
    chats = range(1, 61)
    async with stand_in() as (tg, bot):
        await subscribe(tg, db, [*chats, -77])
        await owe(db, chats, "alert:1")
        await owe(db, [5], "alert:2")
        await owe(db, [5], "alert:3")
        await owe(db, [-77], "alert:1")
        await owe(db, [-77], "alert:2")
        await dispatcher(db, bot, limits=limits).drain_once()
    sends = tg.calls_to("sendMessage")
    times = sorted(c.at for c in sends)
    assert len(times) == 64
    assert times[-1] - times[0] >= 63 / 300 * 0.95, "no faster than 300 a second overall"
    for chat, interval in ((5, 0.1), (-77, 0.3)):
        # Seen at the stand-in's end: the interval runs from the answer, so delays on the way cannot
        # bring two messages to one chat closer together than it allows.
        at = [c.at for c in sends if int(c.params["chat_id"]) == chat]
        assert all(b - a >= interval for a, b in itertools.pairwise(at)), (chat, at)


async def test_command_replies_wait_for_the_same_budget_as_alerts(db: Database) -> None:
    limiter = RateLimiter(Limits(private=Rate(1, 0.5)))
    async with stand_in() as (tg, _plain):
        await subscribe(tg, db, [9])
        await owe(db, [9], "alert:1")
        bot = ExtBot(
            TOKEN,
            base_url=tg.base_url,
            rate_limiter=TelegramRateLimiter(limiter),
            request=HTTPXRequest(connection_pool_size=8),
        )
        async with bot:
            d = dispatcher(db, bot)
            d.limiter = limiter
            await d.drain_once()
            await bot.send_message(9, "a reply to a command")
        first, reply = (c.at for c in tg.calls_to("sendMessage"))
    assert reply - first >= 0.45, "the reply waited out the chat's interval after the alert"
    assert [m.text for m in tg.messages(9)] == ["Launch alert:1", "a reply to a command"]


@pytest.mark.parametrize("limits", [Limits.off(), Limits().scaled(50)])
async def test_an_update_replies_to_the_alert_it_follows(db: Database, limits: Limits) -> None:
    async with stand_in() as (tg, bot):
        await subscribe(tg, db, [3])
        now = _now()
        async with db.transaction() as repo:
            await repo.enqueue(
                [
                    NewDelivery(3, "alert", "alert:5", "alert five", now, priority=20),
                    NewDelivery(
                        3, "update", "update:5:v2", "update", now, priority=60, reply_to_key="alert:5"
                    ),
                ],
                now,
            )
        d = dispatcher(db, bot, limits=limits)
        sent = 0
        for _ in range(5):
            sent += await d.drain_once()
            if sent == 2:
                break
            await asyncio.sleep(0.05)
    alert, update = tg.messages(3)
    assert alert.text == "alert five"
    assert update.reply_to_message_id == alert.message_id


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


async def test_a_send_slower_than_its_lease_is_not_claimed_and_sent_again_by_the_same_dispatcher(
    db: Database,
) -> None:
    """Telegram answering slowly (half a second) outlives a short lease: the next claim sees those rows
    free again. They are still in this dispatcher's hands, so it must not send them a second time."""
    chats = range(1, 41)
    async with stand_in() as (tg, bot):
        await subscribe(tg, db, chats)
        await owe(db, chats)
        tg.latency = 0.5
        d = dispatcher(db, bot, concurrency=8, lease=dt.timedelta(seconds=0.3))
        sent = 0
        for _ in range(20):
            sent += await d.drain_once()
            if sent == 40:
                break
    assert sent == 40
    assert set(received(tg, chats).values()) == {1}, "every chat once, none twice"
