"""What a reader sees: alerts, updates, /latest lines, the event card, settings and status, as
Telegram HTML that Telegram accepts, with every article-derived string escaped."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from zoneinfo import ZoneInfo

from bot.core import render
from bot.core.prefs import Chat, ChatPrefs, DigestFrequency, RegionFilter
from bot.core.records import Actor, CountQualifier, Landing, MissileClass, SourceRef
from bot.handlers import COMMANDS
from tests.samples import hwasong_18_card, make_event
from tests.telegram_html import plain

NEW_YORK = ZoneInfo("America/New_York")
SEOUL = ZoneInfo("Asia/Seoul")


def test_article_text_cannot_inject_markup() -> None:
    nasty = "<b>Hwasong</b> & <a href='x'>co</a>"
    source = SourceRef(
        1,
        "Title with <tags> & ampersands",
        "Outlet <i>",
        'https://e.x/?a=1&b="2"',
        dt.datetime(2022, 6, 5, tzinfo=dt.UTC),
    )
    event = make_event(3, "2022-06-05", system=nasty, launch_site="<Sunan>", sources=(source,))
    for html in (
        render.alert_html(event),
        render.event_card_html(event),
        render.latest_html([event]),
        render.update_html(event, [f"system: KN-23 → {nasty}"]),
    ):
        text = plain(html)  # raises if the markup is not Telegram's
        assert "<b>Hwasong</b>" in text or "Hwasong" not in text
    card = render.event_card_html(event)
    assert 'href="https://e.x/?a=1&amp;b=&quot;2&quot;"' in card
    assert "&lt;Sunan&gt;" in card


def test_latest_lines_are_compact_and_link_to_details() -> None:
    events = [
        make_event(9, "2022-11-02", count=23, qualifier=CountQualifier.APPROXIMATE, level=4),
        make_event(8, "2022-10-05", count=4, actors=(Actor.SOUTH_KOREA, Actor.UNITED_STATES), level=1),
        make_event(2, "2022-01-11", count=None, missile_class=MissileClass.HYPERSONIC, level=None),
    ]
    lines = plain(render.latest_html(events)).splitlines()
    assert lines[0] == "Latest 3 launch events, newest first:"
    assert lines[1] == "L4 2022-11-02 · North Korea · ~23 × SRBM /event_9"
    assert lines[2] == "L1 2022-10-05 · South Korea + United States · 4 × SRBM /event_8"
    assert lines[3] == "L? 2022-01-11 · North Korea · ? × hypersonic /event_2"
    assert "No launch events stored yet" in render.latest_html([])


def test_the_event_card_has_every_field_sources_evidence_level_and_history() -> None:
    text = plain(render.event_card_html(hwasong_18_card()))
    for expected in (
        "Event 42: North Korea fired an intercontinental ballistic missile (Hwasong-18) into the East Sea",
        "Date: Wed 12 Jul 2023 (Korea)",
        "Who fired: North Korea",
        "Level: 4 — ICBM; solid-fuel system, the second test of its kind",
        "Count: 1",
        "Class: intercontinental ballistic missile",
        "System: Hwasong-18",
        "Launched from: Pyongyang",
        "Landing: East Sea / Sea of Japan",
        "Flight: range 1,001 km, apogee 6,648 km, flight time 74 min",
        "Outcome: success",
        "Sources (2 articles, 2 outlets):",
        "North Korea fires solid-fuel ICBM <Hwasong-18> into East Sea — Yonhap & Co, Wed 12 Jul 2023 11:10 KST",
        "State media said the launch was of the solid-fuel Hwasong-18. (system)",
        "It flew 1,001 km at a maximum altitude of 6,648 km for 74 minutes. (apogee (km), range (km))",
        "v2 (Wed 12 Jul 2023 14:20 KST): apogee (km): not reported → 6,648; flight time (min): not reported → 74",
    ):
        assert expected in text, expected


def test_the_event_card_shows_times_in_the_chat_timezone_and_the_korean_date_where_it_differs() -> None:
    text = plain(render.event_card_html(hwasong_18_card(), tz=NEW_YORK))
    assert "Tue 11 Jul 2023 22:10 EDT (Wed 12 Jul in Korea)" in text
    assert "Date: Wed 12 Jul 2023 (Korea)" in text


def test_moments_carry_their_zone_and_korean_date() -> None:
    moment = dt.datetime(2022, 6, 4, 23, 30, tzinfo=dt.UTC)
    assert render.format_moment(moment) == "Sun 5 Jun 2022 08:30 KST"
    assert render.format_moment(moment, SEOUL) == "Sun 5 Jun 2022 08:30 KST"
    assert render.format_moment(moment, ZoneInfo("UTC")) == "Sat 4 Jun 2022 23:30 UTC (Sun 5 Jun in Korea)"
    assert render.format_moment(moment, ZoneInfo("Asia/Kolkata")) == "Sun 5 Jun 2022 05:00 IST"
    assert render.format_moment(moment, ZoneInfo("Asia/Dubai")).startswith("Sun 5 Jun 2022 03:30 UTC+04:00")


def test_long_output_is_split_on_line_boundaries_under_telegrams_limit() -> None:
    lines = [f"<b>line {i}</b> " + "x" * 90 for i in range(200)]
    chunks = render.split_message("\n".join(lines))
    assert len(chunks) > 1
    assert all(len(c) <= render.MESSAGE_LIMIT for c in chunks)
    assert "\n".join(chunks) == "\n".join(lines)
    for chunk in chunks:
        plain(chunk)
    one_long_line = "word " * 2000
    assert all(len(c) <= render.MESSAGE_LIMIT for c in render.split_message(one_long_line))


def test_a_caption_keeps_whole_lines_under_1024() -> None:
    text = "\n".join(f"<i>line {i}</i> " + "y" * 50 for i in range(40))
    cut = render.caption(text)
    assert len(cut) <= render.CAPTION_LIMIT
    assert text.startswith(cut)
    plain(cut)


def test_help_lists_every_command_with_an_example() -> None:
    text = plain(render.help_html(COMMANDS))
    for name, _, example in COMMANDS:
        assert f"/{name} — " in text
        assert f"e.g. {example}" in text


def test_settings_show_every_current_value() -> None:
    prefs = ChatPrefs(
        threshold=3,
        actors=frozenset({Actor.NORTH_KOREA}),
        classes=frozenset({MissileClass.ICBM, MissileClass.IRBM}),
        region=RegionFilter.JAPAN,
        timezone="Europe/London",
        digest=DigestFrequency.WEEKLY,
        digest_weekday=4,
        digest_time=dt.time(9, 30),
        quiet_start=dt.time(23),
        quiet_end=dt.time(7),
    )
    text = plain(
        render.settings_html(
            Chat(-100, "supergroup", "Analysts <&>", subscribed=True, prefs=prefs), note="Level set."
        )
    )
    assert text.splitlines()[0] == "Settings for Analysts <&>"
    for expected in (
        "Alerts: on",
        "Level: 3 and above — high: Longer-range",
        "Sides: North Korea only",
        "Classes: ICBM, IRBM only",
        "Region: only launches that land in Japan's EEZ or fly over Japan",
        "Digest: weekly, Fridays at 09:30",
        "Timezone: Europe/London",
        "Quiet hours: 23:00–07:00",
        "✅ Level set.",
    ):
        assert expected in text, expected
    defaults = plain(render.settings_html(Chat(1, "private")))
    assert "Alerts: off — /subscribe to get them" in defaults
    assert "Sides: every side" in defaults
    assert "Digest: off" in defaults
    assert "Quiet hours: off" in defaults


def test_status_reports_the_service_in_a_few_lines() -> None:
    text = plain(
        render.status_html(
            version="0.1.0",
            last_ingest_at=dt.datetime(2022, 6, 5, 0, 0, tzinfo=dt.UTC),
            articles=12,
            events=5,
            errors_24h=1,
            subscribers=3,
            inactive_chats=1,
            pending_deliveries=0,
        )
    )
    assert "launchwatch 0.1.0" in text
    assert "Last ingest: Sun 5 Jun 2022 09:00 KST" in text
    assert "Stored: 12 articles, 5 events" in text
    assert "Ingest errors in the last 24 h: 1" in text
    assert "Subscribed chats: 3 (deactivated: 1)" in text


def test_a_satellite_launch_and_a_nuclear_test_read_naturally() -> None:
    from bot.core.records import Kind, Outcome

    sat = make_event(
        1,
        "2023-05-31",
        kind=Kind.SATELLITE_LAUNCH,
        missile_class=MissileClass.SLV,
        system="Chollima-1",
        outcome=Outcome.FAILURE,
        landing=Landing.YELLOW_SEA,
    )
    test = make_event(2, "2017-09-03", kind=Kind.NUCLEAR_TEST, level=5)
    assert render.latest_line(sat).endswith("satellite launch (failed) /event_1")
    assert "nuclear test" in render.latest_line(test)
    assert "Kind: nuclear test" in plain(render.event_card_html(test))
    assert "launched a satellite on a Chollima-1 rocket — the launch failed" in plain(render.alert_html(sat))
    assert "Count" not in plain(render.event_card_html(replace(test, sources=())))
