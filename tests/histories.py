"""Real launch histories, written by hand from public reporting, to test the escalation model on.

Dates (Korea time), counts, classes, systems and flight figures are as widely reported at the
time (South Korean Joint Chiefs of Staff and Japanese Ministry of Defense figures as carried by
Yonhap, Reuters, AP and the BBC), rounded as they were reported. Where reports disagreed the
common figure is used (Nov 2 2022: "at least 23 missiles"), and where they were vague the field is
left unknown rather than guessed. The lists hold the well-known launches, not every one: a few
minor rocket-artillery firings are missing, so counts asserted in tests are counts of these lists.

Written without network access, from the author's knowledge of that reporting.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from bot.core.records import (
    Actor,
    CountQualifier,
    Kind,
    Landing,
    LaunchEvent,
    MissileClass,
    Outcome,
    Status,
    sorted_actors,
)

C = MissileClass
L = Landing
NK = (Actor.NORTH_KOREA,)
ROK = (Actor.SOUTH_KOREA,)
ROK_US = sorted_actors({Actor.SOUTH_KOREA, Actor.UNITED_STATES})


def launch(
    day: str,
    missile_class: MissileClass,
    count: int | None = 1,
    *,
    actors: tuple[Actor, ...] = NK,
    qualifier: CountQualifier | None = None,
    **fields: Any,
) -> LaunchEvent:
    if qualifier is None:
        qualifier = CountQualifier.UNKNOWN if count is None else CountQualifier.EXACT
    return LaunchEvent(
        kind=Kind.MISSILE_LAUNCH,
        actors=actors,
        date=dt.date.fromisoformat(day),
        count=count,
        count_qualifier=qualifier,
        missile_class=missile_class,
        **fields,
    )


def failed(day: str, missile_class: MissileClass, count: int | None = 1, **fields: Any) -> LaunchEvent:
    return launch(day, missile_class, count, outcome=Outcome.FAILURE, **fields)


def nuclear_test(day: str) -> LaunchEvent:
    return LaunchEvent(
        kind=Kind.NUCLEAR_TEST, actors=NK, date=dt.date.fromisoformat(day), launch_site="Punggye-ri"
    )


def satellite(day: str, **fields: Any) -> LaunchEvent:
    return LaunchEvent(
        kind=Kind.SATELLITE_LAUNCH,
        actors=NK,
        date=dt.date.fromisoformat(day),
        count=1,
        count_qualifier=CountQualifier.EXACT,
        missile_class=MissileClass.SLV,
        **fields,
    )


def background(event: LaunchEvent) -> LaunchEvent:
    """The same launch as an article mentions it for context."""
    return LaunchEvent(
        kind=event.kind,
        actors=event.actors,
        date=event.date,
        count=event.count,
        count_qualifier=event.count_qualifier,
        missile_class=event.missile_class,
        status=Status.BACKGROUND,
    )


# 2016: the year before, so 2017's launches have a year of history behind them.
NORTH_KOREA_2016: list[LaunchEvent] = [
    nuclear_test("2016-01-06"),
    satellite("2016-02-07", system="Unha-3", launch_site="Sohae"),
    launch("2016-03-10", C.SRBM, 2, landing=L.EAST_SEA, range_km=500),
    launch("2016-03-18", C.MRBM, 2, system="Rodong", landing=L.EAST_SEA, range_km=800),
    failed("2016-04-15", C.IRBM, system="Musudan"),
    launch("2016-04-23", C.SLBM, system="KN-11", landing=L.EAST_SEA, range_km=30),
    failed("2016-04-28", C.IRBM, 2, system="Musudan"),
    failed("2016-05-31", C.IRBM, system="Musudan"),
    launch("2016-06-22", C.IRBM, 2, system="Musudan", range_km=400, apogee_km=1413),
    failed("2016-07-09", C.SLBM),
    launch("2016-07-19", C.BALLISTIC, 3, landing=L.EAST_SEA, range_km=600),
    launch("2016-08-03", C.MRBM, 2, system="Rodong", landing=L.JAPAN_EEZ, range_km=1000),
    launch("2016-08-24", C.SLBM, system="Pukguksong-1", landing=L.EAST_SEA, range_km=500),
    launch("2016-09-05", C.BALLISTIC, 3, landing=L.JAPAN_EEZ, range_km=1000),
    nuclear_test("2016-09-09"),
    failed("2016-10-15", C.IRBM, system="Musudan"),
    failed("2016-10-20", C.IRBM, system="Musudan"),
]

NORTH_KOREA_2017: list[LaunchEvent] = [
    # The first solid-fuel MRBM, after four months without a launch.
    launch(
        "2017-02-12",
        C.MRBM,
        system="Pukguksong-2",
        launch_site="Banghyon",
        landing=L.EAST_SEA,
        range_km=500,
        apogee_km=550,
        outcome=Outcome.SUCCESS,
    ),
    # Four extended-range Scuds; three came down inside Japan's EEZ.
    launch(
        "2017-03-06",
        C.BALLISTIC,
        4,
        launch_site="Tongchang-ri",
        landing=L.JAPAN_EEZ,
        range_km=1000,
        apogee_km=260,
    ),
    failed("2017-03-22", C.UNKNOWN, launch_site="Wonsan"),
    launch("2017-04-05", C.BALLISTIC, launch_site="Sinpo", landing=L.EAST_SEA, range_km=60),
    failed("2017-04-16", C.BALLISTIC, launch_site="Sinpo"),
    failed("2017-04-29", C.BALLISTIC, launch_site="Pukchang"),
    # Hwasong-12's first flight, lofted.
    launch(
        "2017-05-14",
        C.IRBM,
        system="Hwasong-12",
        launch_site="Kusong",
        landing=L.EAST_SEA,
        range_km=787,
        apogee_km=2111,
        flight_time_min=30,
        outcome=Outcome.SUCCESS,
    ),
    launch("2017-05-21", C.MRBM, system="Pukguksong-2", landing=L.EAST_SEA, range_km=500, apogee_km=560),
    launch("2017-05-29", C.SRBM, landing=L.JAPAN_EEZ, range_km=450),
    launch("2017-06-08", C.CRUISE, None, launch_site="Wonsan", landing=L.EAST_SEA, range_km=200),
    # The first ICBM.
    launch(
        "2017-07-04",
        C.ICBM,
        system="Hwasong-14",
        launch_site="Banghyon",
        landing=L.JAPAN_EEZ,
        range_km=933,
        apogee_km=2802,
        flight_time_min=39,
        outcome=Outcome.SUCCESS,
    ),
    launch(
        "2017-07-28",
        C.ICBM,
        system="Hwasong-14",
        launch_site="Mupyong-ni",
        landing=L.JAPAN_EEZ,
        range_km=998,
        apogee_km=3725,
        flight_time_min=47,
        outcome=Outcome.SUCCESS,
    ),
    launch("2017-08-26", C.SRBM, 3, landing=L.EAST_SEA, range_km=250),
    # Over Hokkaido.
    launch(
        "2017-08-29",
        C.IRBM,
        system="Hwasong-12",
        launch_site="Sunan",
        landing=L.OVERFLEW_JAPAN,
        range_km=2700,
        apogee_km=550,
    ),
    # The sixth nuclear test.
    nuclear_test("2017-09-03"),
    # Over Hokkaido again, farther.
    launch(
        "2017-09-15",
        C.IRBM,
        system="Hwasong-12",
        launch_site="Sunan",
        landing=L.OVERFLEW_JAPAN,
        range_km=3700,
        apogee_km=770,
    ),
    # After 75 days of quiet: Hwasong-15, the last launch of 2017.
    launch(
        "2017-11-29",
        C.ICBM,
        system="Hwasong-15",
        launch_site="Pyongsong",
        landing=L.JAPAN_EEZ,
        range_km=950,
        apogee_km=4475,
        flight_time_min=53,
        outcome=Outcome.SUCCESS,
    ),
]

RESPONSES_2017: list[LaunchEvent] = [
    # The day after the first ICBM: a joint ATACMS and Hyunmoo-2 drill.
    launch("2017-07-05", C.SRBM, None, actors=ROK_US, system="ATACMS", landing=L.EAST_SEA),
    # Fired while the Hwasong-12 was still in the air.
    launch("2017-09-15", C.SRBM, 2, actors=ROK, system="Hyunmoo-2", landing=L.EAST_SEA),
]

# 2019-2020: only what later judgements depend on (the new short-range systems, the SLBM).
NORTH_KOREA_2019_2020: list[LaunchEvent] = [
    launch("2019-05-04", C.SRBM, None, system="KN-23", launch_site="Hodo", landing=L.EAST_SEA),
    launch("2019-05-09", C.SRBM, 2, launch_site="Kusong", range_km=420),
    launch("2019-07-25", C.SRBM, 2, system="KN-23", landing=L.EAST_SEA, range_km=600),
    launch("2019-08-10", C.SRBM, 2, system="KN-24", landing=L.EAST_SEA, range_km=400),
    launch("2019-08-24", C.SRBM, 2, system="KN-25", landing=L.EAST_SEA, range_km=380),
    launch(
        "2019-10-02",
        C.SLBM,
        system="Pukguksong-3",
        landing=L.JAPAN_EEZ,
        range_km=450,
        apogee_km=910,
    ),
    launch("2019-11-28", C.SRBM, 2, system="KN-25", landing=L.EAST_SEA, range_km=380),
    launch("2020-03-02", C.SRBM, 2, system="KN-25", landing=L.EAST_SEA, range_km=240),
    launch("2020-03-21", C.SRBM, 2, system="KN-24", landing=L.EAST_SEA, range_km=410),
    launch("2020-03-29", C.SRBM, 2, system="KN-25", landing=L.EAST_SEA, range_km=230),
    launch("2020-04-14", C.CRUISE, None, landing=L.EAST_SEA),
]

NORTH_KOREA_2021: list[LaunchEvent] = [
    launch("2021-03-21", C.CRUISE, 2, landing=L.YELLOW_SEA),
    launch("2021-03-25", C.SRBM, 2, landing=L.EAST_SEA, range_km=450),
    launch("2021-09-15", C.SRBM, 2, launch_site="railway", landing=L.JAPAN_EEZ, range_km=800),
    launch("2021-09-28", C.HYPERSONIC, system="Hwasong-8", landing=L.EAST_SEA),
    launch("2021-10-19", C.SLBM, launch_site="Sinpo", landing=L.EAST_SEA, range_km=590),
]

RESPONSES_2021: list[LaunchEvent] = [
    # South Korea's first SLBM test, hours after the North's launch.
    launch("2021-09-15", C.SLBM, actors=ROK, outcome=Outcome.SUCCESS),
]

NORTH_KOREA_2022: list[LaunchEvent] = [
    launch("2022-01-05", C.HYPERSONIC, landing=L.EAST_SEA, range_km=700),
    launch("2022-01-11", C.HYPERSONIC, landing=L.EAST_SEA, range_km=700),
    launch("2022-01-14", C.SRBM, 2, system="KN-23", launch_site="railway", range_km=430),
    launch("2022-01-17", C.SRBM, 2, system="KN-24", launch_site="Sunan", range_km=380),
    launch("2022-01-25", C.CRUISE, 2),
    launch("2022-01-27", C.SRBM, 2, range_km=190),
    # The first IRBM since 2017, lofted.
    launch("2022-01-30", C.IRBM, system="Hwasong-12", landing=L.EAST_SEA, range_km=800, apogee_km=2000),
    launch("2022-02-27", C.BALLISTIC, launch_site="Sunan", range_km=300, apogee_km=620),
    launch("2022-03-05", C.BALLISTIC, launch_site="Sunan", range_km=270, apogee_km=560),
    failed("2022-03-16", C.BALLISTIC, launch_site="Sunan"),
    launch("2022-03-20", C.ROCKET_ARTILLERY, 4, landing=L.YELLOW_SEA),
    # The first ICBM since 2017.
    launch(
        "2022-03-24",
        C.ICBM,
        system="Hwasong-17",
        launch_site="Sunan",
        landing=L.JAPAN_EEZ,
        range_km=1090,
        apogee_km=6248,
        flight_time_min=71,
    ),
    launch("2022-04-16", C.SRBM, 2, range_km=110),
    launch("2022-05-04", C.BALLISTIC, launch_site="Sunan", range_km=470, apogee_km=780),
    launch("2022-05-07", C.SLBM, launch_site="Sinpo", range_km=600),
    launch("2022-05-12", C.SRBM, 3, launch_site="Sunan", range_km=360),
    launch("2022-05-25", C.ICBM, launch_site="Sunan", range_km=360, apogee_km=540),
    launch("2022-05-25", C.SRBM, 2),
    launch("2022-06-05", C.SRBM, 8),
    launch("2022-08-17", C.CRUISE, 2, launch_site="Onchon", landing=L.YELLOW_SEA),
    # Autumn: five launches in ten days, then an IRBM over Japan.
    launch("2022-09-25", C.SRBM, launch_site="Taechon", landing=L.EAST_SEA, range_km=600, apogee_km=60),
    launch("2022-09-28", C.SRBM, 2, launch_site="Sunan", landing=L.EAST_SEA, range_km=350),
    launch("2022-09-29", C.SRBM, 2, launch_site="Sunchon", landing=L.EAST_SEA, range_km=300),
    launch("2022-10-01", C.SRBM, 2, launch_site="Sunan", landing=L.EAST_SEA, range_km=350),
    launch(
        "2022-10-04",
        C.IRBM,
        system="Hwasong-12",
        launch_site="Mupyong-ni",
        landing=L.OVERFLEW_JAPAN,
        range_km=4600,
        apogee_km=970,
    ),
    launch("2022-10-06", C.SRBM, 2, launch_site="Samsok", landing=L.EAST_SEA, range_km=350),
    launch("2022-10-09", C.SRBM, 2, launch_site="Munchon", landing=L.EAST_SEA, range_km=350),
    launch("2022-10-14", C.SRBM, launch_site="Sunan", landing=L.EAST_SEA, range_km=650),
    launch("2022-10-28", C.SRBM, 2, launch_site="Tongchon", landing=L.EAST_SEA, range_km=230),
    # The barrage: at least 23 missiles in a day, one across the Northern Limit Line.
    launch("2022-11-02", C.SRBM, 23, qualifier=CountQualifier.AT_LEAST, landing=L.SOUTH_OF_NLL),
    # An ICBM that apparently failed, and five SRBMs around it.
    failed("2022-11-03", C.ICBM, system="Hwasong-17", launch_site="Sunan"),
    launch("2022-11-03", C.SRBM, 5),
    launch("2022-11-05", C.SRBM, 4, launch_site="Tongrim", landing=L.YELLOW_SEA, range_km=130),
    launch("2022-11-09", C.SRBM, launch_site="Sukchon"),
    launch("2022-11-17", C.SRBM, launch_site="Wonsan", landing=L.EAST_SEA, range_km=240),
    launch(
        "2022-11-18",
        C.ICBM,
        system="Hwasong-17",
        launch_site="Sunan",
        landing=L.JAPAN_EEZ,
        range_km=1000,
        apogee_km=6100,
        flight_time_min=69,
        outcome=Outcome.SUCCESS,
    ),
    launch("2022-12-18", C.MRBM, 2, launch_site="Tongchang-ri", range_km=500, apogee_km=550),
    launch("2022-12-23", C.SRBM, 2, range_km=250),
    launch("2022-12-31", C.SRBM, 3, system="KN-25", range_km=350),
]

RESPONSES_2022: list[LaunchEvent] = [
    launch("2022-03-24", C.SRBM, None, actors=ROK),
    launch("2022-05-25", C.SRBM, 2, actors=ROK_US),
    launch("2022-06-06", C.SRBM, 8, actors=ROK_US, system="ATACMS", landing=L.EAST_SEA),
    # A Hyunmoo-2 that crashed on its own base in Gangneung, then ATACMS before dawn.
    failed("2022-10-04", C.SRBM, actors=ROK, system="Hyunmoo-2"),
    launch("2022-10-05", C.SRBM, 4, actors=ROK_US, system="ATACMS", landing=L.EAST_SEA),
    # Air-to-ground missiles fired from jets toward the sea north of the NLL.
    launch("2022-11-02", C.UNKNOWN, 3, actors=ROK, landing=L.EAST_SEA),
]

HISTORY_2017: list[LaunchEvent] = [*NORTH_KOREA_2016, *NORTH_KOREA_2017, *RESPONSES_2017]
HISTORY_2022: list[LaunchEvent] = [
    *NORTH_KOREA_2016,
    *NORTH_KOREA_2017,
    *RESPONSES_2017,
    *NORTH_KOREA_2019_2020,
    *NORTH_KOREA_2021,
    *RESPONSES_2021,
    *NORTH_KOREA_2022,
    *RESPONSES_2022,
]


def on(day: str, history: list[LaunchEvent] = HISTORY_2022, *, watched_only: bool = True) -> LaunchEvent:
    """The one (North Korean, unless told) event of that day."""
    date = dt.date.fromisoformat(day)
    found = [e for e in history if e.date == date and (not watched_only or Actor.NORTH_KOREA in e.actors)]
    if len(found) != 1:
        raise LookupError(f"{len(found)} events on {day}")
    return found[0]
