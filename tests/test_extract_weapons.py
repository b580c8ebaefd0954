"""What: the most severe class the article gives, and the system when it is named as the system."""

from __future__ import annotations

import pytest

from tests.articles import news

TUESDAY = "2023-07-11T15:00:00"


@pytest.mark.parametrize(
    ("description", "cls"),
    [
        ("an intercontinental ballistic missile", "icbm"),
        ("an ICBM", "icbm"),
        ("an intermediate-range ballistic missile", "irbm"),
        ("two medium-range ballistic missiles", "mrbm"),
        ("three short-range ballistic missiles", "srbm"),
        ("a submarine-launched ballistic missile", "slbm"),
        ("a hypersonic missile", "hypersonic"),
        ("an unidentified ballistic missile", "ballistic"),
        ("two cruise missiles", "cruise"),
        ("a new surface-to-air missile", "surface_to_air"),
        ("an anti-aircraft missile", "surface_to_air"),
        ("rockets from a multiple rocket launcher", "rocket_artillery"),
        ("two unidentified projectiles", "unknown"),
        ("two surface-to-surface missiles", "unknown"),
    ],
)
def test_class_terms(description: str, cls: str) -> None:
    (event,) = news(f"North Korea fired {description} on Tuesday.", TUESDAY)
    assert event.missile_class.value == cls


def test_a_range_band_beats_a_descriptive_class() -> None:
    text = (
        "North Korea fired an unidentified ballistic missile on Tuesday. Officials later said it was an "
        "intermediate-range missile carrying a hypersonic glide vehicle."
    )
    (event,) = news(text, TUESDAY)
    assert event.missile_class.value == "irbm"


def test_super_large_rockets_counted_as_ballistic_missiles_are_srbms() -> None:
    text = (
        "North Korea fired four rockets from its super-large multiple rocket launcher on Tuesday; "
        "Seoul classes them as short-range ballistic missiles."
    )
    (event,) = news(text, TUESDAY)
    assert event.missile_class.value == "srbm"


@pytest.mark.parametrize(
    ("sentence", "system"),
    [
        ("North Korea fired a Hwasong-18 intercontinental ballistic missile on Tuesday.", "Hwasong-18"),
        ("North Korea test-fired the KN-23 on Tuesday.", "KN-23"),
        ("North Korea fired a Pukguksong-3 from a barge on Tuesday.", "Pukguksong-3"),
        ("North Korea fired Hwasal-1 cruise missiles on Tuesday.", "Hwasal-1"),
        ("South Korea test-fired a Hyunmoo-4 ballistic missile on Tuesday.", "Hyunmoo-4"),
        ("The U.S. and South Korea fired ATACMS missiles on Tuesday.", "ATACMS"),
        ("North Korea launched a Chollima-1 rocket carrying a spy satellite on Tuesday.", "Chollima-1"),
    ],
)
def test_named_systems(sentence: str, system: str) -> None:
    (event,) = news(sentence, TUESDAY)
    assert event.system == system


def test_a_comparison_is_not_an_identification() -> None:
    text = (
        "North Korea fired two short-range ballistic missiles on Tuesday. Their flight resembled the KN-24, "
        "and officials said they may be newer types such as the KN-23 or KN-25."
    )
    (event,) = news(text, TUESDAY)
    assert event.system is None


def test_a_named_system_implies_its_class_when_the_text_gives_none() -> None:
    (event,) = news("North Korea launched a Hwasong-15 on Tuesday.", TUESDAY)
    assert event.missile_class.value == "icbm"


def test_a_satellite_launch_is_its_own_kind() -> None:
    text = (
        "North Korea launched a rocket carrying a military reconnaissance satellite from the Sohae "
        "Satellite Launching Ground on Tuesday night."
    )
    (event,) = news(text, "2023-07-12T09:00:00")
    assert (event.kind.value, event.missile_class.value, event.count) == ("satellite_launch", "slv", 1)
    assert event.launch_site == "Sohae"
