"""The outbox in the store: a delivery can be owed once, claimed by one worker, and resumed after a crash."""

from __future__ import annotations

import datetime as dt

from storage.db import Database
from storage.repo import NewDelivery

NOW = dt.datetime(2022, 6, 5, 1, 0, tzinfo=dt.UTC)


def owed(chat_id: int, key: str = "alert:1", priority: int = 20) -> NewDelivery:
    return NewDelivery(
        chat_id=chat_id, kind="alert", dedupe_key=key, text="<b>hi</b>", not_before=NOW, priority=priority
    )


async def subscribe(db: Database, *chat_ids: int) -> None:
    async with db.transaction() as repo:
        for chat_id in chat_ids:
            await repo.ensure_chat(chat_id, "private", None, NOW)
            await repo.set_subscribed(chat_id, True, NOW)


async def test_the_same_delivery_cannot_be_owed_twice(db: Database) -> None:
    async with db.transaction() as repo:
        assert await repo.enqueue([owed(1), owed(2)], NOW) == 2
    async with db.transaction() as repo:
        assert await repo.enqueue([owed(1), owed(2), owed(1, "alert:2")], NOW) == 1
        assert (await repo.counts()).pending_deliveries == 3


async def test_an_alert_to_thousands_of_chats_is_owed_once_each_however_often_it_is_decided(
    db: Database,
) -> None:
    async with db.transaction() as repo:
        assert await repo.enqueue([owed(chat) for chat in range(1, 701)], NOW) == 700
    async with db.transaction() as repo:
        # Decided again after more chats subscribed, with one chat listed twice: only the new are owed.
        again = [owed(chat) for chat in range(1, 1301)] + [owed(1000)]
        assert await repo.enqueue(again, NOW) == 600
        assert (await repo.counts()).pending_deliveries == 1300


async def test_a_claim_is_exclusive_until_its_lease_runs_out(db: Database) -> None:
    async with db.transaction() as repo:
        await repo.enqueue([owed(1, "a:1", priority=10), owed(2, "a:2", priority=40)], NOW)
    lease = dt.timedelta(seconds=60)
    async with db.transaction() as repo:
        first = await repo.claim_due("w1", NOW, limit=10, lease=lease)
    assert [d.chat_id for d in first] == [2, 1], "higher priority first"
    async with db.transaction() as repo:
        assert await repo.claim_due("w2", NOW + dt.timedelta(seconds=30), limit=10, lease=lease) == []
    # w1 died without marking anything: after the lease, w2 resumes both.
    async with db.transaction() as repo:
        resumed = await repo.claim_due("w2", NOW + dt.timedelta(seconds=61), limit=10, lease=lease)
    assert sorted(d.chat_id for d in resumed) == [1, 2]
    assert all(d.attempts == 2 for d in resumed)


async def test_a_sent_delivery_is_never_claimed_again_and_an_update_replies_to_its_alert(
    db: Database,
) -> None:
    async with db.transaction() as repo:
        await repo.enqueue([owed(1, "alert:7")], NOW)
    async with db.transaction() as repo:
        (d,) = await repo.claim_due("w", NOW, limit=10, lease=dt.timedelta(seconds=60))
        await repo.mark_sent(d.id, 555, NOW)
    update = NewDelivery(
        chat_id=1, kind="update", dedupe_key="update:7:v2", text="upd", not_before=NOW, reply_to_key="alert:7"
    )
    async with db.transaction() as repo:
        await repo.enqueue([update], NOW)
    async with db.transaction() as repo:
        (u,) = await repo.claim_due(
            "w", NOW + dt.timedelta(hours=1), limit=10, lease=dt.timedelta(seconds=60)
        )
    assert u.kind == "update"
    assert u.reply_to_message_id == 555


async def test_a_group_upgraded_to_a_supergroup_keeps_its_subscription_and_owed_messages(
    db: Database,
) -> None:
    await subscribe(db, -100)
    async with db.transaction() as repo:
        await repo.enqueue([owed(-100, "alert:1")], NOW)
        assert await repo.migrate_chat(-100, -1001234, NOW)
    async with db.transaction() as repo:
        assert await repo.chat(-100) is None
        moved = await repo.chat(-1001234)
        assert moved is not None
        assert moved.subscribed
        assert moved.type == "supergroup"
        (d,) = await repo.claim_due("w", NOW, limit=10, lease=dt.timedelta(seconds=60))
    assert d.chat_id == -1001234
