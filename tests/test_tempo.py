"""How launchwatch reads the situation from the history: the tempo band, its figures, the alert's line."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.core.records import Actor, CountQualifier, LaunchEvent, MissileClass
from bot.core.tempo import Band, MissileCount, tempo, tempo_line
from tests.histories import (
    HISTORY_2017,
    HISTORY_2022,
    ROK,
    ROK_US,
    background,
    launch,
    on,
)

C = MissileClass


def evening(day: str) -> dt.datetime:
    """9 pm in Seoul on that day: after the day's launches."""
    return dt.datetime.fromisoformat(f"{day}T21:00:00+09:00")


@pytest.mark.parametrize(
    ("day", "band", "story"),
    [
        ("2017-02-01", Band.CALM, "no launch since October 2016"),
        ("2017-02-12", Band.ACTIVE, "Pukguksong-2 ends the quiet"),
        ("2017-05-14", Band.INTENSE, "the first Hwasong-12, after two launches in April"),
        ("2017-07-28", Band.CRISIS, "the second ICBM in a month"),
        ("2017-08-29", Band.INTENSE, "Hwasong-12 over Japan three days after three SRBMs"),
        ("2017-09-03", Band.CRISIS, "the sixth nuclear test"),
        ("2017-09-15", Band.CRISIS, "Hwasong-12 over Japan again, twelve days after the test"),
        ("2017-10-02", Band.CRISIS, "the nuclear test is still within 30 days"),
        ("2017-10-03", Band.ACTIVE, "a month on, only the 15 September launch is recent"),
        ("2017-11-01", Band.CALM, "the autumn lull"),
        ("2017-11-29", Band.ACTIVE, "Hwasong-15 after 75 quiet days"),
    ],
)
def test_the_tempo_of_2017(day: str, band: Band, story: str) -> None:
    assert tempo(HISTORY_2017, evening(day)).band is band, story


@pytest.mark.parametrize(
    ("day", "band", "story"),
    [
        ("2022-09-20", Band.CALM, "a month after two cruise missiles in August"),
        ("2022-09-25", Band.ACTIVE, "one SRBM"),
        ("2022-09-29", Band.INTENSE, "three launches in five days"),
        ("2022-10-04", Band.INTENSE, "Hwasong-12 over Japan, the fifth launch in ten days"),
        ("2022-10-20", Band.INTENSE, "eight launch events in 30 days"),
        ("2022-11-02", Band.CRISIS, "the barrage across the NLL, a month after the IRBM over Japan"),
        ("2022-11-03", Band.CRISIS, "an ICBM attempt the next day"),
        ("2022-11-18", Band.CRISIS, "Hwasong-17 into Japan's EEZ"),
        ("2022-12-18", Band.ACTIVE, "a month later, two MRBMs"),
    ],
)
def test_the_tempo_of_autumn_2022(day: str, band: Band, story: str) -> None:
    assert tempo(HISTORY_2022, evening(day)).band is band, story


def test_the_band_says_why() -> None:
    figures = tempo(HISTORY_2017, evening("2017-09-03"))
    assert figures.band_reasons == ("a nuclear test in the last 30 days",)
    assert figures.nuclear_tests_30d == 1


def test_a_failed_icbm_still_counts_as_a_severe_launch_for_the_situation() -> None:
    # Without 3 November's failed ICBM, only 2 November's barrage would be severe in the window.
    assert tempo(HISTORY_2022, evening("2022-11-03")).severe_30d == 2


def test_the_figures_count_launch_days_and_missiles_against_the_usual_pace() -> None:
    figures = tempo(HISTORY_2022, evening("2022-10-05"))
    # 29 Sep (2), 1 Oct (2), 4 Oct (1).
    assert figures.events_7d == 3
    assert figures.missiles_7d == MissileCount(5, CountQualifier.EXACT)
    # 25 Sep to 4 Oct.
    assert figures.events_30d == 5
    assert figures.expected_30d == pytest.approx(figures.events_365d * 30 / 365)
    assert figures.pace_30d is not None
    assert figures.pace_30d > 2


def test_a_day_with_an_icbm_and_srbms_is_one_launch_event() -> None:
    figures = tempo(HISTORY_2022, evening("2022-11-03"))
    assert figures.latest == dt.date(2022, 11, 3)
    assert figures.latest_ordinal == 30
    # 28 Oct (2), 2 Nov (at least 23), 3 Nov (the ICBM and five SRBMs).
    assert figures.missiles_7d.text() == "at least 31 missiles"


def test_background_mentions_do_not_count_as_launches() -> None:
    mentioned = [background(e) for e in HISTORY_2022 if e.date.year == 2022]
    news = [e for e in HISTORY_2022 if e.date.year < 2022]
    doubled = tempo([*HISTORY_2022, *mentioned], evening("2022-11-18"))
    assert doubled == tempo(HISTORY_2022, evening("2022-11-18"))
    assert tempo([*news, *mentioned], evening("2022-11-18")).events_this_year == 0


def test_launches_after_now_are_not_yet_known() -> None:
    assert tempo(HISTORY_2017, evening("2017-02-01")) == tempo(
        [e for e in HISTORY_2017 if e.date.year < 2017], evening("2017-02-01")
    )


def test_a_broken_quiet_spell_is_noticed() -> None:
    figures = tempo(HISTORY_2017, evening("2017-02-12"))
    assert figures.gap_before_latest == 115  # since the Musudan of 20 October 2016
    assert figures.quiet_spell_broken
    assert figures.longest_gap_in_year is not None
    assert figures.longest_gap_in_year < 115
    assert "The 12 Feb 2017 launch ended 115 days without one, the longest quiet spell in a year" in (
        figures.summary_lines()
    )


def test_a_shorter_gap_is_not_a_broken_quiet_spell() -> None:
    # 75 days before Hwasong-15, but February had ended a 115-day spell within the year.
    figures = tempo(HISTORY_2017, evening("2017-11-29"))
    assert figures.gap_before_latest == 75
    assert figures.longest_gap_in_year == 115
    assert not figures.quiet_spell_broken


def test_the_tit_for_tat_of_4_and_5_october_2022() -> None:
    figures = tempo(HISTORY_2022, evening("2022-10-05"))
    assert [(x.launch_date.day, x.response_date.day, x.responders) for x in figures.tit_for_tat] == [
        (4, 4, ROK),
        (4, 5, ROK_US),
    ]
    assert "a tit-for-tat exchange in the last 7 days" in figures.band_reasons
    assert (
        "Tit-for-tat: South Korea and the United States fired missiles on 5 Oct 2022, "
        "the day after North Korea's launch of 4 Oct 2022"
    ) in figures.summary_lines()


def test_a_response_two_days_later_is_not_tit_for_tat() -> None:
    north = launch("2023-03-01", C.SRBM)
    next_day = launch("2023-03-02", C.SRBM, 2, actors=(Actor.JAPAN,))
    two_days_on = launch("2023-03-03", C.SRBM, 2, actors=(Actor.JAPAN,))
    assert len(tempo([north, next_day], evening("2023-03-03")).tit_for_tat) == 1
    assert tempo([north, two_days_on], evening("2023-03-03")).tit_for_tat == ()


def test_summary_lines_are_plain_text() -> None:
    lines = tempo(HISTORY_2022, evening("2022-11-18")).summary_lines()
    assert lines[0].startswith("Tempo: crisis (")
    # 28 Oct (2), 2 Nov (at least 23), 3 Nov (6), 5 Nov (4), 9, 17 and 18 Nov (1 each).
    assert "Last 30 days: 7 launch events, at least 38 missiles (usual pace: 2.8 in 30 days)" in lines
    assert "2022 so far: 34 launch events; the latest, on 18 Nov 2022, was the 34th" in lines
    assert not any("<" in line or "&" in line for line in lines)


def test_a_calm_tempo_says_when_the_last_launch_was() -> None:
    lines = tempo(HISTORY_2017, evening("2017-02-01")).summary_lines()
    assert lines[0] == "Tempo: calm"
    # Fifteen launch days in the year before: 15 * 7 / 365.
    assert "Last 7 days: 0 launch events (usual pace: 0.3 in 7 days)" in lines
    assert "Last launch: 20 Oct 2016, 104 days ago" in lines
    assert "2017 so far: no launch events" in lines


def test_bands_are_ordered_by_tension_not_alphabet() -> None:
    assert Band.CALM < Band.ACTIVE < Band.INTENSE < Band.CRISIS
    assert sorted([Band.CRISIS, Band.CALM, Band.INTENSE, Band.ACTIVE]) == list(Band)
    assert Band.CRISIS.rank == 3
    assert str(Band.CALM) == "calm"


def test_now_must_carry_a_timezone() -> None:
    with pytest.raises(ValueError, match="timezone"):
        tempo(HISTORY_2017, dt.datetime(2017, 9, 3, 12, 0))


def test_dates_are_korean_dates() -> None:
    # 23:30 UTC on 2 Oct is 08:30 on 3 Oct in Seoul: the nuclear test of 3 Sep has left the window.
    late_utc = dt.datetime(2017, 10, 2, 23, 30, tzinfo=dt.UTC)
    assert tempo(HISTORY_2017, late_utc).band is Band.ACTIVE


@pytest.mark.parametrize(
    ("day", "line"),
    [
        ("2017-02-12", "1st launch event of 2017; first in 115 days"),
        ("2017-11-29", "16th launch event of 2017; first in 75 days"),
        ("2022-06-05", "18th launch event of 2022; 2nd in 14 days"),
        ("2022-10-04", "24th launch event of 2022; 5th in 14 days"),
        ("2022-11-02", "29th launch event of 2022; 2nd in 14 days"),
    ],
)
def test_the_alert_line_places_the_launch(day: str, line: str) -> None:
    history = HISTORY_2017 if day.startswith("2017") else HISTORY_2022
    event = on(day, history)
    assert tempo_line(event, history, evening(day)) == line


def test_the_alert_line_counts_a_launch_not_yet_stored() -> None:
    event = on("2022-10-04")
    without = [e for e in HISTORY_2022 if e != event]
    assert tempo_line(event, without, evening("2022-10-04")) == "24th launch event of 2022; 5th in 14 days"


def test_the_alert_line_for_a_nuclear_test() -> None:
    line = tempo_line(on("2017-09-03", HISTORY_2017), HISTORY_2017, evening("2017-09-03"))
    assert line == "first nuclear test since 9 Sep 2016; 14 launch events in 2017 before it"


def test_the_alert_line_for_a_response_names_the_launch_it_answers() -> None:
    atacms = on("2022-10-05", watched_only=False)
    assert tempo_line(atacms, HISTORY_2022, evening("2022-10-05")) == (
        "answers North Korea's launch of 4 Oct 2022 (24th launch event of 2022)"
    )
    drill: LaunchEvent = launch("2022-08-30", C.SRBM, 2, actors=ROK)
    assert tempo_line(drill, HISTORY_2022, evening("2022-08-30")) == "North Korea's last launch: 17 Aug 2022"
