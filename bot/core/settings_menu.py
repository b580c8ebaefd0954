"""/settings as data: the inline keyboard for each screen, what a tap changes, and the typed form.

A button is (label, callback data); callback data is ``set:<screen>`` to move between screens and
``set:<key>=<value>`` to change a value, always well under Telegram's 64 bytes. The handler only
turns these tuples into an ``InlineKeyboardMarkup`` and stores the new ``ChatPrefs``.
"""

from __future__ import annotations

import datetime as dt
import re
import zoneinfo
from collections.abc import Sequence
from dataclasses import replace

from bot.core.policy import URGENT_LEVEL
from bot.core.prefs import ChatPrefs, DigestFrequency, RegionFilter
from bot.core.records import Actor, MissileClass
from bot.core.render import ACTOR_NAMES, CLASS_SHORT, LEVEL_WORDS, REGION_WORDS, WEEKDAYS

Button = tuple[str, str]
Keyboard = tuple[tuple[Button, ...], ...]

PREFIX = "set:"
#: Telegram's limit on callback data, in bytes.
CALLBACK_LIMIT = 64

SCREENS = ("main", "lvl", "act", "cls", "reg", "dig", "tz", "q")

#: Zones offered as buttons; any IANA name can be typed (``/settings tz America/Chicago``).
TIMEZONES = (
    "Asia/Seoul",
    "Asia/Tokyo",
    "Asia/Shanghai",
    "UTC",
    "Europe/London",
    "Europe/Berlin",
    "America/New_York",
    "America/Los_Angeles",
    "Australia/Sydney",
)
DIGEST_TIMES = ("06:00", "07:00", "08:00", "09:00", "12:00", "18:00", "20:00", "22:00")
QUIET_CHOICES = ("22:00-07:00", "23:00-07:00", "23:00-08:00", "00:00-06:00")
#: Short names people type for a timezone.
TZ_ALIASES = {"kst": "Asia/Seoul", "jst": "Asia/Tokyo", "utc": "UTC", "gmt": "UTC", "seoul": "Asia/Seoul"}
ACTOR_ALIASES = {"nk": Actor.NORTH_KOREA, "dprk": Actor.NORTH_KOREA, "sk": Actor.SOUTH_KOREA}
ACTOR_ALIASES |= {"rok": Actor.SOUTH_KOREA, "us": Actor.UNITED_STATES, "usa": Actor.UNITED_STATES}
REGION_ALIASES = {
    "any": RegionFilter.ANY,
    "all": RegionFilter.ANY,
    "off": RegionFilter.ANY,
    "japan": RegionFilter.JAPAN,
    "south_korea": RegionFilter.SOUTH_KOREA,
    "korea": RegionFilter.SOUTH_KOREA,
    "nll": RegionFilter.SOUTH_KOREA,
}

USAGE = "\n".join(
    [
        "/settings — the buttons. Or type one change:",
        "/settings level 3 — alerts at level 3 and above (1-5)",
        "/settings actors north_korea — or all",
        "/settings classes icbm,irbm — or all",
        "/settings region japan — or south_korea, any",
        "/settings digest daily 08:00 — or weekly mon 08:00, off",
        "/settings tz Asia/Seoul — any IANA timezone",
        "/settings quiet 23:00-07:00 — or off",
    ]
)


class SettingsError(ValueError):
    """A setting that cannot be applied; the message is a friendly line with the right usage."""


# ------------------------------------------------------------------ keyboards


def _mark(label: str, on: bool) -> str:
    return f"✅ {label}" if on else label


def keyboard(prefs: ChatPrefs, screen: str = "main") -> Keyboard:
    """The buttons of one screen, current values marked."""
    back: tuple[Button, ...] = (("« Back", f"{PREFIX}main"),)
    if screen == "lvl":
        return (
            tuple((_mark(str(n), prefs.threshold == n), f"{PREFIX}lvl={n}") for n in LEVEL_WORDS),
            back,
        )
    if screen == "act":
        only_nk = prefs.actors == frozenset({Actor.NORTH_KOREA})
        return (
            (
                (_mark("Every side", not prefs.actors), f"{PREFIX}act=all"),
                (_mark("North Korea only", only_nk), f"{PREFIX}act={Actor.NORTH_KOREA}"),
            ),
            back,
        )
    if screen == "cls":
        toggles = [
            (_mark(CLASS_SHORT[c], c in prefs.classes), f"{PREFIX}cls={c}")
            for c in MissileClass
            if c is not MissileClass.UNKNOWN
        ]
        grid = (tuple(toggles[i : i + 3]) for i in range(0, len(toggles), 3))
        return (((_mark("Every class", not prefs.classes), f"{PREFIX}cls=all"),), *grid, back)
    if screen == "reg":
        labels = {
            RegionFilter.ANY: "Anywhere",
            RegionFilter.JAPAN: "Japan",
            RegionFilter.SOUTH_KOREA: "South Korea",
        }
        return (
            tuple((_mark(labels[r], prefs.region is r), f"{PREFIX}reg={r}") for r in RegionFilter),
            back,
        )
    if screen == "dig":
        rows: list[tuple[Button, ...]] = [
            tuple(
                (_mark(f.value.capitalize(), prefs.digest is f), f"{PREFIX}dig={f}") for f in DigestFrequency
            )
        ]
        if prefs.digest is not DigestFrequency.OFF:
            current = prefs.digest_time.strftime("%H:%M")
            times = [(_mark(t, t == current), f"{PREFIX}dt={t}") for t in DIGEST_TIMES]
            rows += [tuple(times[:4]), tuple(times[4:])]
        if prefs.digest is DigestFrequency.WEEKLY:
            days = [
                (_mark(d[:3], prefs.digest_weekday == i), f"{PREFIX}dw={i}") for i, d in enumerate(WEEKDAYS)
            ]
            rows += [tuple(days[:4]), tuple(days[4:])]
        return (*rows, back)
    if screen == "tz":
        zones = [
            (_mark(z.split("/")[-1].replace("_", " "), prefs.timezone == z), f"{PREFIX}tz={z}")
            for z in TIMEZONES
        ]
        return (*(tuple(zones[i : i + 3]) for i in range(0, len(zones), 3)), back)
    if screen == "q":
        current = (
            f"{prefs.quiet_start:%H:%M}-{prefs.quiet_end:%H:%M}"
            if prefs.quiet_start is not None and prefs.quiet_end is not None
            else "off"
        )
        choices = [(_mark("Off", current == "off"), f"{PREFIX}q=off")]
        choices += [(_mark(q.replace("-", "–"), current == q), f"{PREFIX}q={q}") for q in QUIET_CHOICES]
        return (tuple(choices[:3]), tuple(choices[3:]), back)
    return (
        (
            (f"Level: {prefs.threshold}", f"{PREFIX}lvl"),
            ("Sides", f"{PREFIX}act"),
            ("Classes", f"{PREFIX}cls"),
        ),
        (("Region", f"{PREFIX}reg"), ("Digest", f"{PREFIX}dig"), ("Timezone", f"{PREFIX}tz")),
        (("Quiet hours", f"{PREFIX}q"), ("Done", f"{PREFIX}done")),
    )


def screen_title(screen: str) -> str:
    """The line under the settings text that says what the buttons do (plain text)."""
    return {
        "lvl": "Alert level: 1 tells you about every launch, 5 only about the gravest.",
        "act": "Whose launches: North Korea's only, or every side's (South Korea, the US, Japan...).",
        "cls": "Tap classes to alert only on those; Every class clears the filter.",
        "reg": "Where they land: anywhere, only over or into Japan, or across toward South Korea.",
        "dig": "A summary of the day or week, at a time of your choosing (in your timezone).",
        "tz": "Dates and digest times are shown in this timezone. Others: /settings tz Area/City",
        "q": f"Alerts below level {URGENT_LEVEL} wait until quiet hours end; level {URGENT_LEVEL} and above ring at once.",
    }.get(screen, "Tap to change.")


# ------------------------------------------------------------------ changes


def apply_callback(prefs: ChatPrefs, data: str) -> tuple[ChatPrefs, str, str | None]:
    """What a tap does: (new prefs, screen to show, plain-text note of the change or None)."""
    if not data.startswith(PREFIX):
        raise SettingsError("That button is not a settings button.")
    body = data.removeprefix(PREFIX)
    key, sep, value = body.partition("=")
    if not sep:
        if key not in (*SCREENS, "done"):
            raise SettingsError("That button is out of date; send /settings again.")
        return prefs, key, None
    screen = {"dt": "dig", "dw": "dig"}.get(key, key)
    words = {
        "lvl": "level",
        "act": "actors",
        "cls": "classes",
        "reg": "region",
        "dig": "digest",
        "dt": "digest",
        "dw": "digest",
        "tz": "tz",
        "q": "quiet",
    }
    if key not in words:
        raise SettingsError("That button is out of date; send /settings again.")
    if key == "cls":
        new, note = _toggle_class(prefs, value)
    elif key == "dt":
        frequency = DigestFrequency.DAILY if prefs.digest is DigestFrequency.OFF else prefs.digest
        new, note = _set_digest(prefs, [str(frequency), value])
    elif key == "dw":
        new, note = _set_digest(prefs, ["weekly", WEEKDAYS[int(value) % 7][:3] if value.isdigit() else value])
    else:
        new, note = apply_args(prefs, [words[key], value])
    return new, screen, note


def _toggle_class(prefs: ChatPrefs, value: str) -> tuple[ChatPrefs, str]:
    if value == "all":
        return replace(prefs, classes=frozenset()), "Alerts for every class."
    try:
        chosen = MissileClass(value)
    except ValueError as exc:
        raise SettingsError("That button is out of date; send /settings again.") from exc
    classes = set(prefs.classes)
    if chosen in classes:
        classes.discard(chosen)
        note = f"{CLASS_SHORT[chosen]} removed."
    else:
        classes.add(chosen)
        note = f"{CLASS_SHORT[chosen]} added."
    if classes >= {c for c in MissileClass if c is not MissileClass.UNKNOWN}:
        classes = set()
    if not classes:
        note += " Alerts for every class."
    return replace(prefs, classes=frozenset(classes)), note


def apply_args(prefs: ChatPrefs, args: Sequence[str]) -> tuple[ChatPrefs, str]:
    """``/settings <name> <value...>`` typed out: (new prefs, plain-text note). Raises SettingsError."""
    if not args:
        raise SettingsError(USAGE)
    name, rest = args[0].lower(), list(args[1:])
    if name in {"level", "threshold", "lvl"}:
        return _set_level(prefs, rest)
    if name in {"tz", "timezone", "time_zone"}:
        if len(rest) != 1:
            raise SettingsError("Usage: /settings tz Area/City — for example /settings tz Asia/Seoul")
        zone = resolve_timezone(rest[0])
        return replace(prefs, timezone=zone), f"Timezone set to {zone}."
    if name == "digest":
        return _set_digest(prefs, rest)
    if name in {"quiet", "quiet_hours"}:
        return _set_quiet(prefs, rest)
    if name in {"actors", "actor", "sides", "side"}:
        return _set_actors(prefs, rest)
    if name in {"classes", "class"}:
        return _set_classes(prefs, rest)
    if name in {"region", "regions"}:
        if len(rest) != 1 or rest[0].lower() not in REGION_ALIASES:
            raise SettingsError("Usage: /settings region japan — or south_korea, or any")
        region = REGION_ALIASES[rest[0].lower()]
        return replace(prefs, region=region), f"Region: {REGION_WORDS[region]}."
    raise SettingsError(f"There is no setting called {args[0]!r}.\n{USAGE}")


def _set_level(prefs: ChatPrefs, rest: list[str]) -> tuple[ChatPrefs, str]:
    if len(rest) != 1 or not rest[0].isdigit() or int(rest[0]) not in LEVEL_WORDS:
        raise SettingsError("Usage: /settings level N — N from 1 (every launch) to 5 (the gravest only)")
    level = int(rest[0])
    return replace(prefs, threshold=level), f"Alerts at level {level} and above: {LEVEL_WORDS[level]}."


def _set_actors(prefs: ChatPrefs, rest: list[str]) -> tuple[ChatPrefs, str]:
    usage = "Usage: /settings actors north_korea — or all (every side)"
    words = [w for part in rest for w in part.lower().split(",") if w]
    if not words:
        raise SettingsError(usage)
    if words in (["all"], ["every"], ["any"]):
        return replace(prefs, actors=frozenset()), "Alerts for launches by every side."
    actors = set()
    for word in words:
        actor = ACTOR_ALIASES.get(word)
        if actor is None:
            try:
                actor = Actor(word)
            except ValueError as exc:
                raise SettingsError(f"{word!r} is not a side. {usage}") from exc
        actors.add(actor)
    names = ", ".join(ACTOR_NAMES[a].removeprefix("the ") for a in sorted(actors))
    return replace(prefs, actors=frozenset(actors)), f"Alerts only for launches by {names}."


def _set_classes(prefs: ChatPrefs, rest: list[str]) -> tuple[ChatPrefs, str]:
    usage = "Usage: /settings classes icbm,irbm — or all. Classes: " + ", ".join(
        str(c) for c in MissileClass if c is not MissileClass.UNKNOWN
    )
    words = [w for part in rest for w in part.lower().split(",") if w]
    if not words:
        raise SettingsError(usage)
    if words in (["all"], ["every"], ["any"]):
        return replace(prefs, classes=frozenset()), "Alerts for every class."
    classes = set()
    for word in words:
        try:
            classes.add(MissileClass(word))
        except ValueError as exc:
            raise SettingsError(f"{word!r} is not a class. {usage}") from exc
    shown = ", ".join(CLASS_SHORT[c] for c in MissileClass if c in classes)
    return replace(prefs, classes=frozenset(classes)), f"Alerts only for {shown}."


_TIME = re.compile(r"(\d{1,2})(?::?(\d{2}))?")


def parse_time(text: str) -> dt.time:
    """'8', '08:00', '8:30', '0830'. Raises SettingsError."""
    m = _TIME.fullmatch(text.strip())
    if not m or int(m[1]) > 23 or int(m[2] or 0) > 59:
        raise SettingsError(f"{text!r} is not a time of day: use HH:MM, for example 08:00")
    return dt.time(int(m[1]), int(m[2] or 0))


def _weekday(text: str) -> int | None:
    word = text.lower()[:3]
    for i, day in enumerate(WEEKDAYS):
        if day.lower().startswith(word) and len(word) == 3:
            return i
    return None


def _set_digest(prefs: ChatPrefs, rest: list[str]) -> tuple[ChatPrefs, str]:
    usage = "Usage: /settings digest daily 08:00 — or weekly mon 08:00, or off"
    if not rest:
        raise SettingsError(usage)
    try:
        frequency = DigestFrequency(rest[0].lower())
    except ValueError as exc:
        raise SettingsError(usage) from exc
    if frequency is DigestFrequency.OFF:
        if len(rest) > 1:
            raise SettingsError(usage)
        return replace(prefs, digest=frequency), "Digest off."
    weekday, when = prefs.digest_weekday, prefs.digest_time
    for word in rest[1:]:
        day = _weekday(word) if frequency is DigestFrequency.WEEKLY else None
        if day is not None:
            weekday = day
        else:
            try:
                when = parse_time(word)
            except SettingsError as exc:
                raise SettingsError(f"{exc} — {usage}") from exc
    new = replace(prefs, digest=frequency, digest_time=when, digest_weekday=weekday)
    if frequency is DigestFrequency.WEEKLY:
        return new, f"Weekly digest on {WEEKDAYS[weekday]}s at {when:%H:%M} ({prefs.timezone})."
    return new, f"Daily digest at {when:%H:%M} ({prefs.timezone})."


def _set_quiet(prefs: ChatPrefs, rest: list[str]) -> tuple[ChatPrefs, str]:
    usage = "Usage: /settings quiet 23:00-07:00 — or off"
    text = "".join(rest).lower()
    if text in {"off", "none", "no"}:
        return replace(prefs, quiet_start=None, quiet_end=None), "Quiet hours off."
    start_text, sep, end_text = text.replace("–", "-").partition("-")
    if not sep:
        raise SettingsError(usage)
    try:
        start, end = parse_time(start_text), parse_time(end_text)
    except SettingsError as exc:
        raise SettingsError(f"{exc} — {usage}") from exc
    if start == end:
        raise SettingsError(f"Quiet hours need a different start and end. {usage}")
    return (
        replace(prefs, quiet_start=start, quiet_end=end),
        f"Quiet hours {start:%H:%M}–{end:%H:%M} ({prefs.timezone}).",
    )


def resolve_timezone(name: str) -> str:
    """The canonical IANA name for what was typed (any case, or a common alias). Raises SettingsError."""
    text = name.strip()
    alias = TZ_ALIASES.get(text.lower())
    if alias:
        return alias
    if re.fullmatch(r"[A-Za-z][A-Za-z0-9_+\-]*(/[A-Za-z0-9_+\-]+){0,2}", text):
        try:
            zoneinfo.ZoneInfo(text)
            return text
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            pass
        folded = {z.casefold(): z for z in zoneinfo.available_timezones()}
        if text.casefold() in folded:
            return folded[text.casefold()]
    raise SettingsError(
        f"{name!r} is not a timezone I know: use an IANA name like Asia/Seoul, Europe/London or America/New_York"
    )
