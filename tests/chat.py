"""A running launchwatch bot for chat tests: the real Application from ``build_application``, polling
the Bot API stand-in over HTTP, on a real SQLite database holding a year of launches stored the way
ingest stores them (articles, reports, merged events, levels from the escalation model).

Use ``chat_harness`` as a module-scoped fixture (see ``tests/test_chat_*.py``): one bot per test
module keeps the files fast, and each test talks in its own chat ids.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import AsyncIterator, Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from bot.app import build_application
from bot.clock import ManualClock
from bot.config import Settings
from bot.core.records import Article, Evidence, LaunchEvent
from bot.handlers import App
from bot.services.alerts import AlertPlanner
from bot.services.ingest import IngestService
from bot.testing.fake_telegram import FakeTelegram
from bot.testing.recorded import SentMessage
from storage.db import Database
from tests.samples import year_2022

TOKEN = "777000111:AAchat-handlers-test-token-abcdefgh"
BOT_USERNAME = "launchwatch_bot"
#: Tuesday 10 January 2023, noon in Seoul: ten days after the last launch of 2022.
NOW = dt.datetime(2023, 1, 10, 3, 0, tzinfo=dt.UTC)


#: The sample year as the chat tests store it. 29 September is left out: two SRBMs a day after two
#: SRBMs on 28 September read, to the merger, as a second report of the same launch.
SAMPLES = [e for e in year_2022() if e.record.date != dt.date(2022, 9, 29)]


def event_id(day: str) -> int:
    """The stored id of the sample launch on ``day``: events are stored in date order from 1."""
    return next(i for i, e in enumerate(SAMPLES, start=1) if e.record.date.isoformat() == day)


def _articles() -> list[tuple[Article, list[LaunchEvent]]]:
    """One article per sample launch, plus a second, fuller report of the 18 November ICBM."""
    out = []
    for event in SAMPLES:
        record = event.record
        published = dt.datetime.combine(record.date, dt.time(1, 0), tzinfo=dt.UTC)
        who = record.actors[0].replace("_", " ").title()
        title = f"{who} launch on {record.date:%d %b}: {record.count or 'unknown number of'} & more <live>"
        sentence = (
            f"{who} fired {record.count or 'some'} {record.missile_class} missiles on {record.date:%d %B}."
        )
        evidence = (Evidence("count", sentence), Evidence("missile_class", sentence))
        article = Article(
            title=title,
            text=sentence,
            published_at=published,
            source="Test Wire" if record.date.month % 2 else "Yonhap",
            url=f"https://news.example/{record.date.isoformat()}?a=1&b=2",
        )
        out.append((article, [replace(record, evidence=evidence)]))
    icbm = next(r for _, (r,) in out if r.date == dt.date(2022, 11, 18))
    fuller = replace(
        icbm,
        apogee_km=6100.0,
        range_km=1000.0,
        flight_time_min=69.0,
        evidence=(*icbm.evidence, Evidence("apogee_km", "It reached 6,100 km at its highest.")),
    )
    follow_up = Article(
        title="Japan: the ICBM flew 69 minutes",
        text="It reached 6,100 km at its highest.",
        published_at=dt.datetime(2022, 11, 18, 9, 0, tzinfo=dt.UTC),
        source="NHK World",
        url=None,
    )
    out.append((follow_up, [fuller]))
    return out


async def fill(db: Database, clock: ManualClock, root: Path) -> None:
    """Store the sample year through the ingest service, as files would."""
    pairs = _articles()
    table = {article.title: records for article, records in pairs}
    ingest = IngestService(
        db,
        root=root,
        clock=clock,
        extractor=lambda article: table[article.title],
        planner=AlertPlanner(dt.timedelta(hours=72)),
        max_file_size=1 << 20,
    )
    for article, _ in pairs:
        await ingest.ingest_article(article, origin=f"{article.published_at:%Y%m%d}.txt")
    async with db.transaction() as repo:
        stored = await repo.events_between(dt.date(2022, 1, 1), dt.date(2023, 1, 1))
    # The tests name events by id: one stored event per sample, in date order, or the data drifted.
    assert [(e.id, e.record.date) for e in stored] == [
        (i, e.record.date) for i, e in enumerate(SAMPLES, start=1)
    ], "the merger combined or split sample launches; adjust SAMPLES"


@dataclass
class ChatHarness:
    tg: FakeTelegram
    app: App
    db: Database
    clock: ManualClock

    async def ask(
        self, chat_id: int, text: str, n: int = 1, *, wait: float = 10.0, **push: Any
    ) -> list[SentMessage]:
        """Write ``text`` in a chat and return the bot's ``n`` new messages there."""
        before = len(self.tg.messages(chat_id))
        self.tg.push_message(chat_id, text, **push)
        messages = await self.tg.wait_for_messages(chat_id, before + n, timeout=wait)
        return messages[before:]

    async def ask_one(self, chat_id: int, text: str, **push: Any) -> SentMessage:
        (reply,) = await self.ask(chat_id, text, **push)
        return reply

    async def tap(self, chat_id: int, message: SentMessage, data: str, **push: Any) -> SentMessage:
        """Press a button under ``message`` and wait until the bot answered the press."""
        answered = len(self.tg.callback_answers)
        self.tg.push_callback_query(chat_id, message.message_id, data, **push)
        await self.tg.wait_for(lambda: len(self.tg.callback_answers) > answered, timeout=10)
        return message

    def last_answer(self) -> str | None:
        return self.tg.callback_answers[-1].text

    async def settled(self, chat_id: int, count: int, wait: float = 0.3) -> None:
        """Assert nothing more arrives in a chat (after a short wait)."""
        import asyncio

        await asyncio.sleep(wait)
        assert len(self.tg.messages(chat_id)) == count, [m.text for m in self.tg.messages(chat_id)[count:]]


@contextlib.asynccontextmanager
async def running_chat(tmp: Path, *, now: dt.datetime = NOW) -> AsyncIterator[ChatHarness]:
    clock = ManualClock(now)
    db = Database(f"sqlite+aiosqlite:///{tmp / 'chat.db'}")
    await db.create_schema()
    await fill(db, clock, tmp)
    # Telegram's limits (20 messages a minute in a group) are the delivery tests' subject; here they
    # would only make a conversation of fifty commands take minutes, so they run 100 times faster.
    settings = Settings.from_env(
        {
            "INGEST_DIR": str(tmp / "ingest"),
            "DATABASE_URL": "sqlite:///unused.db",
            "TELEGRAM_RATE_SCALE": "100",
        }
    )
    async with FakeTelegram(token=TOKEN, bot_username=BOT_USERNAME) as tg:
        app = build_application(settings, db=db, clock=clock, token=TOKEN, api_url=tg.base_url)
        async with app:
            await app.start()
            assert app.updater is not None
            await app.updater.start_polling(poll_interval=0, timeout=1)
            try:
                yield ChatHarness(tg, app, db, clock)
            finally:
                await app.updater.stop()
                await app.stop()
    await db.dispose()


def plain_lines(message: SentMessage) -> list[str]:
    return message.shown_text.splitlines()


def buttons(message: SentMessage) -> list[tuple[str, str]]:
    """(label, callback data) of every inline button under a message, as it shows now."""
    markup = message.reply_markup or {}
    return [(b["text"], b.get("callback_data", "")) for row in markup.get("inline_keyboard", []) for b in row]


def find(items: Sequence[SentMessage], predicate: Callable[[SentMessage], bool]) -> SentMessage:
    return next(m for m in items if predicate(m))
