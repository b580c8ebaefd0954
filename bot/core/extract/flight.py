"""Step: where it went and how it did — landing, range, apogee, flight time, outcome, launch site."""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence

from bot.core.extract import lexicon as lx
from bot.core.extract.literals import guarded
from bot.core.extract.scan import contains_any, scanner
from bot.core.records import Landing, Outcome

MILE_KM = 1.609

_LANDINGS = [
    (guarded(r"\b(?:" + p.replace("[A-Z]", "[a-z]") + r")"), landing) for p, landing in lx.LANDING_TERMS
]
#: A landing phrase needs one of these words; most clauses have none.
_LANDING_WORDS = (
    "japan", "hokkaido", "aomori", "okinawa", "honshu", "tohoku", "kyushu", "overfl", "economic zone", "eez",
    "nll", "limit line", "border", "boundary", "waters", "sea", "pacific", "coast",
)  # fmt: skip
_NEGATED = re.compile(r"\b(?:" + "|".join(lx.LANDING_NEGATIONS) + r")\s+(?:\w+\s+){0,2}$", re.IGNORECASE)
_LANDING_RANK = {landing: i for i, landing in enumerate(lx.LANDING_PRIORITY)}

_NUM = r"(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
_APPROX = (
    r"(?:(?:about|around|roughly|some|approximately|nearly|almost|more\s+than|over|up\s+to|an\s+estimated"
    r"|just\s+over|just\s+under|higher\s+than|less\s+than)\s+)?"
)
_UNIT = r"\s*(?:-\s*)?(?P<unit>km|kilomet(?:er|re)s?|miles?|mi)\b"
_RANGE = scanner(
    r"\b(?:flew|flown|flying|travel(?:l?ed|l?ing|s)|covered|covering|flight\s+of|distance\s+of|went|going)\s+"
    r"(?:(?:for|a\s+distance\s+of|a\s+total\s+of)\s+)?" + _APPROX + _NUM + _UNIT,
)
_APOGEE = (
    scanner(r"\b(?:altitude|apogee|height|peak)\b[^.;]{0,30}?" + _APPROX + _NUM + _UNIT),
    scanner(
        r"\b(?:climbed|rose|soared|reached|reaching)\s+(?:to\s+)?(?:a\s+(?:maximum|peak)\s+)?"
        + _APPROX
        + _NUM
        + _UNIT,
    ),
)
_MINUTES = scanner(
    r"\b(?:flight|aloft|flew|flying|flown|airborne)\b[^.;]{0,40}?"
    + _APPROX
    + r"(?P<num>\d+(?:\.\d+)?)[\s-]minutes?\b"
    r"|\b(?P<num2>\d+(?:\.\d+)?)[\s-]minute\s+(?:flight|trip|journey)",
)
_FAILURE = scanner(r"\b(?:" + "|".join(lx.FAILURE_CUES) + r")\b")
_SUCCESS = scanner(r"\b(?:" + "|".join(lx.SUCCESS_CUES) + r")\b")
_PARTIAL = re.compile(r"\b(?:" + "|".join(lx.PARTIAL_CUES) + r")", re.IGNORECASE)
_NOT_FAILURE = re.compile(
    r"\b(?:not|never|n't|no|without)\s+(?:\w+\s+){0,3}$|\b(?:earlier|previous|past)\s+(?:\w+\s+){0,2}$",
    re.IGNORECASE,
)

_KNOWN = sorted(lx.KNOWN_SITES, key=len, reverse=True)
_KNOWN_LOW = tuple(s.lower() for s in _KNOWN)
#: Each known site's spelling by its lowercase form (the first of the list, longest first, for a repeat).
_KNOWN_BY_LOW: dict[str, str] = {}
for _site in _KNOWN:
    _KNOWN_BY_LOW.setdefault(_site.lower(), _site)
_SITE = scanner(
    r"\b(?:from|near|off|at|around)\s+(?:around\s+|near\s+)?(?:the\s+|its\s+|waters\s+(?:near|east\s+of|off)\s+)?"
    r"(?:[a-z-]+\s+){0,4}?(?:of\s+)?(?P<site>" + "|".join(re.escape(s.lower()) for s in _KNOWN) + r")\b",
)
_GENERIC_SITE_WORDS = (" area", "county", "region", " site")
_SITE_GENERIC = re.compile(
    r"\bfrom\s+(?:the\s+)?(?P<site>[A-Z][a-z]+(?:-[a-z]+)?)\s+(?:area|region|county|site|launch\s+site)\b"
)


@functools.lru_cache(maxsize=4096)
def landings(text: str) -> tuple[Landing, ...]:
    low = text.lower()
    if not contains_any(low, _LANDING_WORDS):
        return ()
    found: list[Landing] = []
    for pattern, landing in _LANDINGS:
        for m in pattern.finditer(low):
            if _NEGATED.search(low[max(0, m.start() - 40) : m.start()]):
                continue
            found.append(landing)
            break
    return tuple(found)


def best_landing(found: Sequence[Landing]) -> Landing:
    return min(found, key=_LANDING_RANK.__getitem__, default=Landing.UNKNOWN)


def range_km(text: str) -> float | None:
    low = text.lower()
    if "km" not in low and "mile" not in low and "kilomet" not in low:
        return None
    m = _RANGE.search(low)
    return _km(m) if m else None


def apogee_km(text: str) -> float | None:
    low = text.lower()
    if "km" not in low and "mile" not in low and "kilomet" not in low:
        return None
    found = [m for m in (p.search(low) for p in _APOGEE) if m]
    return _km(min(found, key=lambda m: m.start())) if found else None


def flight_minutes(text: str) -> float | None:
    low = text.lower()
    if "minute" not in low:
        return None
    m = _MINUTES.search(low)
    if not m:
        return None
    return float(m.group("num") or m.group("num2"))


def _km(m: re.Match[str]) -> float:
    value = float(m.group("num").replace(",", ""))
    if m.group("unit").lower().startswith("mi"):
        value = round(value * MILE_KM, 1)
    return int(value) if value.is_integer() else value


_OUTCOME_WORDS = (
    "fail", "explo", "blew", "blown", "broke", "disintegrat", "crash", "fizzl", "unsuccess", "botch",
    "abnormal",
    "lost", "wrong", "misfire", "success", "succeed", "hit", "struck", "strik", "planned", "orbit",
)  # fmt: skip


def outcome(text: str) -> Outcome | None:
    """Failure or success cues in a span; None when it says neither. Mixed salvos say unknown."""
    low = text.lower()
    if not contains_any(low, _OUTCOME_WORDS):
        return None
    failure = [
        m for m in _FAILURE.finditer(low) if not _NOT_FAILURE.search(text[max(0, m.start() - 30) : m.start()])
    ]
    if failure:
        if _PARTIAL.search(text):
            return Outcome.UNKNOWN
        return Outcome.FAILURE
    if _SUCCESS.search(text.lower()):
        return Outcome.SUCCESS
    return None


def launch_site(text: str) -> str | None:
    low = text.lower()
    # No guard before ``_SITE``: it matches only where a known site is named, and one scan by the engine
    # costs less than testing the text for each of the known sites.
    m = _SITE.search(low)
    if m:
        found = text[m.start("site") : m.end("site")]
        return _KNOWN_BY_LOW.get(found.lower(), found)
    g = _SITE_GENERIC.search(text) if "from" in text else None  # the pattern opens with "from"
    if g is None or (not contains_any(low, _GENERIC_SITE_WORDS) and not contains_any(low, _KNOWN_LOW)):
        # A generic site counts only beside one of the words (" area" with its space, where the pattern
        # takes any space) or a known site.
        return None
    return g.group("site")
