"""How launchwatch judges one launch: its level, its finer score, and the reasons a subscriber reads."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from bot.core import severity as sv
from bot.core.escalation import Assessment, assess
from bot.core.records import (
    Actor,
    CountQualifier,
    Kind,
    Landing,
    LaunchEvent,
    MissileClass,
    Outcome,
)
from tests.histories import (
    HISTORY_2017,
    HISTORY_2022,
    NK,
    ROK,
    ROK_US,
    failed,
    launch,
    nuclear_test,
    on,
    satellite,
)

C = MissileClass
L = Landing
DAY = "2023-03-01"


def judge(event: LaunchEvent) -> Assessment:
    return assess(event, [])


@pytest.mark.parametrize(
    ("story", "event", "level"),
    [
        ("a cruise missile is routine", launch(DAY, C.CRUISE, 2), 1),
        ("rocket artillery is routine", launch(DAY, C.ROCKET_ARTILLERY, 4), 1),
        ("a surface-to-air missile is routine", launch(DAY, C.SURFACE_TO_AIR), 1),
        ("one short-range ballistic missile is elevated", launch(DAY, C.SRBM, landing=L.EAST_SEA), 2),
        ("a ballistic missile of unstated range is elevated", launch(DAY, C.BALLISTIC), 2),
        ("a North Korean missile nobody has named yet is elevated", launch(DAY, C.UNKNOWN), 2),
        ("five SRBMs are still elevated", launch(DAY, C.SRBM, 5), 2),
        ("a medium-range missile is high", launch(DAY, C.MRBM), 3),
        ("an intermediate-range missile is high", launch(DAY, C.IRBM), 3),
        ("a submarine-launched missile is high", launch(DAY, C.SLBM), 3),
        ("a hypersonic missile is high", launch(DAY, C.HYPERSONIC), 3),
        ("a salvo of eight SRBMs is high", launch(DAY, C.SRBM, 8), 3),
        ("an SRBM into Japan's EEZ is high", launch(DAY, C.SRBM, landing=L.JAPAN_EEZ), 3),
        ("an ICBM is severe", launch(DAY, C.ICBM, landing=L.EAST_SEA), 4),
        ("a satellite launch is severe", satellite(DAY), 4),
        ("a missile over Japan is severe", launch(DAY, C.BALLISTIC, landing=L.OVERFLEW_JAPAN), 4),
        ("one across the Northern Limit Line is severe", launch(DAY, C.SRBM, landing=L.SOUTH_OF_NLL), 4),
        ("a nuclear test is critical", nuclear_test(DAY), 5),
    ],
)
def test_each_level_has_its_representative_launch(story: str, event: LaunchEvent, level: int) -> None:
    assert judge(event).level == level, story


def test_a_missile_that_struck_land_is_critical_once_the_record_can_say_so() -> None:
    # The spec has no landing token for a land strike; the rule waits on the token "land".
    assert sv.LANDING_RULES[sv.LAND_STRIKE].level == 5
    event = dataclasses.replace(launch(DAY, C.SRBM), landing=sv.LAND_STRIKE)  # type: ignore[arg-type]
    judged = judge(event)
    assert judged.level == 5
    assert "struck land" in judged.reasons


def test_the_reasons_say_what_was_fired_where_and_how_far() -> None:
    judged = assess(on("2017-08-29", HISTORY_2017), HISTORY_2017)
    assert judged.level == 4
    assert judged.reasons == (
        "intermediate-range ballistic missile (Hwasong-12)",
        "flew over Japan",
        "apogee 550 km",
        "range 2,700 km",
    )


def test_the_score_stays_within_the_level_and_ranks_bigger_salvos_higher() -> None:
    one, two, eight, twenty = (judge(launch(DAY, C.SRBM, n)) for n in (1, 2, 8, 23))
    assert one.level == two.level == 2
    assert one.score < two.score
    assert eight.level == twenty.level == 3
    assert eight.score < twenty.score
    assert "salvo of 8 missiles" in eight.reasons
    for judged in (one, two, eight, twenty):
        assert judged.level <= judged.score < judged.level + 1


def test_a_salvo_says_how_sure_the_count_is() -> None:
    judged = judge(launch(DAY, C.SRBM, 23, qualifier=CountQualifier.AT_LEAST))
    assert "salvo of at least 23 missiles" in judged.reasons
    judged = judge(launch(DAY, C.SRBM, 10, qualifier=CountQualifier.APPROXIMATE))
    assert "salvo of about 10 missiles" in judged.reasons


def test_a_lofted_icbm_outranks_a_plain_one_but_stays_severe() -> None:
    plain = judge(launch(DAY, C.ICBM))
    lofted = judge(launch(DAY, C.ICBM, landing=L.JAPAN_EEZ, apogee_km=7000, flight_time_min=86))
    assert plain.level == lofted.level == 4
    assert lofted.score > plain.score
    assert "apogee 7,000 km" in lofted.reasons
    assert "flight of 86 minutes" in lofted.reasons


def test_details_lift_a_launch_at_most_one_level_and_never_to_critical() -> None:
    everything = launch(
        DAY, C.SRBM, 30, landing=L.SOUTH_OF_NLL, apogee_km=3000, range_km=5000, flight_time_min=90
    )
    assert judge(everything).level == 4
    busy_cruise = launch(DAY, C.CRUISE, 30, range_km=2000)
    assert judge(busy_cruise).level == 2


def test_an_irbm_over_japan_outranks_an_srbm_over_japan() -> None:
    irbm = judge(launch(DAY, C.IRBM, landing=L.OVERFLEW_JAPAN))
    srbm = judge(launch(DAY, C.SRBM, landing=L.OVERFLEW_JAPAN))
    assert irbm.level == srbm.level == 4
    assert irbm.score > srbm.score


@pytest.mark.parametrize(
    ("event", "level"),
    [
        (failed(DAY, C.SRBM), 1),
        (failed(DAY, C.IRBM), 2),
        (failed(DAY, C.ICBM), 3),
        (failed(DAY, C.CRUISE), 1),
    ],
)
def test_a_failed_launch_drops_one_level(event: LaunchEvent, level: int) -> None:
    judged = judge(event)
    assert judged.level == level
    assert judged.reasons[-1] == "launch failed (−1)"


def test_a_failed_launch_ranks_below_a_successful_one() -> None:
    worked = judge(dataclasses.replace(launch(DAY, C.SRBM), outcome=Outcome.SUCCESS))
    broke = judge(failed(DAY, C.SRBM))
    assert broke.score < worked.score


def deep_history() -> list[LaunchEvent]:
    """Two years of ordinary launches, so "first on record" can be claimed."""
    return [
        launch("2021-01-10", C.SRBM, 2, system="KN-23"),
        launch("2021-06-10", C.CRUISE, 2),
        launch("2022-01-10", C.ICBM, system="Hwasong-17"),
        launch("2022-06-10", C.SRBM, 2, system="KN-25"),
    ]


def test_a_new_system_is_named_as_new_and_ranks_higher() -> None:
    new = launch("2024-10-31", C.ICBM, system="Hwasong-19")
    known = launch("2024-10-31", C.ICBM, system="Hwasong 17")  # spelled differently, same system
    judged_new, judged_known = assess(new, deep_history()), assess(known, deep_history())
    assert "new system: first Hwasong-19 launch on record" in judged_new.reasons
    assert not any(r.startswith("new system") for r in judged_known.reasons)
    assert judged_new.score > judged_known.score


def test_a_new_system_can_lift_a_launch_a_level_when_it_also_flies_far() -> None:
    # Hwasong-12's first flight, 14 May 2017, lofted to 2,111 km: more than an ordinary IRBM.
    judged = assess(on("2017-05-14", HISTORY_2017), HISTORY_2017)
    assert judged.level == 4
    assert "new system: first Hwasong-12 launch on record" in judged.reasons


def test_firsts_are_not_claimed_without_a_year_of_history() -> None:
    shallow = [launch("2024-09-01", C.SRBM, 2)]
    judged = assess(launch("2024-10-31", C.ICBM, system="Hwasong-19"), shallow)
    assert not any("first" in r for r in judged.reasons)


def test_the_first_of_a_class_in_years_says_since_when() -> None:
    assert "first ICBM launch since November 2017" in assess(on("2022-03-24"), HISTORY_2022).reasons
    assert "first IRBM launch since September 2017" in assess(on("2022-01-30"), HISTORY_2022).reasons
    first_icbm = assess(on("2017-07-04", HISTORY_2017), HISTORY_2017)
    assert "first ICBM launch on record" in first_icbm.reasons


def test_routine_classes_are_never_firsts() -> None:
    judged = assess(launch("2024-10-31", C.ROCKET_ARTILLERY, 6), deep_history())
    assert not any("first" in r for r in judged.reasons)
    assert judged.level == 1


def test_only_earlier_events_count_as_history() -> None:
    event = on("2017-07-04", HISTORY_2017)
    with_itself = assess(event, HISTORY_2017)
    before_only = assess(event, [e for e in HISTORY_2017 if e.date < event.date])
    assert with_itself == before_only


@pytest.mark.parametrize(
    ("story", "event", "level"),
    [
        ("a joint ATACMS response salvo", launch(DAY, C.SRBM, 4, actors=ROK_US, system="ATACMS"), 2),
        ("South Korean air-to-ground missiles", launch(DAY, C.UNKNOWN, 3, actors=ROK), 2),
        ("eight allied surface-to-surface missiles", launch(DAY, C.UNKNOWN, 8, actors=ROK_US), 2),
        ("South Korean cruise missiles", launch(DAY, C.CRUISE, 2, actors=ROK), 1),
        ("a US ICBM test", launch(DAY, C.ICBM, actors=(Actor.UNITED_STATES,)), 2),
        ("a Japanese SRBM test", launch(DAY, C.SRBM, actors=(Actor.JAPAN,)), 2),
        (
            "a South Korean satellite launch",
            dataclasses.replace(satellite(DAY), actors=ROK),
            1,
        ),
        ("a failed Hyunmoo-2", failed(DAY, C.SRBM, actors=ROK, system="Hyunmoo-2"), 1),
    ],
)
def test_launches_by_other_sides_are_information_not_threats(
    story: str, event: LaunchEvent, level: int
) -> None:
    judged = judge(event)
    assert judged.level == level, story
    assert any("not North Korea" in r for r in judged.reasons)


def test_a_nuclear_test_is_critical_whoever_makes_it() -> None:
    test = dataclasses.replace(nuclear_test(DAY), actors=(Actor.RUSSIA,))
    assert judge(test).level == 5


@pytest.mark.parametrize(
    ("day", "level", "reason"),
    [
        ("2017-09-03", 5, "nuclear test"),
        ("2017-08-29", 4, "flew over Japan"),
        ("2017-09-15", 4, "range 3,700 km"),
        ("2017-07-04", 4, "ICBM-class missile (Hwasong-14)"),
        ("2017-11-29", 4, "new system: first Hwasong-15 launch on record"),
        ("2017-03-06", 3, "came down inside Japan's exclusive economic zone"),
        ("2017-02-12", 3, "new system: first Pukguksong-2 launch on record"),
        ("2017-04-16", 1, "launch failed (−1)"),
        ("2017-06-08", 1, "cruise missile"),
    ],
)
def test_the_key_launches_of_2017(day: str, level: int, reason: str) -> None:
    judged = assess(on(day, HISTORY_2017), HISTORY_2017)
    assert judged.level == level
    assert reason in judged.reasons


@pytest.mark.parametrize(
    ("day", "level", "reason"),
    [
        ("2022-09-25", 2, "short-range ballistic missile"),
        ("2022-10-04", 4, "flew over Japan"),
        ("2022-11-02", 4, "came down south of the Northern Limit Line, near South Korean waters"),
        ("2022-11-05", 2, "salvo of 4 missiles"),
        ("2022-11-18", 4, "apogee 6,100 km"),
        ("2022-06-05", 3, "salvo of 8 missiles"),
    ],
)
def test_the_key_launches_of_2022(day: str, level: int, reason: str) -> None:
    judged = assess(on(day), HISTORY_2022)
    assert judged.level == level
    assert reason in judged.reasons


def test_the_icbm_of_3_november_2022_was_judged_one_level_down_for_failing() -> None:
    icbm = next(e for e in HISTORY_2022 if e.date == dt.date(2022, 11, 3) and e.missile_class is C.ICBM)
    judged = assess(icbm, HISTORY_2022)
    assert judged.level == 3
    assert "launch failed (−1)" in judged.reasons


def test_the_2022_responses_stay_at_level_two_or_below() -> None:
    responses = [e for e in HISTORY_2022 if Actor.NORTH_KOREA not in e.actors and e.date.year == 2022]
    assert responses
    assert max(assess(e, HISTORY_2022).level for e in responses) <= 2


def test_the_kind_decides_before_the_class() -> None:
    # A satellite launch reported with no class is still a satellite launch.
    sat = LaunchEvent(kind=Kind.SATELLITE_LAUNCH, actors=NK, date=dt.date(2023, 11, 21))
    assert judge(sat).level == 4
    assert judge(sat).reasons[0] == "satellite launch"


def test_every_class_and_kind_has_a_rule() -> None:
    assert set(sv.CLASS_RULES) == set(MissileClass)
    assert set(sv.KIND_RULES) | {Kind.MISSILE_LAUNCH} == set(Kind)
    assert {rule.level for rule in (*sv.CLASS_RULES.values(), *sv.KIND_RULES.values())} <= {1, 2, 3, 4, 5}


def test_the_class_order_agrees_with_the_class_levels() -> None:
    # Past the vague placeholders, a more severe class never has a lower level.
    specific = [c for c in sv.CLASS_SEVERITY if c not in sv.PLACEHOLDER_CLASSES]
    levels = [sv.CLASS_RULES[c].level for c in specific]
    assert levels == sorted(levels)
    assert set(sv.CLASS_SEVERITY) == set(MissileClass)
