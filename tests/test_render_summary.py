"""/summary and the digest: the figures for a period, and how they read."""

from __future__ import annotations

import datetime as dt

from bot.core import render
from bot.core.periods import parse_period
from bot.core.records import Actor, Kind, MissileClass
from bot.core.summary import First, Tally, last_seen_keys, summarize
from tests.samples import make_event, year_2022
from tests.telegram_html import plain

TODAY = dt.date(2023, 1, 10)


def test_a_month_in_figures() -> None:
    events = year_2022()
    period = parse_period("2022-10", TODAY)
    summary = summarize(events, period, previous_events=events)
    # October 2022: five North Korean events (one of them rockets with no count) and one allied answer.
    assert summary.total == Tally(events=6, missiles=12, inexact=True)
    assert dict(summary.by_class) == {
        MissileClass.IRBM: Tally(1, 1, False),
        MissileClass.SRBM: Tally(4, 10, False),
        MissileClass.ROCKET_ARTILLERY: Tally(1, 1, True),
    }
    assert [a for a, _ in summary.by_actor] == [Actor.NORTH_KOREA, Actor.SOUTH_KOREA, Actor.UNITED_STATES]
    assert summary.highest is not None
    assert summary.highest.level == 5
    assert summary.highest.record.date == dt.date(2022, 10, 4)
    # September 2022 had three events, five missiles.
    assert summary.previous.label == "September 2022"
    assert summary.previous_total == Tally(events=3, missiles=5, inexact=False)


def test_firsts_are_on_record_or_after_a_long_gap() -> None:
    events = year_2022()
    period = parse_period("2022-10", TODAY)
    last_seen: dict[str, dt.date] = {}
    for event in events:
        if event.record.date < period.start:
            for key in last_seen_keys(event):
                last_seen[key] = event.record.date
    last_seen["landing:overflew_japan"] = dt.date(2017, 9, 15)
    summary = summarize(events, period, last_seen=last_seen)
    assert summary.firsts == (
        First("landing", "overflew_japan", dt.date(2022, 10, 4), dt.date(2017, 9, 15)),
        First("class", "rocket_artillery", dt.date(2022, 10, 14), None),
    )
    texts = [render.first_text(f) for f in summary.firsts]
    assert texts == [
        "First missile over Japan since 15 Sep 2017 (4 Oct 2022)",
        "First artillery rocket on record (14 Oct 2022)",
    ]


def test_a_system_seen_before_is_not_a_first_but_a_new_one_is() -> None:
    earlier = {"system:hwasong-17": dt.date(2022, 3, 24), "class:icbm": dt.date(2022, 3, 24)}
    events = [
        make_event(1, "2022-11-18", missile_class=MissileClass.ICBM, system="Hwasong-17"),
        make_event(2, "2023-04-13", missile_class=MissileClass.ICBM, system="Hwasong-18"),
    ]
    summary = summarize(
        events, parse_period("2022-11-01..2023-04-30", dt.date(2023, 5, 1)), last_seen=earlier
    )
    assert [render.first_text(f) for f in summary.firsts] == [
        "First launch of the Hwasong-18 on record (13 Apr 2023)"
    ]


def test_the_summary_reads_as_a_briefing() -> None:
    events = year_2022()
    summary = summarize(events, parse_period("2022", TODAY), previous_events=events)
    text = plain(render.summary_html(summary))
    lines = text.splitlines()
    assert lines[0] == "Summary: 2022"
    assert lines[1] == "31 events, at least 87 missiles"
    assert "Tempo: 31 events, up from 0 in 2021; 87 missiles, up from 0." in text
    assert "• SRBM: 17 events, at least 69 missiles" in text
    assert "• North Korea: 29 events, at least 75 missiles" in text
    assert "• South Korea: 2 events, 12 missiles" in text
    assert "• Hypersonic: 2 events, 2 missiles" in text
    unknown = summarize(
        [make_event(1, "2022-03-05", missile_class=MissileClass.UNKNOWN)], parse_period("2022", TODAY)
    )
    assert "• Type not reported: 1 event, 1 missile" in plain(render.summary_html(unknown))
    assert (
        "Highest level: 5 — North Korea fired an intermediate-range ballistic missile (Hwasong-12) over Japan, Tue 4 Oct 2022 /event_21"
        in text
    )


def test_an_empty_period_says_so_and_still_compares() -> None:
    events = year_2022()
    summary = summarize(events, parse_period("2022-08", TODAY), previous_events=events)
    text = plain(render.summary_html(summary))
    assert "No launch events stored for this period." in text
    assert "Tempo: 0 events, down from 0" not in text
    assert "Tempo: 0 events, as in July 2022; 0 missiles, as in." not in text
    assert "0 events, as in July 2022" in text


def test_nuclear_tests_and_satellites_are_counted_apart_from_missiles() -> None:
    events = [
        make_event(1, "2023-05-31", kind=Kind.SATELLITE_LAUNCH, missile_class=MissileClass.SLV, count=None),
        make_event(2, "2023-06-15", kind=Kind.NUCLEAR_TEST, level=5),
        make_event(3, "2023-06-15", count=2),
    ]
    summary = summarize(events, parse_period("2023-05-01..2023-06-30", dt.date(2023, 7, 1)))
    assert summary.total == Tally(events=3, missiles=3, inexact=True)
    text = plain(render.summary_html(summary))
    assert "Including 1 satellite launch and 1 nuclear test." in text
    assert "First nuclear test on record (15 Jun 2023)" in text
