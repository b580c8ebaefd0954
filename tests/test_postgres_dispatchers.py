"""Several ``launchwatch dispatch`` processes on one PostgreSQL outbox: 2,000 deliveries, three real OS
processes, and every message arrives exactly once, each chat's in the order they were owed."""

from __future__ import annotations

import asyncio
import os
import re
import sys
from pathlib import Path

import pytest

from bot.testing.fake_telegram import FakeTelegram
from storage.db import Database
from tests.conftest import POSTGRES_URL
from tests.outbox_kit import TOKEN, owe, received, throwaway_postgres

ROOT = Path(__file__).parents[1]

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(not POSTGRES_URL, reason="set LAUNCHWATCH_TEST_POSTGRES_URL to run on PostgreSQL"),
]


async def dispatcher_process(tg: FakeTelegram, url: str, name: str) -> asyncio.subprocess.Process:
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "DATABASE_"))},
        "PYTHONPATH": str(ROOT),
        "TELEGRAM_BOT_TOKEN": TOKEN,
        "TELEGRAM_API_URL": tg.base_url,
        "DATABASE_URL": url,
        "TELEGRAM_RATE_GLOBAL": "off",
        "TELEGRAM_RATE_PRIVATE": "off",
        "TELEGRAM_RATE_GROUP": "off",
    }
    return await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "dispatch", "--worker-id", name,
        env=env, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT,
    )  # fmt: skip


async def test_three_dispatcher_processes_share_one_outbox_without_sending_anything_twice() -> None:
    chats = range(1, 1001)
    async with throwaway_postgres(POSTGRES_URL or "") as url, FakeTelegram(token=TOKEN) as tg:
        db = Database(url)
        try:
            await db.create_schema()
            for chat in chats:
                tg.add_chat(chat, "private")
            for n in range(2):  # 1,000 chats x 2 alerts = 2,000 deliveries
                await owe(db, chats, f"alert:{n}", text=f"alert {n}")
            procs = [await dispatcher_process(tg, url, f"worker-{i}") for i in range(3)]
            await tg.wait_for(lambda: sum(received(tg, chats).values()) >= 2000, timeout=60)
            await asyncio.sleep(0.5)  # anything sent twice would arrive now
            for p in procs:
                p.terminate()
            outputs = [(await p.communicate())[0].decode() for p in procs]
            async with db.transaction() as repo:
                summary = await repo.outbox_summary()
        finally:
            await db.dispose()
    assert all(p.returncode == 0 for p in procs), outputs
    per_worker = [int(re.search(r"sent (\d+) message", out)[1]) for out in outputs]  # type: ignore[index]
    print(f"messages sent by each process: {per_worker}")
    counts = received(tg, chats)
    assert set(counts.values()) == {2}, "every delivery arrived, none twice"
    assert sum(per_worker) == 2000
    assert all(per_worker), f"all three took a share: {per_worker}"
    assert (summary.pending, summary.sent) == (0, 2000)
    for chat in chats:
        assert [m.text for m in tg.messages(chat)] == [f"alert {n}" for n in range(2)], "in order"
