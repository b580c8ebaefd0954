"""Telegram's sending limits, kept by the outbox dispatcher and by handler replies alike.

Telegram asks bots to stay under about 30 messages a second overall, one a second to a private
chat and 20 a minute to a group, and answers 429 ``retry_after`` when they do not. We space
messages evenly at those rates (never a burst), so a fan-out to 10,000 chats takes 10,000 / 30 s
and no chat ever sees two messages closer than its interval.

python-telegram-bot's ``AIORateLimiter`` is not used: it has no per-private-chat limit, does not
retry unless told to, and serves requests first come first served, while the outbox must choose
*which* chat goes next (priority, then round robin). :class:`Schedule` is that choice's clock, pure
and tested on numbers; :class:`RateLimiter` waits on it in asyncio; :class:`TelegramRateLimiter`
puts handler replies through the same budget as python-telegram-bot's ``rate_limiter``.
"""

from __future__ import annotations

import asyncio
import math
import re
import time
import warnings
from collections.abc import Callable, Coroutine
from dataclasses import dataclass, field, replace
from typing import Any

from telegram.error import RetryAfter
from telegram.ext import BaseRateLimiter
from telegram.warnings import PTBDeprecationWarning

#: Which limit a chat id falls under: users have positive ids, groups, supergroups and channels negative.
PRIVATE, GROUP = "private", "group"


def chat_kind(chat_id: int) -> str:
    return PRIVATE if chat_id > 0 else GROUP


@dataclass(frozen=True, slots=True)
class Rate:
    """At most ``count`` messages per ``period`` seconds, sent one every ``period / count`` seconds."""

    count: int
    period: float

    def __post_init__(self) -> None:
        if self.count <= 0 or self.period <= 0:
            raise ValueError("a rate needs a positive count and period")

    @property
    def interval(self) -> float:
        return self.period / self.count

    @property
    def per_second(self) -> float:
        return self.count / self.period

    def scaled(self, factor: float) -> Rate:
        return replace(self, period=self.period / factor)

    def __str__(self) -> str:
        for unit, seconds in (("s", 1.0), ("min", 60.0), ("h", 3600.0)):
            if math.isclose(self.period, seconds):
                return f"{self.count}/{unit}"
        return f"{self.count}/{self.period:g}s"


_RATE = re.compile(r"(?P<count>\d+)\s*(?:/\s*(?P<n>\d+(?:\.\d+)?)?\s*(?P<unit>s|sec|m|min|h|hr)?)?", re.I)
_UNIT = {"s": 1.0, "sec": 1.0, "m": 60.0, "min": 60.0, "h": 3600.0, "hr": 3600.0}


def parse_rate(text: str) -> Rate | None:
    """``30/s``, ``20/min``, ``1/2s``, ``30`` (per second), or ``off`` (no limit). Raises ValueError."""
    text = text.strip().lower()
    if text in {"off", "none", "0", "unlimited"}:
        return None
    match = _RATE.fullmatch(text)
    if match is None:
        raise ValueError(f"{text!r} is not a rate (examples: 30/s, 20/min, off)")
    period = float(match["n"] or 1) * _UNIT[match["unit"] or "s"]
    return Rate(int(match["count"]), period)


@dataclass(frozen=True, slots=True)
class Limits:
    """The rates a bot keeps; None is no limit. Defaults are Telegram's published ones."""

    overall: Rate | None = Rate(30, 1.0)
    private: Rate | None = Rate(1, 1.0)
    group: Rate | None = Rate(20, 60.0)

    @classmethod
    def off(cls) -> Limits:
        return cls(None, None, None)

    def scaled(self, factor: float) -> Limits:
        """Every rate ``factor`` times faster: a benchmark against the stand-in in a tenth of the time."""
        return Limits(
            *(
                None if rate is None else rate.scaled(factor)
                for rate in (self.overall, self.private, self.group)
            )
        )

    def for_chat(self, chat_id: int) -> Rate | None:
        return self.private if chat_kind(chat_id) == PRIVATE else self.group

    @property
    def is_off(self) -> bool:
        return self.overall is None and self.private is None and self.group is None

    def __str__(self) -> str:
        def show(rate: Rate | None) -> str:
            return "off" if rate is None else str(rate)

        return f"overall {show(self.overall)}, private chat {show(self.private)}, group {show(self.group)}"


@dataclass(slots=True)
class Schedule:
    """When the next message may go, overall and to each chat. Pure: times are arguments, in seconds.

    The caller checks :meth:`chat_ready_at` before it :meth:`book` s a chat, so a chat that must
    wait never holds up the overall budget for others (that is what keeps one busy group from
    starving the rest).
    """

    limits: Limits
    #: Earliest start of the next message overall; pushed on by every booking and by ``hold``.
    overall_next: float = -math.inf
    chat_next: dict[int, float] = field(default_factory=dict)

    def chat_ready_at(self, chat_id: int) -> float:
        return self.chat_next.get(chat_id, -math.inf)

    def book(self, chat_id: int | None, now: float) -> float:
        """Book the next slot for a message to ``chat_id`` (None: no chat); returns when it may go.

        Booking a chat that is not ready yet holds the overall budget until it is; callers that
        have other chats to serve book only ready ones.
        """
        at = max(now, self.overall_next)
        if chat_id is not None:
            at = max(at, self.chat_ready_at(chat_id))
            rate = self.limits.for_chat(chat_id)
            if rate is not None:
                self.chat_next[chat_id] = at + rate.interval
        overall = self.limits.overall
        if overall is not None:
            # A sender that wakes a little late (timer resolution, a busy loop) stays on the grid
            # of even slots instead of pushing every later slot back: over a long fan-out those
            # small delays would otherwise add up to several percent below the allowed rate.
            on_grid = at - self.overall_next <= overall.interval / 2
            self.overall_next = (self.overall_next if on_grid else at) + overall.interval
        return at

    def finished(self, chat_id: int, now: float) -> None:
        """A message to the chat got its answer: the next one waits a full interval from here too.

        Spacing the starts alone is not enough: a request held up on the way (a busy network, a
        loaded server) arrives closer to the next one than it was sent, and Telegram counts arrivals.
        """
        rate = self.limits.for_chat(chat_id)
        if rate is not None:
            self.chat_next[chat_id] = max(self.chat_ready_at(chat_id), now + rate.interval)

    def hold(self, until: float, chat_id: int | None = None) -> None:
        """Telegram said wait (429 ``retry_after``): nothing more goes out until ``until``."""
        self.overall_next = max(self.overall_next, until)
        if chat_id is not None:
            self.chat_next[chat_id] = max(self.chat_ready_at(chat_id), until)

    def forget_before(self, now: float) -> None:
        """Drop chats whose interval has passed (they are as good as new), so memory stays small."""
        self.chat_next = {c: t for c, t in self.chat_next.items() if t > now}


class RateLimiter:
    """The schedule on a clock: ``await acquire(chat_id)`` returns when a message to that chat may go.

    One per process, shared by the dispatcher and handler replies. Several dispatcher processes each
    keep their own: give each a share of the overall rate (TELEGRAM_RATE_GLOBAL) when running many.
    """

    def __init__(
        self,
        limits: Limits,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Coroutine[Any, Any, None]] = asyncio.sleep,
    ) -> None:
        self.limits = limits
        self.schedule = Schedule(limits)
        self.clock = clock
        self.sleep = sleep
        self._bookings = 0

    def chat_ready_at(self, chat_id: int) -> float:
        return self.schedule.chat_ready_at(chat_id)

    def chat_ready(self, chat_id: int) -> bool:
        return self.schedule.chat_ready_at(chat_id) <= self.clock()

    async def acquire(self, chat_id: int | None) -> None:
        if self.limits.is_off and self.schedule.overall_next <= self.clock():
            return
        while True:
            now = self.clock()
            ready = now if chat_id is None else self.schedule.chat_ready_at(chat_id)
            if ready > now:
                await self.sleep(ready - now)
                continue
            at = self.schedule.book(chat_id, now)
            self._bookings += 1
            if self._bookings % 1024 == 0:
                self.schedule.forget_before(now)
            if at > now:
                await self.sleep(at - now)
            return

    def finished(self, chat_id: int | None) -> None:
        if chat_id is not None:
            self.schedule.finished(chat_id, self.clock())

    def hold(self, seconds: float, chat_id: int | None = None) -> None:
        self.schedule.hold(self.clock() + seconds, chat_id)


def retry_seconds(exc: RetryAfter) -> float:
    """Telegram's ``retry_after`` in seconds, whichever type python-telegram-bot hands it out as."""
    with warnings.catch_warnings():
        # 22.2+ warns that the int will become a timedelta; either is fine here.
        warnings.simplefilter("ignore", PTBDeprecationWarning)
        value = exc.retry_after
    return value if isinstance(value, int | float) else value.total_seconds()


#: python-telegram-bot's ``rate_limit_args`` value for a request whose slot the caller already booked.
PREBOOKED = {"prebooked": True}

_SENDS = re.compile(r"^(send|copy|forward)", re.I)


class TelegramRateLimiter(BaseRateLimiter[dict[str, Any]]):
    """python-telegram-bot's ``rate_limiter`` hook on our :class:`RateLimiter`.

    Handler replies wait for the same budget the outbox spends, so replies and alerts together stay
    under Telegram's limits. A reply that meets 429 anyway waits what Telegram asks and is tried
    again, up to ``max_retries`` times. Requests marked :data:`PREBOOKED` (the dispatcher's, which
    books its own slots and handles 429 itself) pass straight through.
    """

    def __init__(self, limiter: RateLimiter, *, max_retries: int = 2) -> None:
        self.limiter = limiter
        self.max_retries = max_retries

    async def initialize(self) -> None:
        pass

    async def shutdown(self) -> None:
        pass

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, bool | dict[str, Any] | list[dict[str, Any]]]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: dict[str, Any] | None,
    ) -> bool | dict[str, Any] | list[dict[str, Any]]:
        if rate_limit_args and rate_limit_args.get("prebooked"):
            return await callback(*args, **kwargs)
        chat_id = _chat_id(data.get("chat_id"))
        limited = bool(_SENDS.match(endpoint)) or endpoint in {"editMessageText", "answerCallbackQuery"}
        for attempt in range(self.max_retries + 1):
            if limited:
                await self.limiter.acquire(chat_id)
            try:
                return await callback(*args, **kwargs)
            except RetryAfter as exc:
                self.limiter.hold(retry_seconds(exc), chat_id)
                if attempt == self.max_retries:
                    raise
            finally:
                if limited:
                    self.limiter.finished(chat_id)
        raise AssertionError("unreachable")


def _chat_id(value: object) -> int | None:
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.lstrip("-").isdigit():
        return int(value)
    return None  # @channelusername or absent: the overall limit only
