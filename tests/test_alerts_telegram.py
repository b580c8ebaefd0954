"""Alerts, updates and digests as a chat receives them: launchwatch's real ``running()`` service, the
real python-telegram-bot stack and JobQueue, a real ingest folder and database, and the Bot API
stand-in playing Telegram. The stand-in stamps messages with the test's clock."""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import pytest

from bot.app import Service, running
from bot.clock import Clock, ManualClock
from bot.config import Settings
from bot.core.prefs import Chat, ChatPrefs, DigestFrequency
from bot.jobs import digest_job_name, reschedule_digest
from bot.testing.fake_telegram import FakeTelegram
from tests.alert_story import STORY, Wire, utc

TOKEN = "424242:AAEalerts-stack-test-token-xxxxxxxxx"
ALICE = 5101
#: 08:00 on 4 Oct 2022 in Seoul.
SLOT = utc("2022-10-03T23:00")


class RunningClock:
    """Starts at a chosen moment and runs at real speed, so the JobQueue's real delays and the
    service's clock agree."""

    def __init__(self, start: dt.datetime) -> None:
        self.start = start
        self.t0 = time.monotonic()

    def now(self) -> dt.datetime:
        return self.start + dt.timedelta(seconds=time.monotonic() - self.t0)


def drop(wire: Wire, folder: Path) -> None:
    """An article file written aside and renamed into the ingest folder, as a careful writer does."""
    body = (
        f"Title: {wire.title}\nPublished: {wire.article().published_at.isoformat()}\n"
        f"Source: {wire.source}\nURL: {wire.article().url}\n\n{wire.text}\n"
    )
    name = f"{wire.at:%Y%m%d%H%M}-{wire.source.lower().replace(' ', '-')}.txt"
    (folder / f".{name}.part").write_text(body)
    (folder / f".{name}.part").replace(folder / name)


@asynccontextmanager
async def launchwatch(tg: FakeTelegram, workdir: Path, clock: Clock) -> AsyncIterator[Service]:
    (workdir / "ingest").mkdir(exist_ok=True)
    settings = Settings.from_env(
        {
            "TELEGRAM_BOT_TOKEN": TOKEN,
            "TELEGRAM_API_URL": tg.base_url,
            "DATABASE_URL": f"sqlite:///{workdir / 'lw.db'}",
            "INGEST_DIR": str(workdir / "ingest"),
        }
    )
    async with running(settings, clock=clock) as service:
        yield service


async def subscribe_with_daily_digest(tg: FakeTelegram, service: Service, n_before: int) -> Chat:
    """Alice subscribes, then (as the settings command will) asks for a digest at 08:00 Seoul time."""
    tg.push_message(ALICE, "/subscribe")
    await tg.wait_for_messages(ALICE, n_before + 1)
    state = service.app.bot_data
    async with state.db.transaction() as repo:
        chat = await repo.save_prefs(
            ALICE, ChatPrefs(digest=DigestFrequency.DAILY, digest_time=dt.time(8)), state.clock.now()
        )
    await reschedule_digest(service.app, chat)
    return chat


@pytest.mark.slow
async def test_an_update_arrives_as_a_reply_to_its_alert(tmp_path: Path) -> None:
    clock = ManualClock(utc("2022-10-03T22:50"))
    first, over_japan = [w for w in STORY if w.events[0].date == dt.date(2022, 10, 4)][:2]
    async with FakeTelegram(token=TOKEN) as tg, launchwatch(tg, tmp_path, clock):
        tg.push_message(ALICE, "/subscribe")
        await tg.wait_for_messages(ALICE, 1)
        drop(first, tmp_path / "ingest")
        alert = (await tg.wait_for_messages(ALICE, 2, timeout=15))[1]
        drop(over_japan, tmp_path / "ingest")
        update = (await tg.wait_for_messages(ALICE, 3, timeout=15))[2]

    assert alert.text is not None
    assert alert.text.startswith("🚨 Level 2 · North Korea fired a ballistic missile — Tue 4 Oct 2022")
    assert alert.reply_to_message_id is None
    assert update.text is not None
    assert update.text.splitlines()[:3] == [
        "⬆️ Update · Level 4 · North Korea fired a ballistic missile over Japan — Tue 4 Oct 2022",
        "• level raised: 2 → 4",
        "• landing more serious: not given → over Japan",
    ]
    assert update.reply_to_message_id == alert.message_id


@pytest.mark.slow
async def test_a_digest_arrives_at_the_chats_local_time(tmp_path: Path) -> None:
    clock = RunningClock(SLOT - dt.timedelta(seconds=2))
    async with (
        FakeTelegram(token=TOKEN, clock=lambda: clock.now().timestamp()) as tg,
        launchwatch(tg, tmp_path, clock) as service,
    ):
        await subscribe_with_daily_digest(tg, service, 0)
        (job,) = service.app.job_queue.get_jobs_by_name(digest_job_name(ALICE))  # type: ignore[union-attr]
        assert tg.messages(ALICE)[1:] == [], "not before its time"
        digest = (await tg.wait_for_messages(ALICE, 2, timeout=10))[1]
        # The job sets itself for the next morning once the digest is owed; the dispatcher may send
        # the digest before the job has got that far.
        assert service.app.job_queue is not None
        for _ in range(200):
            jobs = service.app.job_queue.get_jobs_by_name(digest_job_name(ALICE))
            if jobs and jobs[0] is not job:
                break
            await asyncio.sleep(0.025)
        (tomorrow,) = jobs
        assert tomorrow is not job
    assert digest.date >= int(SLOT.timestamp())
    assert digest.date < int(SLOT.timestamp()) + 5
    assert digest.text is not None
    assert digest.text.splitlines()[:2] == [
        "🗞 Daily digest · Mon 3 Oct 08:00 KST – Tue 4 Oct 08:00 KST",
        "No launches were reported in this period.",
    ]


@pytest.mark.slow
async def test_a_restart_loses_no_digest_and_doubles_none(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    clock = ManualClock(SLOT - dt.timedelta(hours=10))
    caplog.set_level(logging.INFO)
    async with FakeTelegram(token=TOKEN, clock=lambda: clock.now().timestamp()) as tg:
        async with launchwatch(tg, tmp_path, clock) as service:
            await subscribe_with_daily_digest(tg, service, 0)
        # Down over the 08:00 digest; back at 13:00, five hours late: it is sent once, at start.
        clock.set(SLOT + dt.timedelta(hours=5))
        async with launchwatch(tg, tmp_path, clock):
            digest = (await tg.wait_for_messages(ALICE, 2, timeout=10))[1]
        assert digest.text is not None
        assert digest.text.startswith("🗞 Daily digest · Mon 3 Oct 08:00 KST – Tue 4 Oct 08:00 KST")
        # Restarted twice more: nothing again.
        for _ in range(2):
            async with launchwatch(tg, tmp_path, clock):
                await asyncio.sleep(0.3)
        assert len(tg.messages(ALICE)) == 2

        # Down again over the next morning's; back seven hours late: skipped, and the log says so.
        clock.set(SLOT + dt.timedelta(days=1, hours=7))
        async with launchwatch(tg, tmp_path, clock):
            await asyncio.sleep(0.3)
        async with launchwatch(tg, tmp_path, clock):
            await asyncio.sleep(0.3)
        assert len(tg.messages(ALICE)) == 2
    skipped = [
        r.getMessage() for r in caplog.records if "skipped" in r.getMessage() and r.name.endswith("digests")
    ]
    assert skipped == [
        f"chat {ALICE}: the digest due at {(SLOT + dt.timedelta(days=1)).isoformat()} was missed by 7:00:00 "
        "(more than 6:00:00): skipped"
    ]
