"""Telegram's limits, kept on a clock we move by hand: 30 a second overall, one a second to a private
chat, 20 a minute to a group, evenly spaced, and a 429 holds everything for as long as Telegram asks."""

from __future__ import annotations

import asyncio
import itertools

import pytest

from bot.config import ConfigError, Settings
from bot.ratelimit import Limits, Rate, RateLimiter, Schedule, parse_rate

ALICE, BOB, GROUP = 101, 102, -100500


class FakeTime:
    """Virtual time: when every task is asleep, the clock jumps to the earliest wake-up."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.wakeups: list[float] = []

    def __call__(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        target = self.now + max(0.0, seconds)
        self.wakeups.append(target)
        try:
            while self.now < target:
                await asyncio.sleep(0)
                if min(self.wakeups) == target:
                    self.now = target
        finally:
            self.wakeups.remove(target)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("30/s", Rate(30, 1.0)),
        ("30", Rate(30, 1.0)),
        ("20/min", Rate(20, 60.0)),
        ("20 / min", Rate(20, 60.0)),
        ("1/2s", Rate(1, 2.0)),
        ("100/h", Rate(100, 3600.0)),
        ("off", None),
    ],
)
def test_rates_are_written_the_way_telegram_states_them(text: str, expected: Rate | None) -> None:
    assert parse_rate(text) == expected


def test_settings_read_the_limits_and_a_scale_for_benchmarks_against_the_stand_in() -> None:
    default = Settings.from_env({}).telegram_limits
    assert default == Limits(Rate(30, 1.0), Rate(1, 1.0), Rate(20, 60.0))
    fast = Settings.from_env(
        {"TELEGRAM_RATE_GLOBAL": "25/s", "TELEGRAM_RATE_GROUP": "off", "TELEGRAM_RATE_SCALE": "10"}
    ).telegram_limits
    assert fast.overall is not None
    assert fast.overall.per_second == pytest.approx(250)
    assert fast.group is None
    assert fast.private == Rate(1, 0.1)
    with pytest.raises(ConfigError, match="TELEGRAM_RATE_PRIVATE"):
        Settings.from_env({"TELEGRAM_RATE_PRIVATE": "fast"})
    with pytest.raises(ConfigError, match="TELEGRAM_RATE_SCALE"):
        Settings.from_env({"TELEGRAM_RATE_SCALE": "0"})


def test_a_fan_out_goes_at_thirty_a_second_evenly_spaced() -> None:
    schedule = Schedule(Limits())
    starts = [schedule.book(chat, now=0.0) for chat in range(1, 301)]
    gaps = {round(b - a, 9) for a, b in itertools.pairwise(starts)}
    assert gaps == {round(1 / 30, 9)}
    assert starts[-1] == pytest.approx(299 / 30)  # 300 chats: ten seconds, as Telegram allows


def test_a_sender_that_wakes_a_little_late_does_not_push_every_later_slot_back() -> None:
    schedule = Schedule(Limits(private=None))
    late = 0.002  # each wake-up 2 ms after its slot, as a busy event loop does
    now = 0.0
    for chat in range(1, 301):
        now = schedule.book(chat, now) + late
    assert now == pytest.approx(299 / 30 + late), "300 messages still take ten seconds, not 10.6"
    schedule = Schedule(Limits(private=None))
    schedule.book(1, now=0.0)
    assert schedule.book(2, now=10.0) == 10.0
    assert schedule.book(3, now=10.0) == pytest.approx(10.0 + 1 / 30), "after a pause, no burst"


def test_one_private_chat_gets_one_a_second_while_the_others_keep_the_overall_pace() -> None:
    schedule = Schedule(Limits())
    first = schedule.book(ALICE, now=0.0)
    assert schedule.chat_ready_at(ALICE) == pytest.approx(first + 1.0)
    assert schedule.book(BOB, now=0.0) == pytest.approx(1 / 30), "another chat is not held up"
    assert schedule.book(ALICE, now=0.1) == pytest.approx(1.0), "a chat that is not ready waits its second"


def test_a_chats_interval_also_runs_from_the_answer_so_a_slow_request_cannot_bunch_up() -> None:
    schedule = Schedule(Limits())
    schedule.book(ALICE, now=0.0)
    schedule.finished(ALICE, now=0.4)  # the answer came 0.4 s later
    assert schedule.chat_ready_at(ALICE) == pytest.approx(1.4)


def test_a_group_gets_twenty_a_minute() -> None:
    schedule = Schedule(Limits())
    starts = []
    now = 0.0
    for _ in range(21):
        now = max(now, schedule.chat_ready_at(GROUP))
        starts.append(schedule.book(GROUP, now))
    assert starts[1] - starts[0] == pytest.approx(3.0)
    assert starts[20] - starts[0] == pytest.approx(60.0), "the 21st message is a minute after the first"


def test_retry_after_holds_every_chat_and_that_chat_a_little_longer() -> None:
    schedule = Schedule(Limits())
    schedule.book(ALICE, now=0.0)
    schedule.hold(until=5.0, chat_id=ALICE)
    assert schedule.book(BOB, now=0.5) == pytest.approx(5.0)
    assert schedule.chat_ready_at(ALICE) == pytest.approx(5.0)


def test_scaled_limits_run_the_same_schedule_ten_times_faster() -> None:
    fast = Schedule(Limits().scaled(10))
    starts = [fast.book(chat, now=0.0) for chat in range(1, 301)]
    assert starts[-1] == pytest.approx(299 / 300)
    assert str(Limits().scaled(10)) == "overall 30/0.1s, private chat 1/0.1s, group 20/6s"


def test_without_limits_nothing_waits() -> None:
    schedule = Schedule(Limits.off())
    assert {schedule.book(ALICE, now=7.0) for _ in range(100)} == {7.0}


async def test_the_async_limiter_lets_concurrent_senders_through_in_turn() -> None:
    clock = FakeTime()
    limiter = RateLimiter(Limits(), clock=clock, sleep=clock.sleep)
    sent: list[tuple[int, float]] = []

    async def send(chat: int) -> None:
        await limiter.acquire(chat)
        sent.append((chat, clock.now - 1000.0))

    # Three messages to Alice and one to Bob, started together.
    await asyncio.gather(send(ALICE), send(ALICE), send(ALICE), send(BOB))
    alice = [at for chat, at in sent if chat == ALICE]
    assert [round(b - a, 6) >= 1.0 for a, b in itertools.pairwise(alice)] == [True, True]
    assert next(at for chat, at in sent if chat == BOB) < 1.0, "Bob does not wait behind Alice"


async def test_a_hold_from_telegram_delays_the_next_message_by_that_long() -> None:
    clock = FakeTime()
    limiter = RateLimiter(Limits.off(), clock=clock, sleep=clock.sleep)
    await limiter.acquire(ALICE)
    limiter.hold(3.0)
    start = clock.now
    await limiter.acquire(BOB)
    assert clock.now - start == pytest.approx(3.0)
