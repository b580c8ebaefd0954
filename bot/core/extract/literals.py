"""Literal strings a pattern cannot match without, so a scan can be skipped by a few ``in`` tests.

Most patterns of the steps never match a given clause, and a regular expression that does not start
with a literal costs the engine an attempt at every position; ``"rbm" in low`` is a fast scan. The
literals are read from the pattern itself (by the ``re`` module's own parser), so they follow the
lexicon as it changes and cannot be wrong: a pattern the reading does not understand gets no guard.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from types import ModuleType
from typing import Any

from bot.core.extract.scan import Scanner, contains_any, scanner

# The re module's own parser is private: on a Python whose parser differs, nothing is known and every
# pattern runs unguarded (slower, never wrong).
try:
    from re import _constants as sre  # type: ignore[attr-defined]
    from re import _parser  # type: ignore[attr-defined]

    _PARSER: ModuleType | None = _parser
except ImportError:  # pragma: no cover - Python 3.11 to 3.13 have both
    _PARSER = None

#: A set of literals one of which every match contains; empty when nothing is known.
Needles = tuple[str, ...]

_IGNORECASE: int = re.IGNORECASE.value
#: Words in most clauses of launch news: a guard made of one passes nearly always, so another is chosen
#: when the pattern offers one (a choice of speed only; every guard found is sound).
_COMMON = ("missile", "ballistic", "rocket", "launch", "korea", "north", "fire", "the")


def needles(pattern: str, flags: int = 0) -> Needles:
    """Literals one of which every match of ``pattern`` contains, the longest such set found; ``()`` if
    none is known (a case-insensitive pattern, or one that can match without any literal)."""
    if flags & _IGNORECASE or _PARSER is None:
        return ()
    try:
        parsed = _PARSER.parse(pattern, flags)
        if parsed.state.flags & _IGNORECASE:
            return ()
        return _sequence(_data(parsed))
    except (AttributeError, AssertionError, TypeError, ValueError):
        return ()  # a parse tree shaped otherwise than this reading expects


def may_match(text: str, needed: Needles) -> bool:
    """False only when ``text`` lacks every literal of a known set (``()`` knows nothing)."""
    return not needed or contains_any(text, needed)


def needles_of_all(scans: Iterable[Guarded]) -> Needles:
    """Literals one of which a text needs for any of ``scans`` to match (``()`` if one needs none)."""
    found: set[str] = set()
    for scan in scans:
        if not scan.needed:
            return ()
        found.update(scan.needed)
    return fewest(found)


@dataclass(frozen=True, slots=True)
class Guarded:
    """A scanner that first tests the literals its every match needs."""

    scan: Scanner
    needed: Needles

    def search(self, low: str) -> re.Match[str] | None:
        # ``may_match`` written out: a call more per scan cost more than the test.
        if self.needed and not contains_any(low, self.needed):
            return None
        return self.scan.search(low)

    def finditer(self, low: str) -> list[re.Match[str]]:
        if self.needed and not contains_any(low, self.needed):
            return []
        return self.scan.finditer(low)


def guarded(pattern: str) -> Guarded:
    """``scan.scanner(pattern)`` behind the literals it needs."""
    scan = scanner(pattern)
    return Guarded(scan, needles(scan.regex.pattern))


def _sequence(items: list[tuple[object, object]]) -> Needles:
    candidates: list[Needles] = []
    run = ""
    for op, arg in items:
        if op is sre.LITERAL:
            run += chr(_int(arg))
            continue
        if op is sre.BRANCH:
            alternatives = _tuple(arg)[1]
            assert isinstance(alternatives, list)
            branches = [_data(b) for b in alternatives]
            if run:
                # The parser moves the branches' shared opening out ("icbm|irbm" is "i" then
                # "cbm|rbm"): each branch's own opening finishes the run.
                candidates.append(fewest({run + _opening(b) for b in branches}))
            inner = [_sequence(b) for b in branches]
            if all(inner):
                candidates.append(fewest({n for found in inner for n in found}))
        elif run:
            candidates.append((run,))
        run = ""
        if op is sre.SUBPATTERN:
            _group, add_flags, _del_flags, body = _tuple(arg)
            if not _int(add_flags) & _IGNORECASE:
                candidates.append(_sequence(_data(body)))
        elif op in (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT):
            low, _high, body = _tuple(arg)
            if _int(low) >= 1:
                candidates.append(_sequence(_data(body)))
        elif op is sre.ATOMIC_GROUP:
            candidates.append(_sequence(_data(arg)))
        # Anything else (a class, a look-around, an anchor) requires no literal.
    if run:
        candidates.append((run,))
    candidates = [c for c in candidates if c]
    return max(candidates, key=_selectivity, default=())


def _selectivity(found: Needles) -> tuple[bool, bool, int, int, int]:
    """A word of one or two letters, or a common one or a piece of one ("issile"), passes nearly every
    clause; long literals are rarer in text; fewer are quicker to test."""
    shortest = min(map(len, found))
    common = any(word in n or n in word for n in found for word in _COMMON)
    return (shortest >= 3, not common, shortest, -len(found), sum(map(len, found)))


def _opening(items: list[tuple[object, object]]) -> str:
    run = ""
    for op, arg in items:
        if op is not sre.LITERAL:
            break
        run += chr(_int(arg))
    return run


def fewest(found: set[str]) -> Needles:
    """The literals without those that hold another ("launchers" holds "launcher": testing it adds nothing)."""
    return tuple(sorted(n for n in found if not any(other != n and other in n for other in found)))


def _data(pattern: Any) -> list[tuple[object, object]]:
    """A parsed (sub)pattern's items: (operator, argument) pairs."""
    items = pattern.data
    assert isinstance(items, list)
    return items


def _tuple(arg: object) -> tuple[object, ...]:
    assert isinstance(arg, tuple)
    return arg


def _int(arg: object) -> int:
    assert isinstance(arg, int)
    return arg
