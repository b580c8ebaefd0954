"""The outbox's claims, on SQLite and PostgreSQL: one message per chat at a time, a round robin over
chats so a busy group starves nobody, updates after their alerts, and never one row to two workers."""

from __future__ import annotations

import asyncio
import datetime as dt
from collections import Counter

from storage.db import Database
from storage.repo import NewDelivery, SentMessage

NOW = dt.datetime(2022, 6, 5, 1, 0, tzinfo=dt.UTC)
LEASE = dt.timedelta(seconds=60)
GROUP = -100777


def owed(chat_id: int, key: str, priority: int = 20, reply_to: str | None = None) -> NewDelivery:
    return NewDelivery(
        chat_id=chat_id,
        kind="update" if reply_to else "alert",
        dedupe_key=key,
        text=f"{key} for {chat_id}",
        not_before=NOW,
        priority=priority,
        reply_to_key=reply_to,
    )


async def test_a_busy_group_gets_one_turn_like_everyone_else(db: Database) -> None:
    async with db.transaction() as repo:
        await repo.enqueue([owed(GROUP, f"digest:{n}", priority=50) for n in range(50)], NOW)
        await repo.enqueue([owed(chat, "alert:1") for chat in range(1, 11)], NOW)
    async with db.transaction() as repo:
        batch = await repo.claim_due("w1", NOW, limit=100, lease=LEASE)
    assert [d.chat_id for d in batch] == [GROUP, *range(1, 11)], "one each, the higher priority first"
    assert batch[0].dedupe_key == "digest:0"


async def test_a_chat_held_by_one_worker_is_left_alone_until_its_message_is_recorded(db: Database) -> None:
    async with db.transaction() as repo:
        await repo.enqueue([owed(7, "alert:1"), owed(7, "alert:2"), owed(8, "alert:1")], NOW)
    async with db.transaction() as repo:
        first = await repo.claim_due("w1", NOW, limit=1, lease=LEASE)
    assert [(d.chat_id, d.dedupe_key) for d in first] == [(7, "alert:1")]
    async with db.transaction() as repo:
        other = await repo.claim_due("w2", NOW, limit=10, lease=LEASE)
    assert [d.chat_id for d in other] == [8], "chat 7 is w1's until its claim is settled"
    async with db.transaction() as repo:
        await repo.mark_sent_many([SentMessage(first[0].id, 900, NOW)])
        nxt = await repo.claim_due("w2", NOW, limit=10, lease=LEASE)
    assert [(d.chat_id, d.dedupe_key) for d in nxt] == [(7, "alert:2")]


async def test_an_update_waits_for_the_alert_it_replies_to_and_then_replies_to_it(db: Database) -> None:
    async with db.transaction() as repo:
        await repo.enqueue([owed(5, "alert:3", priority=20)], NOW)
        await repo.enqueue([owed(5, "update:3:v2", priority=90, reply_to="alert:3")], NOW)
    async with db.transaction() as repo:
        (alert,) = await repo.claim_due("w", NOW, limit=10, lease=LEASE)
        assert alert.dedupe_key == "alert:3", "the alert goes first although the update ranks higher"
        await repo.mark_sent_many([SentMessage(alert.id, 4242, NOW)])
    async with db.transaction() as repo:
        (update,) = await repo.claim_due("w", NOW, limit=10, lease=LEASE)
    assert update.reply_to_message_id == 4242
    assert update.reply_to_id == alert.id


async def test_sent_messages_keep_telegrams_id_and_time_and_are_never_claimed_again(db: Database) -> None:
    async with db.transaction() as repo:
        await repo.enqueue([owed(chat, "alert:1") for chat in (1, 2, 3)], NOW)
        claimed = await repo.claim_due("w", NOW, limit=10, lease=LEASE)
        at = NOW + dt.timedelta(seconds=2)
        await repo.mark_sent_many([SentMessage(d.id, 100 + d.chat_id, at) for d in claimed])
    later = NOW + dt.timedelta(hours=2)
    async with db.transaction() as repo:
        assert await repo.claim_due("w", later, limit=10, lease=LEASE) == []
        summary = await repo.outbox_summary()
        assert (summary.pending, summary.sent, summary.failed) == (0, 3, 0)
        assert await repo.next_due_at() is None


async def test_the_next_due_time_counts_a_held_claim_until_it_runs_out(db: Database) -> None:
    async with db.transaction() as repo:
        await repo.enqueue([owed(1, "alert:1")], NOW)
        assert await repo.next_due_at() == NOW
        await repo.claim_due("w", NOW, limit=10, lease=LEASE)
        assert await repo.next_due_at() == NOW + LEASE, "a crashed worker's row is due when its lease ends"


async def test_concurrent_workers_never_share_a_row_or_a_chat(db: Database) -> None:
    async with db.transaction() as repo:
        await repo.enqueue([owed(chat, f"alert:{n}") for chat in range(1, 41) for n in range(5)], NOW)
    taken: list[tuple[str, int, int]] = []

    async def worker(name: str) -> None:
        while True:
            async with db.transaction() as repo:
                batch = await repo.claim_due(name, NOW, limit=7, lease=LEASE)
            if not batch:
                return
            live = {d.chat_id for d in batch}
            taken.extend((name, d.id, d.chat_id) for d in batch)
            await asyncio.sleep(0)
            async with db.transaction() as repo:
                await repo.mark_sent_many([SentMessage(d.id, d.id, NOW) for d in batch])
            assert len(live) == len(batch)

    await asyncio.gather(*(worker(f"w{n}") for n in range(6)))
    ids = Counter(row_id for _, row_id, _ in taken)
    assert len(ids) == 200
    assert set(ids.values()) == {1}, "no row was claimed twice"


async def test_forbidden_chats_are_listed_with_their_reason_for_status(db: Database) -> None:
    async with db.transaction() as repo:
        for chat in (1, 2):
            await repo.ensure_chat(chat, "private", f"chat {chat}", NOW)
            await repo.set_subscribed(chat, True, NOW)
        await repo.deactivate_chat(2, "Forbidden: bot was blocked by the user", NOW)
    async with db.transaction() as repo:
        (gone,) = await repo.inactive_chats()
        counts = await repo.counts()
    assert (gone.chat_id, gone.reason, gone.title) == (2, "Forbidden: bot was blocked by the user", "chat 2")
    assert counts.inactive_chats == 1
    assert counts.subscribers == 1


async def test_messages_owed_to_a_group_the_store_never_saw_follow_it_to_its_supergroup(db: Database) -> None:
    async with db.transaction() as repo:
        await repo.enqueue([owed(-55, "alert:1")], NOW)
        assert not await repo.migrate_chat(-55, -10055, NOW)
        (d,) = await repo.claim_due("w", NOW, limit=10, lease=LEASE)
    assert d.chat_id == -10055
