"""Who fired: the subject of the firing, under any of its names, not every country in the sentence."""

from __future__ import annotations

import pytest

from tests.articles import news

MONDAY = "2023-07-10T15:00:00"  # a Monday, Korea time


@pytest.mark.parametrize(
    "subject",
    [
        "North Korea",
        "Pyongyang",
        "The North",
        "The DPRK",
        "Kim Jong Un's regime",
        "The Korean People's Army",
        "N. Korea",
        "The reclusive state",
    ],
)
def test_north_korea_under_any_of_its_names(subject: str) -> None:
    (event,) = news(f"{subject} fired two ballistic missiles into the sea on Monday morning.", MONDAY)
    assert [a.value for a in event.actors] == ["north_korea"]


def test_the_speaker_is_not_the_firer() -> None:
    text = (
        "Seoul's military said North Korea launched a short-range ballistic missile on Monday. "
        "Tokyo's defence ministry said the missile fell outside its waters."
    )
    (event,) = news(text, MONDAY)
    assert [a.value for a in event.actors] == ["north_korea"]


def test_the_joint_chiefs_as_a_speaker_and_an_observer() -> None:
    text = (
        "The Joint Chiefs of Staff said it had detected several missiles fired from the Pyongyang area "
        "on Monday."
    )
    (event,) = news(text, MONDAY)
    assert [a.value for a in event.actors] == ["north_korea"]  # the article's subject, not the JCS


def test_a_joint_salvo_lists_each_side_sorted() -> None:
    text = (
        "The United States and South Korea fired four surface-to-surface missiles into the East Sea on "
        "Monday in answer to Pyongyang's launch the day before."
    )
    allies = [e for e in news(text, MONDAY) if len(e.actors) > 1]
    assert [[a.value for a in e.actors] for e in allies] == [["south_korea", "united_states"]]
    assert allies[0].count == 4


def test_both_koreas_testing_the_same_day_are_two_launches() -> None:
    text = "North and South Korea both test-fired ballistic missiles on Monday, hours apart."
    sides = sorted(e.actors[0].value for e in news(text, MONDAY))
    assert sides == ["north_korea", "south_korea"]


def test_other_states_fire_too() -> None:
    (event,) = news("Russia launched a Sarmat intercontinental ballistic missile on Monday.", MONDAY)
    assert [a.value for a in event.actors] == ["russia"]
    assert event.missile_class.value == "icbm"
    (iran,) = news("Iran fired ballistic missiles at targets in Syria on Monday.", MONDAY)
    assert [a.value for a in iran.actors] == ["other"]
    # One Houthi or several: the name's optional plural is no part of the literal the side waits for.
    (houthi,) = news("A Houthi unit fired a ballistic missile toward the Red Sea on Monday.", MONDAY)
    assert [a.value for a in houthi.actors] == ["other"]


def test_a_pronoun_after_a_statement_is_the_speaker() -> None:
    text = "North Korea said on Tuesday that it had test-fired a new cruise missile on Monday."
    (event,) = news(text, "2023-07-11T09:00:00")
    assert ([a.value for a in event.actors], event.date.isoformat()) == (["north_korea"], "2023-07-10")
