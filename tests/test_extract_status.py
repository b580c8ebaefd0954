"""News or context, and what is not a launch at all."""

from __future__ import annotations

from tests.articles import events, news

THURSDAY = "2023-07-13T15:00:00"


def test_the_news_and_the_launches_recalled_for_context() -> None:
    text = (
        "North Korea fired a short-range ballistic missile into the East Sea on Thursday, Seoul said.\n\n"
        "It was the North's first launch since March 16, when it fired a Hwasong-17 ICBM. "
        "On Nov. 18 last year, another Hwasong-17 landed inside Japan's exclusive economic zone."
    )
    found = {e.date.isoformat(): e.status.value for e in events(text, THURSDAY)}
    assert found == {"2023-07-13": "new", "2023-03-16": "background", "2022-11-18": "background"}
    (new,) = news(text, THURSDAY)
    assert (new.missile_class.value, new.system, new.landing.value) == ("srbm", None, "east_sea")


def test_a_launch_mentioned_late_in_a_story_about_something_else_is_context() -> None:
    text = (
        "The allies wrapped up a three-day naval exercise south of Jeju Island on Thursday.\n\n"
        "The drills drew sharp criticism from Pyongyang. On Tuesday, North Korea fired a ballistic "
        "missile that exploded in mid-air."
    )
    found = events(text, THURSDAY, title="Allies end naval exercise")
    assert [(e.date.isoformat(), e.status.value) for e in found] == [("2023-07-11", "background")]


def test_a_response_salvo_the_next_day_is_news_too() -> None:
    text = (
        "South Korea and the United States fired two missiles into the East Sea on Thursday in response "
        "to North Korea's launch of an ICBM on Wednesday."
    )
    found = {e.actors[0].value: (e.date.isoformat(), e.status.value) for e in events(text, THURSDAY)}
    assert found == {"south_korea": ("2023-07-13", "new"), "north_korea": ("2023-07-12", "new")}


def test_drills_warnings_statements_and_sanctions_are_not_launches() -> None:
    texts = [
        "South Korean and U.S. forces held a combined missile-defence drill on Thursday.",
        "Officials warned on Thursday that North Korea could launch an ICBM at any time.",
        "North Korea is preparing to conduct its seventh nuclear test, Seoul's spy agency said on Thursday.",
        "North Korea said on Thursday it would respond to the drills with overwhelming force.",
        "The U.N. Security Council imposed sanctions on North Korea on Thursday over its missile launches.",
        "North Korea told Japan it plans to launch a satellite between July 15 and July 20.",
    ]
    for text in texts:
        assert events(text, THURSDAY) == [], text


def test_a_missile_defence_intercept_test_is_not_a_launch() -> None:
    text = (
        "South Korea's new long-range surface-to-air interceptor shot down a target missile in a test on "
        "Thursday, the defence ministry said."
    )
    assert events(text, THURSDAY) == []


def test_a_civilian_rocket_launch_is_out_of_scope() -> None:
    text = (
        "A rocket built by a private start-up lifted off from a spaceport in Hokkaido on Thursday carrying "
        "a small commercial satellite, the company said."
    )
    assert events(text, THURSDAY) == []


def test_a_live_fire_drill_that_fires_missiles_is_a_launch() -> None:
    text = (
        "North Korea carried out a firing drill of strategic cruise missiles over the Yellow Sea on Thursday."
    )
    (event,) = news(text, THURSDAY)
    assert (event.missile_class.value, event.landing.value) == ("cruise", "yellow_sea")


def test_artillery_shells_and_dropped_bombs_are_not_launches() -> None:
    text = (
        "North Korea fired about 200 artillery shells near the border island of Yeonpyeong on Thursday. "
        "South Korean jets dropped guided bombs on a range."
    )
    assert events(text, THURSDAY) == []


def test_a_past_nuclear_test_with_a_date_is_background() -> None:
    text = "North Korea conducted its sixth nuclear test on Sept. 3, 2017, at Punggye-ri."
    (event,) = events(text, THURSDAY)
    assert (event.kind.value, event.date.isoformat(), event.status.value) == (
        "nuclear_test",
        "2017-09-03",
        "background",
    )
