"""``docs/levels.md``, rendered from the rule tables so the page and the code cannot disagree.

``scripts/gen_levels_doc.py`` writes it; ``tests/test_levels_doc.py`` checks the file is current.
"""

from __future__ import annotations

from collections.abc import Iterable

from bot.core import severity as sv
from bot.core.policy import DIGEST_GRACE, URGENT_LEVEL
from bot.core.records import Landing
from bot.core.tempo import BAND_RULES, CALM_TEXT, RESPONSE_DAYS, RUN_DAYS, Band


def render() -> str:
    return "\n".join([*_levels(), *_movers(), *_other_sides(), *_tempo(), *_timing()]) + "\n"


def level_rows() -> list[tuple[int, str, str, str]]:
    """(level, name, gist, what puts a launch there) for each level, lowest first."""
    rules: dict[int, list[str]] = {level.number: [] for level in sv.LEVELS}
    for kind_rule in sv.KIND_RULES.values():
        rules[kind_rule.level].append(kind_rule.label)
    for class_rule in sv.CLASS_RULES.values():
        rules[class_rule.level].append(class_rule.label)
    rules[sv.LARGE_SALVO.level].append(sv.LARGE_SALVO.label)
    for token, landing_rule in sv.LANDING_RULES.items():
        mark = " †" if token == sv.LAND_STRIKE else ""
        rules[landing_rule.level].append(landing_rule.label + mark)
    return [(level.number, level.name, level.gist, "; ".join(rules[level.number])) for level in sv.LEVELS]


def _levels() -> Iterable[str]:
    yield "# What the levels mean"
    yield ""
    yield (
        "Every launch launchwatch reports gets a level from 1 to 5, from what was fired and where it "
        "came down. When several rules apply, the highest sets the level; the details further down "
        "can move a launch one level up or down."
    )
    yield ""
    yield "| Level | Name | In short | What puts a launch here |"
    yield "|---|---|---|---|"
    for number, name, gist, rules in level_rows():
        yield f"| {number} | {name} | {gist} | {rules} |"
    yield ""
    yield (
        "† The news record has no landing value for a missile that struck land yet; "
        "the rule is ready for when it does."
    )
    yield ""
    eez = sv.LANDING_RULES[Landing.JAPAN_EEZ].level
    yield (
        f"Japan's exclusive economic zone ranks at level {eez}, not higher: it reaches 200 nautical "
        "miles out and is not Japan's territory (territorial waters reach 12), so a landing there "
        "endangers ships and sends a message but does not strike Japan. An ICBM that lands in it "
        "still ranks above one that lands in the open sea."
    )
    yield ""


def _movers() -> Iterable[str]:
    yield "## What moves a launch within its level, or across one"
    yield ""
    yield (
        f"Within a level, a finer score ranks launches; a launch with nothing more to say sits at "
        f"N.5. The details below add to it. They lift a launch at most one level above its rules, "
        f"never to level {sv.CRITICAL_LEVEL} (only a nuclear test or a strike on land is critical), "
        f"and a failure takes it at most one level down."
    )
    yield ""
    salvo = ", ".join(f"{_signed(b)} from {n}" for n, b in reversed(sv.SALVO_STEPS))
    yield f"- **More missiles in one salvo**: {salvo} missiles."
    yield (
        f"- **Both what was fired and where it landed rate level 3 or more** "
        f"(an IRBM over Japan): {_signed(sv.COMPOUND_BONUS)}."
    )
    yield (
        f"- **Something new**: a named system never launched before {_signed(sv.NEW_SYSTEM_BONUS)}; "
        f"the first of its class on record {_signed(sv.FIRST_OF_CLASS_BONUS)}; the first of its "
        f"class in {sv.FIRST_SINCE_DAYS} days or more {_signed(sv.FIRST_SINCE_BONUS)}. Only the largest "
        f"of these counts, classes count only from level {sv.FIRST_OF_CLASS_MIN_LEVEL} up, and "
        f'"on record" is only claimed with {sv.HISTORY_DEPTH_DAYS} days of history behind the launch.'
    )
    flight = "; ".join(
        f"{what} " + ", ".join(f"{_signed(b)} from {t:,.0f} {unit}" for t, b in reversed(steps))
        for what, steps, unit in (
            ("apogee", sv.APOGEE_STEPS, "km"),
            ("range", sv.RANGE_STEPS, "km"),
            ("flight time", sv.FLIGHT_TIME_STEPS, "minutes"),
        )
    )
    yield f"- **How far and high it flew**: {flight}. Only the largest of these counts."
    yield f"- **A failed launch**: {_signed(-sv.FAILURE_PENALTY)}, one level down."
    yield ""


def _other_sides() -> Iterable[str]:
    yield "## Launches by other sides"
    yield ""
    yield (
        "A launch by South Korea, the United States, Japan or anyone but North Korea (a response "
        "salvo, a drill, a test) is information, not a threat to the reader: at most level "
        f"{sv.OTHER_SIDE_BALLISTIC_CAP} for a ballistic missile or a missile of unstated type (in a "
        "response salvo these are the allies' ballistic missiles in practice) and level "
        f"{sv.OTHER_SIDE_CAP} otherwise. A nuclear test is level {sv.CRITICAL_LEVEL} whoever makes it."
    )
    yield ""


def _tempo() -> Iterable[str]:
    yield "## Tempo"
    yield ""
    yield (
        "Alongside each launch's level, launchwatch rates the situation. A *launch event* is a day "
        "(Korea time) on which North Korea launched a missile or a rocket; the usual pace is the "
        "number of launch events in the past 365 days, spread evenly. A *severe* launch event has "
        f"a launch at level {sv.SEVERE_LEVEL} or more (a failed launch is judged as if it had worked: "
        "the attempt is the signal). A *tit-for-tat* exchange is South Korea, "
        f"the United States or Japan firing missiles on the day of a North Korean launch or within "
        f"{RESPONSE_DAYS} day after it. Alerts say where a launch stands, e.g. "
        f'"18th launch event of 2022; 3rd in {RUN_DAYS} days".'
    )
    yield ""
    yield "| Band | When (any of these) |"
    yield "|---|---|"
    for band in sorted(Band, reverse=True):
        texts = [rule.text for rule in BAND_RULES if rule.band is band]
        yield f"| {band} | {'; '.join(texts) if texts else CALM_TEXT} |"
    yield ""


def _timing() -> Iterable[str]:
    hours = int(DIGEST_GRACE.total_seconds() // 3600)
    yield "## Quiet hours and digests"
    yield ""
    yield (
        f"Alerts at level {URGENT_LEVEL} or more are sent at once, even in quiet hours; lower levels "
        "wait until quiet hours end. A digest missed while the bot was down is sent once when it "
        f"comes back if it is less than {hours} hours late, and skipped otherwise."
    )


def _signed(value: float) -> str:
    return f"{value:+g}".replace("-", "−")
