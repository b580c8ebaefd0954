"""Step: how many were fired, read from a number bound to a weapon word.

Number words come from a small table (``lexicon.NUMBER_WORDS``): launch counts in news copy run
from "one" to "twenty-odd", plus "a pair of" and "a dozen"; word2number and text2num parse long
numerals we never see, miss "a pair of", and cost more than the whole count step.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from bot.core.extract import lexicon as lx
from bot.core.extract.literals import fewest
from bot.core.extract.scan import contains_any, scanner
from bot.core.records import CountQualifier


@dataclass(frozen=True, slots=True)
class CountReading:
    value: int
    qualifier: CountQualifier
    #: 2: a number ("eight", "23", "at least one", "a single"); 1: only an article ("a missile").
    strength: int
    start: int


_WORDS = sorted(lx.NUMBER_WORDS, key=len, reverse=True)
_NUMBER = (
    r"(?P<num>\d{1,3}(?:,\d{3})*|(?:"
    + "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in _WORDS)
    + r")(?:[\s-](?:one|two|three|four|five|six|seven|eight|nine))?)"
)
_QUAL = r"(?:(?P<qual>" + "|".join(q for q, _ in lx.COUNT_QUALIFIERS) + r")\s+)?"
# Words allowed between a number and its weapon: modifiers, not verbs, prepositions or "more".
_MODIFIER = (
    r"(?:(?!(?:of|from|to|into|toward|towards|that|which|who|were|was|are|is|and|or|more|other|additional|further|"
    r"extra|than|in|on|at|by|for|with|km|miles|kilometres|kilometers|minutes|seconds|days|hours|weeks|times|"
    r"per|percent|tons?|metres|meters)\b)[\w'\"().-]+\s+){0,6}?"
)
_WEAPON = (
    r"(?P<weapon>" + "|".join(lx.WEAPON_NOUNS) + "|" + "|".join(p for p, _, _ in lx.SYSTEM_PATTERNS) + r")\b"
)
# Not a ``scanner``: the pattern opens with a choice of sixty words, not a literal the engine could scan
# for, so it is tried at every position anyway; the look-behind, kept, turns most of them away at once
# (7 us a numbered clause instead of 19).
_COUNT = re.compile(r"(?<![\w.,-])" + _QUAL + _NUMBER + r"(?![\w.-])(?![,.]\d)\s+" + _MODIFIER + _WEAPON)
_ARTICLE = scanner(
    r"\b(?P<art>a|an|another)\s+"
    + _MODIFIER
    + r"(?P<weapon>missile|rocket|projectile|icbm|irbm|mrbm|srbm|slbm"
    r"|musudan|rodong|nodong|scud|" + "|".join(p for p, _, _ in lx.SYSTEM_PATTERNS) + r")\b(?!s)(?![\w-])"
)
_WORD = re.compile(r"[a-z]+")
_NUMBER_WORDS = frozenset(w for phrase in lx.NUMBER_WORDS for w in phrase.split() if w not in ("a", "of"))
#: The number words without those that hold another ("fourteen" holds "four"): a text with none of them
#: has no number word, and these tests cost less than listing the text's words.
_NUMBER_PIECES = fewest(set(_NUMBER_WORDS))
_DECIMAL = re.compile(r"\d")
_ASCII_DIGITS = tuple("0123456789")


def _has_digit(text: str) -> bool:
    r"""``any(c.isdigit() for c in text)``: ``\d`` finds the decimal digits, and only a non-ASCII text can
    hold the other characters ``isdigit`` accepts (superscripts, circled numbers). An ASCII text's digits
    are the ten, found by ten tests cheaper than one regex call."""
    if text.isascii():
        return contains_any(text, _ASCII_DIGITS)
    return _DECIMAL.search(text) is not None or any(c.isdigit() for c in text)


_QUALIFIERS = [(re.compile(p, re.IGNORECASE), CountQualifier(q)) for p, q in lx.COUNT_QUALIFIERS]
#: "one of two missiles", "each of the missiles": not a count of what was fired.
_ONE_OF = re.compile(r"\b(?:one|each)\s+of\s*$", re.IGNORECASE)
_LIKENED = re.compile(r"\b(?:such|than|like)\s+$", re.IGNORECASE)
_SPACES = re.compile(r"\s+")
_PARTS = re.compile(r"[\s-]")


@functools.lru_cache(maxsize=4096)
def find_counts(text: str) -> tuple[CountReading, ...]:
    """Counts in a span, in text order. The caller keeps the first number, else the first article."""
    low = text.lower()
    out = _numbers(low)
    for m in _ARTICLE.finditer(low):
        if any(r.start <= m.start() < r.start + 40 for r in out):
            continue
        if _LIKENED.search(low[max(0, m.start() - 8) : m.start()]):
            continue  # "such a missile", "more than a missile", "like a missile" are not counts
        out.append(CountReading(1, CountQualifier.EXACT, 1, m.start()))
    out.sort(key=lambda r: r.start)
    return tuple(out)


def find_numbers(text: str) -> tuple[CountReading, ...]:
    """The counts by number alone (strength 2) of ``find_counts``, in text order: for a caller that has
    no use for an article's count, since the articles cost as much to read as the numbers."""
    return tuple(_numbers(text.lower()))


def _may_hold_number(low: str) -> bool:
    """A digit or a number word as a word of its own. A set test and regexes, not a Python loop over every
    word and character: most spans have no number, and most have none of the number words even inside
    another word, which ``in`` tests find before the words are listed."""
    return _has_digit(low) or (
        contains_any(low, _NUMBER_PIECES) and not _NUMBER_WORDS.isdisjoint(_WORD.findall(low))
    )


def _numbers(low: str) -> list[CountReading]:
    out: list[CountReading] = []
    if not _may_hold_number(low):
        return out
    for m in _COUNT.finditer(low):
        value = _value(m.group("num"))
        if value is None or value > 500:
            continue
        if _ONE_OF.search(low[max(0, m.start() - 10) : m.start()]):
            continue
        qualifier = CountQualifier.EXACT
        if m.group("qual"):
            for pattern, q in _QUALIFIERS:
                if pattern.fullmatch(m.group("qual")):
                    qualifier = q
                    break
        out.append(CountReading(value, qualifier, 2, m.start()))
    return out


def _value(text: str) -> int | None:
    text = _SPACES.sub(" ", text.lower()).strip()
    if text.replace(",", "").isdigit():
        return int(text.replace(",", ""))
    if text in lx.NUMBER_WORDS:
        return lx.NUMBER_WORDS[text]
    parts = _PARTS.split(text)
    if len(parts) == 2 and parts[0] in lx.NUMBER_WORDS and parts[1] in lx.NUMBER_WORDS:
        return lx.NUMBER_WORDS[parts[0]] + lx.NUMBER_WORDS[parts[1]]
    return None
