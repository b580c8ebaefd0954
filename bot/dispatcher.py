"""The outbox dispatcher: sends owed messages, records what Telegram said, and never loses one.

A delivery row is claimed for a lease, sent, and marked sent with Telegram's message id. A process
killed mid-send leaves its claim to expire, and the row is sent again by whoever drains next; the
only duplicate possible is a message Telegram accepted in the instant before the row was marked.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import random
import uuid

from telegram import Bot, LinkPreviewOptions, ReplyParameters
from telegram.constants import ParseMode
from telegram.error import BadRequest, ChatMigrated, Forbidden, NetworkError, RetryAfter, TelegramError

from bot.clock import Clock
from storage.db import Database
from storage.repo import Delivery

log = logging.getLogger(__name__)

#: How long a claim holds; a crashed dispatcher's rows are picked up after this.
LEASE = dt.timedelta(seconds=60)
#: Network errors are retried with exponential backoff from this, with jitter, up to MAX_BACKOFF.
BASE_BACKOFF = 1.0
MAX_BACKOFF = 300.0
#: Transient failures before a delivery is given up (about a day with the backoff above).
MAX_ATTEMPTS = 300


class Dispatcher:
    def __init__(
        self,
        db: Database,
        bot: Bot,
        clock: Clock,
        *,
        worker_id: str | None = None,
        batch: int = 100,
        concurrency: int = 32,
        poll_interval: float = 2.0,
    ) -> None:
        self.db = db
        self.bot = bot
        self.clock = clock
        self.worker_id = worker_id or f"dispatcher-{uuid.uuid4().hex[:8]}"
        self.batch = batch
        self.poll_interval = poll_interval
        self._limit = asyncio.Semaphore(concurrency)
        self._wake = asyncio.Event()
        self.sent = 0

    def wake(self) -> None:
        """Something was enqueued: drain now instead of at the next poll."""
        self._wake.set()

    async def drain_once(self) -> int:
        """Send everything due now; returns how many messages Telegram accepted."""
        total = 0
        while True:
            async with self.db.transaction() as repo:
                claimed = await repo.claim_due(
                    self.worker_id, self.clock.now(), limit=self.batch, lease=LEASE
                )
            if not claimed:
                return total
            results = await asyncio.gather(*(self._send_one(d) for d in self._per_chat_order(claimed)))
            total += sum(results)

    @staticmethod
    def _per_chat_order(claimed: list[Delivery]) -> list[list[Delivery]]:
        """Deliveries grouped by chat, each chat's in priority order: one chat's messages go one at a time."""
        by_chat: dict[int, list[Delivery]] = {}
        for d in claimed:
            by_chat.setdefault(d.chat_id, []).append(d)
        return list(by_chat.values())

    async def _send_one(self, deliveries: list[Delivery]) -> int:
        sent = 0
        for d in deliveries:
            async with self._limit:
                sent += await self._deliver(d)
        return sent

    async def _deliver(self, d: Delivery) -> int:
        try:
            message = await self.bot.send_message(
                chat_id=d.chat_id,
                text=d.text,
                parse_mode=ParseMode.HTML,
                message_thread_id=d.thread_id,
                link_preview_options=LinkPreviewOptions(is_disabled=True),
                reply_parameters=(
                    ReplyParameters(message_id=d.reply_to_message_id, allow_sending_without_reply=True)
                    if d.reply_to_message_id
                    else None
                ),
            )
        except RetryAfter as exc:
            await self._retry(d, _seconds(exc.retry_after), f"flood control: retry after {exc.retry_after}")
            return 0
        except ChatMigrated as exc:
            log.info("chat %s became supergroup %s; moving its subscription", d.chat_id, exc.new_chat_id)
            async with self.db.transaction() as repo:
                await repo.migrate_chat(d.chat_id, exc.new_chat_id, self.clock.now())
            return 0
        except Forbidden as exc:
            log.warning("chat %s: %s; subscription deactivated", d.chat_id, exc.message)
            now = self.clock.now()
            async with self.db.transaction() as repo:
                await repo.deactivate_chat(d.chat_id, exc.message, now)
                await repo.fail_pending_for_chat(d.chat_id, exc.message, now)
            return 0
        except BadRequest as exc:
            log.error("delivery %s to chat %s refused: %s", d.id, d.chat_id, exc.message)
            async with self.db.transaction() as repo:
                await repo.mark_failed(d.id, exc.message, self.clock.now())
            return 0
        except (NetworkError, TelegramError) as exc:  # timeouts, 5xx, dropped connections
            if d.attempts >= MAX_ATTEMPTS:
                async with self.db.transaction() as repo:
                    await repo.mark_failed(
                        d.id, f"gave up after {d.attempts} attempts: {exc}", self.clock.now()
                    )
                return 0
            backoff = min(MAX_BACKOFF, BASE_BACKOFF * 2 ** min(d.attempts - 1, 16))
            await self._retry(d, backoff * random.uniform(0.5, 1.5), str(exc))
            return 0
        async with self.db.transaction() as repo:
            await repo.mark_sent(d.id, message.message_id, self.clock.now())
        self.sent += 1
        return 1

    async def _retry(self, d: Delivery, seconds: float, reason: str) -> None:
        log.info("delivery %s to chat %s: %s; retrying in %.1fs", d.id, d.chat_id, reason, seconds)
        async with self.db.transaction() as repo:
            await repo.mark_retry(d.id, self.clock.now() + dt.timedelta(seconds=seconds), reason)

    async def run(self, stop: asyncio.Event) -> None:
        """Drain, then sleep until woken, until the next retry is due, or for the poll interval."""
        while not stop.is_set():
            # Cleared before draining, so a wake-up that arrives mid-drain is not lost.
            self._wake.clear()
            try:
                await self.drain_once()
                async with self.db.transaction() as repo:
                    due = await repo.next_due_at()
            except Exception:  # the loop boundary: a database hiccup must not end delivery for good
                log.exception("dispatcher: drain failed; retrying")
                due = None
            timeout = self.poll_interval
            if due is not None:
                timeout = max(0.0, min(timeout, (due - self.clock.now()).total_seconds()))
            stopper = asyncio.ensure_future(stop.wait())
            waker = asyncio.ensure_future(self._wake.wait())
            await asyncio.wait({stopper, waker}, timeout=timeout, return_when=asyncio.FIRST_COMPLETED)
            stopper.cancel()
            waker.cancel()


def _seconds(value: int | dt.timedelta) -> float:
    return value.total_seconds() if isinstance(value, dt.timedelta) else float(value)
