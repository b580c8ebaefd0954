"""When: day words and dates resolved against the publication time in Korea time (UTC+9)."""

from __future__ import annotations

import pytest

from tests.articles import events, news


@pytest.mark.parametrize(
    ("phrase", "published", "date"),
    [
        ("on Sunday", "2023-07-10T15:00:00", "2023-07-09"),  # published Monday
        ("early Thursday", "2023-07-13T10:00:00", "2023-07-13"),  # the same day
        ("Monday morning", "2023-07-12T10:00:00", "2023-07-10"),
        ("late Tuesday", "2023-07-12T10:00:00", "2023-07-11"),
        ("last Wednesday", "2023-07-12T10:00:00", "2023-07-05"),  # a week before a Wednesday
        ("yesterday", "2023-07-12T10:00:00", "2023-07-11"),
        ("earlier today", "2023-07-12T10:00:00", "2023-07-12"),
        ("on Nov. 2", "2023-11-20T10:00:00", "2023-11-02"),
        ("on 25 May", "2023-06-01T10:00:00", "2023-05-25"),
        ("on March 24, 2017", "2023-06-01T10:00:00", "2017-03-24"),
        ("on Dec. 28", "2024-01-05T10:00:00", "2023-12-28"),  # last year's December
        ("on Nov. 21 last year", "2024-05-27T10:00:00", "2023-11-21"),
        ("two days ago", "2023-07-12T10:00:00", "2023-07-10"),
    ],
)
def test_a_day_phrase_resolves_against_publication(phrase: str, published: str, date: str) -> None:
    found = events(f"North Korea fired a ballistic missile {phrase}, officials said.", published)
    assert [e.date.isoformat() for e in found] == [date]


def test_an_article_stamped_in_utc_is_read_in_korea_time() -> None:
    # Monday 01:00 UTC is Monday 10:00 in Seoul; "Sunday" is the day before.
    (event,) = events("North Korea fired a missile on Sunday.", "2023-07-10T01:00:00+00:00")
    assert event.date.isoformat() == "2023-07-09"
    # Sunday 20:00 in New York is already Monday in Seoul: "Monday local time" is that Monday.
    (late,) = events("North Korea fired a missile early Monday local time.", "2023-07-09T20:00:00-05:00")
    assert late.date.isoformat() == "2023-07-10"


def test_the_day_a_statement_was_made_yields_to_the_day_of_the_launch() -> None:
    text = (
        "North Korea said on Friday that it had fired a new solid-fuel missile. "
        "State media said Thursday's flight tested a new engine."
    )
    (event,) = news(text, "2023-07-14T09:00:00")
    assert event.date.isoformat() == "2023-07-13"


def test_an_undated_report_is_dated_by_its_publication() -> None:
    (event,) = events(
        "North Korea fired an unidentified ballistic missile, Seoul said.", "2023-07-12T08:00:00"
    )
    assert event.date.isoformat() == "2023-07-12"


def test_a_date_after_publication_is_never_a_launch_date() -> None:
    text = "North Korea told the coast guard it would launch a satellite rocket between May 31 and June 11."
    assert events(text, "2023-05-29T09:00:00") == []


def test_a_day_named_for_something_else_does_not_date_the_launch() -> None:
    text = (
        "North Korea fired two cruise missiles on Monday. Analysts linked the launch to the anniversary "
        "of the armistice on Thursday."
    )
    (event,) = events(text, "2023-07-24T12:00:00")
    assert event.date.isoformat() == "2023-07-24"


def test_vague_times_give_no_background_event() -> None:
    text = (
        "North Korea fired a ballistic missile on Monday. Last month it launched a spy satellite, and "
        "in March it fired an ICBM."
    )
    assert [e.date.isoformat() for e in events(text, "2023-07-10T12:00:00")] == ["2023-07-10"]


def test_the_date_is_marked_inferred_when_publication_was() -> None:
    from dataclasses import replace

    from bot.core.extract import extract
    from tests.articles import article

    item = replace(
        article("North Korea fired a missile on Sunday.", "2023-07-10T12:00:00"), published_inferred=True
    )
    assert [e.date_inferred for e in extract(item)] == [True]
