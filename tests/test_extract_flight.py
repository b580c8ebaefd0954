"""Where it went and how it did: landing areas, distances, flight time and failures."""

from __future__ import annotations

import pytest

from tests.articles import news

FRIDAY = "2023-07-14T15:00:00"


@pytest.mark.parametrize(
    ("where", "landing"),
    [
        ("into the East Sea", "east_sea"),
        ("toward the Sea of Japan", "east_sea"),
        ("into waters off its east coast", "east_sea"),
        ("into the Yellow Sea", "yellow_sea"),
        ("toward the West Sea", "yellow_sea"),
        ("that came down inside Japan's exclusive economic zone", "japan_eez"),
        ("that landed outside Japan's exclusive economic zone in the Sea of Japan", "east_sea"),
        ("that flew over Japan and fell into the Pacific Ocean", "overflew_japan"),
        ("that crossed the Northern Limit Line", "south_of_nll"),
        ("that fell near South Korean territorial waters", "south_of_nll"),
        ("that splashed down in the Pacific", "pacific"),
        ("that crashed on land", "unknown"),
    ],
)
def test_landing(where: str, landing: str) -> None:
    (event,) = news(f"North Korea fired a ballistic missile {where} on Friday.", FRIDAY)
    assert event.landing.value == landing


def test_a_lofted_path_to_avoid_overflying_japan_is_not_an_overflight() -> None:
    text = (
        "North Korea fired an ICBM on Friday that fell into the Sea of Japan. It was fired on a steep "
        "trajectory to avoid overflying Japan."
    )
    (event,) = news(text, FRIDAY)
    assert event.landing.value == "east_sea"


def test_range_apogee_and_flight_time_with_miles_converted() -> None:
    text = (
        "North Korea fired a missile on Friday that flew about 185 miles and reached an altitude of "
        "about 50 km. It stayed aloft for 12 minutes."
    )
    (event,) = news(text, FRIDAY)
    assert (event.range_km, event.apogee_km, event.flight_time_min) == (297.7, 50, 12)


def test_a_claimed_capability_is_not_a_flight() -> None:
    text = "North Korea fired a cruise missile on Friday. Pyongyang says the missile can fly 2,000 km."
    (event,) = news(text, FRIDAY)
    assert event.range_km is None


@pytest.mark.parametrize(
    ("sentence", "outcome"),
    [
        ("The missile exploded shortly after liftoff.", "failure"),
        ("It appeared to have failed in flight.", "failure"),
        ("State media said the test was successful.", "success"),
        ("The missile flew 300 km.", "unknown"),
    ],
)
def test_outcome(sentence: str, outcome: str) -> None:
    (event,) = news(f"North Korea fired a ballistic missile on Friday. {sentence}", FRIDAY)
    assert event.outcome.value == outcome


def test_one_failure_in_a_salvo_is_a_mixed_outcome() -> None:
    text = "North Korea fired two missiles on Friday. One of the two exploded soon after launch."
    (event,) = news(text, FRIDAY)
    assert event.outcome.value == "unknown"


def test_launch_site() -> None:
    (event,) = news("North Korea fired two missiles from the Sunan area of Pyongyang on Friday.", FRIDAY)
    assert event.launch_site == "Sunan"
