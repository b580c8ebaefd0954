"""How many: digits and words with their qualifier; partitives and vague words are no count."""

from __future__ import annotations

import pytest

from tests.articles import news

SUNDAY = "2023-07-09T15:00:00"


@pytest.mark.parametrize(
    ("phrase", "count", "qualifier"),
    [
        ("eight short-range ballistic missiles", 8, "exact"),
        ("two missiles", 2, "exact"),
        ("a pair of cruise missiles", 2, "exact"),
        ("a volley of three rockets", 3, "exact"),
        ("23 missiles", 23, "exact"),
        ("more than 20 missiles", 20, "approximate"),
        ("about 10 projectiles", 10, "approximate"),
        ("at least one ballistic missile", 1, "at_least"),
        ("at least three missiles", 3, "at_least"),
        ("a ballistic missile", 1, "exact"),
        ("an unidentified ballistic missile", 1, "exact"),
        ("a single missile", 1, "exact"),
        ("several cruise missiles", None, "unknown"),
        ("an unspecified number of missiles", None, "unknown"),
        ("multiple rockets", None, "unknown"),
        ("twenty-three missiles", 23, "exact"),
    ],
)
def test_a_count_phrase(phrase: str, count: int | None, qualifier: str) -> None:
    (event,) = news(f"North Korea fired {phrase} toward the East Sea on Sunday.", SUNDAY)
    assert (event.count, event.count_qualifier.value) == (count, qualifier)


def test_one_of_the_missiles_is_not_a_count() -> None:
    text = (
        "North Korea fired several missiles on Sunday. One of the missiles flew 300 km, and one of them "
        "appeared to fail."
    )
    (event,) = news(text, SUNDAY)
    assert event.count is None


def test_the_lead_s_number_wins_over_a_later_estimate() -> None:
    text = (
        "North Korea fired 18 short-range ballistic missiles on Sunday, state media said. "
        "Seoul had earlier counted about 10 missiles."
    )
    (event,) = news(text, SUNDAY)
    assert (event.count, event.count_qualifier.value) == (18, "exact")


def test_a_number_found_later_beats_an_article_in_the_lead() -> None:
    text = (
        "A ballistic missile fired by North Korea on Sunday landed in the sea. "
        "Officials later said two missiles had been fired from the same area."
    )
    (event,) = news(text, SUNDAY)
    assert event.count == 2


def test_measures_are_not_counts() -> None:
    text = "North Korea fired a missile on Sunday that flew 600 km and carried a 4.5-ton warhead."
    (event,) = news(text, SUNDAY)
    assert event.count == 1
