"""Step: what was fired — the class terms and the named system."""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass

from bot.core.extract import lexicon as lx
from bot.core.extract.literals import Guarded, guarded, may_match, needles_of_all
from bot.core.extract.scan import contains_any
from bot.core.records import MissileClass

_CLASSES = [(guarded(r"\b(?:" + pattern + r")"), cls) for pattern, cls in lx.CLASS_TERMS]
_SYSTEMS = [
    (guarded(r"(?<![\w-])(?:" + pattern + r")s?(?!\w)(?!-\d)"), spelling, cls)
    for pattern, spelling, cls in lx.SYSTEM_PATTERNS
]
_HEDGE = re.compile(r"\b(?:" + "|".join(lx.SYSTEM_HEDGES) + r")\b[^.;]{0,40}$", re.IGNORECASE)
_ALTERNATIVE = re.compile(r"^\s*(?:or|and)\s+(?:the\s+)?[A-Z]", re.IGNORECASE)
_IDENTIFIES = re.compile(
    r"\b(?:designat\w*|known\s+(?:abroad\s+)?as|dubbed|named|identified\s+(?:it\s+)?as|calls?|called)\s+(?:it\s+)?(?:the\s+)?$",
    re.IGNORECASE,
)
_RANK = {cls: i for i, cls in enumerate(lx.SEVERITY)}
#: "KN-23 or KN-24": the words joining two systems, after the first and before the second.
_JOINER = re.compile(r"^\s*(?:or|and)\s+(?:the\s+)?")
_JOINED = re.compile(r"\b(?:or|and)\s+(?:the\s+)?$")
_PLURAL = re.compile(r"(?<=\d)s$")
#: A system's base name without its variant ("hwasong-15" of "hwasong-15b").
_BASE = re.compile(r"[a-z]+-\d+")


@dataclass(frozen=True, slots=True)
class SystemReading:
    name: str
    implied: MissileClass
    #: Named as an identification ("the U.S. military designates KN-25").
    identified: bool


_CLASS_WORDS = (
    "missile", "icbm", "irbm", "mrbm", "srbm", "slbm", "slcm", "rocket", "launcher", "mlrs", "artillery",
    "hypersonic", "intercontinental",
)  # fmt: skip


@functools.lru_cache(maxsize=4096)
def classes(text: str) -> tuple[MissileClass, ...]:
    low = text.lower()
    if not contains_any(low, _CLASS_WORDS):
        return ()
    found: list[MissileClass] = []
    for pattern, cls in _class_terms(frozenset([n for n in _CLASS_LITERALS if n in low])):
        if pattern.search(low):
            found.append(cls)
    return tuple(found)


#: Every literal some class term needs: which of them a text holds picks the terms worth trying.
_CLASS_LITERALS = tuple(sorted({n for pattern, _ in _CLASSES for n in pattern.needed}))


@functools.lru_cache(maxsize=256)
def _class_terms(present: frozenset[str]) -> tuple[tuple[Guarded, MissileClass], ...]:
    """The class terms, in order, that a text holding these literals (and no others of the list) may
    match. One pass over the literals and a cached choice cost less than each term testing its own."""
    return tuple((p, cls) for p, cls in _CLASSES if not p.needed or not present.isdisjoint(p.needed))


def most_severe(found: Sequence[MissileClass]) -> MissileClass:
    return min(found, key=_RANK.__getitem__, default=MissileClass.UNKNOWN)


_SYSTEM_WORDS = (
    "-", "atacms", "army tactical", "musudan", "rodong", "nodong", "scud", "iskander", "tomahawk",
    "minuteman", "sarmat", "haeil",
)  # fmt: skip


@functools.lru_cache(maxsize=4096)
def systems(text: str) -> tuple[SystemReading, ...]:
    """Named systems in a span, in order, without comparisons ("resembled the KN-24", "KN-23 or KN-24")."""
    found: list[tuple[int, SystemReading]] = []
    low = text.lower()
    if not contains_any(low, _SYSTEM_WORDS) or not may_match(low, _SYSTEM_NEEDLES):
        return ()
    for pattern, spelling, implied in _SYSTEMS:
        for m in pattern.finditer(low):
            if _HEDGE.search(text[max(0, m.start() - 60) : m.start()]):
                continue
            if _ALTERNATIVE.match(text[m.end() : m.end() + 12]) and _SYSTEMS_ANY.match(
                _JOINER.sub("", text[m.end() : m.end() + 30])
            ):
                continue
            if _JOINED.search(text[max(0, m.start() - 8) : m.start()]) and any(
                p.search(low[max(0, m.start() - 30) : m.start()]) for p, _, _ in _SYSTEMS
            ):
                continue
            name = spelling or _spell(_PLURAL.sub("", text[m.start() : m.end()]))
            identified = bool(_IDENTIFIES.search(text[max(0, m.start() - 40) : m.start()]))
            found.append((m.start(), SystemReading(name, implied, identified)))
    found.sort(key=lambda f: f[0])
    return tuple(reading for _, reading in found)


#: Most clauses with a hyphen name no system.
_SYSTEM_NEEDLES = needles_of_all(pattern for pattern, _, _ in _SYSTEMS)
_SYSTEMS_ANY = re.compile("|".join(p for p, _, _ in lx.SYSTEM_PATTERNS), re.IGNORECASE)


def _spell(raw: str) -> str:
    """ "HWASONG-17" and "hwasong-17" as the common English form "Hwasong-17"; "KN-25" stays upper."""
    head, _, rest = raw.partition("-")
    if head.lower() in ("kn", "df"):
        return head.upper() + "-" + rest.upper()
    return head[:1].upper() + head[1:].lower() + ("-" + rest if rest else "")


def implied_class(system: str) -> MissileClass:
    key = system.lower()
    if key in lx.SYSTEM_CLASS:
        return lx.SYSTEM_CLASS[key]
    base = _BASE.match(key)
    if base and base.group(0) in lx.SYSTEM_CLASS:
        return lx.SYSTEM_CLASS[base.group(0)]
    for pattern, _, implied in _SYSTEMS:
        if pattern.scan.regex.fullmatch(key):
            return implied
    return MissileClass.UNKNOWN
