"""The four messages as a subscriber reads them, and as Telegram's own HTML parser (TDLib) takes them."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import Any

import pytest

from bot.core.policy import digest_summary
from bot.core.records import KST, LaunchEvent, SourceRef, StoredEvent
from bot.core.render import alert_html, digest_html, escalation_html, update_html
from bot.core.tempo import Band, tempo
from bot.testing.entities import parse_html
from tests.histories import HISTORY_2022, C, L, launch

NOW = dt.datetime(2022, 10, 4, 8, 0, tzinfo=KST)
OVER_JAPAN = launch(
    "2022-10-04",
    C.IRBM,
    1,
    system="Hwasong-12 <new>",
    launch_site="Mupyong-ni & co",
    landing=L.OVERFLEW_JAPAN,
    range_km=4600,
    apogee_km=970,
)


def stored(record: LaunchEvent = OVER_JAPAN, **fields: Any) -> StoredEvent:
    event = StoredEvent(
        id=7,
        record=record,
        version=3,
        first_seen_at=dt.datetime(2022, 10, 3, 22, 30, tzinfo=dt.UTC),
        updated_at=dt.datetime(2022, 10, 3, 23, 0, tzinfo=dt.UTC),
        level=4,
        level_reasons=("intermediate-range ballistic missile (Hwasong-12 <new>)", "flew over Japan"),
        sources=(
            SourceRef(1, "Missile <over> Japan", "Reuters & AP", "https://news.example/a?x=1&y=2", NOW),
            SourceRef(2, "J-Alert", None, None, NOW),
        ),
    )
    return replace(event, **fields)


def plain(html: str) -> str:
    """What the subscriber reads; raises if Telegram would refuse the message."""
    return parse_html(html).text


def test_an_alert_escapes_everything_an_article_said_and_telegram_accepts_it() -> None:
    html = alert_html(stored(), tz="Asia/Seoul", tempo_line="23rd launch event of 2022; 4th in 14 days")
    text = plain(html)
    assert text.splitlines()[0] == (
        "🚨 Level 4 · North Korea fired an intermediate-range ballistic missile (Hwasong-12 <new>) over Japan"
        " — Tue 4 Oct 2022"
    )
    assert "System: Hwasong-12 <new>" in text
    assert "Launched from: Mupyong-ni & co" in text
    assert "Flight: range 4,600 km, apogee 970 km" in text
    assert "Why level 4: intermediate-range ballistic missile (Hwasong-12 <new>); flew over Japan" in text
    assert "Tempo: 23rd launch event of 2022; 4th in 14 days" in text
    assert "Sources: Reuters & AP, J-Alert" in text
    assert 'href="https://news.example/a?x=1&amp;y=2"' in html
    assert text.endswith("First reported Tue 4 Oct 07:30 KST · details: /event_7")


@pytest.mark.parametrize(
    ("tz", "date_line", "reported"),
    [
        ("Asia/Seoul", "— Tue 4 Oct 2022", "Tue 4 Oct 07:30 KST"),
        ("Asia/Tokyo", "— Tue 4 Oct 2022", "Tue 4 Oct 07:30 JST"),  # same clock as Korea's: no mark
        ("Europe/London", "— Tue 4 Oct 2022 (Korea)", "Mon 3 Oct 23:30 BST"),
        ("America/Los_Angeles", "— Tue 4 Oct 2022 (Korea)", "Mon 3 Oct 15:30 PDT"),
    ],
)
def test_the_launch_date_is_koreas_and_says_so_where_the_chats_clock_differs(
    tz: str, date_line: str, reported: str
) -> None:
    lines = plain(alert_html(stored(), tz=tz, tempo_line=None)).splitlines()
    assert lines[0].endswith(date_line)
    assert f"First reported {reported}" in lines[-1]


def test_an_alert_rendered_the_old_way_still_works() -> None:
    text = plain(alert_html(stored(level=None, level_reasons=())))
    assert text.startswith("🚨 North Korea fired")
    assert "Why level" not in text
    assert "Tempo:" not in text


def test_an_update_says_what_changed_in_a_few_lines() -> None:
    html = update_html(stored(), ("level raised: 2 → 4", "landing more serious: not given → over <Japan>"))
    assert plain(html).splitlines() == [
        "⬆️ Update · Level 4 · North Korea fired an intermediate-range ballistic missile (Hwasong-12 <new>) "
        "over Japan — Tue 4 Oct 2022",
        "• level raised: 2 → 4",
        "• landing more serious: not given → over <Japan>",
        "Details: /event_7",
    ]


def test_an_escalation_gives_the_new_band_why_and_the_figures() -> None:
    figures = tempo([e for e in HISTORY_2022 if e.date <= NOW.date()], NOW)
    assert figures.band is Band.INTENSE
    lines = plain(escalation_html(figures, previous=Band.ACTIVE)).splitlines()
    assert lines[0] == "📈 Launch tempo is now intense (was active)"
    assert lines[1].startswith("Why: ")
    assert figures.band_reasons[0] in lines[1]
    assert lines[3].startswith("Last 7 days: ")
    assert plain(escalation_html(figures)).splitlines()[0] == "📈 Launch tempo is now intense"


def test_a_digest_lists_a_busy_period_and_counts_what_does_not_fit() -> None:
    start = dt.datetime(2022, 9, 1, tzinfo=KST)
    end = dt.datetime(2022, 11, 30, tzinfo=KST)
    period = [e for e in HISTORY_2022 if start.date() <= e.date < end.date()]
    summary = digest_summary(period, HISTORY_2022, (start, end), end)
    lines = plain(digest_html(summary, tz="Europe/Berlin")).splitlines()
    assert lines[0] == "🗞 Weekly digest · Wed 31 Aug 17:00 CEST – Tue 29 Nov 16:00 CET"
    assert len([line for line in lines if line.startswith("• ")]) == 16
    assert lines[16] == f"• and {len(summary.events) - 15} more"
    assert "Worst: level 4" in "\n".join(lines)


def test_a_quiet_day_says_no_launches_in_so_many_words() -> None:
    start = dt.datetime(2022, 7, 1, 8, tzinfo=KST)
    summary = digest_summary([], HISTORY_2022, (start, start + dt.timedelta(days=1)), start)
    lines = plain(digest_html(summary, tz="Asia/Seoul")).splitlines()
    assert lines[:2] == [
        "🗞 Daily digest · Fri 1 Jul 08:00 KST – Sat 2 Jul 08:00 KST",
        "No launches were reported in this period.",
    ]
    assert lines.count("No launches were reported in this period.") == 1
    assert any(line.startswith("Tempo: ") for line in lines)


def test_nothing_from_an_article_can_break_a_message() -> None:
    hostile = replace(OVER_JAPAN, system="</b><a href='x'>", launch_site="<i>")
    event = stored(hostile, level_reasons=("</i>",))
    for html in (
        alert_html(event, tz="UTC", tempo_line="<b>"),
        update_html(event, ("</a>",)),
    ):
        assert "</b><a href='x'>" in plain(html)
