"""Stories of one launch told by several articles, folded into one event."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from bot.core.extract import extract
from bot.core.merge import Report, changes, merge_reports, same_launch
from bot.core.records import (
    KST,
    Actor,
    CountQualifier,
    Evidence,
    Kind,
    Landing,
    LaunchEvent,
    MissileClass,
    Status,
)
from tests.articles import article

NK = (Actor.NORTH_KOREA,)


def _event(**fields: object) -> LaunchEvent:
    base = LaunchEvent(kind=Kind.MISSILE_LAUNCH, actors=NK, date=dt.date(2023, 12, 18))
    return replace(base, **fields)  # type: ignore[arg-type]


def _report(key: str, hour: int, event: LaunchEvent) -> Report:
    return Report(key, dt.datetime(2023, 12, 18, hour, tzinfo=KST), event)


def test_a_flash_then_a_full_story_become_one_event_that_firms_up() -> None:
    # 08:40 a wire flash: "an unidentified ballistic missile". 14:00 the full story: a Hwasong-18 ICBM.
    flash = _report(
        "wire",
        8,
        _event(count=1, count_qualifier=CountQualifier.EXACT, missile_class=MissileClass.BALLISTIC),
    )
    full = _report(
        "desk",
        14,
        _event(
            count=1,
            count_qualifier=CountQualifier.EXACT,
            missile_class=MissileClass.ICBM,
            system="Hwasong-18",
            landing=Landing.EAST_SEA,
            flight_time_min=73,
        ),
    )
    assert same_launch(flash.event, full.event)
    before = merge_reports([flash])
    after = merge_reports([flash, full])
    assert after.record.missile_class is MissileClass.ICBM
    assert after.record.system == "Hwasong-18"
    assert after.support["missile_class"] == ("desk",)
    assert after.support["count"] == ("wire", "desk")
    assert after.conflicts["missile_class"] == ((MissileClass.BALLISTIC, ("wire",)),)
    changed = {c.field: (c.old, c.new) for c in changes(before, after)}
    assert changed["missile_class"] == (MissileClass.BALLISTIC, MissileClass.ICBM)
    assert changed["system"] == (None, "Hwasong-18")
    assert "count" not in changed


def test_a_vaguer_later_report_does_not_undo_what_an_earlier_one_established() -> None:
    specific = _report("tokyo", 9, _event(missile_class=MissileClass.IRBM, landing=Landing.OVERFLEW_JAPAN))
    vague = _report("evening", 20, _event(missile_class=MissileClass.BALLISTIC, landing=Landing.PACIFIC))
    merged = merge_reports([vague, specific])
    assert merged.record.missile_class is MissileClass.IRBM
    assert merged.record.landing is Landing.OVERFLEW_JAPAN
    assert merged.conflicts["landing"] == ((Landing.PACIFIC, ("evening",)),)


def test_an_exact_count_beats_at_least_and_keeps_its_own_qualifier() -> None:
    early = _report("a", 8, _event(count=1, count_qualifier=CountQualifier.AT_LEAST))
    later = _report("b", 12, _event(count=3, count_qualifier=CountQualifier.EXACT))
    vaguer = _report("c", 15, _event(count=2, count_qualifier=CountQualifier.APPROXIMATE))
    merged = merge_reports([early, later, vaguer])
    assert (merged.record.count, merged.record.count_qualifier) == (3, CountQualifier.EXACT)
    assert dict(merged.conflicts["count"]) == {
        (1, CountQualifier.AT_LEAST): ("a",),
        (2, CountQualifier.APPROXIMATE): ("c",),
    }


def test_when_outlets_disagree_equally_the_majority_then_the_latest_wins_and_the_rest_is_kept() -> None:
    one = _report("one", 8, _event(missile_class=MissileClass.SRBM))
    two = _report("two", 9, _event(missile_class=MissileClass.MRBM))
    three = _report("three", 10, _event(missile_class=MissileClass.SRBM))
    merged = merge_reports([one, two, three])
    assert merged.record.missile_class is MissileClass.SRBM
    assert merged.support["missile_class"] == ("one", "three")
    assert merged.conflicts["missile_class"] == ((MissileClass.MRBM, ("two",)),)
    tie = merge_reports([one, two])
    assert tie.record.missile_class is MissileClass.MRBM


def test_merging_does_not_depend_on_the_order_reports_arrive() -> None:
    a = _report("a", 8, _event(count=2, count_qualifier=CountQualifier.EXACT, launch_site="Sunan"))
    b = _report("b", 9, _event(system="KN-23", evidence=(Evidence("system", "It was a KN-23."),)))
    c = _report("c", 10, _event(landing=Landing.EAST_SEA, status=Status.BACKGROUND))
    assert merge_reports([a, b, c]) == merge_reports([c, a, b])
    merged = merge_reports([c, b, a])
    assert merged.record.status is Status.NEW  # one article reported it as news
    assert merged.record.evidence == (Evidence("system", "It was a KN-23."),)
    assert "system" not in merged.conflicts


def test_a_field_no_article_states_has_no_support() -> None:
    merged = merge_reports([_report("a", 8, _event())])
    assert merged.support["system"] == ()
    assert merged.conflicts == {}


def test_a_joint_salvo_first_credited_to_seoul_alone_gains_washington() -> None:
    seoul = _report("a", 8, _event(actors=(Actor.SOUTH_KOREA,)))
    joint = _report("b", 9, _event(actors=(Actor.SOUTH_KOREA, Actor.UNITED_STATES)))
    assert same_launch(seoul.event, joint.event)
    assert merge_reports([seoul, joint]).record.actors == (Actor.SOUTH_KOREA, Actor.UNITED_STATES)


def test_a_missile_later_called_a_satellite_rocket_is_the_same_launch() -> None:
    missile = _event(missile_class=MissileClass.BALLISTIC)
    rocket = _event(kind=Kind.SATELLITE_LAUNCH, missile_class=MissileClass.SLV, system="Chollima-1")
    assert same_launch(missile, rocket)
    merged = merge_reports([_report("a", 8, missile), _report("b", 9, rocket)])
    assert merged.record.kind is Kind.SATELLITE_LAUNCH
    assert not same_launch(missile, _event(kind=Kind.NUCLEAR_TEST))


def test_launches_on_consecutive_days_stay_apart_but_a_time_zone_slip_does_not() -> None:
    barrage = _event(date=dt.date(2022, 11, 2), count=23, count_qualifier=CountQualifier.EXACT)
    icbm = _event(
        date=dt.date(2022, 11, 3),
        count=1,
        count_qualifier=CountQualifier.EXACT,
        missile_class=MissileClass.ICBM,
    )
    assert not same_launch(barrage, icbm)
    us_dated = _event(date=dt.date(2022, 11, 17), missile_class=MissileClass.SRBM)
    seoul_dated = _event(date=dt.date(2022, 11, 18), missile_class=MissileClass.SRBM, system=None)
    assert same_launch(us_dated, seoul_dated)
    assert not same_launch(us_dated, replace(seoul_dated, actors=(Actor.SOUTH_KOREA,)))
    assert not same_launch(us_dated, replace(seoul_dated, date=dt.date(2022, 11, 20)))


def test_two_outlets_reporting_the_same_salvo_merge_end_to_end() -> None:
    # Two outlets, their own words, the same Sunday salvo; the second knows more.
    first = article(
        "North Korea fired a ballistic missile toward the East Sea on Sunday morning, "
        "South Korea's Joint Chiefs of Staff said.",
        "2024-03-17T09:30:00",
    )
    second = article(
        "North Korea launched three short-range ballistic missiles on Sunday from the Sunan area of "
        "Pyongyang. Japan's Defense Ministry said they landed inside Japan's exclusive economic zone.",
        "2024-03-17T16:00:00",
    )
    (a,) = extract(first)
    (b,) = extract(second)
    assert same_launch(a, b)
    before = merge_reports([Report("first", first.published_at, a)])
    after = merge_reports([Report("first", first.published_at, a), Report("second", second.published_at, b)])
    record = after.record
    assert (record.count, record.missile_class, record.landing) == (3, MissileClass.SRBM, Landing.JAPAN_EEZ)
    assert record.launch_site == "Sunan"
    changed = {c.field for c in changes(before, after)}
    assert {"count", "missile_class", "landing", "launch_site"} <= changed
    assert changes(None, after) == ()
