"""How bad is it: every severity rule launchwatch applies, as data, in this one module.

:mod:`bot.core.escalation` reads these tables to give an event a level and a score,
:mod:`bot.core.policy` reads the class order and the landing seriousness to decide
whether an update is worse, and ``scripts/gen_levels_doc.py`` renders them into
``docs/levels.md`` (which the README includes), so what a subscriber reads about
"Level 4" is generated from the rules that give Level 4. Change a rule here and
regenerate the doc; ``tests/test_levels_doc.py`` fails until you do.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from bot.core.records import Actor, Kind, Landing, MissileClass


@dataclass(frozen=True, slots=True)
class Level:
    number: int
    name: str
    #: One sentence for subscribers, in the level table.
    gist: str


LEVELS: tuple[Level, ...] = (
    Level(1, "routine", "Launches North Korea makes often and that reach little."),
    Level(2, "elevated", "Ballistic missiles of short or unstated range."),
    Level(3, "high", "Longer-range and harder-to-stop missiles, big salvos, landings far out to sea."),
    Level(4, "severe", "Strategic launches; missiles over Japan or across the sea border with the South."),
    Level(5, "critical", "A nuclear test, or a missile that hit land."),
)

MIN_LEVEL = 1
MAX_LEVEL = 5
#: Only the rules reach level 5; the movers below can never lift an event there.
CRITICAL_LEVEL = 5
#: An event at or above this level counts as "severe" for the tempo and ignores quiet hours.
SEVERE_LEVEL = 4


@dataclass(frozen=True, slots=True)
class Rule:
    level: int
    #: The reason line a subscriber sees when the rule applies.
    label: str


#: What was fired or tested. Kinds other than ``missile_launch`` are judged by kind, not class.
KIND_RULES: Mapping[Kind, Rule] = {
    Kind.NUCLEAR_TEST: Rule(5, "nuclear test"),
    Kind.SATELLITE_LAUNCH: Rule(4, "satellite launch"),
}

CLASS_RULES: Mapping[MissileClass, Rule] = {
    MissileClass.ICBM: Rule(4, "ICBM-class missile"),
    MissileClass.SLV: Rule(4, "space launch vehicle"),
    MissileClass.IRBM: Rule(3, "intermediate-range ballistic missile"),
    MissileClass.MRBM: Rule(3, "medium-range ballistic missile"),
    MissileClass.SLBM: Rule(3, "submarine-launched ballistic missile"),
    MissileClass.HYPERSONIC: Rule(3, "hypersonic missile"),
    MissileClass.SRBM: Rule(2, "short-range ballistic missile"),
    MissileClass.BALLISTIC: Rule(2, "ballistic missile, range not stated"),
    # A first report often names no type; from North Korea that is worth a look until it is known.
    MissileClass.UNKNOWN: Rule(2, "missile of unknown type"),
    MissileClass.CRUISE: Rule(1, "cruise missile"),
    MissileClass.ROCKET_ARTILLERY: Rule(1, "rocket artillery"),
    MissileClass.SURFACE_TO_AIR: Rule(1, "surface-to-air missile"),
}

#: Where it came down, keyed by the spec's landing token.
#:
#: Japan's EEZ ranks at 3, not 4: it reaches 200 nautical miles out and is not
#: Japan's territory (territorial waters are 12 miles), so a landing there is a
#: danger to ships and a pointed signal but not a strike on Japan. Together with
#: a level-3 class it adds the compound bonus, so an ICBM into the EEZ ranks above
#: one into the open sea.
#:
#: ``land`` is an extension, not a spec token: the spec has no landing value for a
#: missile that struck land. The rule is keyed on the token so that the day the
#: record gains ``Landing.LAND = "land"`` (a compatible addition), such events are
#: level 5 with no change here.
LAND_STRIKE = "land"
LANDING_RULES: Mapping[str, Rule] = {
    LAND_STRIKE: Rule(5, "struck land"),
    Landing.OVERFLEW_JAPAN: Rule(4, "flew over Japan"),
    Landing.SOUTH_OF_NLL: Rule(4, "came down south of the Northern Limit Line, near South Korean waters"),
    Landing.JAPAN_EEZ: Rule(3, "came down inside Japan's exclusive economic zone"),
    Landing.PACIFIC: Rule(3, "came down in the Pacific"),
}

#: Short names of landings for "what changed" lines.
LANDING_NAMES: Mapping[str, str] = {
    LAND_STRIKE: "on land",
    Landing.OVERFLEW_JAPAN: "over Japan",
    Landing.SOUTH_OF_NLL: "south of the NLL",
    Landing.JAPAN_EEZ: "Japan's EEZ",
    Landing.PACIFIC: "the Pacific",
    Landing.EAST_SEA: "East Sea",
    Landing.YELLOW_SEA: "Yellow Sea",
    Landing.UNKNOWN: "not given",
}


def landing_seriousness(landing: str) -> int:
    """How serious a landing is, 0 for the open sea or unknown; a higher number is worse."""
    rule = LANDING_RULES.get(landing)
    return rule.level if rule else 0


@dataclass(frozen=True, slots=True)
class SalvoRule:
    min_count: int
    classes: frozenset[MissileClass]
    level: int
    label: str


#: "A large salvo of short-range missiles" is high (level 3) on its own.
LARGE_SALVO = SalvoRule(
    min_count=6,
    classes=frozenset({MissileClass.SRBM, MissileClass.BALLISTIC}),
    level=3,
    label="a salvo of 6 or more short-range (or unstated-range) ballistic missiles",
)

#: Least to most severe. ``missile_class`` is "the most severe class the text gives";
#: this is that order, and an update that moves an event up it is an upgrade.
CLASS_SEVERITY: tuple[MissileClass, ...] = (
    MissileClass.UNKNOWN,
    MissileClass.SURFACE_TO_AIR,
    MissileClass.ROCKET_ARTILLERY,
    MissileClass.CRUISE,
    MissileClass.BALLISTIC,
    MissileClass.SRBM,
    MissileClass.MRBM,
    MissileClass.SLBM,
    MissileClass.HYPERSONIC,
    MissileClass.IRBM,
    MissileClass.SLV,
    MissileClass.ICBM,
)

#: Vague readings a later report makes precise: unknown → SRBM or "ballistic" → SRBM is a
#: refinement, not an upgrade, unless the level rises with it.
PLACEHOLDER_CLASSES: frozenset[MissileClass] = frozenset({MissileClass.UNKNOWN, MissileClass.BALLISTIC})


def class_rank(missile_class: MissileClass) -> int:
    return CLASS_SEVERITY.index(missile_class)


#: Short class names for reason lines ("first ICBM launch since 2017", "SRBM → ICBM").
CLASS_NAMES: Mapping[MissileClass, str] = {
    MissileClass.ICBM: "ICBM",
    MissileClass.IRBM: "IRBM",
    MissileClass.MRBM: "MRBM",
    MissileClass.SRBM: "SRBM",
    MissileClass.SLBM: "SLBM",
    MissileClass.HYPERSONIC: "hypersonic missile",
    MissileClass.CRUISE: "cruise missile",
    MissileClass.BALLISTIC: "ballistic missile",
    MissileClass.ROCKET_ARTILLERY: "rocket artillery",
    MissileClass.SURFACE_TO_AIR: "surface-to-air missile",
    MissileClass.SLV: "space launch vehicle",
    MissileClass.UNKNOWN: "unknown type",
}

ACTOR_NAMES: Mapping[Actor, str] = {
    Actor.NORTH_KOREA: "North Korea",
    Actor.SOUTH_KOREA: "South Korea",
    Actor.UNITED_STATES: "the United States",
    Actor.JAPAN: "Japan",
    Actor.CHINA: "China",
    Actor.RUSSIA: "Russia",
    Actor.OTHER: "another country",
}


def join_names(actors: Sequence[Actor]) -> str:
    """``South Korea and the United States``."""
    names = [ACTOR_NAMES[a] for a in actors]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


#: The side whose launches are the threat being watched; every other side is judged as a response.
WATCHED_ACTOR = Actor.NORTH_KOREA
#: The sides whose launches answer North Korea's ("tit-for-tat").
RESPONDING_ACTORS: frozenset[Actor] = frozenset({Actor.SOUTH_KOREA, Actor.UNITED_STATES, Actor.JAPAN})

#: Classes that are ballistic missiles of some range.
BALLISTIC_CLASSES: frozenset[MissileClass] = frozenset(
    {
        MissileClass.SRBM,
        MissileClass.BALLISTIC,
        MissileClass.MRBM,
        MissileClass.IRBM,
        MissileClass.ICBM,
        MissileClass.SLBM,
        MissileClass.HYPERSONIC,
    }
)
#: A launch by another side (a response salvo, a drill, a test) is information, not a threat to
#: the reader: at most level 2 when it is a ballistic missile, otherwise level 1. A nuclear test
#: is level 5 whoever makes it.
OTHER_SIDE_BALLISTIC_CAP = 2
OTHER_SIDE_CAP = 1
#: Classes an other side's launch may reach OTHER_SIDE_BALLISTIC_CAP with. "Surface-to-surface
#: missiles" of unstated type in a response salvo are the allies' ballistic missiles (ATACMS,
#: Hyunmoo) in practice, and a subscriber at the default level wants to hear of the answer.
OTHER_SIDE_ELEVATED_CLASSES: frozenset[MissileClass] = BALLISTIC_CLASSES | {MissileClass.UNKNOWN}


# --- Movers: what shifts the score within a level, and at most one level up or down. ---------------
#
# The score is the level plus a fraction. A plain event (only its rules) sits mid-level; the movers
# below add to or take from that. Movers can lift an event one level above what its rules give
# (a new system lofted to 2,000 km is more than an ordinary IRBM), but never to level 5, which only
# the critical rules reach; a failure takes one level off.

#: Where a plain event sits within its level, before movers.
BASE_OFFSET = 0.5
#: When both what was fired and where it came down are at level 3 or more (an IRBM over Japan).
COMPOUND_BONUS = 0.25
#: A named system never seen in the history before.
NEW_SYSTEM_BONUS = 0.3
#: The first of its class on record.
FIRST_OF_CLASS_BONUS = 0.3
#: The first of its class in a year or more.
FIRST_SINCE_BONUS = 0.2
# Novelty is one piece of news however many ways it shows (a new system is often also the
# first of its class): only the largest of the three bonuses above applies.

#: Only classes this severe are "firsts": a first cruise missile in a year is not news.
FIRST_OF_CLASS_MIN_LEVEL = 3
#: How long a class must have been absent for "first since" to count.
FIRST_SINCE_DAYS = 365
#: "First on record" is only claimed when the history reaches this far back before the event;
#: a bot with a week of history would otherwise call every launch a first.
HISTORY_DEPTH_DAYS = 365
#: A failed launch drops one level: a missile that broke up threatens less, and says less of what works.
FAILURE_PENALTY = 1.0

#: (at least this many missiles, bonus); the first match wins.
SALVO_STEPS: tuple[tuple[int, float], ...] = ((20, 0.4), (10, 0.3), (6, 0.25), (4, 0.2), (3, 0.15), (2, 0.1))
#: (at least this many km, bonus) for apogee and for range; the largest flight bonus applies once.
APOGEE_STEPS: tuple[tuple[float, float], ...] = ((2000.0, 0.4), (1000.0, 0.25), (500.0, 0.1))
RANGE_STEPS: tuple[tuple[float, float], ...] = ((3000.0, 0.4), (1000.0, 0.25), (500.0, 0.1))
#: (at least this many minutes, bonus).
FLIGHT_TIME_STEPS: tuple[tuple[float, float], ...] = ((45.0, 0.4), (30.0, 0.25))


def step_bonus(value: float, steps: tuple[tuple[float, float], ...]) -> float:
    """The bonus of the first step ``value`` reaches, 0 below them all."""
    for threshold, bonus in steps:
        if value >= threshold:
            return bonus
    return 0.0
