"""Who hears about a launch, when, and what goes in the digest: the alert policy's pure decisions."""

from __future__ import annotations

import dataclasses
import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from bot.core.escalation import assess
from bot.core.policy import (
    band_rose,
    deliver_at,
    digest_period,
    digest_summary,
    in_quiet_hours,
    materially_worse,
    missed_digests,
    next_digest_at,
    quiet_hours_end,
    wants,
)
from bot.core.prefs import ChatPrefs, DigestFrequency, RegionFilter
from bot.core.records import (
    Actor,
    Evidence,
    Kind,
    Landing,
    LaunchEvent,
    MissileClass,
    Outcome,
)
from bot.core.tempo import Band, tempo
from tests.histories import HISTORY_2022, ROK_US, background, failed, launch, nuclear_test, satellite

C = MissileClass
L = Landing
DAY = "2023-03-01"
SEOUL = ZoneInfo("Asia/Seoul")
TOKYO = ZoneInfo("Asia/Tokyo")
BERLIN = ZoneInfo("Europe/Berlin")
NEW_YORK = ZoneInfo("America/New_York")
UTC = dt.UTC


def local(zone: ZoneInfo, text: str, fold: int = 0) -> dt.datetime:
    return dt.datetime.fromisoformat(text).replace(tzinfo=zone, fold=fold)


# --- wants -------------------------------------------------------------------------------------------

NORTH_ONLY = frozenset({Actor.NORTH_KOREA})


@pytest.mark.parametrize(
    ("story", "prefs", "event", "level", "wanted"),
    [
        ("the default threshold takes an SRBM", ChatPrefs(), launch(DAY, C.SRBM), 2, True),
        ("the default threshold skips a cruise missile", ChatPrefs(), launch(DAY, C.CRUISE), 1, False),
        ("a severe-only chat skips an MRBM", ChatPrefs(threshold=4), launch(DAY, C.MRBM), 3, False),
        ("a severe-only chat takes an ICBM", ChatPrefs(threshold=4), launch(DAY, C.ICBM), 4, True),
        (
            "a North-Korea-only chat skips a response salvo",
            ChatPrefs(actors=NORTH_ONLY),
            launch(DAY, C.SRBM, 4, actors=ROK_US),
            2,
            False,
        ),
        (
            "a chat following the US sees a joint salvo",
            ChatPrefs(actors=frozenset({Actor.UNITED_STATES})),
            launch(DAY, C.SRBM, 4, actors=ROK_US),
            2,
            True,
        ),
        (
            "an ICBM-only chat skips SRBMs",
            ChatPrefs(classes=frozenset({C.ICBM})),
            launch(DAY, C.SRBM),
            2,
            False,
        ),
        (
            "an ICBM-only chat takes an ICBM",
            ChatPrefs(classes=frozenset({C.ICBM})),
            launch(DAY, C.ICBM),
            4,
            True,
        ),
        (
            "an ICBM-only chat still hears of a nuclear test",
            ChatPrefs(classes=frozenset({C.ICBM})),
            nuclear_test(DAY),
            5,
            True,
        ),
        (
            "a satellite launch reported without a class is a space launch",
            ChatPrefs(classes=frozenset({C.SLV})),
            dataclasses.replace(satellite(DAY), missile_class=C.UNKNOWN),
            4,
            True,
        ),
        (
            "a Japan chat takes a landing in the EEZ",
            ChatPrefs(region=RegionFilter.JAPAN),
            launch(DAY, C.SRBM, landing=L.JAPAN_EEZ),
            3,
            True,
        ),
        (
            "a Japan chat takes an overflight",
            ChatPrefs(region=RegionFilter.JAPAN),
            launch(DAY, C.IRBM, landing=L.OVERFLEW_JAPAN),
            4,
            True,
        ),
        (
            "a Japan chat skips the East Sea",
            ChatPrefs(region=RegionFilter.JAPAN),
            launch(DAY, C.SRBM, landing=L.EAST_SEA),
            2,
            False,
        ),
        (
            "a Japan chat skips an unknown landing",
            ChatPrefs(region=RegionFilter.JAPAN),
            launch(DAY, C.SRBM),
            2,
            False,
        ),
        (
            "a Japan chat skips the NLL",
            ChatPrefs(region=RegionFilter.JAPAN),
            launch(DAY, C.SRBM, landing=L.SOUTH_OF_NLL),
            4,
            False,
        ),
        (
            "a Japan chat still hears of a nuclear test",
            ChatPrefs(region=RegionFilter.JAPAN),
            nuclear_test(DAY),
            5,
            True,
        ),
        (
            "a South Korea chat takes the NLL",
            ChatPrefs(region=RegionFilter.SOUTH_KOREA),
            launch(DAY, C.SRBM, landing=L.SOUTH_OF_NLL),
            4,
            True,
        ),
        (
            "a South Korea chat skips Japan's EEZ",
            ChatPrefs(region=RegionFilter.SOUTH_KOREA),
            launch(DAY, C.SRBM, landing=L.JAPAN_EEZ),
            3,
            False,
        ),
        (
            "an older launch mentioned in passing is never alerted",
            ChatPrefs(threshold=1),
            background(launch(DAY, C.ICBM)),
            4,
            False,
        ),
    ],
)
def test_wants(story: str, prefs: ChatPrefs, event: LaunchEvent, level: int, wanted: bool) -> None:
    assert wants(prefs, event, level) is wanted, story


# --- materially_worse --------------------------------------------------------------------------------

FIRST_REPORT = launch(DAY, C.BALLISTIC, landing=L.EAST_SEA, range_km=800)


@pytest.mark.parametrize(
    ("story", "after", "before_level", "after_level", "reasons"),
    [
        (
            "the ballistic missile was an ICBM",
            dataclasses.replace(FIRST_REPORT, missile_class=C.ICBM),
            2,
            4,
            ("level raised: 2 → 4", "class upgraded: ballistic missile → ICBM"),
        ),
        (
            "one missile was three",
            dataclasses.replace(FIRST_REPORT, count=3),
            2,
            2,
            ("more missiles: 1 → 3",),
        ),
        (
            "it flew over Japan",
            dataclasses.replace(FIRST_REPORT, landing=L.OVERFLEW_JAPAN),
            2,
            4,
            ("level raised: 2 → 4", "landing more serious: East Sea → over Japan"),
        ),
        (
            "it was a nuclear test after all",
            dataclasses.replace(FIRST_REPORT, kind=Kind.NUCLEAR_TEST),
            2,
            5,
            ("now reported as a nuclear test", "level raised: 2 → 5"),
        ),
        (
            "another source said the same",
            dataclasses.replace(FIRST_REPORT, evidence=(Evidence("count", "It fired one missile."),)),
            2,
            2,
            (),
        ),
        ("the range was refined", dataclasses.replace(FIRST_REPORT, range_km=750), 2, 2, ()),
        (
            "the ballistic missile was an SRBM",
            dataclasses.replace(FIRST_REPORT, missile_class=C.SRBM),
            2,
            2,
            (),
        ),
        (
            "it turned out to have failed",
            dataclasses.replace(FIRST_REPORT, outcome=Outcome.FAILURE),
            2,
            1,
            (),
        ),
        ("it was only a cruise missile", dataclasses.replace(FIRST_REPORT, missile_class=C.CRUISE), 2, 1, ()),
    ],
)
def test_materially_worse(
    story: str, after: LaunchEvent, before_level: int, after_level: int, reasons: tuple[str, ...]
) -> None:
    assert materially_worse(FIRST_REPORT, before_level, after, after_level) == reasons, story


def test_a_known_landing_where_there_was_none_is_not_worse_by_itself() -> None:
    before = launch(DAY, C.SRBM)
    assert materially_worse(before, 2, dataclasses.replace(before, landing=L.EAST_SEA), 2) == ()


def test_a_count_where_there_was_none_is_worse_only_past_one() -> None:
    before = launch(DAY, C.SRBM, None)
    assert materially_worse(before, 2, dataclasses.replace(before, count=1), 2) == ()
    assert materially_worse(before, 2, dataclasses.replace(before, count=2), 2) == (
        "more missiles: not given → 2",
    )


def test_an_mrbm_that_was_an_irbm_is_an_upgrade_at_the_same_level() -> None:
    before = launch(DAY, C.MRBM)
    after = dataclasses.replace(before, missile_class=C.IRBM)
    assert materially_worse(before, 3, after, 3) == ("class upgraded: MRBM → IRBM",)


def test_a_failure_that_worked_after_all_is_worse() -> None:
    before = failed(DAY, C.ICBM)
    after = dataclasses.replace(before, outcome=Outcome.SUCCESS)
    assert materially_worse(before, 3, after, 4) == (
        "level raised: 3 → 4",
        "now reported successful, not failed",
    )


def test_materially_worse_agrees_with_assess_on_a_real_upgrade() -> None:
    first = launch("2022-11-18", C.BALLISTIC, landing=L.EAST_SEA)
    later = dataclasses.replace(first, missile_class=C.ICBM, landing=L.JAPAN_EEZ, apogee_km=6100)
    reasons = materially_worse(
        first, assess(first, HISTORY_2022).level, later, assess(later, HISTORY_2022).level
    )
    assert reasons[0] == "level raised: 2 → 4"


# --- quiet hours -------------------------------------------------------------------------------------

NIGHT = ChatPrefs(quiet_start=dt.time(22, 0), quiet_end=dt.time(7, 0))


@pytest.mark.parametrize(
    ("clock", "quiet"),
    [
        ("21:59", False),
        ("22:00", True),
        ("23:30", True),
        ("00:00", True),
        ("06:59", True),
        ("07:00", False),
        ("12:00", False),
    ],
)
def test_quiet_hours_cross_midnight(clock: str, quiet: bool) -> None:
    assert in_quiet_hours(NIGHT, local(SEOUL, f"2024-05-01T{clock}")) is quiet


def test_quiet_hours_within_a_day() -> None:
    lunch = ChatPrefs(quiet_start=dt.time(13, 0), quiet_end=dt.time(14, 0))
    assert in_quiet_hours(lunch, local(SEOUL, "2024-05-01T13:30"))
    assert not in_quiet_hours(lunch, local(SEOUL, "2024-05-01T14:00"))


@pytest.mark.parametrize(
    "prefs",
    [
        ChatPrefs(),
        ChatPrefs(quiet_start=dt.time(22, 0)),
        ChatPrefs(quiet_start=dt.time(8), quiet_end=dt.time(8)),
    ],
)
def test_no_quiet_hours(prefs: ChatPrefs) -> None:
    assert not in_quiet_hours(prefs, local(SEOUL, "2024-05-01T03:00"))


def test_quiet_hours_are_the_chats_wall_clock_whatever_zone_now_is_in() -> None:
    # 14:00 UTC is 23:00 in Seoul.
    assert in_quiet_hours(NIGHT, dt.datetime(2024, 5, 1, 14, 0, tzinfo=UTC))
    assert not in_quiet_hours(
        dataclasses.replace(NIGHT, timezone="Europe/Berlin"), dt.datetime(2024, 5, 1, 14, 0, tzinfo=UTC)
    )


@pytest.mark.parametrize(
    ("now", "end"),
    [
        ("2024-05-01T23:30", "2024-05-02T07:00"),
        ("2024-05-02T03:00", "2024-05-02T07:00"),
        ("2024-05-02T12:00", "2024-05-02T12:00"),
    ],
)
def test_quiet_hours_end(now: str, end: str) -> None:
    assert quiet_hours_end(NIGHT, local(SEOUL, now)) == local(SEOUL, end)


def test_quiet_hours_end_on_the_night_clocks_go_forward() -> None:
    berlin = dataclasses.replace(NIGHT, timezone="Europe/Berlin")
    end = quiet_hours_end(berlin, local(BERLIN, "2024-03-30T23:00"))
    assert end == dt.datetime(2024, 3, 31, 5, 0, tzinfo=UTC)  # 07:00 summer time
    assert end.astimezone(BERLIN).time() == dt.time(7, 0)
    assert end - local(BERLIN, "2024-03-30T23:00") == dt.timedelta(hours=7)  # an hour short of eight


def test_quiet_hours_ending_inside_the_skipped_hour_end_when_it_is_over() -> None:
    # There is no 02:30 in Berlin on 31 March 2024: clocks go from 02:00 to 03:00.
    prefs = ChatPrefs(timezone="Europe/Berlin", quiet_start=dt.time(22, 0), quiet_end=dt.time(2, 30))
    end = quiet_hours_end(prefs, local(BERLIN, "2024-03-30T23:00"))
    assert end == dt.datetime(2024, 3, 31, 1, 30, tzinfo=UTC)
    assert end.astimezone(BERLIN).time() == dt.time(3, 30)


def test_quiet_hours_ending_in_the_repeated_hour_end_the_first_time() -> None:
    # 01:30 happens twice in New York on 3 November 2024; quiet hours end at the first.
    prefs = ChatPrefs(timezone="America/New_York", quiet_start=dt.time(23, 0), quiet_end=dt.time(1, 30))
    end = quiet_hours_end(prefs, local(NEW_YORK, "2024-11-02T23:30"))
    assert end == dt.datetime(2024, 11, 3, 5, 30, tzinfo=UTC)


@pytest.mark.parametrize(
    ("level", "now", "at"),
    [
        (4, "2024-05-01T23:30", "2024-05-01T23:30"),
        (5, "2024-05-01T23:30", "2024-05-01T23:30"),
        (3, "2024-05-01T23:30", "2024-05-02T07:00"),
        (2, "2024-05-01T12:00", "2024-05-01T12:00"),
    ],
)
def test_deliver_at(level: int, now: str, at: str) -> None:
    assert deliver_at(NIGHT, level, local(SEOUL, now)) == local(SEOUL, at)


def test_naive_times_are_refused() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        in_quiet_hours(NIGHT, dt.datetime(2024, 5, 1, 23, 0))


# --- digest schedule ---------------------------------------------------------------------------------

DAILY_8 = ChatPrefs(digest=DigestFrequency.DAILY, digest_time=dt.time(8, 0))
MONDAY_8 = ChatPrefs(digest=DigestFrequency.WEEKLY, digest_time=dt.time(8, 0), digest_weekday=0)
SUNDAY_8 = dataclasses.replace(MONDAY_8, digest_weekday=6)
TOKYO_21 = ChatPrefs(timezone="Asia/Tokyo", digest=DigestFrequency.DAILY, digest_time=dt.time(21, 0))
BERLIN_8 = dataclasses.replace(DAILY_8, timezone="Europe/Berlin")
BERLIN_0230 = dataclasses.replace(BERLIN_8, digest_time=dt.time(2, 30))
NEW_YORK_0130_SUNDAY = ChatPrefs(
    timezone="America/New_York", digest=DigestFrequency.WEEKLY, digest_time=dt.time(1, 30), digest_weekday=6
)
NEW_YORK_0230 = ChatPrefs(
    timezone="America/New_York", digest=DigestFrequency.DAILY, digest_time=dt.time(2, 30)
)


@pytest.mark.parametrize(
    ("story", "prefs", "after", "expected"),
    [
        ("just before the hour", DAILY_8, local(SEOUL, "2024-05-01T07:59"), local(SEOUL, "2024-05-01T08:00")),
        (
            "on the hour, the next day's",
            DAILY_8,
            local(SEOUL, "2024-05-01T08:00"),
            local(SEOUL, "2024-05-02T08:00"),
        ),
        ("just after", DAILY_8, local(SEOUL, "2024-05-01T08:00:01"), local(SEOUL, "2024-05-02T08:00")),
        ("late at night", DAILY_8, local(SEOUL, "2024-05-01T23:59"), local(SEOUL, "2024-05-02T08:00")),
        (
            "weekly, from a Wednesday",
            MONDAY_8,
            local(SEOUL, "2024-05-01T12:00"),
            local(SEOUL, "2024-05-06T08:00"),
        ),
        (
            "weekly, early on the Monday",
            MONDAY_8,
            local(SEOUL, "2024-05-06T07:00"),
            local(SEOUL, "2024-05-06T08:00"),
        ),
        (
            "weekly, late on the Monday",
            MONDAY_8,
            local(SEOUL, "2024-05-06T09:00"),
            local(SEOUL, "2024-05-13T08:00"),
        ),
        (
            "weekly, over new year",
            SUNDAY_8,
            local(SEOUL, "2024-12-29T09:00"),
            local(SEOUL, "2025-01-05T08:00"),
        ),
        (
            "Tokyo, asked in UTC",
            TOKYO_21,
            dt.datetime(2024, 5, 1, 11, 59, tzinfo=UTC),
            local(TOKYO, "2024-05-01T21:00"),
        ),
        (
            "Tokyo, just past",
            TOKYO_21,
            dt.datetime(2024, 5, 1, 12, 0, tzinfo=UTC),
            local(TOKYO, "2024-05-02T21:00"),
        ),
        (
            "Berlin, the morning clocks go forward",
            BERLIN_8,
            local(BERLIN, "2024-03-30T08:00"),
            dt.datetime(2024, 3, 31, 6, 0, tzinfo=UTC),
        ),
        (
            "Berlin, the morning clocks go back",
            BERLIN_8,
            local(BERLIN, "2024-10-26T08:00"),
            dt.datetime(2024, 10, 27, 7, 0, tzinfo=UTC),
        ),
        (
            "Berlin, 02:30 does not exist that night: 03:30 instead",
            BERLIN_0230,
            local(BERLIN, "2024-03-30T03:00"),
            dt.datetime(2024, 3, 31, 1, 30, tzinfo=UTC),
        ),
        (
            "Berlin, 02:30 happens twice: the first",
            BERLIN_0230,
            local(BERLIN, "2024-10-26T03:00"),
            dt.datetime(2024, 10, 27, 0, 30, tzinfo=UTC),
        ),
        (
            "Berlin, and not again at the second 02:30",
            BERLIN_0230,
            dt.datetime(2024, 10, 27, 0, 30, tzinfo=UTC),
            local(BERLIN, "2024-10-28T02:30"),
        ),
        (
            "New York, weekly at 01:30 on the night clocks go back",
            NEW_YORK_0130_SUNDAY,
            local(NEW_YORK, "2024-11-01T12:00"),
            dt.datetime(2024, 11, 3, 5, 30, tzinfo=UTC),
        ),
        (
            "New York, 02:30 on the night clocks go forward",
            NEW_YORK_0230,
            local(NEW_YORK, "2024-03-09T12:00"),
            dt.datetime(2024, 3, 10, 7, 30, tzinfo=UTC),
        ),
    ],
)
def test_next_digest_at(story: str, prefs: ChatPrefs, after: dt.datetime, expected: dt.datetime) -> None:
    got = next_digest_at(prefs, after)
    assert got == expected, story
    assert got is not None
    assert got.tzinfo is UTC


def test_no_digest_when_digests_are_off() -> None:
    assert next_digest_at(ChatPrefs(), local(SEOUL, "2024-05-01T07:00")) is None
    with pytest.raises(ValueError, match="off"):
        digest_period(ChatPrefs(), local(SEOUL, "2024-05-01T08:00"))


def test_a_daily_digest_covers_the_day_before_even_when_it_is_23_hours_long() -> None:
    start, end = digest_period(BERLIN_8, local(BERLIN, "2024-03-31T08:00"))
    assert start == local(BERLIN, "2024-03-30T08:00")
    assert end - start == dt.timedelta(hours=23)


def test_a_weekly_digest_covers_the_week_before() -> None:
    assert digest_period(MONDAY_8, local(SEOUL, "2024-05-13T08:00")) == (
        local(SEOUL, "2024-05-06T08:00"),
        local(SEOUL, "2024-05-13T08:00"),
    )


# --- missed digests ----------------------------------------------------------------------------------

SENT_1_MAY = local(SEOUL, "2024-05-01T08:00:30")
DUE_2_MAY = local(SEOUL, "2024-05-02T08:00")


def test_a_digest_five_hours_late_is_sent_once_on_start() -> None:
    decision = missed_digests(DAILY_8, SENT_1_MAY, local(SEOUL, "2024-05-02T13:00"))
    assert decision.send == DUE_2_MAY
    assert decision.skipped == ()
    assert decision.next_at == local(SEOUL, "2024-05-03T08:00")


def test_a_digest_seven_hours_late_is_skipped() -> None:
    decision = missed_digests(DAILY_8, SENT_1_MAY, local(SEOUL, "2024-05-02T15:00"))
    assert decision.send is None
    assert decision.skipped == (DUE_2_MAY,)


def test_a_digest_exactly_six_hours_late_is_skipped() -> None:
    assert missed_digests(DAILY_8, SENT_1_MAY, local(SEOUL, "2024-05-02T14:00")).send is None


def test_of_two_missed_digests_only_the_latest_is_sent() -> None:
    decision = missed_digests(DAILY_8, local(SEOUL, "2024-04-30T08:01"), local(SEOUL, "2024-05-02T12:00"))
    assert decision.send == DUE_2_MAY
    assert decision.skipped == (local(SEOUL, "2024-05-01T08:00"),)


def test_nothing_is_missed_when_the_last_digest_went_out_on_time() -> None:
    decision = missed_digests(DAILY_8, local(SEOUL, "2024-05-02T08:00:02"), local(SEOUL, "2024-05-02T12:00"))
    assert (decision.send, decision.skipped) == (None, ())


def test_nothing_is_missed_when_no_digest_was_ever_due() -> None:
    decision = missed_digests(DAILY_8, None, local(SEOUL, "2024-05-02T12:00"))
    assert (decision.send, decision.skipped) == (None, ())
    assert decision.next_at == local(SEOUL, "2024-05-03T08:00")


def test_nothing_is_missed_when_digests_are_off() -> None:
    decision = missed_digests(ChatPrefs(), SENT_1_MAY, local(SEOUL, "2024-05-09T12:00"))
    assert decision == type(decision)(send=None, skipped=(), next_at=None)


def test_the_grace_period_can_be_chosen() -> None:
    decision = missed_digests(
        DAILY_8, SENT_1_MAY, local(SEOUL, "2024-05-02T09:30"), grace=dt.timedelta(hours=1)
    )
    assert decision.send is None


# --- digest summary ----------------------------------------------------------------------------------


def week_of(start: str, end: str) -> list[LaunchEvent]:
    first, last = dt.date.fromisoformat(start), dt.date.fromisoformat(end)
    return [e for e in HISTORY_2022 if first <= e.date <= last]


PERIOD = (local(SEOUL, "2022-11-01T08:00"), local(SEOUL, "2022-11-08T08:00"))


def test_a_digest_with_no_launches_says_so() -> None:
    quiet = (local(SEOUL, "2022-09-10T08:00"), local(SEOUL, "2022-09-17T08:00"))
    summary = digest_summary([], HISTORY_2022, quiet, quiet[1])
    assert summary.no_launches
    assert summary.top is None
    assert summary.top_level is None
    assert summary.missiles.total == 0
    assert summary.summary_lines()[0] == "No launches were reported in this period."
    assert summary.tempo.band is Band.CALM


def test_a_digest_of_the_first_week_of_november_2022() -> None:
    events = week_of("2022-11-01", "2022-11-07")
    summary = digest_summary(events, HISTORY_2022, PERIOD, PERIOD[1])
    assert not summary.no_launches
    # 2 Nov (NK barrage, ROK air-to-ground), 3 Nov (ICBM, SRBMs), 5 Nov.
    assert len(summary.events) == 5
    # At least 23, then 1 + 5, then 4.
    assert summary.missiles.text() == "at least 33 missiles"
    assert summary.top_event == week_of("2022-11-02", "2022-11-02")[0]
    assert summary.top_level == 4
    assert summary.by_actor == ((Actor.NORTH_KOREA, 4), (Actor.SOUTH_KOREA, 1))
    assert summary.by_class == ((C.ICBM, 1), (C.SRBM, 3), (C.UNKNOWN, 1))
    assert summary.tempo.band is Band.CRISIS
    assert summary.summary_lines()[:2] == ("5 events", "North Korea fired at least 33 missiles")


def test_a_digest_leaves_out_older_launches_mentioned_in_passing() -> None:
    events = [*week_of("2022-11-01", "2022-11-07"), background(launch("2022-10-04", C.IRBM))]
    assert len(digest_summary(events, HISTORY_2022, PERIOD, PERIOD[1]).events) == 5


def test_a_digest_counts_a_joint_salvo_for_each_side() -> None:
    events = week_of("2022-10-05", "2022-10-05")
    period = (local(SEOUL, "2022-10-05T00:00"), local(SEOUL, "2022-10-06T00:00"))
    summary = digest_summary(events, HISTORY_2022, period, period[1])
    assert summary.by_actor == ((Actor.SOUTH_KOREA, 1), (Actor.UNITED_STATES, 1))
    assert summary.missiles.total == 0  # North Korea fired none that day
    assert summary.top_level == 2


# --- tempo escalation --------------------------------------------------------------------------------


def test_band_rose() -> None:
    calm = tempo(HISTORY_2022, local(SEOUL, "2022-09-20T21:00"))
    active = tempo(HISTORY_2022, local(SEOUL, "2022-09-25T21:00"))
    intense = tempo(HISTORY_2022, local(SEOUL, "2022-09-29T21:00"))
    crisis = tempo(HISTORY_2022, local(SEOUL, "2022-11-02T21:00"))
    assert band_rose(calm, active)
    assert band_rose(active, crisis)
    assert not band_rose(crisis, intense)
    assert not band_rose(intense, intense)
    assert not band_rose(None, crisis)  # a first reading is not a rise
