"""The outbox dispatcher: sends owed messages within Telegram's limits and records what Telegram said.

A delivery row is claimed for a lease, sent when its chat's turn comes, and marked sent with
Telegram's message id and time. A process killed at any point leaves its claims to expire, and
whoever drains next sends those rows again: nothing is lost. The only duplicates possible are a
message Telegram accepted in the moment before the row was marked (the *record lag*, measured in
:attr:`DeliveryStats.record_lag`), and a send whose answer never came (a timeout or dropped
connection after Telegram had acted), which has to be retried because it usually was not sent.

Inside one drain the claimed rows wait in a :class:`ReadyQueue`: the highest priority among the
chats whose own limit allows a message now goes next, so a chat that must wait never holds up the
others. Outcomes are written by one task in group commits, which keeps the record lag short and
the store's write rate independent of the send rate.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import heapq
import itertools
import logging
import random
import time
import uuid
from collections import deque
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

from telegram import Bot, LinkPreviewOptions, Message, ReplyParameters
from telegram.constants import ParseMode
from telegram.error import BadRequest, ChatMigrated, Forbidden, RetryAfter, TelegramError
from telegram.ext import ExtBot

from bot.clock import Clock
from bot.ratelimit import PREBOOKED, Limits, RateLimiter, retry_seconds
from storage.db import Database
from storage.repo import Delivery, Repo, SentMessage

log = logging.getLogger(__name__)

#: How long a claim holds; a crashed dispatcher's rows are picked up after this.
LEASE = dt.timedelta(seconds=60)
#: A claimed row not sent within this share of its lease is handed back rather than risk a second sender.
LEASE_MARGIN = 0.8
#: When a drain found nothing it could claim, wait at least this long before asking again (rows
#: due now may belong to chats another dispatcher is serving).
IDLE_FLOOR = 0.2
#: BadRequest descriptions that mean the chat is gone for good, like Forbidden.
GONE = ("chat not found", "peer_id_invalid", "user is deactivated", "bot was kicked")


@dataclass(frozen=True, slots=True)
class Backoff:
    """Timeouts, 5xx and dropped connections: exponential backoff with jitter, then give up."""

    base: float = 1.0
    cap: float = 300.0
    #: Tries before a delivery is given up (about a day with the defaults).
    max_attempts: int = 300

    def delay(self, attempts: int, rng: random.Random) -> float:
        return min(self.cap, self.base * 2.0 ** min(max(attempts - 1, 0), 30)) * rng.uniform(0.5, 1.5)


@dataclass(slots=True)
class DeliveryStats:
    sent: int = 0
    retried: int = 0
    failed: int = 0
    deactivated: int = 0
    migrated: int = 0
    flood_waits: int = 0
    #: Seconds from Telegram's answer to the commit that recorded it: the window in which a crash
    #: would send that message again. The most recent samples.
    record_lag: deque[float] = field(default_factory=lambda: deque(maxlen=200_000))


@dataclass(slots=True)
class _Claimed:
    delivery: Delivery
    #: time.monotonic() after which the row may be someone else's.
    expires: float


class ReadyQueue:
    """Claimed deliveries by priority; a chat whose limit says wait steps aside until it may send.

    Pure: ``now`` and each chat's ready time are arguments. Ties go in claim order, which is a
    round robin over chats (a claim takes one row per chat).
    """

    def __init__(self) -> None:
        self._ready: list[tuple[int, int, _Claimed]] = []
        self._waiting: list[tuple[float, int, _Claimed]] = []
        self._seq = itertools.count()

    def __len__(self) -> int:
        return len(self._ready) + len(self._waiting)

    def push(self, item: _Claimed) -> None:
        heapq.heappush(self._ready, (-item.delivery.priority, next(self._seq), item))

    def pop(self, now: float, ready_at: Callable[[int], float]) -> _Claimed | None:
        while self._waiting and self._waiting[0][0] <= now:
            _, seq, item = heapq.heappop(self._waiting)
            heapq.heappush(self._ready, (-item.delivery.priority, seq, item))
        while self._ready:
            _negative, seq, item = heapq.heappop(self._ready)
            at = ready_at(item.delivery.chat_id)
            if at <= now:
                return item
            heapq.heappush(self._waiting, (at, seq, item))
        return None

    def drain(self) -> list[_Claimed]:
        """Empty the queue, returning what was in it."""
        items = [item for _, _, item in self._ready] + [item for _, _, item in self._waiting]
        self._ready.clear()
        self._waiting.clear()
        return items

    def next_at(self) -> float | None:
        """When the first waiting chat may send (None: nothing waits)."""
        return self._waiting[0][0] if self._waiting else None


Op = Callable[[Repo], Awaitable[None]]


class Dispatcher:
    def __init__(
        self,
        db: Database,
        bot: Bot,
        clock: Clock,
        *,
        limiter: RateLimiter | None = None,
        worker_id: str | None = None,
        batch: int | None = None,
        concurrency: int = 32,
        lease: dt.timedelta = LEASE,
        poll_interval: float = 2.0,
        backoff: Backoff | None = None,
    ) -> None:
        self.db = db
        self.bot = bot
        self.clock = clock
        #: Telegram's limits; one limiter per process, shared with handler replies.
        self.limiter = limiter or RateLimiter(Limits.off())
        self.worker_id = worker_id or f"dispatcher-{uuid.uuid4().hex[:8]}"
        overall = self.limiter.limits.overall
        # About four seconds of sending at the overall rate: enough to keep every sender busy, small
        # enough that a higher-priority alert claimed next is not queued behind a long batch.
        self.batch = batch or (500 if overall is None else max(20, min(500, round(overall.per_second * 4))))
        self.concurrency = concurrency
        self.lease = lease
        self.poll_interval = poll_interval
        self.backoff = backoff or Backoff()
        self.stats = DeliveryStats()
        self._rng = random.Random()
        self._wake = asyncio.Event()
        self._drain_lock = asyncio.Lock()
        # Messages sent through python-telegram-bot's rate limiter have already been booked here.
        self._send_extra: dict[str, object] = (
            {"rate_limit_args": PREBOOKED} if isinstance(bot, ExtBot) and bot.rate_limiter is not None else {}
        )
        self._reset()

    def stop_soon(self) -> None:
        """Finish the sends under way, hand back the rest of the batch, and end the drain."""
        self._stopping = True
        self._notify()

    def _reset(self) -> None:
        self._queue = ReadyQueue()
        #: Claimed rows whose outcome is not committed yet (queued, being sent, or being recorded).
        #: A row among them that comes back in a claim (its lease ran out while its answer waited to
        #: be recorded) is already in hand: sending it again would be a duplicate we made ourselves.
        self._open: set[int] = set()
        self._claimable = True
        #: Bumped by every committed outcome. A claim that ran while one was committed may not have
        #: seen it, so its empty answer does not mean nothing is left: see ``_claim``.
        self._settlements = 0
        self._claiming = False
        self._changed = asyncio.Event()
        self._recorder: _Recorder | None = None
        self._stopping = False

    def wake(self) -> None:
        """Something was enqueued: drain now instead of at the next poll."""
        self._wake.set()

    # ------------------------------------------------------------------ draining

    async def drain_once(self) -> int:
        """Send everything that can be claimed now (and what becomes claimable meanwhile); returns how
        many messages Telegram accepted."""
        async with self._drain_lock:
            before = self.stats.sent
            self._reset()
            recorder = self._recorder = _Recorder(self)
            writer = asyncio.create_task(recorder.run(), name="outbox-recorder")
            try:
                await asyncio.gather(*(self._sender() for _ in range(self.concurrency)))
            finally:
                recorder.close()
                await writer
            return self.stats.sent - before

    def _notify(self) -> None:
        changed, self._changed = self._changed, asyncio.Event()
        changed.set()

    def _settled(self, delivery_ids: list[int]) -> None:
        """The recorder committed these rows' outcomes: their chats may be claimed again."""
        self._open.difference_update(delivery_ids)
        self._settlements += 1
        self._claimable = True
        self._notify()

    async def _next(self) -> _Claimed | None:
        while True:
            if self._stopping:
                for queued in self._queue.drain():
                    self._retry(queued.delivery, 0.0, "handed back at shutdown", count=False)
                return None
            # Back-pressure: no new send while as many answers as there are senders wait to be
            # recorded, which bounds what a crash can duplicate to twice the concurrency.
            recorder = self._record()
            item = None
            if recorder.unrecorded < self.concurrency:
                item = self._queue.pop(time.monotonic(), self.limiter.chat_ready_at)
            if item is not None:
                return item
            if self._claimable and not self._claiming and len(self._open) <= self.batch // 2:
                await self._claim()
                continue
            if not self._claimable and not self._claiming and not self._open:
                self._notify()
                return None
            changed = self._changed
            next_at = self._queue.next_at()
            timeout = None if next_at is None else max(0.0, next_at - time.monotonic())
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(changed.wait(), timeout)

    async def _claim(self) -> None:
        self._claiming = True
        try:
            want = self.batch - len(self._open)
            settlements = self._settlements
            try:
                async with self.db.transaction() as repo:
                    claimed = await repo.claim_due(
                        self.worker_id, self.clock.now(), limit=want, lease=self.lease
                    )
            except Exception:
                log.exception("dispatcher: could not claim deliveries; finishing what is in hand")
                self._claimable = False
                return
            expires = time.monotonic() + self.lease.total_seconds() * LEASE_MARGIN
            for d in claimed:
                if d.id not in self._open:
                    self._queue.push(_Claimed(d, expires))
                    self._open.add(d.id)
            # A short answer means nothing more is due, unless an outcome was committed meanwhile
            # (a chat's next message may have become claimable after the claim looked).
            self._claimable = len(claimed) == want or self._settlements != settlements
        finally:
            self._claiming = False
            self._notify()

    async def _sender(self) -> None:
        while (item := await self._next()) is not None:
            try:
                await self._deliver(item)
            except Exception as exc:  # the loop boundary: one odd failure must not end delivery
                log.exception(
                    "delivery %s to chat %s failed unexpectedly", item.delivery.id, item.delivery.chat_id
                )
                self._retry(item.delivery, self.backoff.delay(item.delivery.attempts, self._rng), repr(exc))

    # ------------------------------------------------------------------ one message

    async def _deliver(self, item: _Claimed) -> None:
        d = item.delivery
        await self.limiter.acquire(d.chat_id)
        if time.monotonic() > item.expires:
            # Waited so long (a long flood hold) that the claim may be running out: hand it back.
            self._retry(d, 0.0, "claim ran out before its turn", count=False)
            return
        try:
            try:
                message = await self._send(d)
            finally:
                self.limiter.finished(d.chat_id)
        except RetryAfter as exc:
            seconds = retry_seconds(exc)
            # Telegram does not say which limit was hit: hold everything, and this chat, that long.
            self.limiter.hold(seconds, d.chat_id)
            self.stats.flood_waits += 1
            self._retry(d, seconds, f"flood control: retry after {seconds:g}s")
        except ChatMigrated as exc:
            self._migrate(d, exc.new_chat_id)
        except Forbidden as exc:
            self._deactivate(d, exc.message)
        except BadRequest as exc:
            if any(reason in exc.message.lower() for reason in GONE):
                self._deactivate(d, exc.message)
            else:
                self._fail(d, exc.message)
        except TelegramError as exc:  # timeouts, 5xx, dropped connections, anything else Telegram says
            if d.attempts >= self.backoff.max_attempts:
                self._fail(d, f"gave up after {d.attempts} attempts: {exc.message}")
            else:
                self._retry(d, self.backoff.delay(d.attempts, self._rng), exc.message)
        else:
            answered = time.perf_counter()
            sent_at = message.date if message.date is not None else self.clock.now()
            self._record().sent(SentMessage(d.id, message.message_id, sent_at), answered)

    async def _send(self, d: Delivery) -> Message:
        return await self.bot.send_message(
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
            **self._send_extra,  # type: ignore[arg-type]
        )

    def _record(self) -> _Recorder:
        assert self._recorder is not None, "outcomes are recorded only while draining"
        return self._recorder

    def _retry(self, d: Delivery, seconds: float, reason: str, *, count: bool = True) -> None:
        if count:
            self.stats.retried += 1
            log.info("delivery %s to chat %s: %s; retrying in %.1fs", d.id, d.chat_id, reason, seconds)
        not_before = self.clock.now() + dt.timedelta(seconds=seconds)

        async def op(repo: Repo) -> None:
            await repo.mark_retry(d.id, not_before, reason)

        self._record().op(op, d.id)

    def _fail(self, d: Delivery, reason: str) -> None:
        self.stats.failed += 1
        log.error("delivery %s to chat %s refused: %s; not retried", d.id, d.chat_id, reason)
        now = self.clock.now()

        async def op(repo: Repo) -> None:
            await repo.mark_failed(d.id, reason, now)

        self._record().op(op, d.id)

    def _deactivate(self, d: Delivery, reason: str) -> None:
        self.stats.deactivated += 1
        log.warning("chat %s: %s; subscription deactivated, its owed messages dropped", d.chat_id, reason)
        now = self.clock.now()

        async def op(repo: Repo) -> None:
            await repo.deactivate_chat(d.chat_id, reason, now)
            await repo.fail_pending_for_chat(d.chat_id, reason, now)

        self._record().op(op, d.id)

    def _migrate(self, d: Delivery, new_chat_id: int) -> None:
        self.stats.migrated += 1
        log.info(
            "chat %s became supergroup %s; moving its subscription and resending", d.chat_id, new_chat_id
        )
        now = self.clock.now()

        async def op(repo: Repo) -> None:
            await repo.migrate_chat(d.chat_id, new_chat_id, now)
            # The row now belongs to the new id (or was dropped as already owed there): free it.
            await repo.mark_retry(d.id, now, f"chat moved to {new_chat_id}")

        self._record().op(op, d.id)

    # ------------------------------------------------------------------ the loop

    async def run(self, stop: asyncio.Event) -> None:
        """Drain, then sleep until woken, until the next retry is due, or for the poll interval.

        When ``stop`` is set, the sends under way finish and are recorded, and the rest of the batch
        is handed back for the next dispatcher to take.
        """

        async def stopper() -> None:
            await stop.wait()
            self.stop_soon()

        watch = asyncio.create_task(stopper())
        try:
            await self._loop(stop)
        finally:
            watch.cancel()

    async def _loop(self, stop: asyncio.Event) -> None:
        failures = 0
        while not stop.is_set():
            # Cleared before draining, so a wake-up that arrives mid-drain is not lost.
            self._wake.clear()
            sent, due = 0, None
            try:
                sent = await self.drain_once()
                async with self.db.transaction() as repo:
                    due = await repo.next_due_at()
                failures = 0
            except Exception:  # the loop boundary: a database hiccup must not end delivery for good
                failures += 1
                log.exception("dispatcher: drain failed; retrying")
            timeout = self.poll_interval
            if due is not None:
                timeout = max(0.0, min(timeout, (due - self.clock.now()).total_seconds()))
            if sent == 0:
                timeout = max(timeout, IDLE_FLOOR)
            if failures:
                timeout = min(60.0, self.poll_interval * 2 ** min(failures, 5))
            stopper = asyncio.ensure_future(stop.wait())
            waker = asyncio.ensure_future(self._wake.wait())
            await asyncio.wait({stopper, waker}, timeout=timeout, return_when=asyncio.FIRST_COMPLETED)
            stopper.cancel()
            waker.cancel()


class _Recorder:
    """Writes outcomes in group commits: whatever piled up while the last commit ran goes in the next.

    A commit that fails is retried, then each outcome alone; one that still fails is dropped, and its
    row is sent again when its lease runs out (the store may have been down: a duplicate, not a loss).
    """

    RETRIES = (0.1, 0.5, 2.0)

    def __init__(self, dispatcher: Dispatcher) -> None:
        self.dispatcher = dispatcher
        self._sent: list[tuple[SentMessage, float]] = []
        self._ops: list[tuple[Op, int]] = []
        self._pending = asyncio.Event()
        self._closed = False
        #: Outcomes handed in and not yet committed (queued or in the commit under way).
        self.unrecorded = 0

    def sent(self, message: SentMessage, answered: float) -> None:
        self._sent.append((message, answered))
        self.unrecorded += 1
        self._pending.set()

    def op(self, op: Op, delivery_id: int) -> None:
        self._ops.append((op, delivery_id))
        self.unrecorded += 1
        self._pending.set()

    def close(self) -> None:
        self._closed = True
        self._pending.set()

    async def run(self) -> None:
        while True:
            await self._pending.wait()
            self._pending.clear()
            if not self._sent and not self._ops:
                if self._closed:
                    return
                continue
            sent, self._sent = self._sent, []
            ops, self._ops = self._ops, []
            await self._commit(sent, [op for op, _ in ops])
            self.unrecorded -= len(sent) + len(ops)
            self.dispatcher._settled([m.delivery_id for m, _ in sent] + [i for _, i in ops])

    async def _commit(self, sent: list[tuple[SentMessage, float]], ops: list[Op]) -> None:
        dispatcher = self.dispatcher
        for pause in (*self.RETRIES, None):
            try:
                async with dispatcher.db.transaction() as repo:
                    await repo.mark_sent_many([message for message, _ in sent])
                    for op in ops:
                        await op(repo)
            except Exception:
                if pause is None:
                    break
                log.warning("dispatcher: recording %d outcomes failed; retrying", len(sent) + len(ops))
                await asyncio.sleep(pause)
                continue
            committed = time.perf_counter()
            dispatcher.stats.sent += len(sent)
            dispatcher.stats.record_lag.extend(committed - answered for _, answered in sent)
            return
        # One at a time, so one bad outcome cannot take the others with it.
        for message, answered in sent:
            if await self._one(_marker(message)):
                dispatcher.stats.sent += 1
                dispatcher.stats.record_lag.append(time.perf_counter() - answered)
        for op in ops:
            await self._one(op)

    async def _one(self, op: Op) -> bool:
        try:
            async with self.dispatcher.db.transaction() as repo:
                await op(repo)
        except Exception:
            log.exception("dispatcher: an outcome could not be recorded; its row is resent after its lease")
            return False
        return True


def _marker(message: SentMessage) -> Op:
    async def op(repo: Repo) -> None:
        await repo.mark_sent_many([message])

    return op
