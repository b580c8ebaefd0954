"""Whatever text comes in, the extractor returns spec-valid records and never raises."""

from __future__ import annotations

import datetime as dt

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.core.extract import extract
from bot.core.records import (
    KST,
    Actor,
    Article,
    CountQualifier,
    Kind,
    Landing,
    LaunchEvent,
    MissileClass,
    Outcome,
    Status,
)

#: Words the extractor reacts to, so generated text exercises its rules and not only its early exits.
VOCABULARY = [
    "North Korea", "Pyongyang", "the North", "South Korea", "Seoul", "the US", "Japan",
    "Kim Jong Un's regime",
    "fired", "launched", "test-fired", "launch", "salvo", "nuclear test", "detonated", "landed", "flew",
    "a", "an", "two", "eight", "23", "at least", "more than", "several", "one of the", "pair of",
    "ballistic missile", "missiles", "ICBM", "SRBM", "cruise missiles", "rockets", "projectiles", "satellite",
    "Hwasong-18", "KN-23", "Chollima-1", "into the East Sea", "over Japan", "inside Japan's EEZ",
    "south of the NLL", "on Sunday", "early Thursday", "Monday morning", "yesterday", "Nov. 2", "25 May",
    "March 24, 2017", "last month", "in 2017", "the previous day", "said", "could", "plans to", "after",
    "since", "which", ",", ".", ";", "—", "'s", "flew 300 km", "altitude of 50 km", "86 minutes", "failed",
    "exploded", "successfully", "from the Sunan area", "\n\n", "(", ")", '"',
]  # fmt: skip

prose = st.lists(st.sampled_from(VOCABULARY), max_size=60).map(" ".join)
anything = st.text(max_size=400)
published = st.datetimes(
    min_value=dt.datetime(1990, 1, 1),
    max_value=dt.datetime(2040, 12, 31),
    timezones=st.sampled_from([KST, dt.UTC]),
)


def _valid(event: LaunchEvent, article: Article) -> None:
    assert isinstance(event.kind, Kind)
    assert event.actors
    assert all(isinstance(a, Actor) for a in event.actors)
    assert list(event.actors) == sorted(set(event.actors))
    assert event.date <= article.published_at.astimezone(KST).date()
    assert event.count is None or event.count >= 0
    assert isinstance(event.count_qualifier, CountQualifier)
    assert (event.count is None) == (event.count_qualifier is CountQualifier.UNKNOWN)
    assert isinstance(event.missile_class, MissileClass)
    assert isinstance(event.landing, Landing)
    assert isinstance(event.outcome, Outcome)
    assert isinstance(event.status, Status)
    for value in (event.range_km, event.apogee_km, event.flight_time_min):
        assert value is None or value >= 0
    assert event.date_inferred == article.published_inferred
    assert all(e.sentence for e in event.evidence)
    LaunchEvent.from_json(event.to_json())  # round-trips through the spec's JSON


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(title=prose, text=prose, when=published, inferred=st.booleans())
def test_news_like_text_gives_valid_records(title: str, text: str, when: dt.datetime, inferred: bool) -> None:
    article = Article(title=title, text=text, published_at=when, published_inferred=inferred)
    for event in extract(article):
        _valid(event, article)


@settings(max_examples=100, deadline=None)
@given(title=anything, text=anything, when=published)
def test_arbitrary_unicode_never_raises(title: str, text: str, when: dt.datetime) -> None:
    article = Article(title=title, text=text, published_at=when)
    for event in extract(article):
        _valid(event, article)


def test_empty_and_blank_input() -> None:
    when = dt.datetime(2023, 7, 10, 12, tzinfo=KST)
    for text in ("", " ", "\n\n\n", "\x00", "..."):
        assert extract(Article(title=text, text=text, published_at=when)) == []


def test_a_megabyte_of_input_is_read_in_bounded_time() -> None:
    when = dt.datetime(2023, 7, 10, 12, tzinfo=KST)
    sentence = "North Korea fired two ballistic missiles into the East Sea on Sunday, the JCS said. "
    texts = [
        "a" * 1_000_000,
        ("north korea fired missiles on sunday " * 30_000)[:1_000_000],
        (sentence * 12_000)[:1_000_000],
        ("1, 2, 3 missiles " * 70_000)[:1_000_000],
    ]
    for text in texts:
        article = Article(title=text[:1000], text=text, published_at=when)
        for event in extract(article):
            _valid(event, article)
